from __future__ import annotations

import io
import threading
import time

import pytest

from fireside.inbox.models import Message
from fireside.listen import services
from fireside.listen.models import Source
from fireside.listen.runner import Listener, StreamWorker
from tests.factories import Cast
from tests.listen.conftest import LocalServer, Reply, WebSocketServer, fixture_bytes, fixture_json


@pytest.mark.django_db
def test_one_pass_runs_every_source_and_a_failing_one_stops_none(
    server: LocalServer, cast: Cast, no_sleep: list[float]
) -> None:
    server.route(
        "GET",
        "/search_by_date",
        Reply(200, fixture_json("hackernews", "search_by_date_page0.json")),
    )
    server.route("GET", "/broken/search_by_date", Reply(500, "down"))
    services.add_source(
        cast.a, "hackernews", "Broken", {"query": "x", "api_url": f"{server.url}/broken"}
    )
    services.add_source(cast.b, "hackernews", "HN", {"query": "x", "api_url": server.url})
    paused = services.add_source(
        cast.a, "hackernews", "Paused", {"query": "x", "api_url": server.url}
    )
    services.pause_source(paused)
    services.add_source(cast.a, "webhook", "Hook", {"secret": "s"})
    out = io.StringIO()
    results = Listener(stdout=out).run_all_once()
    assert [s.name for s, _ in results] == ["Broken", "HN"]
    assert results[0][1].error and results[1][1].created == 2
    assert Message.objects.filter(workspace=cast.b).count() == 2
    assert "Broken (hackernews): failed" in out.getvalue()
    assert "HN (hackernews): 2 new" in out.getvalue()


@pytest.mark.django_db
def test_the_loop_unit_runs_only_what_is_due(server: LocalServer, cast: Cast) -> None:
    server.route(
        "GET",
        "/search_by_date",
        Reply(200, fixture_json("hackernews", "search_by_date_page0.json")),
    )
    services.add_source(cast.a, "hackernews", "HN", {"query": "x", "api_url": server.url})
    listener = Listener()
    assert listener.run_due_once() is True
    assert listener.run_due_once() is False  # next run is an interval away
    assert len(server.received) == 1


@pytest.mark.django_db(transaction=True)
def test_a_stream_stores_firehose_posts_and_remembers_where_it_was(
    ws_server: WebSocketServer, cast: Cast
) -> None:
    names = [
        "jetstream_like.json",
        "jetstream_post.json",
        "jetstream_follow.json",
        "jetstream_reply.json",
        "jetstream_unrelated_post.json",
    ]
    ws_server.frames = [fixture_bytes("bluesky", n).decode().strip() for n in names]
    ws_server.close_after = False
    source = services.add_source(
        cast.a,
        "bluesky",
        "Firehose",
        {
            "jetstream_url": f"{ws_server.url}/subscribe",
            "keywords": "brewco",
            "notifications": "false",
            "stream": "true",
        },
    )
    stop = threading.Event()
    listener = Listener(stop=stop)
    assert listener.ensure_streams() == 1
    assert listener.ensure_streams() == 0  # already running
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and Message.objects.filter(channel="bluesky").count() < 2:
        time.sleep(0.1)
    listener.shutdown()
    stored = Message.objects.filter(channel="bluesky").order_by("created_at")
    assert [m.text for m in stored] == [
        "My Brewco grinder stopped working",
        "@ada same with my brewco",
    ]
    assert stored[1].conversation_id == stored[0].conversation_id
    source.refresh_from_db()
    assert source.cursor["jetstream_time_us"] >= 1763632800000002


@pytest.mark.django_db(transaction=True)
def test_a_dropped_stream_is_recorded_and_retried(cast: Cast) -> None:
    source = services.add_source(
        cast.a,
        "bluesky",
        "Firehose",
        {
            "jetstream_url": "ws://127.0.0.1:9/subscribe",
            "keywords": "x",
            "stream": "true",
            "notifications": "false",
        },
    )
    stop = threading.Event()
    worker = StreamWorker(source.pk, stop, max_backoff=0.05)
    worker.thread.start()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        source.refresh_from_db()
        if source.consecutive_failures >= 2:
            break
        time.sleep(0.05)
    stop.set()
    worker.thread.join(5)
    assert source.consecutive_failures >= 2 and source.last_error
    assert Source.objects.get(pk=source.pk).paused is False


@pytest.mark.django_db(transaction=True)
def test_a_mastodon_stream_stores_updates_edits_and_deletions(
    ws_server: WebSocketServer, cast: Cast
) -> None:
    names = [
        "stream_update.json",
        "stream_notification_mention.json",
        "stream_status_update.json",
        "stream_notification_favourite.json",
    ]
    ws_server.frames = [fixture_bytes("mastodon", n).decode() for n in names]
    ws_server.close_after = False
    source = services.add_source(
        cast.a,
        "mastodon",
        "Masto",
        {
            "instance": "https://example.social",
            "streaming_url": ws_server.url,
            "access_token": "tok-1",
            "stream": "true",
        },
    )
    stop = threading.Event()
    worker = StreamWorker(source.pk, stop)
    worker.thread.start()
    deadline = time.monotonic() + 10
    edited = Message.objects.filter(external_id="example.social:109000000000000020")
    while time.monotonic() < deadline and not edited.filter(edited_at__isnull=False).exists():
        time.sleep(0.1)
    stop.set()
    worker.thread.join(10)
    assert edited.get().text == "streamed hello @brew (edited)"
    assert Message.objects.filter(external_id="example.social:109000000000000021").exists()
    assert Message.objects.filter(channel="mastodon").count() == 2  # the favourite is no message
    assert ws_server.headers[0]["authorization"] == "Bearer tok-1"

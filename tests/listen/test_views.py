from __future__ import annotations

import json

import pytest
from django.test import Client

from fireside.inbox.models import Message
from fireside.listen import services
from fireside.listen.models import Source
from fireside.listen.webhook import sign
from tests.factories import PASSWORD, Cast
from tests.listen.conftest import LocalServer, Reply, fixture_json

pytestmark = pytest.mark.django_db


def _login(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def test_the_sources_page_shows_health_of_this_workspace_only(cast: Cast) -> None:
    failing = services.add_source(cast.a, "hackernews", "HN brand", {"query": "kestrel"})
    services.record_failure(failing, "Hacker News answered 503; will retry")
    services.add_source(cast.b, "hackernews", "Northwind HN", {"query": "northwind"})
    page = _login("ada").get("/listening/").content.decode()
    assert "HN brand" in page and "failing" in page and "503" in page
    assert "Northwind HN" not in page
    assert "Add a source" in page


def test_another_workspace_s_source_is_a_404(cast: Cast) -> None:
    theirs = services.add_source(cast.b, "hackernews", "Northwind HN", {"query": "n"})
    ada = _login("ada")
    assert ada.get(f"/listening/{theirs.pk}/").status_code == 404
    assert ada.post(f"/listening/{theirs.pk}/pause/").status_code == 404
    assert Source.objects.get(pk=theirs.pk).paused is False


def test_owners_add_sources_with_a_form_per_kind(cast: Cast, server: LocalServer) -> None:
    ada = _login("ada")
    form = ada.get("/listening/add/mastodon/").content.decode()
    assert 'name="opt_access_token"' in form and 'type="password"' in form
    response = ada.post(
        "/listening/add/mastodon/",
        {
            "name": "Masto",
            "poll_interval_s": "60",
            "opt_instance": server.url,
            "opt_access_token": "tok-SECRET-1",
            "opt_mentions": "true",
            "opt_stream": "false",
            "opt_visibility": "public",
        },
    )
    source = Source.objects.get(name="Masto")
    assert response.status_code == 302 and response["Location"] == f"/listening/{source.pk}/"
    assert source.poll_interval_s == 60 and source.get_secrets() == {"access_token": "tok-SECRET-1"}
    detail = ada.get(f"/listening/{source.pk}/").content.decode()
    assert "tok-SECRET-1" not in detail and "(set)" in detail


def test_the_add_form_shows_what_is_wrong(cast: Cast) -> None:
    response = _login("ada").post("/listening/add/hackernews/", {"name": "", "opt_query": ""})
    assert response.status_code == 200 and "This field is required" in response.content.decode()


def test_agents_and_analysts_cannot_change_sources(cast: Cast) -> None:
    source = services.add_source(cast.a, "hackernews", "HN", {"query": "k"})
    for who in ("ben", "dana"):
        client = _login(who)
        assert client.get("/listening/").status_code == 200
        assert client.get("/listening/add/hackernews/").status_code == 403
        assert client.post(f"/listening/{source.pk}/pause/").status_code == 403
        assert client.post(f"/listening/{source.pk}/test/").status_code == 403


def test_test_and_pause_buttons(cast: Cast, server: LocalServer) -> None:
    server.route(
        "GET",
        "/search_by_date",
        Reply(200, fixture_json("hackernews", "search_by_date_page0.json")),
    )
    source = services.add_source(cast.a, "hackernews", "HN", {"query": "k", "api_url": server.url})
    ada = _login("ada")
    result = ada.post(f"/listening/{source.pk}/test/", HTTP_HX_REQUEST="true").content.decode()
    assert "2 items would be ingested" in result and "pg_fan" in result
    assert "<html" not in result  # htmx gets the partial
    full = ada.post(f"/listening/{source.pk}/test/").content.decode()
    assert "<html" in full and "2 items would be ingested" in full
    ada.post(f"/listening/{source.pk}/pause/")
    assert Source.objects.get(pk=source.pk).paused
    ada.post(f"/listening/{source.pk}/pause/")
    assert not Source.objects.get(pk=source.pk).paused


def test_the_webhook_endpoint_checks_the_signature(cast: Cast) -> None:
    source = services.add_source(cast.a, "webhook", "Helpdesk", {"secret": "hook-secret"})
    body = json.dumps({"id": "t-1", "text": "The app crashes"}).encode()
    client = Client(enforce_csrf_checks=True)
    ok = client.post(
        f"/hooks/{source.token}",
        body,
        content_type="application/json",
        HTTP_X_FIRESIDE_SIGNATURE=sign("hook-secret", body),
    )
    assert ok.status_code == 202 and ok.json()["created"] == 1
    assert Message.objects.get(channel="webhook").workspace == cast.a
    bad = client.post(
        f"/hooks/{source.token}",
        body,
        content_type="application/json",
        HTTP_X_FIRESIDE_SIGNATURE="sha256=deadbeef",
    )
    assert bad.status_code == 401
    assert client.post("/hooks/unknown", body, content_type="application/json").status_code == 404
    assert client.get(f"/hooks/{source.token}").status_code == 405


def test_pause_never_redirects_off_site(cast: Cast) -> None:
    source = services.add_source(cast.a, "hackernews", "HN", {"query": "k"})
    response = _login("ada").post(
        f"/listening/{source.pk}/pause/", {"next": "https://evil.example/phish"}
    )
    assert response["Location"] == "/listening/"


def test_editing_a_source_keeps_a_secret_left_blank(cast: Cast) -> None:
    source = services.add_source(
        cast.a, "mastodon", "M", {"instance": "https://m.example", "access_token": "tok-1"}
    )
    ada = _login("ada")
    page = ada.get(f"/listening/{source.pk}/").content.decode()
    assert "tok-1" not in page and 'value="https://m.example"' in page
    response = ada.post(
        f"/listening/{source.pk}/",
        {
            "poll_interval_s": "600",
            "opt_instance": "https://m.example",
            "opt_hashtags": "kestrel",
            "opt_access_token": "",
            "opt_mentions": "true",
            "opt_visibility": "public",
            "opt_stream": "false",
        },
    )
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.settings["hashtags"] == "kestrel" and source.poll_interval_s == 600
    assert source.get_secrets() == {"access_token": "tok-1"}


def test_the_table_refreshes_as_a_partial(cast: Cast) -> None:
    services.add_source(cast.a, "hackernews", "HN", {"query": "k"})
    partial = _login("ada").get("/listening/", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and 'data-source="HN"' in partial


def test_quarantined_payloads_show_and_can_be_dismissed(cast: Cast) -> None:
    from fireside.listen.items import BadItem
    from fireside.listen.models import Quarantine

    source = services.add_source(cast.a, "hackernews", "HN", {"query": "k"})
    services.quarantine(source, [BadItem(error="hit without objectID", raw={"x": 1})])
    row = Quarantine.objects.get()
    theirs = services.add_source(cast.b, "hackernews", "N", {"query": "n"})
    services.quarantine(theirs, [BadItem(error="northwind payload", raw={})])
    ada = _login("ada")
    page = ada.get("/listening/").content.decode()
    assert "hit without objectID" in page and "northwind payload" not in page
    other = Quarantine.objects.exclude(pk=row.pk).get()
    assert ada.post(f"/listening/quarantine/{other.pk}/dismiss/").status_code == 404
    assert _login("ben").post(f"/listening/quarantine/{row.pk}/dismiss/").status_code == 403
    ada.post(f"/listening/quarantine/{row.pk}/dismiss/")
    assert "hit without objectID" not in ada.get("/listening/").content.decode()
    row.refresh_from_db()
    assert row.resolved_at is not None

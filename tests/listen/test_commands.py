from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from fireside.inbox.models import Message
from fireside.listen.models import Source
from tests.factories import Cast
from tests.listen.conftest import FIXTURES, LocalServer, Reply, fixture_json

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_sources_add_list_test_pause_resume(server: LocalServer, cast: Cast) -> None:
    server.route(
        "GET",
        "/search_by_date",
        Reply(200, fixture_json("hackernews", "search_by_date_page0.json")),
    )
    out = _run(
        "sources",
        "--workspace",
        "a",
        "add",
        "hackernews",
        "--name",
        "HN",
        "--option",
        "query=brewco",
        "--option",
        f"api_url={server.url}",
        "--interval",
        "120",
    )
    assert "Added HN (hackernews)" in out
    source = Source.objects.get(name="HN")
    assert source.workspace == cast.a and source.poll_interval_s == 120
    assert "HN\thackernews\tnot run yet" in _run("sources", "--workspace", "a", "list")
    tested = _run("sources", "--workspace", "a", "test", "HN")
    assert "2 item(s) would be ingested" in tested and "pg_fan: I used Brewco" in tested
    assert Message.objects.count() == 0
    assert "Paused HN" in _run("sources", "--workspace", "a", "pause", "HN")
    assert "\tpaused\t" in _run("sources", "--workspace", "a", "list")
    _run("sources", "--workspace", "a", "resume", "HN")
    assert "1 source(s) run, 0 failed" in _run("listen", "--once")
    assert Message.objects.count() == 2
    assert "\thealthy\t" in _run("sources", "--workspace", "a", "list")


def test_secrets_given_on_the_command_line_are_never_listed(cast: Cast) -> None:
    _run(
        "sources",
        "add",
        "mastodon",
        "--name",
        "M",
        "--option",
        "instance=https://m.example",
        "--option",
        "access_token=tok-VERYSECRET",
    )
    listing = _run("sources", "list")
    assert "tok-VERYSECRET" not in listing
    assert Source.objects.get(name="M").get_secrets() == {"access_token": "tok-VERYSECRET"}


def test_bad_input_is_a_clear_command_error(cast: Cast) -> None:
    with pytest.raises(CommandError, match="known kinds"):
        _run("sources", "add", "myspace", "--name", "x")
    with pytest.raises(CommandError, match="key=value"):
        _run("sources", "add", "hackernews", "--name", "x", "--option", "query")
    with pytest.raises(CommandError, match="no source named 'nope'"):
        _run("sources", "test", "nope")


def test_a_failing_test_says_why(server: LocalServer, cast: Cast, no_sleep: list[float]) -> None:
    server.route("GET", "/search_by_date", Reply(503, "maintenance"))
    _run(
        "sources",
        "add",
        "hackernews",
        "--name",
        "HN",
        "--option",
        "query=x",
        "--option",
        f"api_url={server.url}",
    )
    with pytest.raises(CommandError, match="HN: .*503"):
        _run("sources", "test", "HN")


def test_kinds_lists_options_and_marks_secrets(db: None) -> None:
    out = _run("sources", "kinds", "reddit")
    assert "reddit: Reddit" in out and "client_secret: App secret (secret)" in out


def test_fireside_import_reads_an_archive_with_parse_archive(cast: Cast) -> None:
    out = io.StringIO()
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import",
            str(FIXTURES / "archives" / "twitter"),
            "--kind",
            "twitter",
            "--no-analyze",
            stdout=out,
            stderr=err,
        )
    assert Message.objects.filter(channel="twitter").count() == 4
    assert "Imported 4 new" in out.getvalue() and "tweet" in err.getvalue()


def test_listen_once_exits_non_zero_when_a_source_failed(server: LocalServer, cast: Cast) -> None:
    server.route("GET", "/search_by_date", Reply(401, {"message": "Invalid credentials"}))
    _run(
        "sources",
        "--workspace",
        "a",
        "add",
        "hackernews",
        "--name",
        "HN",
        "--option",
        "query=brewco",
        "--option",
        f"api_url={server.url}",
    )
    with pytest.raises(CommandError, match="1 source"):
        _run("listen", "--once")
    assert Source.objects.get(name="HN").consecutive_failures == 1

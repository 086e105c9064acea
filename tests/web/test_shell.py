from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from fireside.inbox.services import ingest_items
from fireside.web.config import SETTINGS, ConfigError, env_bool, settings_markdown
from tests.factories import PASSWORD, item

ROOT = Path(__file__).resolve().parents[2]


def test_health_answers_without_login(client, db):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_pages_need_a_login(client, cast):
    for url in ("/inbox/", "/people/", "/insights/", "/publish/", "/settings/", "/listening/"):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url


def test_login_checks_the_csrf_token(cast):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/login/", {"username": "ada", "password": PASSWORD})
    assert response.status_code == 403


def test_a_wrong_password_says_so(client, cast):
    response = client.post("/login/", {"username": "ada", "password": "nope"})
    assert b"did not match" in response.content


def test_passwords_are_hashed_with_argon2():
    # The suite swaps in a fast hasher (conftest); production settings must lead with argon2.
    from fireside.web import settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    from django.contrib.auth.hashers import Argon2PasswordHasher

    assert Argon2PasswordHasher().encode("x", Argon2PasswordHasher().salt()).startswith("argon2")


def test_every_page_of_the_shell_renders_with_data(client, cast):
    ingest_items(cast.a, [item("1", "Where is order #1234?")], analyze=False)
    client.force_login(cast.ada)
    for url in ("/inbox/", "/people/", "/insights/", "/publish/", "/settings/", "/listening/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"Inbox" in response.content and b"Settings" in response.content
    assert b"Where is order #1234?" in client.get("/inbox/").content


def test_cleo_never_sees_workspace_a(client, cast):
    ingest_items(cast.a, [item("1", "secret of workspace A")], analyze=False)
    ingest_items(cast.b, [item("2", "tea talk")], analyze=False)
    client.force_login(cast.cleo)
    page = client.get("/inbox/").content
    assert b"tea talk" in page and b"secret of workspace A" not in page
    person = cast.a.people.get()
    assert client.get(f"/people/{person.pk}/").status_code == 404
    # Switching to a workspace she does not belong to is a 404, not a hint.
    assert client.post("/workspace/", {"workspace": cast.a.pk}).status_code == 404


def test_the_inbox_search_and_filters_narrow_the_list(client, cast):
    ingest_items(
        cast.a,
        [item("1", "grinder broke", channel="email"), item("2", "lovely beans", minutes=1)],
        analyze=False,
    )
    client.force_login(cast.ben)
    assert b"lovely beans" not in client.get("/inbox/?q=grinder").content
    htmx = client.get("/inbox/?channel=email", headers={"HX-Request": "true"})
    assert b"grinder broke" in htmx.content and b"<html" not in htmx.content


def test_strict_booleans_name_the_variable(monkeypatch):
    monkeypatch.setenv("FIRESIDE_DEBUG", "maybe")
    with pytest.raises(ConfigError, match="FIRESIDE_DEBUG"):
        env_bool("FIRESIDE_DEBUG")


def test_every_setting_read_in_the_code_is_documented():
    used = set()
    for path in (ROOT / "src").rglob("*.py"):
        used |= set(re.findall(r"\"(FIRESIDE_[A-Z_]+)\"", path.read_text()))
    used = {name for name in used if not name.endswith("_FILE")}
    assert used <= set(SETTINGS), used - set(SETTINGS)
    docs = (ROOT / "docs" / "configuration.md").read_text()
    assert docs == settings_markdown(), "regenerate: python -m fireside.web.config > docs/..."


def test_an_agent_marks_herself_away_but_not_a_teammate(client, cast):
    from fireside.web.models import Membership

    client.force_login(cast.ben)
    ben = Membership.objects.get(user=cast.ben)
    ada = Membership.objects.get(user=cast.ada)
    client.post(f"/settings/members/{ben.pk}/availability/", {"available": "0"})
    ben.refresh_from_db()
    assert not ben.available
    response = client.post(f"/settings/members/{ada.pk}/availability/", {"available": "0"})
    assert response.status_code == 403
    client.force_login(cast.cleo)
    assert client.post(f"/settings/members/{ada.pk}/availability/").status_code == 404


def test_insights_show_how_our_posts_spread(client, cast):
    from fireside.listen.items import AuthorRef

    brand = AuthorRef(handle="@kestrel@mastodon.social")
    ingest_items(
        cast.a,
        [
            item("p", "New roast day!", author=brand, direction="outbound"),
            item("r1", "", minutes=1, kind="repost", in_reply_to="p", thread_root="p"),
            item(
                "r2",
                "",
                minutes=2,
                kind="repost",
                in_reply_to="r1",
                thread_root="p",
                author=AuthorRef(handle="@olli@mas.to"),
            ),
            item(
                "q",
                "Need to try",
                minutes=3,
                kind="quote",
                in_reply_to="r2",
                thread_root="p",
                author=AuthorRef(handle="@aino@mas.to"),
            ),
        ],
        analyze=False,
    )
    client.force_login(cast.dana)
    page = client.get("/insights/?days=3650").content.decode()
    assert "New roast day!" in page
    # A chain of four: mean distance over the six pairs is (3*1 + 2*2 + 1*3) / 6 = 1.67.
    assert "1.67" in page


def test_people_flags_accounts_that_look_bought(client, cast):
    from fireside.listen.items import AuthorRef

    bought = AuthorRef(
        handle="user83920471.bsky.social",
        display_name="",
        followers_count=2,
        following_count=4800,
        posts_count=0,
    )
    real = AuthorRef(
        handle="maija.bsky.social",
        display_name="Maija",
        followers_count=840,
        following_count=610,
        posts_count=5200,
        bio="kahvi ja kirjat",
    )
    ingest_items(
        cast.a,
        [
            item("1", "", kind="repost", author=bought, channel="bluesky"),
            item("2", "hello", author=real, channel="bluesky"),
        ],
        analyze=False,
    )
    client.force_login(cast.ben)
    page = client.get("/people/?fake=1").content.decode()
    assert "user83920471" in page and "looks fake" in page and "maija" not in page

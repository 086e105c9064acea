from __future__ import annotations

import pytest

from fireside.inbox.models import Conversation, SavedReply
from fireside.inbox.services import ingest_items
from fireside.inbox.services.presence import touch_presence
from fireside.listen.items import AuthorRef
from tests.factories import item


@pytest.fixture
def convo(cast) -> Conversation:
    ingest_items(
        cast.a,
        [
            item(
                "1",
                "The K2 grinder arrived broken, order #5555",
                author=AuthorRef(handle="@maija@mstdn.fi", display_name="Maija Virtanen"),
            )
        ],
        analyze=False,
    )
    return Conversation.objects.get(workspace=cast.a)


def test_the_inbox_lists_conversations_and_filters_them(client, cast, convo):
    client.force_login(cast.ben)
    page = client.get("/inbox/").content.decode()
    assert "The K2 grinder arrived broken" in page and "Maija Virtanen" in page
    assert "arrived broken" not in client.get("/inbox/?channel=email").content.decode()
    assert "arrived broken" in client.get("/inbox/?q=grinder").content.decode()
    assert "arrived broken" in client.get("/inbox/?query=grinder+AND+broken").content.decode()
    partial = client.get("/inbox/?assignee=none", headers={"HX-Request": "true"})
    assert "arrived broken" in partial.content.decode() and b"<html" not in partial.content


def test_a_broken_brand_query_says_where_and_what_was_expected(client, cast, convo):
    client.force_login(cast.ben)
    page = client.get("/inbox/", {"query": "grinder AND (broken"}).content.decode()
    assert "Brand query:" in page and "expected" in page.lower()


def test_the_conversation_page_shows_thread_person_and_reply_box(client, cast, convo):
    client.force_login(cast.ben)
    page = client.get(f"/inbox/c/{convo.pk}/").content.decode()
    assert "The K2 grinder arrived broken" in page
    assert "first-timer" in page and "@maija@mstdn.fi" in page
    assert "will be public on mastodon" in page and "0 / 500" in page


def test_cleo_gets_a_404_for_workspace_a_conversations(client, cast, convo):
    client.force_login(cast.cleo)
    assert client.get(f"/inbox/c/{convo.pk}/").status_code == 404
    assert client.post(f"/inbox/c/{convo.pk}/status/", {"status": "closed"}).status_code == 404
    assert "arrived broken" not in client.get("/inbox/?status=all").content.decode()


def test_an_analyst_reads_but_cannot_change(client, cast, convo):
    client.force_login(cast.dana)
    page = client.get(f"/inbox/c/{convo.pk}/").content.decode()
    assert "your role does not reply" in page
    assert client.post(f"/inbox/c/{convo.pk}/status/", {"status": "closed"}).status_code == 403
    convo.refresh_from_db()
    assert convo.status == "new"


def test_actions_work_as_plain_forms_and_as_htmx(client, cast, convo):
    client.force_login(cast.ben)
    response = client.post(f"/inbox/c/{convo.pk}/tag/", {"tag": "grinder"})
    assert response.status_code == 302
    response = client.post(
        f"/inbox/c/{convo.pk}/note/",
        {"text": "@ada photo attached"},
        headers={"HX-Request": "true"},
    )
    assert "photo attached" in response.content.decode() and b"<html" not in response.content
    client.post(f"/inbox/c/{convo.pk}/status/", {"status": "closed"})
    convo.refresh_from_db()
    assert convo.status == "closed" and convo.tags.get().name == "grinder"


def test_saved_replies_fill_in_the_person_and_come_in_their_language_first(client, cast, convo):
    convo.messages.update(lang="fi")
    SavedReply.objects.create(
        workspace=cast.a,
        title="Sorry (en)",
        lang="en",
        body="Hi {first_name}, sorry about {order}!",
    )
    fi = SavedReply.objects.create(
        workspace=cast.a,
        title="Pahoittelut",
        lang="fi",
        body="Hei {first_name}, pahoittelut ({order}). T. {agent}",
    )
    client.force_login(cast.ben)
    page = client.get(f"/inbox/c/{convo.pk}/").content.decode()
    assert page.index("Pahoittelut") < page.index("Sorry (en)")
    filled = client.get(f"/inbox/c/{convo.pk}/saved-reply/{fi.pk}/").json()["text"]
    assert filled == "Hei Maija, pahoittelut (#5555). T. ben"


def test_the_collision_guard_shows_who_else_is_here(client, cast, convo):
    touch_presence(convo, cast.ada, typing=True)
    client.force_login(cast.ben)
    response = client.post(f"/inbox/c/{convo.pk}/presence/", {"typing": ""})
    assert "ada" in response.content.decode() and "typing a reply" in response.content.decode()


def test_bulk_actions_from_the_list(client, cast, convo):
    client.force_login(cast.ben)
    response = client.post("/inbox/bulk/", {"ids": [convo.pk], "action": "assign", "value": "me"})
    assert response.status_code == 302
    convo.refresh_from_db()
    assert convo.assignee == cast.ben


def test_settings_pages_let_admins_edit_rules_and_check_queries(client, cast):
    client.force_login(cast.ada)
    assert client.get("/inbox/settings/").status_code == 200
    bad = client.post(
        "/inbox/settings/rules/",
        {
            "name": "x",
            "position": 0,
            "action": "tag",
            "tag": "t",
            "query": "a AND (",
            "min_priority": 0,
        },
    )
    assert bad.status_code == 200 and "expected" in bad.content.decode().lower()
    good = client.post(
        "/inbox/settings/rules/",
        {
            "name": "x",
            "position": 0,
            "action": "tag",
            "tag": "t",
            "query": "grinder",
            "min_priority": 0,
            "enabled": "on",
        },
    )
    assert good.status_code == 302
    client.force_login(cast.ben)
    assert client.get("/inbox/settings/rules/").status_code == 403

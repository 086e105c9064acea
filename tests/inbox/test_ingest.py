from __future__ import annotations

from fireside.inbox.models import Conversation, Message, Status
from fireside.inbox.services import ingest_items
from fireside.listen.items import AuthorRef
from fireside.people.models import Identity
from tests.factories import item

BRAND = AuthorRef(handle="@kestrel@mastodon.social", display_name="Kestrel Coffee")


def test_it_stores_each_item_once_however_often_it_arrives(cast):
    items = [item("1", "Where is my order?"), item("2", "Thanks!", minutes=5)]
    first = ingest_items(cast.a, items, analyze=False)
    again = ingest_items(cast.a, items, analyze=False)
    assert first.created_count == 2
    assert again.created_count == 0
    assert Message.objects.filter(workspace=cast.a).count() == 2
    assert Identity.objects.filter(workspace=cast.a).count() == 1


def test_the_same_external_id_in_two_workspaces_is_two_messages(cast):
    ingest_items(cast.a, [item("1")], analyze=False)
    ingest_items(cast.b, [item("1")], analyze=False)
    assert Message.objects.filter(external_id="1").count() == 2


def test_a_reply_joins_its_parents_conversation(cast):
    ingest_items(
        cast.a,
        [
            item("1", "My beans arrived stale"),
            item(
                "2",
                "Sorry! DM sent",
                minutes=3,
                author=BRAND,
                direction="outbound",
                in_reply_to="1",
                kind="reply",
            ),
            item("3", "Thanks, sorted", minutes=9, in_reply_to="2", kind="reply"),
        ],
        analyze=False,
    )
    conversation = Conversation.objects.get(workspace=cast.a)
    assert conversation.message_count == 3
    assert conversation.first_response_seconds == 180
    assert Message.objects.get(external_id="3").in_reply_to.external_id == "2"


def test_each_comment_under_our_own_post_is_its_own_conversation(cast):
    ingest_items(
        cast.a,
        [
            item("post", "New roast day!", author=BRAND, direction="outbound"),
            item("c1", "Ships to Oulu?", minutes=1, in_reply_to="post", kind="reply"),
            item(
                "c2",
                "Love it",
                minutes=2,
                in_reply_to="post",
                kind="reply",
                author=AuthorRef(handle="@ben@mas.to"),
            ),
        ],
        analyze=False,
    )
    c1, c2 = (Message.objects.get(external_id=x) for x in ("c1", "c2"))
    assert c1.conversation_id != c2.conversation_id
    assert c1.in_reply_to.external_id == "post"


def test_a_child_that_arrives_before_its_parent_is_adopted(cast):
    ingest_items(
        cast.a, [item("child", "+1, same problem", minutes=5, in_reply_to="root")], analyze=False
    )
    ingest_items(cast.a, [item("root", "Order #1234 never came")], analyze=False)
    child, root = (Message.objects.get(external_id=x) for x in ("child", "root"))
    assert child.in_reply_to == root
    assert child.conversation_id == root.conversation_id
    assert Conversation.objects.filter(workspace=cast.a).count() == 1


def test_edits_and_deletions_upstream_are_reflected(cast):
    ingest_items(cast.a, [item("1", "typo")], analyze=False)
    ingest_items(cast.a, [item("1", "fixed text")], analyze=False)
    message = Message.objects.get(external_id="1")
    assert message.text == "fixed text" and message.edited_at is not None
    ingest_items(cast.a, [item("1", "fixed text", deleted=True)], analyze=False)
    message.refresh_from_db()
    assert message.deleted_at is not None and message.text == ""


def test_a_closed_conversation_reopens_when_the_person_writes_again(cast):
    ingest_items(cast.a, [item("1", "Question")], analyze=False)
    conversation = Conversation.objects.get(workspace=cast.a)
    conversation.status = Status.CLOSED
    conversation.save()
    ingest_items(cast.a, [item("2", "One more thing", minutes=60, in_reply_to="1")], analyze=False)
    conversation.refresh_from_db()
    assert conversation.status == Status.OPEN


def test_html_is_sanitised_before_it_is_stored(cast):
    ingest_items(
        cast.a,
        [item("1", "hi", html='<p onclick="x()">hi<script>alert(1)</script></p>')],
        analyze=False,
    )
    html = Message.objects.get(external_id="1").html
    assert "script" not in html and "onclick" not in html and "hi" in html


def test_bare_reposts_do_not_fill_the_inbox(cast):
    ingest_items(
        cast.a,
        [
            item("post", "Giveaway!", author=BRAND, direction="outbound"),
            item("rp", "", minutes=1, in_reply_to="post", kind="repost"),
        ],
        analyze=False,
    )
    assert Message.objects.get(external_id="rp").conversation is None


def test_messages_left_without_analysis_are_caught_up(cast):
    from fireside.inbox.analysis import analyze_pending

    ingest_items(cast.a, [item("1", "My order never arrived, this is terrible!")], analyze=False)
    assert Message.objects.get(external_id="1").analyzed_at is None
    assert analyze_pending(cast.a) == 1
    message = Message.objects.get(external_id="1")
    assert message.analyzed_at is not None and message.sentiment and message.intent
    assert Conversation.objects.get(workspace=cast.a).priority == message.priority
    # An edit upstream clears the analysis; the next catch-up reads the new words.
    ingest_items(cast.a, [item("1", "Sorted now, thank you so much!")], analyze=False)
    assert analyze_pending(cast.a) == 1
    assert analyze_pending(cast.a) == 0

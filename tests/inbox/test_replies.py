from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from fireside.inbox.models import Conversation, Event, Message
from fireside.inbox.services import ReplyCollision, ReplyError, retry_reply, send_reply
from fireside.listen.services import add_source, run_source_once
from tests.inbox.fake_mastodon import account


@pytest.fixture
def mention(cast, mastodon):
    maija = account(7, "maija", "Maija Virtanen", followers=300)
    mastodon.mention("1001", "@kestrel my order #12345 never arrived", maija)
    source = add_source(
        cast.a,
        "mastodon",
        "Kestrel on Mastodon",
        {"instance": mastodon.url, "access_token": "secret-token"},
    )
    result = run_source_once(source)
    assert result.ok, result.error
    return Conversation.objects.get(workspace=cast.a)


def test_a_reply_goes_back_through_the_channel_it_came_from(cast, mastodon, mention):
    sent = send_reply(mention, "Hi Maija, so sorry! Checking #12345 now.", by=cast.ben)
    assert sent.send_status == "sent"
    # Mastodon only notifies the person when the reply mentions them.
    assert (
        mastodon.posted[0]["status"] == "@maija@mstdn.fi Hi Maija, so sorry! Checking #12345 now."
    )
    assert mastodon.posted[0]["in_reply_to_id"] == "1001"
    mention.refresh_from_db()
    assert mention.first_response_at is not None and mention.reply_count == 1
    assert mention.status == "pending" and mention.assignee == cast.ben
    # The platform's id replaces our placeholder, so listening later will not duplicate it.
    assert not sent.external_id.startswith("fireside-out-")


def test_a_failed_reply_stays_with_its_error_and_can_be_retried(cast, mastodon, mention):
    mastodon.fail_posts = 5
    sent = send_reply(mention, "Hello again", by=cast.ben)
    assert sent.send_status == "failed" and sent.send_error
    assert Message.objects.filter(pk=sent.pk, direction="outbound").exists()
    assert Event.objects.filter(conversation=mention, kind="reply_failed").exists()
    mention.refresh_from_db()
    assert mention.first_response_at is None
    mastodon.fail_posts = 0
    retry_reply(sent)
    sent.refresh_from_db()
    assert sent.send_status == "sent" and mastodon.posted


def test_sending_when_a_teammate_already_replied_asks_first(cast, mastodon, mention):
    opened = timezone.now() - timedelta(seconds=1)
    send_reply(mention, "Ben here, on it", by=cast.ben)
    with pytest.raises(ReplyCollision, match="ben already replied"):
        send_reply(mention, "Ada here too", by=cast.ada, seen_at=opened)
    again = send_reply(mention, "Ada here too", by=cast.ada, seen_at=opened, confirm=True)
    assert again.send_status == "sent" and len(mastodon.posted) == 2


def test_a_reply_over_the_channel_limit_is_refused_before_anything_is_stored(cast, mention):
    with pytest.raises(ReplyError, match="500 characters"):
        send_reply(mention, "x" * 501, by=cast.ben)
    with pytest.raises(ReplyError, match="empty"):
        send_reply(mention, "   ", by=cast.ben)
    assert not Message.objects.filter(direction="outbound").exists()


def test_an_imported_conversation_says_it_has_no_account_to_reply_through(cast):
    from fireside.inbox.services import ingest_items
    from tests.factories import item

    ingest_items(cast.a, [item("1", "hello")], analyze=False)
    sent = send_reply(Conversation.objects.get(workspace=cast.a), "hi!", by=cast.ben)
    assert sent.send_status == "failed" and "imported" in sent.send_error

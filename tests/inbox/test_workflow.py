from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fireside.inbox.models import Conversation, Event, Rule, SlaPolicy
from fireside.inbox.services import (
    add_note,
    assign_conversation,
    bulk_apply,
    check_can_work,
    ensure_default_policies,
    ingest_items,
    mark_spam,
    set_status,
    tag_conversation,
)
from fireside.inbox.services.sla import add_working_minutes, apply_sla, sla_state
from fireside.listen.items import AuthorRef
from tests.factories import item


@pytest.fixture
def convo(cast) -> Conversation:
    ingest_items(cast.a, [item("1", "Where is my order #4444?")], analyze=False)
    return Conversation.objects.get(workspace=cast.a)


def test_assigning_opens_the_conversation_and_leaves_an_event(cast, convo):
    assign_conversation(convo, to=cast.ben, by=cast.ada)
    convo.refresh_from_db()
    assert convo.assignee == cast.ben and convo.status == "open"
    event = Event.objects.get(conversation=convo, kind="assigned")
    assert event.actor == cast.ada and event.text == "ben"


def test_nobody_outside_the_workspace_can_be_assigned(cast, convo):
    with pytest.raises(ValidationError):
        assign_conversation(convo, to=cast.cleo, by=cast.ada)


def test_closing_records_the_resolution_time_and_a_new_message_reopens(cast, convo):
    set_status(convo, "closed", by=cast.ben)
    convo.refresh_from_db()
    assert convo.closed_at and convo.resolution_seconds is not None
    ingest_items(cast.a, [item("2", "Hello?", minutes=90, in_reply_to="1")], analyze=False)
    convo.refresh_from_db()
    assert convo.status == "open" and convo.closed_at is None
    assert Event.objects.filter(conversation=convo, kind="reopened").exists()


def test_notes_mention_teammates_but_not_strangers(cast, convo):
    event = add_note(convo, "@ben can you check the warehouse? cc @cleo", by=cast.ada)
    assert list(event.mentions.all()) == [cast.ben]


def test_spam_is_never_deleted_and_not_spam_is_feedback(cast, convo):
    mark_spam(convo, spam=True, by=cast.ben)
    convo.refresh_from_db()
    assert convo.status == "spam" and convo.messages.get().spam_feedback is True
    mark_spam(convo, spam=False, by=cast.ben)
    convo.refresh_from_db()
    message = convo.messages.get()
    assert convo.status == "new" and message.spam_feedback is False and not message.spam
    assert [e.kind for e in convo.events.all()] == ["spam", "not_spam"]


def test_analysts_read_but_do_not_act(cast, convo):
    with pytest.raises(PermissionDenied):
        check_can_work(cast.dana, convo)
    with pytest.raises(PermissionDenied):
        bulk_apply([convo], "close", by=cast.dana)
    assert check_can_work(cast.ben, convo).role == "agent"


def test_bulk_actions_tag_and_close_many(cast):
    ingest_items(
        cast.a,
        [
            item(str(n), f"message {n}", minutes=n, author=AuthorRef(handle=f"p{n}"))
            for n in range(3)
        ],
        analyze=False,
    )
    conversations = list(Conversation.objects.filter(workspace=cast.a))
    assert bulk_apply(conversations, "tag", by=cast.ben, value="Delivery") == 3
    assert bulk_apply(conversations, "close", by=cast.ben) == 3
    assert set(Conversation.objects.values_list("status", flat=True)) == {"closed"}
    assert Conversation.objects.filter(tags__name="delivery").count() == 3


def test_tags_are_added_once_and_can_be_removed(cast, convo):
    tag_conversation(convo, "VIP", by=cast.ben)
    tag_conversation(convo, "vip", by=cast.ben)
    assert list(convo.tags.values_list("name", flat=True)) == ["vip"]
    tag_conversation(convo, "vip", by=cast.ben, remove=True)
    assert not convo.tags.exists()


def test_rules_assign_round_robin_and_tag_new_conversations(cast):
    Rule.objects.create(
        workspace=cast.a, name="orders", position=0, action="tag", tag="orders", query="order*"
    )
    Rule.objects.create(workspace=cast.a, name="rr", position=1, action="round_robin")
    ingest_items(
        cast.a,
        [
            item(
                str(n),
                "my order is late" if n == 0 else "hello",
                minutes=n,
                author=AuthorRef(handle=f"p{n}"),
            )
            for n in range(4)
        ],
        analyze=False,
    )
    conversations = list(Conversation.objects.filter(workspace=cast.a).order_by("created_at"))
    assignees = [c.assignee.username for c in conversations]
    assert assignees == ["ada", "ben", "ada", "ben"]  # Dana is an analyst: never assigned
    assert [c.tags.exists() for c in conversations] == [True, False, False, False]


def test_business_hours_push_the_deadline_past_the_weekend(cast):
    policy = SlaPolicy(
        workspace=cast.a,
        name="n",
        first_response_minutes=120,
        resolution_minutes=600,
        business_hours_only=True,
        business_days=[0, 1, 2, 3, 4],
        day_start=time(9),
        day_end=time(17),
    )
    friday_4pm = datetime(2026, 11, 20, 16, 0, tzinfo=UTC)
    due = add_working_minutes(friday_4pm, 120, policy, ZoneInfo("UTC"))
    assert due == datetime(2026, 11, 23, 10, 0, tzinfo=UTC)  # one hour Friday, one Monday


def test_new_conversations_get_a_due_time_from_their_priority(cast):
    ensure_default_policies(cast.a)
    SlaPolicy.objects.filter(workspace=cast.a).update(business_hours_only=False)
    ingest_items(cast.a, [item("1", "hello")], analyze=False)
    convo = Conversation.objects.get(workspace=cast.a)
    assert convo.sla_due_at == convo.created_at + timedelta(hours=24)
    convo.priority = 80
    apply_sla(convo)
    assert (convo.sla_due_at - convo.created_at).total_seconds() == 3600
    assert sla_state(convo, now=convo.created_at).state == "ok"
    assert sla_state(convo, now=convo.sla_due_at.replace(year=2030)).state == "breached"

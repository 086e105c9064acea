"""What the conversation page shows: the thread with its events, and the person beside it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count

from fireside.inbox.models import Conversation, Direction, Event, Message
from fireside.inbox.services.presence import others_here
from fireside.inbox.services.queries import member_choices
from fireside.inbox.services.replies import is_public, limit_for, saved_replies_for
from fireside.inbox.services.sla import sla_state
from fireside.web.models import Membership, Role

FREQUENT_CONVERSATIONS = 3


@dataclass(frozen=True)
class Entry:
    """One line of the timeline: a message or an event."""

    at: datetime
    message: Message | None = None
    event: Event | None = None


def timeline(conversation: Conversation) -> list[Entry]:
    messages = conversation.messages.select_related("author", "sent_by").order_by(
        "created_at", "pk"
    )
    events = conversation.events.select_related("actor").exclude(kind=Event.Kind.REPLIED)
    entries = [Entry(m.created_at, message=m) for m in messages]
    entries += [Entry(e.created_at, event=e) for e in events]
    return sorted(entries, key=lambda e: (e.at, 0 if e.message else 1))


def context_parent(conversation: Conversation) -> Message | None:
    """The post the conversation hangs under (our post, a blog article), shown above the thread."""
    first = conversation.messages.order_by("created_at", "pk").first()
    if first and first.in_reply_to_id and first.in_reply_to.conversation_id != conversation.pk:
        return first.in_reply_to
    return None


def conversation_context(conversation: Conversation, user, *, opened_at: str) -> dict[str, Any]:
    """Everything the conversation page shows. `opened_at` is when this agent loaded the page:
    the collision guard asks before sending if someone replied after it."""
    membership = Membership.objects.filter(
        user=user, workspace_id=conversation.workspace_id
    ).first()
    return {
        "members": member_choices(conversation.workspace),
        "person": person_panel(conversation),
        "opened_at": opened_at,
        "conversation": conversation,
        "timeline": timeline(conversation),
        "parent": context_parent(conversation),
        "saved_replies": saved_replies_for(conversation),
        "limit": limit_for(conversation.channel),
        "public": is_public(conversation),
        "sla": sla_state(conversation),
        "others": others_here(conversation, user),
        "can_work": membership is not None and membership.role != Role.ANALYST,
        "tags": list(conversation.tags.order_by("name")),
    }


@dataclass
class PersonPanel:
    person: Any
    identities: list[Any]
    earlier: list[Conversation]
    sentiments: list[Message]
    conversation_count: int
    message_count: int
    followers: int | None

    @property
    def standing(self) -> str:
        if self.conversation_count >= FREQUENT_CONVERSATIONS:
            return "frequent"
        return "first-timer" if self.conversation_count <= 1 else "returning"


def person_panel(conversation: Conversation) -> PersonPanel | None:
    person = conversation.person
    if person is None:
        return None
    identities = list(person.identities.order_by("channel"))
    others = (
        Conversation.objects.filter(person=person)
        .exclude(pk=conversation.pk)
        .order_by("-last_message_at")
    )
    inbound = Message.objects.filter(author__person=person, direction=Direction.INBOUND, spam=False)
    counts = inbound.aggregate(n=Count("pk"))
    followers = [i.followers_count for i in identities if i.followers_count is not None]
    return PersonPanel(
        person=person,
        identities=identities,
        earlier=list(others[:8]),
        sentiments=list(inbound.exclude(sentiment="").order_by("-created_at")[:24])[::-1],
        conversation_count=others.count() + 1,
        message_count=counts["n"],
        followers=max(followers) if followers else None,
    )

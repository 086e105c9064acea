"""Replies: composed in the inbox, sent through the connector of the channel they came from.

A reply is stored before it is sent (status "pending"), so a crash or a refused send loses
nothing: a failed reply stays in the thread with its error and a retry button.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from fireside.inbox.models import (
    Conversation,
    Direction,
    Event,
    Message,
    SavedReply,
    SendStatus,
    Status,
)
from fireside.listen.items import OutboundReply
from fireside.people.models import Identity

# Characters a reply may have on each channel; channels not listed have no practical limit.
CHANNEL_LIMITS = {
    "mastodon": 500,
    "bluesky": 300,
    "twitter": 280,
    "youtube": 10000,
    "reddit": 10000,
}
PRIVATE_KINDS = {"direct", "email"}
ORDER = re.compile(r"#\d{3,}")


class ReplyError(Exception):
    """The reply cannot be sent as written; the message says why."""


class ReplyCollision(ReplyError):
    """Someone else replied after this agent opened the conversation."""

    def __init__(self, who: str, when: datetime) -> None:
        super().__init__(f"{who} already replied at {when:%H:%M}. Send yours as well?")
        self.who = who


def reply_target(conversation: Conversation) -> Message | None:
    """The message a reply answers: the person's latest, or the first one if all are ours."""
    inbound = conversation.messages.filter(direction=Direction.INBOUND, deleted_at__isnull=True)
    return (
        inbound.order_by("-created_at", "-pk").first()
        or conversation.messages.order_by("created_at").first()
    )


def is_public(conversation: Conversation) -> bool:
    target = reply_target(conversation)
    return target is not None and target.kind not in PRIVATE_KINDS


def limit_for(channel: str) -> int | None:
    return CHANNEL_LIMITS.get(channel)


@dataclass(frozen=True)
class ReplyContext:
    first_name: str
    name: str
    handle: str
    agent: str
    brand: str
    order: str


def reply_context(conversation: Conversation, agent) -> ReplyContext:
    target = reply_target(conversation)
    author = target.author if target else None
    name = (author.display_name or author.handle) if author else ""
    texts = " ".join(conversation.messages.values_list("text", flat=True)[:50])
    order = ORDER.search(texts)
    return ReplyContext(
        first_name=name.split()[0] if name else "there",
        name=name or "there",
        handle=author.handle if author else "",
        agent=(agent.first_name or agent.get_username()) if agent else "",
        brand=conversation.workspace.name,
        order=order.group(0) if order else "your order",
    )


def render_saved_reply(saved: SavedReply, conversation: Conversation, agent) -> str:
    context = reply_context(conversation, agent).__dict__
    # format_map with a default keeps an unknown {placeholder} visible instead of failing.
    return saved.body.format_map(_Default(context))


class _Default(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def saved_replies_for(conversation: Conversation) -> list[SavedReply]:
    """Saved replies in the person's language first, then matching intent, then the rest."""
    target = reply_target(conversation)
    lang = target.lang if target else ""
    intent = target.intent if target else ""
    replies = list(SavedReply.objects.filter(workspace_id=conversation.workspace_id))
    return sorted(
        replies, key=lambda r: (r.lang != lang if r.lang else 0.5, r.intent != intent, r.title)
    )


def check_reply(
    conversation: Conversation, text: str, *, by, seen_at: datetime | None, confirm: bool
) -> Message:
    """Raise ReplyError if the reply cannot go as written; returns the message it answers."""
    text = text.strip()
    if not text:
        raise ReplyError("The reply is empty.")
    limit = limit_for(conversation.channel)
    if limit and len(text) > limit:
        raise ReplyError(
            f"{conversation.channel} allows {limit} characters; this reply has {len(text)}."
        )
    target = reply_target(conversation)
    if target is None:
        raise ReplyError("There is no message to reply to.")
    if seen_at is not None and not confirm:
        other = (
            conversation.messages.filter(direction=Direction.OUTBOUND, created_at__gt=seen_at)
            .exclude(sent_by=by)
            .order_by("created_at")
            .first()
        )
        if other is not None:
            who = other.sent_by.get_username() if other.sent_by else "Someone on the channel"
            raise ReplyCollision(who, other.created_at)
    return target


def _brand_identity(conversation: Conversation, source) -> Identity:
    identity = Identity.objects.filter(
        workspace_id=conversation.workspace_id, channel=conversation.channel, is_brand=True
    ).first()
    if identity is None:
        handle = (source.settings.get("handle") if source else "") or (
            source.name if source else conversation.workspace.name
        )
        identity, _ = Identity.objects.get_or_create(
            workspace_id=conversation.workspace_id,
            channel=conversation.channel,
            handle=handle,
            defaults={"display_name": conversation.workspace.name, "is_brand": True},
        )
    return identity


def send_reply(
    conversation: Conversation,
    text: str,
    *,
    by,
    seen_at: datetime | None = None,
    confirm: bool = False,
    close: bool = False,
) -> Message:
    """Store the reply, send it through the channel, record response metrics.

    Raises ReplyError (or ReplyCollision) before anything is stored if the reply cannot go.
    Returns the stored message, whose send_status says whether the channel took it.
    """
    target = check_reply(conversation, text, by=by, seen_at=seen_at, confirm=confirm)
    source = target.source or conversation.source
    with transaction.atomic():
        message = Message.objects.create(
            workspace_id=conversation.workspace_id,
            source=source,
            conversation=conversation,
            channel=conversation.channel,
            external_id=f"fireside-out-{uuid.uuid4().hex}",
            author=_brand_identity(conversation, source),
            text=text.strip(),
            kind="email"
            if target.kind == "email"
            else ("direct" if target.kind == "direct" else "reply"),
            direction=Direction.OUTBOUND,
            in_reply_to=target,
            in_reply_to_external=target.external_id,
            thread_root_external=target.thread_root_external or target.external_id,
            created_at=timezone.now(),
            sent_by=by,
            send_status=SendStatus.PENDING,
        )
    deliver(message)
    if message.send_status == SendStatus.SENT and close:
        from fireside.inbox.services.workflow import set_status

        set_status(conversation, Status.CLOSED, by=by)
    return message


def deliver(message: Message) -> None:
    """Hand a pending reply to its connector; on failure keep it with the error."""
    target = message.in_reply_to
    try:
        if message.source is None:
            raise ReplyError(
                "This conversation has no connected source to reply through "
                "(it was imported); reply on the platform itself."
            )
        from fireside.listen.services import send_reply as send_through_source

        ref = send_through_source(
            message.source,
            OutboundReply(
                text=message.text,
                in_reply_to=target.external_id if target else "",
                parent_raw=target.raw if target else {},
                thread_root=message.thread_root_external,
            ),
        )
    except Exception as exc:  # noqa: BLE001 - any failure is shown to the agent, nothing lost
        message.send_status = SendStatus.FAILED
        message.send_error = (
            str(exc).strip().splitlines()[0] if str(exc).strip() else (type(exc).__name__)
        )
        message.save(update_fields=["send_status", "send_error"])
        Event.objects.create(
            conversation=message.conversation,
            actor=message.sent_by,
            kind=Event.Kind.REPLY_FAILED,
            text=message.send_error,
        )
        return
    with transaction.atomic():
        message.external_id = ref.external_id
        message.url = ref.url[:1000]
        message.raw = ref.raw
        message.send_status = SendStatus.SENT
        message.send_error = ""
        message.created_at = timezone.now()
        message.save()
        _record_response(message)


def retry_reply(message: Message) -> None:
    if message.send_status != SendStatus.FAILED:
        return
    message.send_status = SendStatus.PENDING
    message.save(update_fields=["send_status"])
    deliver(message)


def _record_response(message: Message) -> None:
    conversation = Conversation.objects.select_for_update().get(pk=message.conversation_id)
    first_inbound = (
        conversation.messages.filter(direction=Direction.INBOUND).order_by("created_at").first()
    )
    if conversation.first_response_at is None and first_inbound is not None:
        conversation.first_response_at = message.created_at
        conversation.first_response_seconds = max(
            int((message.created_at - first_inbound.created_at).total_seconds()), 0
        )
        if conversation.sla_due_at and message.created_at > conversation.sla_due_at:
            conversation.sla_breached = True
    conversation.reply_count += 1
    conversation.message_count = conversation.messages.count()
    conversation.last_message_at = message.created_at
    conversation.needs_response = False
    if conversation.status in {Status.NEW, Status.OPEN}:
        conversation.status = Status.PENDING
    if conversation.assignee_id is None and message.sent_by_id:
        conversation.assignee_id = message.sent_by_id
    conversation.save()
    Event.objects.create(
        conversation=conversation,
        actor=message.sent_by,
        kind=Event.Kind.REPLIED,
        text=message.text[:200],
    )

"""Working a conversation: assign, tag, change status, note, spam verdicts. Each leaves an Event."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from fireside.inbox.models import Conversation, Direction, Event, Status, Tag
from fireside.web.models import Membership, Role

AGENT_ROLES = {Role.OWNER, Role.ADMIN, Role.AGENT}
MENTION = re.compile(r"@([\w.+-]+)")


def check_can_work(user: AbstractBaseUser, conversation: Conversation) -> Membership:
    """The user's membership if they may act on the conversation; analysts only read."""
    membership = Membership.objects.filter(
        user=user, workspace_id=conversation.workspace_id
    ).first()
    if membership is None or membership.role not in AGENT_ROLES:
        raise PermissionDenied("Analysts can read the inbox but not change it.")
    return membership


def _event(conversation: Conversation, actor, kind: str, text: str = "", **data) -> Event:
    return Event.objects.create(
        conversation=conversation, actor=actor, kind=kind, text=text, data=data
    )


@transaction.atomic
def assign_conversation(conversation: Conversation, *, to, by) -> None:
    """Assign to a workspace member (or None to unassign)."""
    if (
        to is not None
        and not Membership.objects.filter(user=to, workspace_id=conversation.workspace_id).exists()
    ):
        raise ValidationError(f"{to} is not a member of this workspace.")
    if conversation.assignee_id == (to.pk if to else None):
        return
    conversation.assignee = to
    if to is not None and conversation.status == Status.NEW:
        conversation.status = Status.OPEN
    conversation.save(update_fields=["assignee", "status"])
    if to is None:
        _event(conversation, by, Event.Kind.UNASSIGNED)
    else:
        _event(conversation, by, Event.Kind.ASSIGNED, to.get_username(), assignee=to.pk)


@transaction.atomic
def tag_conversation(conversation: Conversation, name: str, *, by, remove: bool = False) -> None:
    name = name.strip().lower()[:64]
    if not name:
        raise ValidationError("A tag needs a name.")
    tag, _ = Tag.objects.get_or_create(workspace_id=conversation.workspace_id, name=name)
    if remove:
        conversation.tags.remove(tag)
        _event(conversation, by, Event.Kind.UNTAGGED, name)
    elif not conversation.tags.filter(pk=tag.pk).exists():
        conversation.tags.add(tag)
        _event(conversation, by, Event.Kind.TAGGED, name)


@transaction.atomic
def set_status(conversation: Conversation, status: str, *, by) -> None:
    """Change status; closing records the resolution time the Insights room reports."""
    if status not in Status.values:
        raise ValidationError(f"Unknown status {status!r}.")
    if status == conversation.status:
        return
    previous = conversation.status
    conversation.status = status
    now = timezone.now()
    if status == Status.CLOSED:
        conversation.closed_at = now
        start = conversation.created_at
        conversation.resolution_seconds = int((now - start).total_seconds())
    elif previous == Status.CLOSED:
        conversation.closed_at = None
    conversation.save()
    _event(conversation, by, Event.Kind.STATUS, status, previous=previous)


@transaction.atomic
def add_note(conversation: Conversation, text: str, *, by) -> Event:
    """An internal note; @username mentions a teammate of the same workspace."""
    text = text.strip()
    if not text:
        raise ValidationError("A note cannot be empty.")
    event = _event(conversation, by, Event.Kind.NOTE, text)
    usernames = set(MENTION.findall(text))
    if usernames:
        users = get_user_model().objects.filter(
            username__in=usernames, memberships__workspace_id=conversation.workspace_id
        )
        event.mentions.set(users)
    return event


@transaction.atomic
def mark_spam(conversation: Conversation, *, spam: bool, by) -> None:
    """A person's verdict. Nothing is deleted; the verdict is kept on each message as feedback
    the spam model can learn from (`fireside export` carries it)."""
    inbound = conversation.messages.filter(direction=Direction.INBOUND)
    inbound.update(spam_feedback=spam, spam=spam)
    previous = conversation.status
    if spam:
        conversation.status = Status.SPAM
    elif previous == Status.SPAM:
        conversation.status = Status.OPEN if conversation.assignee_id else Status.NEW
    conversation.save(update_fields=["status"])
    _event(conversation, by, Event.Kind.SPAM if spam else Event.Kind.NOT_SPAM, previous=previous)


def bulk_apply(conversations: Iterable[Conversation], action: str, *, by, value: str = "") -> int:
    """One of the inbox's bulk actions on many conversations; returns how many it touched."""
    count = 0
    User = get_user_model()
    for conversation in conversations:
        check_can_work(by, conversation)
        if action == "assign":
            to = (
                User.objects.filter(pk=value).first()
                if value and value != "me"
                else (by if value == "me" else None)
            )
            assign_conversation(conversation, to=to, by=by)
        elif action == "tag":
            tag_conversation(conversation, value, by=by)
        elif action == "close":
            set_status(conversation, Status.CLOSED, by=by)
        elif action in {"spam", "not_spam"}:
            mark_spam(conversation, spam=action == "spam", by=by)
        elif action == "status":
            set_status(conversation, value, by=by)
        else:
            raise ValidationError(f"Unknown bulk action {action!r}.")
        count += 1
    return count

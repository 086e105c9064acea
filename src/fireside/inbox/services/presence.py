"""The collision guard: who else is viewing or typing in a conversation right now."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from fireside.inbox.models import Conversation, Presence

FRESH = timedelta(seconds=20)  # a heartbeat every few seconds keeps a presence alive


def touch_presence(conversation: Conversation, user, *, typing: bool = False) -> None:
    Presence.objects.update_or_create(
        conversation=conversation,
        user=user,
        defaults={"typing": typing, "seen_at": timezone.now()},
    )


def leave(conversation: Conversation, user) -> None:
    Presence.objects.filter(conversation=conversation, user=user).delete()


def others_here(conversation: Conversation, user) -> list[Presence]:
    """Teammates seen in the last few seconds, typing ones first."""
    return list(
        Presence.objects.filter(conversation=conversation, seen_at__gte=timezone.now() - FRESH)
        .exclude(user=user)
        .select_related("user")
        .order_by("-typing", "user__username")
    )

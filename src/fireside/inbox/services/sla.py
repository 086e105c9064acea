"""Service levels: which policy applies, when a conversation is due, and whether it breached.

Business hours are counted in the workspace's time zone; a policy without business hours counts
the clock round. With no policy configured, the defaults below apply (and `fireside init`
writes them, so a team sees and edits what it is measured against).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from fireside.inbox.models import Conversation, SlaPolicy
from fireside.web.models import Workspace

DEFAULT_POLICIES = [
    # name, min priority, first response, resolution (minutes), business hours only
    ("Urgent", 70, 60, 8 * 60, False),
    ("High", 40, 4 * 60, 24 * 60, True),
    ("Normal", 0, 24 * 60, 3 * 24 * 60, True),
]
SOON = 0.25  # "due soon" when less than this share of the target is left


def ensure_default_policies(workspace: Workspace) -> None:
    if SlaPolicy.objects.filter(workspace=workspace).exists():
        return
    SlaPolicy.objects.bulk_create(
        SlaPolicy(
            workspace=workspace,
            name=name,
            min_priority=floor,
            first_response_minutes=first,
            resolution_minutes=resolution,
            business_hours_only=business,
            business_days=[0, 1, 2, 3, 4],
            day_start=time(9),
            day_end=time(17),
        )
        for name, floor, first, resolution, business in DEFAULT_POLICIES
    )


def policy_for(policies: list[SlaPolicy], priority: int) -> SlaPolicy | None:
    return next((p for p in policies if priority >= p.min_priority), None)


def add_working_minutes(start: datetime, minutes: int, policy: SlaPolicy, tz: ZoneInfo) -> datetime:
    """The moment `minutes` of working time after `start` have passed."""
    if not policy.business_hours_only or not policy.business_days:
        return start + timedelta(minutes=minutes)
    local = start.astimezone(tz)
    left = timedelta(minutes=minutes)
    for _ in range(3660):  # at most ten years of days: a misconfigured policy must not hang
        day_open = datetime.combine(local.date(), policy.day_start, tz)
        day_close = datetime.combine(local.date(), policy.day_end, tz)
        if local.weekday() in policy.business_days and local < day_close:
            begin = max(local, day_open)
            available = day_close - begin
            if left <= available:
                return (begin + left).astimezone(start.tzinfo)
            left -= available
        local = datetime.combine(local.date() + timedelta(days=1), time(0), tz)
    return start + timedelta(minutes=minutes)


def apply_sla(
    conversation: Conversation,
    *,
    start: datetime | None = None,
    policies: list[SlaPolicy] | None = None,
) -> None:
    """Set the first-response and resolution due times from the conversation's priority.

    `start` is when the clock started: the first inbound message, or the new message that
    reopened the conversation. Caller saves.
    """
    if start is None and conversation.last_inbound_at is None:
        # Only our own post so far: nobody is waiting for an answer.
        conversation.sla_due_at = conversation.resolution_due_at = None
        return
    if policies is None:
        policies = list(SlaPolicy.objects.filter(workspace_id=conversation.workspace_id))
    policy = policy_for(policies, conversation.priority)
    if policy is None:
        conversation.sla_due_at = conversation.resolution_due_at = None
        return
    tz = ZoneInfo(conversation.workspace.timezone or "UTC")
    start = start or conversation.last_inbound_at or conversation.created_at
    conversation.sla_due_at = add_working_minutes(start, policy.first_response_minutes, policy, tz)
    conversation.resolution_due_at = add_working_minutes(
        start, policy.resolution_minutes, policy, tz
    )


@dataclass(frozen=True)
class SlaState:
    state: str  # "met", "ok", "soon", "breached", "none"
    label: str


def _human(delta: timedelta) -> str:
    seconds = int(abs(delta.total_seconds()))
    if seconds < 3600:
        return f"{max(seconds // 60, 1)} min"
    if seconds < 86400 * 2:
        return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"
    return f"{seconds // 86400} days"


def sla_state(conversation: Conversation, now: datetime | None = None) -> SlaState:
    """What the row shows: met, due in…, due soon, or breached by…."""
    now = now or timezone.now()
    due = conversation.sla_due_at
    if conversation.status == "spam" or due is None:
        return SlaState("none", "")
    if conversation.first_response_at:
        # The first-response target is settled once we answered; later waiting shows in the
        # inbox's "waiting" column, not as a second SLA.
        if conversation.sla_breached:
            return SlaState("breached", "answered late")
        return SlaState("met", "answered in time")
    if conversation.status == "closed":
        return SlaState("none", "")
    if now > due:
        return SlaState("breached", f"overdue {_human(now - due)}")
    total = due - (conversation.last_inbound_at or conversation.created_at)
    if total.total_seconds() > 0 and (due - now) < total * SOON:
        return SlaState("soon", f"due in {_human(due - now)}")
    return SlaState("ok", f"due in {_human(due - now)}")


def record_breaches(workspace: Workspace, now: datetime | None = None) -> int:
    """Mark conversations whose first-response target passed unanswered; returns how many."""
    now = now or timezone.now()
    return Conversation.objects.filter(
        workspace=workspace,
        sla_breached=False,
        sla_due_at__lt=now,
        first_response_at__isnull=True,
        status__in=["new", "open"],
    ).update(sla_breached=True)

"""Reading the inbox: one chokepoint per kind of row, and the filters of the conversation list."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, QueryDict
from django.utils import timezone

from fireside.inbox.models import Conversation, Message, SavedView, Status
from fireside.inbox.search import search_hits_limit, search_messages
from fireside.understand.query import QuerySyntaxError, parse
from fireside.web.models import Membership, Workspace

PAGE_SIZE = 50
# A brand query runs in Python over the newest candidates the other filters leave.
QUERY_SCAN_LIMIT = 5000
SORTS = {
    "urgent": ("-priority", "-last_message_at", "-id"),
    "newest": ("-last_message_at", "-id"),
    "oldest": ("last_message_at", "pk"),
    "waiting": ("last_inbound_at", "pk"),
}

DEFAULT_VIEWS = [
    ("Unassigned complaints", "assignee=none&intent=complaint"),
    ("Mine", "assignee=me"),
    ("Waiting over 1 h", "waiting=60&sort=waiting"),
    ("Needs a reply", "needs=1"),
]


def get_conversation_for(user, conversation_id: int) -> Conversation:
    """The conversation if the user belongs to its workspace; 404 otherwise, never a hint."""
    conversation = (
        Conversation.objects.select_related("workspace", "assignee", "person", "author", "source")
        .filter(pk=conversation_id, workspace__memberships__user=user)
        .first()
    )
    if conversation is None:
        raise Http404("No such conversation")
    return conversation


def get_message_for(user, message_id: int) -> Message:
    message = (
        Message.objects.select_related("conversation", "source", "in_reply_to")
        .filter(pk=message_id, workspace__memberships__user=user)
        .first()
    )
    if message is None:
        raise Http404("No such message")
    return message


def ensure_default_views(workspace: Workspace) -> None:
    if SavedView.objects.filter(workspace=workspace).exists():
        return
    SavedView.objects.bulk_create(
        SavedView(workspace=workspace, name=name, query=query, position=n)
        for n, (name, query) in enumerate(DEFAULT_VIEWS)
    )


@dataclass
class InboxFilters:
    status: str = "active"
    channel: str = ""
    source: str = ""
    assignee: str = ""
    intent: str = ""
    sentiment: str = ""
    lang: str = ""
    priority: str = ""
    tag: str = ""
    query: str = ""
    q: str = ""
    since: str = ""
    until: str = ""
    waiting: str = ""
    needs: str = ""
    sort: str = "urgent"
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_query(cls, params: QueryDict) -> InboxFilters:
        values = {k: params.get(k, "").strip() for k in cls.__dataclass_fields__ if k != "errors"}
        values["status"] = values["status"] or "active"
        values["sort"] = values["sort"] if values["sort"] in SORTS else "urgent"
        return cls(**values)

    def as_query(self, **changes: str) -> str:
        data = {k: v for k, v in self.__dict__.items() if k != "errors" and v} | changes
        data = {
            k: v
            for k, v in data.items()
            if v and not (k == "status" and v == "active") and not (k == "sort" and v == "urgent")
        }
        query = QueryDict(mutable=True)
        query.update(data)
        return query.urlencode()


def _int(value: str) -> int | None:
    return int(value) if value.isdigit() else None


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def filter_conversations(workspace: Workspace, user, filters: InboxFilters) -> QuerySet:
    qs = Conversation.objects.filter(workspace=workspace)
    if filters.status == "active":
        # `is_active=True` renders as a bare column, which SQLite cannot use as an index
        # equality; `IN (true)` is planned as `= true` and reads the urgency index in order.
        qs = qs.filter(is_active__in=[True])
    elif filters.status in Status.values:
        qs = qs.filter(status=filters.status)
    for name in ("channel", "intent", "sentiment", "lang"):
        if value := getattr(filters, name):
            qs = qs.filter(**{name: value})
    if source := _int(filters.source):
        qs = qs.filter(source_id=source)
    if filters.assignee == "me":
        qs = qs.filter(assignee=user)
    elif filters.assignee == "none":
        qs = qs.filter(assignee__isnull=True)
    elif assignee := _int(filters.assignee):
        qs = qs.filter(assignee_id=assignee)
    if (floor := _int(filters.priority)) is not None:
        qs = qs.filter(priority__gte=floor)
    if filters.tag:
        qs = qs.filter(tags__name=filters.tag.lower())
    if since := _date(filters.since):
        qs = qs.filter(last_message_at__date__gte=since)
    if until := _date(filters.until):
        qs = qs.filter(last_message_at__date__lte=until)
    if (minutes := _int(filters.waiting)) is not None:
        qs = qs.filter(
            needs_response=True, last_inbound_at__lt=timezone.now() - timedelta(minutes=minutes)
        )
    if filters.needs:
        qs = qs.filter(needs_response=True)
    if filters.q:
        matching = search_messages(
            Message.objects.filter(workspace=workspace), filters.q, workspace_id=workspace.pk
        )
        qs = qs.filter(pk__in=matching.values("conversation_id"))
    return qs.order_by(*SORTS[filters.sort])


@dataclass
class InboxPage:
    rows: list[Conversation]
    number: int
    has_next: bool
    has_previous: bool
    scanned_limit: bool = False


def inbox_page(workspace: Workspace, user, filters: InboxFilters, page: int = 1) -> InboxPage:
    """One page of the list. No COUNT(*): a million rows must not cost a full scan per view."""
    qs = (
        filter_conversations(workspace, user, filters)
        .select_related("author", "assignee")
        .prefetch_related("tags")
    )
    page = max(page, 1)
    start = (page - 1) * PAGE_SIZE
    scanned_limit = False
    if filters.query:
        try:
            query = parse(filters.query)
        except QuerySyntaxError as exc:
            filters.errors["query"] = str(exc)
            return InboxPage([], page, False, page > 1)
        candidates = list(qs[:QUERY_SCAN_LIMIT])
        scanned_limit = len(candidates) == QUERY_SCAN_LIMIT
        matched = [c for c in candidates if query.matches(_document(c))]
        rows = matched[start : start + PAGE_SIZE + 1]
    else:
        rows = list(qs[start : start + PAGE_SIZE + 1])
    if filters.q and search_hits_limit(workspace.pk, filters.q):
        scanned_limit = True
    return InboxPage(rows[:PAGE_SIZE], page, len(rows) > PAGE_SIZE, page > 1, scanned_limit)


def _document(conversation: Conversation) -> dict[str, Any]:
    return {
        "text": conversation.subject,
        "author": conversation.author.handle if conversation.author else "",
        "lang": conversation.lang,
        "channel": conversation.channel,
        "sentiment": conversation.sentiment,
        "intent": conversation.intent,
    }


def waiting_since(conversation: Conversation, now: datetime | None = None) -> timedelta | None:
    """How long the person has been waiting for us, if they are."""
    if not conversation.needs_response or conversation.last_inbound_at is None:
        return None
    return (now or timezone.now()) - conversation.last_inbound_at


def member_choices(workspace: Workspace) -> list[Membership]:
    return list(
        Membership.objects.filter(workspace=workspace)
        .select_related("user")
        .order_by("user__username")
    )


def inbox_channels(workspace: Workspace) -> list[str]:
    """Channels to offer as a filter: every connector's, plus any the workspace's sources use.

    Not a DISTINCT over conversations, which costs a scan of a million rows per page view.
    """
    from fireside.listen import registry
    from fireside.listen.models import Source

    kinds = set(registry.available()) | set(
        Source.objects.filter(workspace=workspace).values_list("kind", flat=True)
    )
    return sorted(kinds | {"import"})

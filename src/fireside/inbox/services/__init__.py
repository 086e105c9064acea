"""The inbox's verbs, by subject. Views, tasks, the CLI, tests and other rooms call these."""

from fireside.inbox.services.ingest import (
    IngestResult,
    ingest_items,
    refresh_conversation,
    visible_messages,
)
from fireside.inbox.services.queries import (
    InboxFilters,
    ensure_default_views,
    get_conversation_for,
    get_message_for,
    inbox_page,
)
from fireside.inbox.services.replies import ReplyCollision, ReplyError, retry_reply, send_reply
from fireside.inbox.services.sla import ensure_default_policies, sla_state
from fireside.inbox.services.workflow import (
    add_note,
    assign_conversation,
    bulk_apply,
    check_can_work,
    mark_spam,
    set_status,
    tag_conversation,
)

__all__ = [
    "InboxFilters",
    "IngestResult",
    "ReplyCollision",
    "ReplyError",
    "add_note",
    "assign_conversation",
    "bulk_apply",
    "check_can_work",
    "ensure_default_policies",
    "ensure_default_views",
    "get_conversation_for",
    "get_message_for",
    "inbox_page",
    "ingest_items",
    "mark_spam",
    "refresh_conversation",
    "retry_reply",
    "send_reply",
    "set_status",
    "sla_state",
    "tag_conversation",
    "visible_messages",
]

"""The ``fireside analyze`` input shape, as an Item.

One JSON object with at least ``id`` and ``text``; optionally ``channel``, ``author`` (an object
with ``name`` and, when known, ``handle``, ``url``, ``followers_count``; a plain string is taken
as the name), ``url``, ``created_at`` and ``in_reply_to`` (the parent's ``id``). Webhooks and
the generic CSV/JSONL imports both speak it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from fireside.listen.dates import parse_datetime
from fireside.listen.items import AuthorRef, Item, MessageKind

__all__ = ["record_item"]

MAX_TEXT = 100_000


def _author(value: Any) -> AuthorRef | None:
    if value in (None, "", {}):
        return None
    if isinstance(value, str):
        return AuthorRef(handle=value, display_name=value)
    if not isinstance(value, Mapping):
        raise ValueError("author must be an object or a string")
    name = str(value.get("name") or "")
    handle = str(value.get("handle") or name)
    if not handle:
        raise ValueError("author needs a name or a handle")
    followers = value.get("followers_count")
    return AuthorRef(
        handle=handle,
        display_name=name,
        profile_url=str(value.get("url") or ""),
        followers_count=int(followers) if followers not in (None, "") else None,
    )


def record_item(
    record: Mapping[str, Any],
    *,
    channel: str = "",
    id_prefix: str = "",
    now: datetime | None = None,
) -> Item:
    """Raises ValueError (with what is wrong) for a record that is not in the shape.

    ``channel`` forces the channel (webhooks: a sender must not write into another channel's
    ids); otherwise the record's own ``channel`` is used, defaulting to ``import``.
    ``id_prefix`` namespaces ids (and parent ids) so two senders cannot collide.
    """
    if not isinstance(record, Mapping):
        raise ValueError("each record must be a JSON object")
    ident = record.get("id")
    if ident in (None, "") or isinstance(ident, bool | dict | list):
        raise ValueError("record has no id")
    text = record.get("text")
    if not isinstance(text, str):
        raise ValueError(f"record {ident!r} has no text")
    created = record.get("created_at")
    created_at = (
        parse_datetime(created) if created not in (None, "") else (now or datetime.now(UTC))
    )
    parent = record.get("in_reply_to")
    parent_id = f"{id_prefix}{parent}" if parent not in (None, "") else ""
    kind: MessageKind = "reply" if parent_id else "post"
    return Item(
        channel=channel or str(record.get("channel") or "import"),
        external_id=f"{id_prefix}{ident}",
        text=text[:MAX_TEXT],
        created_at=created_at,
        author=_author(record.get("author")),
        kind=kind,
        url=str(record.get("url") or ""),
        in_reply_to=parent_id,
        raw=dict(record),
    )

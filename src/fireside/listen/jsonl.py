"""Read messages in the `fireside analyze` input shape (one JSON object a line) as Items.

The shape (DESIGN.md): at least `id` and `text`; optionally `channel`, `author` (an object with
`name` and, when known, `handle`, `url`, `followers_count`), `url`, `created_at` (ISO 8601) and
`in_reply_to` (the parent's `id`). Used by `fireside import`, the webhook and archive imports.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

from fireside.listen.items import AuthorRef, BadItem, Item

DEFAULT_CHANNEL = "import"


class RecordError(ValueError):
    """A record that is valid JSON but not a message."""


def parse_datetime(value: Any) -> datetime:
    """ISO 8601 (a trailing Z allowed) or epoch seconds, as aware UTC; naive times are UTC."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, tz=UTC)
    if not isinstance(value, str) or not value.strip():
        raise RecordError(f"created_at must be an ISO 8601 string, got {value!r}")
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise RecordError(f"created_at {value!r} is not an ISO 8601 date") from None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _author(value: Any) -> AuthorRef | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return AuthorRef(handle=value, display_name=value)
    if not isinstance(value, dict):
        raise RecordError("author must be an object with name/handle/url/followers_count")
    name = str(value.get("name") or "")
    handle = str(value.get("handle") or name)
    if not handle:
        return None
    followers = value.get("followers_count")
    if followers is not None and (isinstance(followers, bool) or not isinstance(followers, int)):
        raise RecordError(f"author.followers_count must be an integer, got {followers!r}")
    return AuthorRef(
        handle=handle,
        display_name=name,
        profile_url=str(value.get("url") or ""),
        followers_count=followers,
    )


def item_from_record(
    record: Any, *, default_channel: str = DEFAULT_CHANNEL, now: datetime | None = None
) -> Item:
    """One analyze-shape record as an Item. Raises RecordError saying what is wrong."""
    if not isinstance(record, dict):
        raise RecordError("each line must be a JSON object")
    if record.get("id") in (None, ""):
        raise RecordError("missing 'id'")
    if not isinstance(record.get("text"), str):
        raise RecordError("missing 'text' (a string)")
    channel = str(record.get("channel") or default_channel)
    created = record.get("created_at")
    parent = record.get("in_reply_to")
    return Item(
        channel=channel,
        external_id=str(record["id"]),
        text=record["text"],
        created_at=parse_datetime(created) if created else (now or datetime.now(UTC)),
        author=_author(record.get("author")),
        kind="reply" if parent else "post",
        url=str(record.get("url") or ""),
        in_reply_to=str(parent) if parent not in (None, "") else "",
        raw=record,
    )


def read_jsonl(
    lines: Iterable[str | bytes], *, default_channel: str = DEFAULT_CHANNEL
) -> Iterator[tuple[int, Item | BadItem]]:
    """Yield (line number, Item or BadItem) for each non-blank line; never raises on bad input."""
    now = datetime.now(UTC)
    for number, line in enumerate(lines, start=1):
        if isinstance(line, bytes):
            line = line.decode("utf-8", errors="replace")
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            yield number, item_from_record(record, default_channel=default_channel, now=now)
        except json.JSONDecodeError as exc:
            yield number, BadItem(error=f"invalid JSON: {exc.msg} at column {exc.colno}", raw=line)
        except RecordError as exc:
            yield number, BadItem(error=str(exc), raw=line)

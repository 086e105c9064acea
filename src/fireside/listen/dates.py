"""Parse the many ways platforms write a moment into aware UTC datetimes."""

from __future__ import annotations

import email.utils
import time
from datetime import UTC, datetime

__all__ = ["from_epoch", "from_struct_time", "parse_datetime"]


def parse_datetime(value: object) -> datetime:
    """ISO 8601 (with ``Z``), RFC 2822, Twitter's ``Wed Oct 10 20:19:24 +0000 2018``, or epoch.

    Naive values are taken as UTC. Raises ValueError naming the value when nothing fits.
    """
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return from_epoch(float(value))
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"not a date: {value!r}")
    text = value.strip()
    if text.endswith((" UTC", " GMT")):  # LinkedIn's exports: "2026-11-03 10:00:00 UTC"
        text = text[:-4] + "+00:00"
    if text.replace(".", "", 1).isdigit():
        return from_epoch(float(text))
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        parsed = None
    if parsed is None:
        try:
            parsed = datetime.strptime(text, "%a %b %d %H:%M:%S %z %Y")
        except ValueError:
            parsed = None
    if parsed is None:
        try:
            parsed = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            parsed = None
    if parsed is None:
        raise ValueError(f"not a date: {value!r}")
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def from_epoch(seconds: float) -> datetime:
    if seconds > 1e14:  # microseconds (Jetstream's time_us)
        seconds /= 1_000_000
    elif seconds > 1e11:  # milliseconds
        seconds /= 1000
    return datetime.fromtimestamp(seconds, tz=UTC)


def from_struct_time(value: time.struct_time) -> datetime:
    """feedparser's ``*_parsed`` fields are UTC struct_times."""
    return datetime(*value[:6], tzinfo=UTC)

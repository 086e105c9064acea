"""The normalised shapes that cross the boundary between a connector and storage.

Every connector turns its platform's payloads into `Item`s; the ingest service in the inbox
room stores them (idempotently, on ``(channel, external_id)``) and threads them. Replies
travel the other way as `OutboundReply` and come back as `ExternalRef`.

Datetimes are aware UTC from the moment they are parsed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

MessageKind = Literal["post", "reply", "comment", "direct", "email", "repost", "quote"]
Direction = Literal["inbound", "outbound"]


@dataclass(frozen=True)
class AuthorRef:
    """An account on one network, as much of it as the payload tells."""

    handle: str
    display_name: str = ""
    external_id: str = ""
    profile_url: str = ""
    followers_count: int | None = None
    following_count: int | None = None
    posts_count: int | None = None
    created_at: datetime | None = None
    bio: str = ""
    avatar_url: str = ""


@dataclass(frozen=True)
class Item:
    """One message as a connector saw it.

    ``in_reply_to`` is the parent's external id on the same channel, ``thread_root`` the
    external id of the post that started the thread, when the platform tells (Bluesky's root
    ref, a blog comment's post). ``deleted`` marks an upstream deletion: storage keeps the row
    and blanks the text rather than losing history.
    """

    channel: str
    external_id: str
    text: str
    created_at: datetime
    author: AuthorRef | None = None
    kind: MessageKind = "post"
    direction: Direction = "inbound"
    url: str = ""
    html: str = ""
    title: str = ""
    in_reply_to: str = ""
    thread_root: str = ""
    edited_at: datetime | None = None
    deleted: bool = False
    likes: int = 0
    reposts: int = 0
    replies: int = 0
    raw: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Cursor:
    """Where a source left off. ``value`` is opaque to everyone but its connector."""

    value: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class BadItem:
    """A payload the connector could not parse: quarantined with its error, never dropped."""

    error: str
    raw: Any


@dataclass(frozen=True)
class Page:
    """One fetch: the items, anything unparseable, and the cursor to store after saving them."""

    items: list[Item]
    cursor: Cursor
    bad: list[BadItem] = field(default_factory=list)
    has_more: bool = False


@dataclass(frozen=True)
class OutboundReply:
    """A reply or post to send. ``in_reply_to`` is the parent's external id, or empty for a post.

    ``parent_raw`` carries the stored raw payload of the parent, so a connector can build the
    references its platform needs (Bluesky root/parent refs, an email's Message-ID chain).
    """

    text: str
    in_reply_to: str = ""
    parent_raw: dict[str, Any] = field(default_factory=dict)
    thread_root: str = ""


@dataclass(frozen=True)
class ExternalRef:
    """Where a sent message now lives on its platform."""

    external_id: str
    url: str = ""
    raw: dict[str, Any] = field(default_factory=dict)

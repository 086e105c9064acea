"""The Protocol every connector satisfies, and the small pieces they share.

A connector is a small class in ``listen/<channel>.py``. It turns its platform's payloads into
`Item`s and, where the platform allows, sends replies. It imports no Django: settings and
secrets arrive as plain mappings, HTTP goes through `fireside.listen.http.build_client`.

A complete, minimal connector::

    from collections.abc import Mapping
    from typing import Any

    from fireside.listen.base import Option
    from fireside.listen.errors import ItemError, NotSupported
    from fireside.listen.http import build_client, parse_json
    from fireside.listen.items import BadItem, Cursor, ExternalRef, Item, OutboundReply, Page
    from fireside.listen.dates import parse_datetime


    class ExampleConnector:
        channel = "example"
        label = "Example"
        options = (Option("url", "Feed URL", required=True),)

        def __init__(self, settings: Mapping[str, Any], secrets: Mapping[str, str] | None = None,
                     *, allow_private: bool | None = None) -> None:
            self.url = settings["url"]
            self.client = build_client(allow_private=allow_private)

        def fetch(self, cursor: Cursor | None) -> Page:
            since = (cursor or Cursor()).value.get("since", 0)
            body = parse_json(self.client.get(self.url, params={"since": since}))
            items, bad = [], []
            for raw in body["messages"]:
                try:
                    items.append(Item(channel=self.channel, external_id=str(raw["id"]),
                                      text=raw["text"], created_at=parse_datetime(raw["at"]),
                                      raw=raw))
                except (KeyError, TypeError, ValueError) as exc:
                    bad.append(BadItem(error=f"message without {exc}", raw=raw))
            newest = max((int(i.external_id) for i in items), default=since)
            return Page(items=items, bad=bad, cursor=Cursor({"since": newest}))

        def send(self, reply: OutboundReply) -> ExternalRef:
            raise NotSupported("example is read-only")

Rules the runner relies on (see the errors module for what to raise when):

- ``fetch(cursor)`` returns one `Page`. ``cursor`` is None the first time. The cursor in the page
  is stored only after its items are, so the boundary should be inclusive: the unique
  ``(channel, external_id)`` absorbs the repeats. Set ``has_more`` when another call right away
  would find more (the runner then calls again before sleeping).
- A payload that cannot be parsed becomes a `BadItem` in the page, never an exception.
- ``send(reply)`` posts (``in_reply_to`` empty) or replies, and returns where it now lives.
- A connector that keeps a connection open also has ``stream(cursor, stop)``, yielding pages as
  events arrive until ``stop`` is set (see `StreamingConnector`).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, Self, runtime_checkable

import httpx

from fireside.listen.items import Cursor, ExternalRef, OutboundReply, Page

__all__ = [
    "Connector",
    "ConnectorClass",
    "HttpConnector",
    "Option",
    "StreamingConnector",
    "option_values",
]


@dataclass(frozen=True)
class Option:
    """One setting a connector reads. ``secret`` ones are stored encrypted and never shown."""

    name: str
    label: str
    required: bool = False
    secret: bool = False
    help: str = ""
    default: str = ""


@runtime_checkable
class Connector(Protocol):
    """Fetch items since a cursor; send a reply or post where the channel allows."""

    channel: str

    def fetch(self, cursor: Cursor | None) -> Page: ...

    def send(self, reply: OutboundReply) -> ExternalRef: ...


@runtime_checkable
class StreamingConnector(Connector, Protocol):
    """A connector that can also hold a connection open and yield pages as events arrive.

    ``stream`` returns when ``stop`` is set (checking it at least once a second) or raises an
    error from `fireside.listen.errors` when the connection fails; the runner reconnects with
    the last cursor it stored.
    """

    def stream(self, cursor: Cursor | None, stop: threading.Event) -> Iterator[Page]: ...


class ConnectorClass(Protocol):
    """What the registry hands back: a class with its description and a constructor."""

    channel: str
    label: str
    options: tuple[Option, ...]

    def __call__(
        self,
        settings: Mapping[str, Any],
        secrets: Mapping[str, str] | None = None,
        *,
        allow_private: bool | None = None,
    ) -> Connector: ...


class HttpConnector:
    """Lifecycle for connectors that hold an httpx client: ``close()`` and ``with`` support.

    Callers that build a connector should close it (the runner and services do), so pooled
    connections are not left for the garbage collector.
    """

    client: httpx.Client

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def option_values(
    options: tuple[Option, ...], settings: Mapping[str, Any], secrets: Mapping[str, str] | None
) -> dict[str, Any]:
    """Merge settings and secrets, apply defaults, and fail on a missing required option."""
    from fireside.listen.errors import SourceStopped

    merged: dict[str, Any] = {}
    secrets = secrets or {}
    for option in options:
        value = (secrets if option.secret else settings).get(option.name)
        if value in (None, ""):
            value = option.default
        if option.required and value in (None, ""):
            raise SourceStopped(f"the {option.label!r} setting ({option.name}) is required")
        merged[option.name] = value
    return merged

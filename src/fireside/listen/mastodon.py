"""Mastodon (any instance): mentions, hashtag and search timelines, the streaming API, replies.

Reads, with the account's access token (scope ``read``, plus ``write:statuses`` to reply):

- ``GET /api/v1/notifications?types[]=mention`` — mentions and replies to the account;
- ``GET /api/v1/timelines/tag/:hashtag`` for each configured hashtag (public, no token needed);
- ``GET /api/v2/search?type=statuses`` for a search query (full-text needs a token);
- the streaming API over a websocket (``/api/v1/streaming``, ``user`` and ``hashtag`` streams),
  whose ``update``, ``status.update``, ``notification`` and ``delete`` events become items.

Pagination follows Mastodon's ``min_id``: each timeline remembers the newest id it stored and
asks for what is newer, page by page; a page that does not advance stops the walk.

External ids are ``host:local-id``: status ids are local to an instance, so two instances could
hand out the same number. Replies go through ``POST /api/v1/statuses`` with ``in_reply_to_id``
and an ``Idempotency-Key``, so a retried send cannot post twice.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import httpx
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus
from websockets.sync.client import connect as ws_connect

from fireside.listen.base import HttpConnector, Option, option_values
from fireside.listen.dates import parse_datetime
from fireside.listen.errors import AuthError, ItemError, RetryableError, SourceStopped
from fireside.listen.html import html_to_text, sanitize_html
from fireside.listen.http import build_client, check_response, connect_socket, parse_json
from fireside.listen.items import (
    AuthorRef,
    BadItem,
    Cursor,
    ExternalRef,
    Item,
    OutboundReply,
    Page,
)

__all__ = ["MastodonConnector", "account_author", "status_item"]

PAGE_LIMIT = 40
MAX_PAGES = 5


def _newer(a: str, b: str) -> bool:
    """Mastodon ids are decimal strings that grow with time; compare them as numbers."""
    return (len(a), a) > (len(b), b)


def account_author(account: Mapping[str, Any], host: str) -> AuthorRef:
    acct = str(account.get("acct") or account["username"])
    handle = acct if "@" in acct else f"{acct}@{host}"
    created = account.get("created_at")
    return AuthorRef(
        handle=handle,
        display_name=str(account.get("display_name") or ""),
        external_id=f"{host}:{account.get('id', '')}",
        profile_url=str(account.get("url") or ""),
        followers_count=account.get("followers_count"),
        following_count=account.get("following_count"),
        posts_count=account.get("statuses_count"),
        created_at=parse_datetime(created) if created else None,
        bio=html_to_text(str(account.get("note") or "")),
        avatar_url=str(account.get("avatar") or ""),
    )


def status_item(status: Mapping[str, Any], host: str, *, kind: str = "") -> Item:
    """Turn a Mastodon Status entity into an Item. Raises KeyError/ValueError when malformed."""
    if status.get("reblog"):
        inner = status_item(status["reblog"], host)
        return Item(
            channel="mastodon",
            external_id=f"{host}:{status['id']}",
            text=inner.text,
            created_at=parse_datetime(status["created_at"]),
            author=account_author(status["account"], host),
            kind="repost",
            url=str(status.get("url") or status.get("uri") or ""),
            in_reply_to=inner.external_id,
            raw=dict(status),
        )
    content = str(status.get("content") or "")
    spoiler = str(status.get("spoiler_text") or "")
    text = html_to_text(content)
    if spoiler:
        text = f"{spoiler}\n\n{text}".strip()
    parent = status.get("in_reply_to_id")
    visibility = status.get("visibility")
    if not kind:
        kind = "direct" if visibility == "direct" else ("reply" if parent else "post")
    edited = status.get("edited_at")
    return Item(
        channel="mastodon",
        external_id=f"{host}:{status['id']}",
        text=text,
        html=sanitize_html(content),
        created_at=parse_datetime(status["created_at"]),
        author=account_author(status["account"], host),
        kind=kind,  # type: ignore[arg-type]
        url=str(status.get("url") or status.get("uri") or ""),
        in_reply_to=f"{host}:{parent}" if parent else "",
        edited_at=parse_datetime(edited) if edited else None,
        likes=int(status.get("favourites_count") or 0),
        reposts=int(status.get("reblogs_count") or 0),
        replies=int(status.get("replies_count") or 0),
        raw=dict(status),
    )


class MastodonConnector(HttpConnector):
    channel = "mastodon"
    label = "Mastodon"
    options = (
        Option("instance", "Instance URL", required=True, help="e.g. https://mastodon.social"),
        Option("access_token", "Access token", secret=True, help="read + write:statuses scopes"),
        Option("mentions", "Read mentions", default="true"),
        Option("hashtags", "Hashtags", help="comma-separated, without #"),
        Option("query", "Search query", help="full-text search needs an access token"),
        Option("streaming_url", "Streaming URL", help="only if the instance streams elsewhere"),
        Option("visibility", "Visibility of new posts", default="public"),
        Option("stream", "Hold the streaming API open", default="false"),
    )

    def __init__(
        self,
        settings: Mapping[str, Any],
        secrets: Mapping[str, str] | None = None,
        *,
        allow_private: bool | None = None,
        client: httpx.Client | None = None,
    ) -> None:
        values = option_values(self.options, settings, secrets)
        self.instance = str(values["instance"]).rstrip("/")
        if "://" not in self.instance:
            self.instance = f"https://{self.instance}"
        self.host = urlsplit(self.instance).netloc
        self.token = str(values["access_token"] or "")
        self.mentions = str(values["mentions"]).lower() in ("1", "true", "yes", "on")
        self.hashtags = [t.strip().lstrip("#") for t in str(values["hashtags"]).split(",")]
        self.hashtags = [t for t in self.hashtags if t]
        self.query = str(values["query"] or "").strip()
        self.streaming_url = str(values["streaming_url"] or "")
        self.visibility = str(values["visibility"])
        self.allow_private = allow_private
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        self.client = client or build_client(
            base_url=self.instance, headers=headers, allow_private=allow_private
        )

    # --- polling -------------------------------------------------------------------------

    def _timelines(self) -> list[tuple[str, str, dict[str, Any]]]:
        """(cursor key, path, params) for every configured timeline."""
        lines: list[tuple[str, str, dict[str, Any]]] = []
        if self.mentions and self.token:
            lines.append(("mentions", "/api/v1/notifications", {"types[]": "mention"}))
        for tag in self.hashtags:
            lines.append((f"tag:{tag}", f"/api/v1/timelines/tag/{quote(tag)}", {}))
        if self.query:
            lines.append(("search", "/api/v2/search", {"q": self.query, "type": "statuses"}))
        if not lines:
            raise SourceStopped(
                "nothing to read: set hashtags or a query, or an access token for mentions"
            )
        return lines

    def _read(self, key: str, payload: Any) -> list[tuple[str, Mapping[str, Any] | Any]]:
        """(paging id, raw status or notification) pairs from one response body."""
        if key == "search":
            if not isinstance(payload, dict):
                raise ItemError("search answered without an object", raw=payload)
            payload = payload.get("statuses", [])
        if not isinstance(payload, list):
            raise ItemError(f"{key} answered without a list", raw=payload)
        return [(str(e.get("id", "")) if isinstance(e, dict) else "", e) for e in payload]

    def _convert(self, key: str, raw: Any) -> Item:
        if not isinstance(raw, dict):
            raise ValueError("entry is not an object")
        if key == "mentions":
            status = raw.get("status")
            if not isinstance(status, dict):
                raise ValueError("mention notification without a status")
            return status_item(status, self.host)
        return status_item(raw, self.host)

    def fetch(self, cursor: Cursor | None) -> Page:
        state = dict((cursor or Cursor()).value)
        items: list[Item] = []
        bad: list[BadItem] = []
        has_more = False
        for key, path, params in self._timelines():
            since = str(state.get(key) or "")
            for _page in range(MAX_PAGES):
                query = dict(params, limit=PAGE_LIMIT)
                if since:
                    query["min_id"] = since
                entries = self._read(key, parse_json(self.client.get(path, params=query)))
                newest = since
                for ident, raw in entries:
                    try:
                        items.append(self._convert(key, raw))
                    except (KeyError, TypeError, ValueError) as exc:
                        bad.append(BadItem(error=f"mastodon {key}: {exc!r}", raw=raw))
                    if ident and (not newest or _newer(ident, newest)):
                        newest = ident
                if newest == since or not since:
                    # No cursor yet: the newest page is enough history for a new source.
                    state[key] = newest
                    break
                state[key] = since = newest
                if len(entries) < PAGE_LIMIT:
                    break
            else:
                has_more = True
        return Page(items=items, bad=bad, cursor=Cursor(state), has_more=has_more)

    # --- streaming -----------------------------------------------------------------------

    def _stream_url(self, stream: str, tag: str = "") -> str:
        base = self.streaming_url or self.instance
        parts = urlsplit(base)
        scheme = "wss" if parts.scheme in ("https", "wss") else "ws"
        query = {"stream": stream}
        if tag:
            query["tag"] = tag
        return f"{scheme}://{parts.netloc}/api/v1/streaming?{urlencode(query)}"

    def stream_event(self, message: str | bytes) -> Page:
        """One streaming message → a page (empty for events Fireside does not keep)."""
        try:
            event = json.loads(message)
            name = event["event"]
            payload = event.get("payload")
            if name == "delete":
                ident = str(payload)
                return Page(
                    items=[
                        Item(
                            channel="mastodon",
                            external_id=f"{self.host}:{ident}",
                            text="",
                            created_at=datetime.now(UTC),
                            deleted=True,
                            raw={"id": ident, "event": "delete"},
                        )
                    ],
                    cursor=Cursor(),
                )
            if name not in ("update", "status.update", "notification"):
                return Page(items=[], cursor=Cursor())
            body = json.loads(payload) if isinstance(payload, str) else payload
            if name == "notification":
                if body.get("type") != "mention":
                    return Page(items=[], cursor=Cursor())
                body = body["status"]
            return Page(items=[status_item(body, self.host)], cursor=Cursor())
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raw = message.decode("utf-8", "replace") if isinstance(message, bytes) else message
            return Page(
                items=[], bad=[BadItem(error=f"mastodon stream: {exc!r}", raw=raw)], cursor=Cursor()
            )

    def stream(self, cursor: Cursor | None, stop: threading.Event) -> Iterator[Page]:
        """Hold the user stream (or the first hashtag's) open and yield each kept event.

        The stream carries no resume position: on reconnect the runner runs one `fetch`, whose
        ``min_id`` cursor fills the gap.
        """
        if self.token and self.mentions:
            url = self._stream_url("user")
        elif self.hashtags:
            url = self._stream_url("hashtag", self.hashtags[0])
        else:
            url = self._stream_url("public")
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "wss" else 80)
        sock = connect_socket(
            parts.hostname or "", port, timeout=15.0, allow_private=self.allow_private
        )
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        try:
            with ws_connect(
                url,
                sock=sock,
                additional_headers=headers,
                open_timeout=15,
                server_hostname=parts.hostname if parts.scheme == "wss" else None,
            ) as ws:
                while not stop.is_set():
                    try:
                        message = ws.recv(timeout=1.0)
                    except TimeoutError:
                        continue
                    page = self.stream_event(message)
                    if page.items or page.bad:
                        yield page
        except InvalidStatus as exc:
            if exc.response.status_code in (401, 403):
                raise AuthError(f"the streaming API at {self.host} refused the token") from exc
            raise RetryableError(f"streaming API at {self.host}: {exc}") from exc
        except (ConnectionClosed, InvalidHandshake, OSError) as exc:
            raise RetryableError(f"streaming API at {self.host} dropped: {exc}") from exc

    # --- sending -------------------------------------------------------------------------

    def send(self, reply: OutboundReply) -> ExternalRef:
        if not self.token:
            raise AuthError("replying on Mastodon needs an access token with write:statuses")
        data: dict[str, Any] = {"status": reply.text, "visibility": self.visibility}
        if reply.in_reply_to:
            parent_id = str(reply.parent_raw.get("id") or reply.in_reply_to.rsplit(":", 1)[-1])
            data["in_reply_to_id"] = parent_id
            parent_visibility = reply.parent_raw.get("visibility")
            if parent_visibility in ("direct", "private", "unlisted"):
                data["visibility"] = parent_visibility
            acct = (reply.parent_raw.get("account") or {}).get("acct")
            if acct and f"@{acct}" not in reply.text:
                data["status"] = f"@{acct} {reply.text}"
        key = hashlib.sha256(
            json.dumps([reply.in_reply_to, reply.text], sort_keys=True).encode()
        ).hexdigest()
        response = self.client.post("/api/v1/statuses", json=data, headers={"Idempotency-Key": key})
        check_response(response, what=f"posting to {self.host}")
        status = response.json()
        return ExternalRef(
            external_id=f"{self.host}:{status['id']}", url=str(status.get("url") or ""), raw=status
        )

"""Bluesky (AT Protocol): search, notifications, the Jetstream firehose, replies and posts.

Reads, through the account's PDS (``service``, default https://bsky.social) with an app password:

- ``app.bsky.feed.searchPosts`` (``sort=latest``, ``since`` = the newest ``indexedAt`` stored,
  inclusive; ``cursor`` pages within one walk);
- ``app.bsky.notification.listNotifications``, keeping mentions, replies and quotes (likes,
  reposts and follows are not messages);
- the Jetstream JSON firehose (``stream``), filtered on the client by keyword and/or DID. The
  filter looks for the post collection's name in the raw frame before parsing any JSON, so the
  likes and follows that make up most of the firehose cost a substring search each. The cursor
  is Jetstream's ``time_us``, which Jetstream replays from on reconnect.

Sends with ``com.atproto.repo.createRecord``: a reply carries strong refs (uri + cid) to its
parent and to the thread's root — the parent's own root when it is itself a reply, else the
parent. Sessions come from ``com.atproto.server.createSession`` and are re-made once when the
access token expires.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode, urlsplit

import httpx
from websockets.exceptions import ConnectionClosed, InvalidHandshake
from websockets.sync.client import connect as ws_connect

from fireside.listen.base import HttpConnector, Option, option_values
from fireside.listen.dates import from_epoch, parse_datetime
from fireside.listen.errors import AuthError, ItemError, RetryableError, SourceStopped
from fireside.listen.http import build_client, connect_socket, parse_json
from fireside.listen.items import (
    AuthorRef,
    BadItem,
    Cursor,
    ExternalRef,
    Item,
    OutboundReply,
    Page,
)
from fireside.listen.tokens import credentials_key, tokens

__all__ = ["BlueskyConnector", "JetstreamFilter", "post_item"]

POST = "app.bsky.feed.post"
KEEP_REASONS = frozenset({"mention", "reply", "quote"})
SEARCH_LIMIT = 100
NOTIFICATION_LIMIT = 50
MAX_PAGES = 5
DEFAULT_JETSTREAM = "wss://jetstream2.us-east.bsky.network/subscribe"
_LINK = re.compile(r"https?://[^\s<>\"')\]]+")
_MENTION = re.compile(r"(?<![\w@])@([a-zA-Z0-9][a-zA-Z0-9.-]*\.[a-zA-Z][a-zA-Z0-9-]+)")


def _rkey(uri: str) -> str:
    return uri.rsplit("/", 1)[-1]


def _post_url(handle_or_did: str, uri: str) -> str:
    return f"https://bsky.app/profile/{handle_or_did}/post/{_rkey(uri)}"


def _author(author: Mapping[str, Any]) -> AuthorRef:
    handle = str(author.get("handle") or author["did"])
    return AuthorRef(
        handle=handle,
        display_name=str(author.get("displayName") or ""),
        external_id=str(author.get("did") or ""),
        profile_url=f"https://bsky.app/profile/{handle}",
        followers_count=author.get("followersCount"),
        following_count=author.get("followsCount"),
        posts_count=author.get("postsCount"),
        bio=str(author.get("description") or ""),
        avatar_url=str(author.get("avatar") or ""),
    )


def _kind(record: Mapping[str, Any]) -> str:
    if record.get("reply"):
        return "reply"
    embed = record.get("embed") or {}
    if str(embed.get("$type", "")).startswith("app.bsky.embed.record"):
        return "quote"
    return "post"


def post_item(view: Mapping[str, Any]) -> Item:
    """A ``postView`` or a notification (both carry uri, cid, author, record) → Item."""
    record = view["record"]
    if record.get("$type", POST) != POST:
        raise ValueError(f"not a post record: {record.get('$type')!r}")
    uri = str(view["uri"])
    author = _author(view["author"])
    reply = record.get("reply") or {}
    return Item(
        channel="bluesky",
        external_id=uri,
        text=str(record.get("text") or ""),
        created_at=parse_datetime(record.get("createdAt") or view["indexedAt"]),
        author=author,
        kind=_kind(record),  # type: ignore[arg-type]
        url=_post_url(author.handle, uri),
        in_reply_to=str((reply.get("parent") or {}).get("uri") or ""),
        thread_root=str((reply.get("root") or {}).get("uri") or ""),
        likes=int(view.get("likeCount") or 0),
        reposts=int(view.get("repostCount") or 0),
        replies=int(view.get("replyCount") or 0),
        raw=dict(view),
    )


class JetstreamFilter:
    """Turn raw Jetstream frames into Items, cheaply rejecting everything that is not wanted.

    ``keywords`` match case-insensitively on word boundaries; ``dids`` keep every post by (or
    deletion from) those accounts. With neither, every post is kept. The URIs of the last
    ``remember`` posts kept are remembered, so their edits and deletions come through even
    when the edit drops the keyword. Returns None for a frame that is filtered out, a
    `BadItem` for a post frame that cannot be read.
    """

    _NEEDLE = b'"app.bsky.feed.post"'

    _CREATE = b'"operation":"create"'

    def __init__(
        self, keywords: Iterable[str] = (), dids: Iterable[str] = (), *, remember: int = 100_000
    ) -> None:
        words = [k.strip().lower() for k in keywords if k.strip()]
        self.pattern = (
            re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, words)) + r")(?!\w)", re.I)
            if words
            else None
        )
        self.needles = [w.encode() for w in words if w.isascii()] if words else []
        self.ascii_only = bool(words) and all(w.isascii() for w in words)
        self.dids = frozenset(d.strip() for d in dids if d.strip())
        self.remember = remember
        self.kept: OrderedDict[str, None] = OrderedDict()

    def _keep(self, uri: str) -> None:
        self.kept[uri] = None
        self.kept.move_to_end(uri)
        if len(self.kept) > self.remember:
            self.kept.popitem(last=False)

    def __call__(self, frame: str | bytes) -> Item | BadItem | None:
        data = frame.encode() if isinstance(frame, str) else frame
        if self._NEEDLE not in data:
            return None  # likes, follows, reposts, identity and account events
        # Only a compact "create" frame may be dropped unparsed: edits and deletions of posts
        # already kept must get through even without the keyword.
        if self.pattern is not None and not self.dids and self.ascii_only and self._CREATE in data:
            lowered = data.lower()
            if not any(n in lowered for n in self.needles):
                return None  # no keyword anywhere in the frame: no need to parse it
        try:
            event = json.loads(data)
            if event.get("kind") != "commit":
                return None
            commit = event["commit"]
            if commit.get("collection") != POST:
                return None
            did = str(event["did"])
            uri = f"at://{did}/{POST}/{commit['rkey']}"
            operation = commit.get("operation")
            by_did = did in self.dids
            known = uri in self.kept
            if operation == "delete":
                if not (by_did or known):
                    return None
                self.kept.pop(uri, None)
                return Item(
                    channel="bluesky",
                    external_id=uri,
                    text="",
                    created_at=from_epoch(float(event["time_us"])),
                    deleted=True,
                    raw=event,
                )
            record = commit["record"]
            text = str(record.get("text") or "")
            if not (by_did or known):
                if self.dids and self.pattern is None:
                    return None
                if self.pattern is not None and not self.pattern.search(text):
                    return None
            self._keep(uri)
            reply = record.get("reply") or {}
            created = record.get("createdAt")
            return Item(
                channel="bluesky",
                external_id=uri,
                text=text,
                created_at=parse_datetime(created)
                if created
                else from_epoch(float(event["time_us"])),
                author=AuthorRef(
                    handle=did, external_id=did, profile_url=f"https://bsky.app/profile/{did}"
                ),
                kind=_kind(record),  # type: ignore[arg-type]
                url=_post_url(did, uri),
                in_reply_to=str((reply.get("parent") or {}).get("uri") or ""),
                thread_root=str((reply.get("root") or {}).get("uri") or ""),
                edited_at=from_epoch(float(event["time_us"])) if operation == "update" else None,
                raw=event,
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            return BadItem(error=f"jetstream frame: {exc!r}", raw=data.decode("utf-8", "replace"))


class BlueskyConnector(HttpConnector):
    channel = "bluesky"
    label = "Bluesky"
    options = (
        Option("service", "PDS URL", default="https://bsky.social"),
        Option("identifier", "Handle or email", help="needed for notifications and replies"),
        Option("app_password", "App password", secret=True),
        Option("query", "Search query", help="searchPosts query, e.g. your brand"),
        Option("notifications", "Read notifications", default="true"),
        Option("jetstream_url", "Jetstream URL", default=DEFAULT_JETSTREAM),
        Option("keywords", "Firehose keywords", help="comma-separated; defaults to the query"),
        Option("dids", "Firehose accounts (DIDs)", help="comma-separated"),
        Option("stream", "Hold the Jetstream firehose open", default="false"),
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
        self.service = str(values["service"]).rstrip("/")
        self.identifier = str(values["identifier"] or "")
        self.password = str(values["app_password"] or "")
        self.query = str(values["query"] or "").strip()
        self.notifications = str(values["notifications"]).lower() in ("1", "true", "yes", "on")
        self.jetstream_url = str(values["jetstream_url"])
        keywords = str(values["keywords"] or "") or self.query
        self.keywords = [k.strip() for k in keywords.split(",") if k.strip()]
        self.dids = [d.strip() for d in str(values["dids"] or "").split(",") if d.strip()]
        self.allow_private = allow_private
        self.client = client or build_client(base_url=self.service, allow_private=allow_private)
        self._session: dict[str, Any] | None = None

    # --- session -------------------------------------------------------------------------

    @property
    def _session_key(self) -> str:
        return credentials_key("bluesky", self.service, self.identifier, self.password)

    def _login(self, *, renew: bool = False) -> dict[str, Any]:
        """The account's session: reused across instances, refreshed with the refresh token
        when the access token expired, and created anew only when that fails too."""
        if not (self.identifier and self.password):
            raise AuthError("Bluesky needs a handle and an app password for this")
        cached = tokens.get(self._session_key)
        if cached is not None and not renew:
            self._session = cached
            return cached
        if cached is not None and cached.get("refreshJwt"):
            response = self.client.post(
                "/xrpc/com.atproto.server.refreshSession",
                headers={"Authorization": f"Bearer {cached['refreshJwt']}"},
            )
            if response.status_code == 200:
                refreshed = parse_json(response, what="refreshSession")
                if isinstance(refreshed, dict) and "accessJwt" in refreshed:
                    return self._remember(refreshed)
        response = self.client.post(
            "/xrpc/com.atproto.server.createSession",
            json={"identifier": self.identifier, "password": self.password},
        )
        if response.status_code in (400, 401):
            raise AuthError(
                f"Bluesky refused the login for {self.identifier}: {response.text[:200]}"
            )
        session = parse_json(response, what="createSession")
        if not isinstance(session, dict) or "accessJwt" not in session:
            raise AuthError("createSession answered without an access token")
        return self._remember(session)

    def _remember(self, session: dict[str, Any]) -> dict[str, Any]:
        tokens.put(self._session_key, session)
        self._session = session
        return session

    def _xrpc(self, method: str, nsid: str, **kwargs: Any) -> Any:
        """Call an XRPC method with the session, renewing it once when the token expired."""
        for attempt in range(2):
            headers = {}
            if self.identifier and self.password:
                session = self._login(renew=attempt > 0)
                headers["Authorization"] = f"Bearer {session['accessJwt']}"
            response = self.client.request(method, f"/xrpc/{nsid}", headers=headers, **kwargs)
            expired = response.status_code == 401 or (
                response.status_code == 400 and "ExpiredToken" in response.text
            )
            if expired and attempt == 0 and self.identifier and self.password:
                continue
            return parse_json(response, what=nsid)
        raise AuthError(f"{nsid}: the session expired twice in a row")  # pragma: no cover

    # --- polling -------------------------------------------------------------------------

    def _search(self, state: dict[str, Any], items: list[Item], bad: list[BadItem]) -> bool:
        since = str(state.get("search_since") or "")
        page_cursor = str(state.get("search_page") or "")
        newest = str(state.get("search_newest") or since)
        for _ in range(MAX_PAGES):
            params: dict[str, Any] = {"q": self.query, "sort": "latest", "limit": SEARCH_LIMIT}
            if since:
                params["since"] = since
            if page_cursor:
                params["cursor"] = page_cursor
            body = self._xrpc("GET", "app.bsky.feed.searchPosts", params=params)
            posts = body.get("posts") if isinstance(body, dict) else None
            if not isinstance(posts, list):
                raise ItemError("searchPosts answered without a posts list", raw=body)
            for view in posts:
                try:
                    items.append(post_item(view))
                except (KeyError, TypeError, ValueError, AttributeError) as exc:
                    bad.append(BadItem(error=f"bluesky search: {exc!r}", raw=view))
                    continue
                indexed = str(view.get("indexedAt") or "")
                if indexed > newest:
                    newest = indexed
            next_cursor = str(body.get("cursor") or "")
            if not posts or not next_cursor or next_cursor == page_cursor:
                state.update(search_since=newest, search_page="", search_newest="")
                return False
            page_cursor = next_cursor
        state.update(search_page=page_cursor, search_newest=newest)
        return True

    def _notifications(self, state: dict[str, Any], items: list[Item], bad: list[BadItem]) -> None:
        seen = str(state.get("notifications_seen") or "")
        newest = seen
        page_cursor = ""
        for _ in range(MAX_PAGES):
            params: dict[str, Any] = {"limit": NOTIFICATION_LIMIT}
            if page_cursor:
                params["cursor"] = page_cursor
            body = self._xrpc("GET", "app.bsky.notification.listNotifications", params=params)
            notes = body.get("notifications") if isinstance(body, dict) else None
            if not isinstance(notes, list):
                raise ItemError("listNotifications answered without a list", raw=body)
            reached_seen = False
            for note in notes:
                indexed = str(note.get("indexedAt") or "") if isinstance(note, dict) else ""
                if seen and indexed and indexed < seen:
                    reached_seen = True
                    continue
                newest = max(newest, indexed)
                if isinstance(note, dict) and note.get("reason") not in KEEP_REASONS:
                    continue
                try:
                    items.append(post_item(note))
                except (KeyError, TypeError, ValueError, AttributeError) as exc:
                    bad.append(BadItem(error=f"bluesky notification: {exc!r}", raw=note))
            next_cursor = str(body.get("cursor") or "")
            # Without a stored position a new source takes one page of history.
            if reached_seen or not seen or not next_cursor or next_cursor == page_cursor:
                break
            page_cursor = next_cursor
        state["notifications_seen"] = newest

    def fetch(self, cursor: Cursor | None) -> Page:
        state = dict((cursor or Cursor()).value)
        items: list[Item] = []
        bad: list[BadItem] = []
        has_more = False
        if self.query:
            has_more = self._search(state, items, bad)
        if self.notifications and self.identifier and self.password:
            self._notifications(state, items, bad)
        return Page(items=items, bad=bad, cursor=Cursor(state), has_more=has_more)

    # --- streaming -----------------------------------------------------------------------

    def stream(
        self,
        cursor: Cursor | None,
        stop: threading.Event,
        *,
        batch_size: int = 200,
        batch_seconds: float = 0.5,
    ) -> Iterator[Page]:
        """Consume Jetstream, yielding a page per batch of kept posts (and at least every 5 s,
        so the stored ``time_us`` follows the stream even when nothing matches)."""
        state = dict((cursor or Cursor()).value)
        params: list[tuple[str, str]] = [("wantedCollections", POST)]
        params += [("wantedDids", d) for d in self.dids if not self.keywords]
        if state.get("jetstream_time_us"):
            params.append(("cursor", str(state["jetstream_time_us"])))
        url = f"{self.jetstream_url}?{urlencode(params)}"
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "wss" else 80)
        keep = JetstreamFilter(self.keywords, self.dids)
        sock = connect_socket(
            parts.hostname or "", port, timeout=15.0, allow_private=self.allow_private
        )
        items: list[Item] = []
        bad: list[BadItem] = []
        last_time = int(state.get("jetstream_time_us") or 0)
        flushed_at = time.monotonic()
        first_kept = 0.0
        try:
            with ws_connect(
                url,
                sock=sock,
                open_timeout=15,
                max_size=2**22,
                server_hostname=parts.hostname if parts.scheme == "wss" else None,
            ) as ws:
                while not stop.is_set():
                    try:
                        frame = ws.recv(timeout=batch_seconds)
                    except TimeoutError:
                        frame = None
                    if frame is not None:
                        kept = keep(frame)
                        if kept is not None:
                            if not items and not bad:
                                first_kept = time.monotonic()
                            (items if isinstance(kept, Item) else bad).append(kept)  # type: ignore[arg-type]
                        last_time = _time_us(frame, last_time)
                    now = time.monotonic()
                    due = (items or bad) and (
                        len(items) >= batch_size or now - first_kept >= batch_seconds
                    )
                    if due or now - flushed_at >= 5.0:
                        state["jetstream_time_us"] = last_time
                        yield Page(items=items, bad=bad, cursor=Cursor(dict(state)))
                        items, bad, flushed_at = [], [], now
                if items or bad:
                    state["jetstream_time_us"] = last_time
                    yield Page(items=items, bad=bad, cursor=Cursor(dict(state)))
        except (ConnectionClosed, InvalidHandshake, OSError) as exc:
            # The unflushed batch is not lost: its time_us was never stored, so Jetstream
            # replays it after the reconnect.
            raise RetryableError(f"Jetstream at {parts.hostname} dropped: {exc}") from exc

    # --- sending -------------------------------------------------------------------------

    def _strong_ref(self, uri: str, raw: Mapping[str, Any]) -> dict[str, str]:
        cid = raw.get("cid") or (raw.get("commit") or {}).get("cid")
        if not cid:
            body = self._xrpc("GET", "app.bsky.feed.getPosts", params={"uris": uri})
            posts = body.get("posts") if isinstance(body, dict) else None
            if not posts:
                raise ItemError(f"cannot find the post {uri} to reply to", raw=body)
            cid = posts[0]["cid"]
        return {"uri": uri, "cid": str(cid)}

    def _facets(self, text: str) -> list[dict[str, Any]]:
        """Rich-text facets, so links and @mentions in a reply are links on Bluesky too.

        Offsets are UTF-8 byte positions, as the lexicon requires. A handle that does not
        resolve stays plain text.
        """
        facets: list[dict[str, Any]] = []

        def span(start: int, end: int) -> dict[str, int]:
            return {
                "byteStart": len(text[:start].encode()),
                "byteEnd": len(text[:end].encode()),
            }

        for match in _LINK.finditer(text):
            facets.append(
                {
                    "index": span(match.start(), match.end()),
                    "features": [{"$type": "app.bsky.richtext.facet#link", "uri": match.group(0)}],
                }
            )
        for match in _MENTION.finditer(text):
            try:
                body = self._xrpc(
                    "GET", "com.atproto.identity.resolveHandle", params={"handle": match.group(1)}
                )
            except (ItemError, SourceStopped, RetryableError):
                continue
            did = body.get("did") if isinstance(body, dict) else None
            if did:
                facets.append(
                    {
                        "index": span(match.start(), match.end()),
                        "features": [{"$type": "app.bsky.richtext.facet#mention", "did": did}],
                    }
                )
        return facets

    def send(self, reply: OutboundReply) -> ExternalRef:
        session = self._login()
        record: dict[str, Any] = {
            "$type": POST,
            "text": reply.text,
            "createdAt": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
        }
        if len(reply.text) > 300:
            raise ItemError("a Bluesky post holds at most 300 characters", raw=reply.text)
        facets = self._facets(reply.text)
        if facets:
            record["facets"] = facets
        if reply.in_reply_to:
            parent_raw = reply.parent_raw
            parent = self._strong_ref(reply.in_reply_to, parent_raw)
            parent_record = (
                parent_raw.get("record") or (parent_raw.get("commit") or {}).get("record") or {}
            )
            root = (parent_record.get("reply") or {}).get("root")
            if not (isinstance(root, dict) and root.get("uri") and root.get("cid")):
                root = parent
            record["reply"] = {"root": {"uri": root["uri"], "cid": root["cid"]}, "parent": parent}
        body = self._xrpc(
            "POST",
            "com.atproto.repo.createRecord",
            json={"repo": session["did"], "collection": POST, "record": record},
        )
        uri = str(body["uri"])
        return ExternalRef(
            external_id=uri,
            url=_post_url(str(session.get("handle") or session["did"]), uri),
            raw={"uri": uri, "cid": body.get("cid"), "record": record},
        )


def _time_us(frame: str | bytes, default: int) -> int:
    """Read ``time_us`` without parsing the whole frame (Jetstream puts it near the start)."""
    data = frame.encode() if isinstance(frame, str) else frame
    at = data.find(b'"time_us"')
    if at < 0:
        return default
    start = data.find(b":", at + 9)
    if start < 0:
        return default
    start += 1
    while start < len(data) and data[start : start + 1] in (b" ", b"\n", b"\t", b"\r"):
        start += 1
    stop = start
    while stop < len(data) and data[stop : stop + 1].isdigit():
        stop += 1
    try:
        return int(data[start:stop])
    except ValueError:
        return default

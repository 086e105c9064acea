"""Blogs and sites: RSS 2.0, Atom and RDF feeds, with their comment feeds.

Reads a feed URL with conditional GET (``ETag``/``Last-Modified`` kept in the cursor, so an
unchanged feed costs one 304). Posts become ``post`` items, comments ``comment`` items that know
their post (``thread_root``) and parent (``in_reply_to``):

- the RFC 4685 ``thr:in-reply-to`` element (Atom comment feeds of WordPress and Blogger) names
  the parent directly; feedparser drops it, so it is read from the XML alongside;
- WordPress RSS comment feeds have no thread element, but each comment's guid is the post's guid
  plus ``#comment-N``, which names the post;
- with ``comments`` on, each post's ``wfw:commentRss`` feed (WordPress) is read too, for the
  newest ``max_comment_feeds`` posts, each with its own validators.

HTML is sanitised with nh3 before it is kept; the text for analysis has no markup. Feeds can't
be replied to from Fireside (`send` raises `NotSupported`): answer on the site itself.
"""

from __future__ import annotations

import hashlib
import html
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import feedparser
import httpx

from fireside.listen.base import HttpConnector, Option, option_values
from fireside.listen.dates import from_struct_time
from fireside.listen.errors import ItemError, NotSupported
from fireside.listen.html import html_to_text, sanitize_html
from fireside.listen.http import build_client, check_response
from fireside.listen.items import (
    AuthorRef,
    BadItem,
    Cursor,
    ExternalRef,
    Item,
    OutboundReply,
    Page,
)

__all__ = ["FeedConnector", "parse_feed"]

THR = "{http://purl.org/syndication/thread/1.0}"
ATOM = "{http://www.w3.org/2005/Atom}"
MAX_FEED_BYTES = 10 * 1024 * 1024
_FEED_ACCEPT = "application/atom+xml, application/rss+xml, application/xml;q=0.9, */*;q=0.5"


@dataclass(frozen=True)
class _ThreadRef:
    ref: str
    href: str


def _thread_refs(content: bytes) -> dict[str, _ThreadRef]:
    """Map each entry's id (Atom ``id``, RSS ``guid`` or ``link``) to its thr:in-reply-to."""
    refs: dict[str, _ThreadRef] = {}
    if THR.strip("{}").encode() not in content:
        return refs
    try:
        root = ET.fromstring(content)
    except ET.ParseError:
        return refs
    for entry in root.iter():
        if entry.tag not in (f"{ATOM}entry", "item"):
            continue
        target = entry.find(f"{THR}in-reply-to")
        if target is None:
            continue
        ident = entry.findtext(f"{ATOM}id") or entry.findtext("guid") or entry.findtext("link")
        if ident:
            refs[ident.strip()] = _ThreadRef(
                ref=(target.get("ref") or "").strip(), href=(target.get("href") or "").strip()
            )
    return refs


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _as_markup(value: str, content_type: Any) -> str:
    # Atom's type="text" is plain text: "<A" is a character, not the start of a tag.
    return html.escape(value, quote=False) if content_type == "text/plain" else value


def _entry_item(
    entry: Mapping[str, Any],
    *,
    feed_url: str,
    fallback_date: datetime,
    thread: _ThreadRef | None,
    post_id: str = "",
) -> Item:
    link = _text(entry.get("link"))
    external_id = _text(entry.get("id")) or link
    if not external_id:
        title = _text(entry.get("title"))
        summary = _text(entry.get("summary"))
        if not (title or summary):
            raise ItemError("entry has no id, link, title or text", raw=dict(entry))
        digest = hashlib.sha256(f"{feed_url}\n{title}\n{summary}".encode()).hexdigest()[:24]
        external_id = f"{feed_url}#{digest}"
    contents = entry.get("content") or []
    markup = ""
    if contents and isinstance(contents, list):
        markup = _as_markup(_text(contents[0].get("value")), contents[0].get("type"))
    if not markup:
        detail = entry.get("summary_detail") or {}
        markup = _as_markup(_text(entry.get("summary")), detail.get("type"))
    published = entry.get("published_parsed") or entry.get("created_parsed")
    updated = entry.get("updated_parsed")
    stamp = published or updated
    created_at = from_struct_time(stamp) if stamp else fallback_date
    edited_at = None
    if updated and published and updated != published:
        edited_at = from_struct_time(updated)
    author = None
    name = _text(entry.get("author"))
    detail = entry.get("author_detail") or {}
    if name or detail:
        author = AuthorRef(
            handle=_text(detail.get("email")) or name or _text(detail.get("name")),
            display_name=_text(detail.get("name")) or name,
            profile_url=_text(detail.get("href")),
        )
    in_reply_to = thread.ref if thread else ""
    root = post_id
    if "#comment-" in external_id:
        root = root or external_id.split("#comment-", 1)[0]
        in_reply_to = in_reply_to or root
    if post_id and not in_reply_to:
        in_reply_to = post_id
    kind: Any = "comment" if (in_reply_to or root) else "post"
    title_type = (entry.get("title_detail") or {}).get("type")
    title = html_to_text(_as_markup(_text(entry.get("title")), title_type))
    text = html_to_text(markup) or title
    raw = {
        "id": external_id,
        "link": link,
        "title": _text(entry.get("title")),
        "summary": _text(entry.get("summary"))[:20000],
        "published": _text(entry.get("published")),
        "updated": _text(entry.get("updated")),
        "author": name,
        "feed_url": feed_url,
        "comments_feed": _text(entry.get("wfw_commentrss")),
        "in_reply_to": {"ref": thread.ref, "href": thread.href} if thread else None,
    }
    return Item(
        channel="feed",
        external_id=external_id,
        text=text,
        html=sanitize_html(markup),
        title=title,
        url=link,
        author=author,
        kind=kind,
        created_at=created_at,
        edited_at=edited_at,
        in_reply_to=in_reply_to if in_reply_to != external_id else "",
        thread_root=(root or in_reply_to) if kind == "comment" else "",
        replies=int(_text(entry.get("slash_comments")) or 0)
        if _text(entry.get("slash_comments")).isdigit()
        else 0,
        raw=raw,
    )


def parse_feed(
    content: bytes, *, feed_url: str = "", post_id: str = "", now: datetime | None = None
) -> tuple[list[Item], list[BadItem], list[str]]:
    """Parse one feed document: (items, bad entries, comment-feed URLs of its posts).

    Raises `ItemError` when the document is not a feed at all. Never raises for one bad entry.
    """
    parsed = feedparser.parse(content, sanitize_html=False, resolve_relative_uris=False)
    if not parsed.entries and not parsed.get("version"):
        error = parsed.get("bozo_exception")
        raise ItemError(
            f"{feed_url or 'the document'} is not an RSS, Atom or RDF feed: {error}",
            raw=content[:100_000].decode("utf-8", "replace"),
        )
    feed_meta = parsed.get("feed") or {}
    feed_date = feed_meta.get("updated_parsed") or feed_meta.get("published_parsed")
    fallback = from_struct_time(feed_date) if feed_date else (now or datetime.now(UTC))
    refs = _thread_refs(content)
    items: list[Item] = []
    bad: list[BadItem] = []
    comment_feeds: list[str] = []
    for entry in parsed.entries:
        try:
            ident = _text(entry.get("id")) or _text(entry.get("link"))
            item = _entry_item(
                entry,
                feed_url=feed_url,
                fallback_date=fallback,
                thread=refs.get(ident),
                post_id=post_id,
            )
        except ItemError as exc:
            bad.append(BadItem(error=str(exc), raw=_jsonable(entry)))
            continue
        except (TypeError, ValueError, AttributeError, OverflowError) as exc:
            bad.append(BadItem(error=f"cannot read feed entry: {exc}", raw=_jsonable(entry)))
            continue
        items.append(item)
        comments = _text(entry.get("wfw_commentrss"))
        if comments and item.kind == "post":
            comment_feeds.append(comments)
    return items, bad, comment_feeds


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


class FeedConnector(HttpConnector):
    channel = "feed"
    label = "Blog or site feed (RSS, Atom, RDF)"
    options = (
        Option("url", "Feed URL", required=True, help="RSS, Atom or RDF; WordPress /feed/ works"),
        Option(
            "comments",
            "Follow comment feeds",
            default="true",
            help="Also read each post's wfw:commentRss feed (WordPress)",
        ),
        Option("max_comment_feeds", "Comment feeds per poll", default="10"),
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
        self.url = str(values["url"])
        self.follow_comments = str(values["comments"]).lower() in ("1", "true", "yes", "on")
        self.max_comment_feeds = int(values["max_comment_feeds"])
        self.client = client or build_client(
            allow_private=allow_private,
            headers={"Accept": _FEED_ACCEPT},
        )

    def _get(self, url: str, validators: dict[str, Any]) -> tuple[bytes | None, dict[str, str]]:
        headers = {}
        if validators.get("etag"):
            headers["If-None-Match"] = str(validators["etag"])
        if validators.get("last_modified"):
            headers["If-Modified-Since"] = str(validators["last_modified"])
        # Streamed, so a hostile or broken server cannot make us hold more than the limit.
        with self.client.stream("GET", url, headers=headers) as response:
            if response.status_code == 304:
                return None, validators
            if response.status_code >= 400:
                response.read()
                check_response(response, what=f"feed {url}")
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > MAX_FEED_BYTES:
                    raise ItemError(f"feed {url} is larger than {MAX_FEED_BYTES} bytes", raw=url)
                chunks.append(chunk)
            fresh: dict[str, str] = {}
            if response.headers.get("etag"):
                fresh["etag"] = response.headers["etag"]
            if response.headers.get("last-modified"):
                fresh["last_modified"] = response.headers["last-modified"]
        return b"".join(chunks), fresh

    def fetch(self, cursor: Cursor | None) -> Page:
        state = dict((cursor or Cursor()).value)
        validators: dict[str, dict[str, Any]] = dict(state.get("validators") or {})
        content, validators[self.url] = self._get(self.url, validators.get(self.url) or {})
        items: list[Item] = []
        bad: list[BadItem] = []
        comment_feeds: list[tuple[str, str]] = list(
            tuple(pair) for pair in state.get("comment_feeds") or []
        )
        if content is not None:
            items, bad, feeds = parse_feed(content, feed_url=self.url)
            posts = {i.raw.get("comments_feed"): i.external_id for i in items if i.kind == "post"}
            comment_feeds = [(url, post) for url, post in posts.items() if url]
            comment_feeds = comment_feeds[: self.max_comment_feeds]
        if self.follow_comments:
            for url, post_id in comment_feeds:
                try:
                    body, validators[url] = self._get(url, validators.get(url) or {})
                except ItemError as exc:
                    bad.append(BadItem(error=str(exc), raw=exc.raw))
                    continue
                if body is None:
                    continue
                try:
                    more, more_bad, _ = parse_feed(body, feed_url=url, post_id=post_id)
                except ItemError as exc:
                    bad.append(BadItem(error=str(exc), raw=exc.raw))
                    continue
                items.extend(more)
                bad.extend(more_bad)
        # Forget validators of comment feeds no longer followed, so the cursor stays small.
        keep = {self.url} | {url for url, _ in comment_feeds}
        validators = {url: v for url, v in validators.items() if url in keep}
        return Page(
            items=items,
            bad=bad,
            cursor=Cursor({"validators": validators, "comment_feeds": comment_feeds}),
        )

    def send(self, reply: OutboundReply) -> ExternalRef:
        raise NotSupported("feeds are read-only: reply on the site itself")

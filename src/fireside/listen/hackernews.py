"""Hacker News: keyword search over stories and comments with the public Algolia HN API.

``GET /api/v1/search_by_date?query=…&tags=(story,comment)`` newest first, with
``numericFilters=created_at_i>=<newest stored>`` (inclusive) so each poll reads only what is
new, paging with ``page`` up to ``nbPages``. No credentials; Algolia allows about 10,000
requests an hour per address. Hacker News has no write API, so `send` raises `NotSupported`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from fireside.listen.base import HttpConnector, Option, option_values
from fireside.listen.dates import from_epoch, parse_datetime
from fireside.listen.errors import ItemError, NotSupported
from fireside.listen.html import html_to_text, sanitize_html
from fireside.listen.http import build_client, parse_json
from fireside.listen.items import (
    AuthorRef,
    BadItem,
    Cursor,
    ExternalRef,
    Item,
    OutboundReply,
    Page,
)

__all__ = ["HackerNewsConnector", "hit_item"]

HITS_PER_PAGE = 100
MAX_PAGES = 5


def hit_item(hit: Mapping[str, Any]) -> Item:
    ident = str(hit["objectID"])
    tags = hit.get("_tags") or []
    is_comment = "comment" in tags or hit.get("comment_text") is not None
    markup = str(hit.get("comment_text") or hit.get("story_text") or "")
    title = str(hit.get("title") or "")
    text = html_to_text(markup)
    if not is_comment:
        text = f"{title}\n\n{text}".strip() if text else title
    created = hit.get("created_at_i")
    author = str(hit.get("author") or "")
    parent = hit.get("parent_id")
    story = hit.get("story_id")
    return Item(
        channel="hackernews",
        external_id=ident,
        text=text,
        html=sanitize_html(markup),
        title=title or str(hit.get("story_title") or ""),
        created_at=from_epoch(float(created)) if created else parse_datetime(hit["created_at"]),
        author=AuthorRef(
            handle=author, profile_url=f"https://news.ycombinator.com/user?id={author}"
        )
        if author
        else None,
        kind="comment" if is_comment else "post",
        url=f"https://news.ycombinator.com/item?id={ident}",
        in_reply_to=str(parent) if is_comment and parent else "",
        thread_root=str(story) if is_comment and story else "",
        likes=int(hit.get("points") or 0),
        replies=int(hit.get("num_comments") or 0),
        raw=dict(hit),
    )


class HackerNewsConnector(HttpConnector):
    channel = "hackernews"
    label = "Hacker News"
    options = (
        Option("query", "Search query", required=True),
        Option("tags", "What to search", default="(story,comment)"),
        Option("api_url", "API URL", default="https://hn.algolia.com/api/v1"),
    )

    def __init__(
        self,
        settings: Mapping[str, Any],
        secrets: Mapping[str, str] | None = None,
        *,
        allow_private: bool | None = None,
        client: httpx.Client | None = None,
    ) -> None:
        v = option_values(self.options, settings, secrets)
        self.query = str(v["query"])
        self.tags = str(v["tags"])
        self.client = client or build_client(
            base_url=str(v["api_url"]).rstrip("/"), allow_private=allow_private
        )

    def fetch(self, cursor: Cursor | None) -> Page:
        """Newest first from the stored ``created_at_i`` (inclusive). When more than
        ``MAX_PAGES`` pages are new, the walk stores how far down it got (``until``) and asks
        for the rest with ``has_more``, so a busy query loses nothing between polls."""
        state = dict((cursor or Cursor()).value)
        since = int(state.get("created_at_i") or 0)
        until = int(state.get("until") or 0)
        newest = int(state.get("pending_newest") or since)
        filters = []
        if since:
            filters.append(f"created_at_i>={since}")
        if until:
            filters.append(f"created_at_i<={until}")
        items: list[Item] = []
        bad: list[BadItem] = []
        oldest: int | None = None
        has_more = False
        for page in range(MAX_PAGES):
            params: dict[str, Any] = {
                "query": self.query,
                "tags": self.tags,
                "hitsPerPage": HITS_PER_PAGE,
                "page": page,
            }
            if filters:
                params["numericFilters"] = ",".join(filters)
            body = parse_json(self.client.get("/search_by_date", params=params))
            hits = body.get("hits") if isinstance(body, dict) else None
            if not isinstance(hits, list):
                raise ItemError("search_by_date answered without hits", raw=body)
            for hit in hits:
                try:
                    item = hit_item(hit)
                except (KeyError, TypeError, ValueError, AttributeError) as exc:
                    bad.append(BadItem(error=f"hackernews hit: {exc!r}", raw=hit))
                    continue
                items.append(item)
                stamp = int(item.created_at.timestamp())
                newest = max(newest, stamp)
                oldest = stamp if oldest is None else min(oldest, stamp)
            pages = int(body.get("nbPages") or 0)
            if not since or not hits or page + 1 >= pages:
                break
        else:
            has_more = oldest is not None
        if has_more:
            state = {"created_at_i": since, "until": oldest, "pending_newest": newest}
        else:
            state = {"created_at_i": newest}
        return Page(items=items, bad=bad, cursor=Cursor(state), has_more=has_more)

    def send(self, reply: OutboundReply) -> ExternalRef:
        raise NotSupported("Hacker News has no API for posting: reply on the site")

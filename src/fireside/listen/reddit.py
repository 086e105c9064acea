"""Reddit: keyword search and the newest posts and comments of chosen subreddits; OAuth replies.

Reads Reddit's listing API (``/search?sort=new``, ``/r/<sub>/new``, ``/r/<sub>/comments``),
through ``oauth.reddit.com`` with a token when credentials are set (a "script" app's client id
and secret plus the account's username and password, or a refresh token), or the public
``www.reddit.com/….json`` endpoints without. Listings are newest first; each remembers the
newest ``created_utc`` it stored and walks ``after`` pages back to it (inclusive), at most
five pages a poll. Rate-limit headers (``X-Ratelimit-Remaining``/``-Reset``) are honoured by the
shared HTTP client.

Replies go to ``POST /api/comment`` with the parent's fullname (``t1_…`` or ``t3_…``); a post
without a parent goes to ``/api/submit`` in the first configured subreddit. Deleted and removed
comments come back as deletions.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

import httpx

from fireside.listen.base import HttpConnector, Option, option_values
from fireside.listen.dates import from_epoch
from fireside.listen.errors import AuthError, ItemError, RateLimited, SourceStopped
from fireside.listen.html import sanitize_html
from fireside.listen.http import build_client, check_response, parse_json
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

__all__ = ["RedditConnector", "thing_item"]

PAGE_LIMIT = 100
MAX_PAGES = 5
GONE = frozenset({"[deleted]", "[removed]"})


def thing_item(thing: Mapping[str, Any]) -> Item:
    """A listing child (``t1`` comment or ``t3`` post) → Item."""
    kind = thing["kind"]
    data = thing["data"]
    author_name = str(data.get("author") or "")
    author = (
        AuthorRef(
            handle=f"u/{author_name}",
            display_name=author_name,
            external_id=str(data.get("author_fullname") or ""),
            profile_url=f"https://www.reddit.com/user/{author_name}",
        )
        if author_name and author_name not in GONE
        else None
    )
    edited = data.get("edited")
    common: dict[str, Any] = {
        "channel": "reddit",
        "external_id": str(data["name"]),
        "created_at": from_epoch(float(data["created_utc"])),
        "author": author,
        "url": f"https://www.reddit.com{data['permalink']}" if data.get("permalink") else "",
        "edited_at": from_epoch(float(edited)) if edited not in (None, False, True) else None,
        "likes": int(data.get("score") or 0),
        "raw": dict(thing),
    }
    if kind == "t1":
        body = str(data.get("body") or "")
        markup = html.unescape(str(data.get("body_html") or ""))
        return Item(
            text="" if body in GONE else body,
            html="" if body in GONE else sanitize_html(markup),
            kind="comment",
            in_reply_to=str(data.get("parent_id") or ""),
            thread_root=str(data.get("link_id") or ""),
            deleted=body in GONE,
            **common,
        )
    if kind == "t3":
        title = str(data.get("title") or "")
        selftext = str(data.get("selftext") or "")
        markup = html.unescape(str(data.get("selftext_html") or ""))
        gone = selftext in GONE
        text = title if gone or not selftext else f"{title}\n\n{selftext}"
        return Item(
            text=text,
            title=title,
            html="" if gone else sanitize_html(markup),
            kind="post",
            replies=int(data.get("num_comments") or 0),
            deleted=gone and author is None,
            **common,
        )
    raise ValueError(f"unexpected listing kind {kind!r}")


class RedditConnector(HttpConnector):
    channel = "reddit"
    label = "Reddit"
    options = (
        Option("query", "Search query"),
        Option("subreddits", "Subreddits", help="comma-separated, without r/"),
        Option("client_id", "App client id", help="a 'script' app from reddit.com/prefs/apps"),
        Option("client_secret", "App secret", secret=True),
        Option("username", "Username"),
        Option("password", "Password", secret=True),
        Option("refresh_token", "Refresh token", secret=True, help="instead of the password"),
        Option("api_url", "API URL", default="https://oauth.reddit.com"),
        Option("public_url", "Public URL", default="https://www.reddit.com"),
        Option("auth_url", "Token URL", default="https://www.reddit.com/api/v1/access_token"),
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
        self.query = str(v["query"] or "").strip()
        self.subreddits = [
            s.strip().removeprefix("r/") for s in str(v["subreddits"] or "").split(",")
        ]
        self.subreddits = [s for s in self.subreddits if s]
        self.client_id = str(v["client_id"] or "")
        self.client_secret = str(v["client_secret"] or "")
        self.username = str(v["username"] or "")
        self.password = str(v["password"] or "")
        self.refresh_token = str(v["refresh_token"] or "")
        self.api_url = str(v["api_url"]).rstrip("/")
        self.public_url = str(v["public_url"]).rstrip("/")
        self.auth_url = str(v["auth_url"])
        self.client = client or build_client(allow_private=allow_private)

    @property
    def has_oauth(self) -> bool:
        return bool(self.client_id and (self.password or self.refresh_token))

    def _access_token(self) -> str:
        """A bearer token, reused across connector instances until shortly before it expires."""
        if not self.has_oauth:
            raise AuthError("Reddit needs an app client id and a password or refresh token")
        key = credentials_key(
            "reddit",
            self.auth_url,
            self.client_id,
            self.client_secret,
            self.username,
            self.password,
            self.refresh_token,
        )
        cached = tokens.get(key)
        if cached is not None:
            return str(cached["access_token"])
        if self.refresh_token:
            data = {"grant_type": "refresh_token", "refresh_token": self.refresh_token}
        else:
            data = {"grant_type": "password", "username": self.username, "password": self.password}
        response = self.client.post(
            self.auth_url, data=data, auth=(self.client_id, self.client_secret)
        )
        body = parse_json(response, what="Reddit token")
        if not isinstance(body, dict) or "access_token" not in body:
            raise AuthError(f"Reddit refused the credentials: {body!r}"[:300])
        tokens.put(key, body, ttl=max(60.0, float(body.get("expires_in", 3600)) - 60))
        return str(body["access_token"])

    def _get(self, path: str, params: dict[str, Any]) -> Any:
        if self.has_oauth:
            url = f"{self.api_url}{path}"
            headers = {"Authorization": f"bearer {self._access_token()}"}
        else:
            url = f"{self.public_url}{path}.json"
            headers = {}
        params = dict(params, raw_json=1)
        return parse_json(self.client.get(url, params=params, headers=headers), what=path)

    def _listings(self) -> list[tuple[str, str, dict[str, Any]]]:
        lines: list[tuple[str, str, dict[str, Any]]] = []
        if self.query:
            lines.append(("search", "/search", {"q": self.query, "sort": "new"}))
        for sub in self.subreddits:
            lines.append((f"r/{sub}/new", f"/r/{quote(sub)}/new", {}))
            lines.append((f"r/{sub}/comments", f"/r/{quote(sub)}/comments", {}))
        if not lines:
            raise SourceStopped("nothing to read: set a search query or subreddits")
        return lines

    def fetch(self, cursor: Cursor | None) -> Page:
        state = dict((cursor or Cursor()).value)
        items: list[Item] = []
        bad: list[BadItem] = []
        for key, path, params in self._listings():
            since = float(state.get(key) or 0)
            newest = since
            after = ""
            for _ in range(MAX_PAGES):
                query = dict(params, limit=PAGE_LIMIT)
                if after:
                    query["after"] = after
                body = self._get(path, query)
                try:
                    children = body["data"]["children"]
                    next_after = str(body["data"].get("after") or "")
                except (KeyError, TypeError) as exc:
                    raise ItemError(f"{path} answered without a listing", raw=body) from exc
                reached = False
                for child in children:
                    try:
                        created = float(child["data"]["created_utc"])
                    except (KeyError, TypeError, ValueError):
                        created = None
                    if created is not None and since and created < since:
                        reached = True
                        continue
                    try:
                        items.append(thing_item(child))
                    except (KeyError, TypeError, ValueError) as exc:
                        bad.append(BadItem(error=f"reddit {key}: {exc!r}", raw=child))
                        continue
                    newest = max(newest, created or 0)
                if reached or not since or not next_after or next_after == after:
                    break
                after = next_after
            state[key] = newest
        return Page(items=items, bad=bad, cursor=Cursor(state))

    def send(self, reply: OutboundReply) -> ExternalRef:
        token = self._access_token()
        headers = {"Authorization": f"bearer {token}"}
        if reply.in_reply_to:
            data = {"api_type": "json", "thing_id": reply.in_reply_to, "text": reply.text}
            path = "/api/comment"
        else:
            if not self.subreddits:
                raise SourceStopped("posting on Reddit needs a subreddit in the source settings")
            title, _, rest = reply.text.partition("\n")
            data = {
                "api_type": "json",
                "kind": "self",
                "sr": self.subreddits[0],
                "title": title[:300],
                "text": rest.strip(),
            }
            path = "/api/submit"
        response = self.client.post(f"{self.api_url}{path}", data=data, headers=headers)
        check_response(response, what=f"Reddit {path}")
        body = response.json().get("json", {})
        errors = body.get("errors") or []
        if errors:
            first = errors[0]
            if first and first[0] == "RATELIMIT":
                raise RateLimited(f"Reddit says: {first[1]}", 60.0)
            raise SourceStopped(f"Reddit refused the reply: {errors}")
        data_out = body.get("data") or {}
        things = data_out.get("things") or []
        if things:
            thing = things[0]["data"]
            return ExternalRef(
                external_id=str(thing["name"]),
                url=f"https://www.reddit.com{thing.get('permalink', '')}",
                raw=things[0],
            )
        return ExternalRef(
            external_id=str(data_out.get("name") or data_out.get("id")),
            url=str(data_out.get("url") or ""),
            raw=data_out,
        )

"""YouTube: the comment threads under a channel's videos (API key); replies with OAuth.

Reads the YouTube Data API v3: ``channels.list`` gives the channel's uploads playlist,
``playlistItems.list`` its newest ``max_videos`` videos (or set ``video_ids`` directly), and
``commentThreads.list?videoId=…&part=snippet,replies&order=time`` their comments and the
replies that come inline (YouTube returns up to five per thread; open the video for more).
Each video remembers the newest ``publishedAt`` it stored and pages with ``pageToken`` back to
it (inclusive). Every call costs quota (1 unit each; a project has 10,000 a day by default):
keep ``max_videos`` small and the poll interval generous.

Replies: ``comments.insert`` with ``snippet.parentId`` = the thread's top-level comment, using an
OAuth access token refreshed from a refresh token (scope ``youtube.force-ssl``). YouTube's
replies are one level deep, so replying to a reply answers in the same thread.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from fireside.listen.base import HttpConnector, Option, option_values
from fireside.listen.dates import parse_datetime
from fireside.listen.errors import AuthError, ItemError, NotSupported, SourceStopped
from fireside.listen.html import html_to_text, sanitize_html
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

__all__ = ["YouTubeConnector", "comment_item"]

MAX_PAGES = 5


def comment_item(comment: Mapping[str, Any], *, total_replies: int = 0) -> Item:
    """A ``youtube#comment`` resource → Item (top-level or reply, by ``snippet.parentId``)."""
    snippet = comment["snippet"]
    ident = str(comment["id"])
    parent = str(snippet.get("parentId") or "")
    video = str(snippet.get("videoId") or "")
    markup = str(snippet.get("textDisplay") or "")
    text = str(snippet.get("textOriginal") or "") or html_to_text(markup)
    published = parse_datetime(snippet["publishedAt"])
    updated_raw = snippet.get("updatedAt")
    updated = parse_datetime(updated_raw) if updated_raw else None
    channel_id = (snippet.get("authorChannelId") or {}).get("value", "")
    name = str(snippet.get("authorDisplayName") or "")
    return Item(
        channel="youtube",
        external_id=ident,
        text=text,
        html=sanitize_html(markup),
        created_at=published,
        edited_at=updated if updated and updated != published else None,
        author=AuthorRef(
            handle=name or channel_id,
            display_name=name,
            external_id=str(channel_id),
            profile_url=str(snippet.get("authorChannelUrl") or ""),
            avatar_url=str(snippet.get("authorProfileImageUrl") or ""),
        )
        if (name or channel_id)
        else None,
        kind="reply" if parent else "comment",
        url=f"https://www.youtube.com/watch?v={video}&lc={ident}" if video else "",
        in_reply_to=parent,
        thread_root=parent,
        likes=int(snippet.get("likeCount") or 0),
        replies=total_replies,
        raw=dict(comment),
    )


class YouTubeConnector(HttpConnector):
    channel = "youtube"
    label = "YouTube comments"
    options = (
        Option("channel_id", "Channel id", help="UC…; its newest videos are read"),
        Option("video_ids", "Video ids", help="comma-separated, instead of a channel"),
        Option("max_videos", "Videos per poll", default="10"),
        Option("api_key", "API key", secret=True, required=True),
        Option("client_id", "OAuth client id", help="for replies"),
        Option("client_secret", "OAuth client secret", secret=True),
        Option("refresh_token", "OAuth refresh token", secret=True),
        Option("api_url", "API URL", default="https://www.googleapis.com/youtube/v3"),
        Option("token_url", "Token URL", default="https://oauth2.googleapis.com/token"),
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
        self.channel_id = str(v["channel_id"] or "")
        self.video_ids = [x.strip() for x in str(v["video_ids"] or "").split(",") if x.strip()]
        self.max_videos = int(v["max_videos"])
        self.api_key = str(v["api_key"])
        self.client_id = str(v["client_id"] or "")
        self.client_secret = str(v["client_secret"] or "")
        self.refresh_token = str(v["refresh_token"] or "")
        self.token_url = str(v["token_url"])
        self.client = client or build_client(
            base_url=str(v["api_url"]).rstrip("/"), allow_private=allow_private
        )

    def _get(self, path: str, **params: Any) -> Any:
        # The key travels in Google's header rather than the query string, so it never shows
        # up in a logged URL.
        response = self.client.get(path, params=params, headers={"X-Goog-Api-Key": self.api_key})
        return parse_json(response, what=f"YouTube {path}")

    def _videos(self) -> list[str]:
        if self.video_ids:
            return self.video_ids
        if not self.channel_id:
            raise SourceStopped("set a channel id or video ids")
        channels = self._get("/channels", part="contentDetails", id=self.channel_id)
        try:
            uploads = channels["items"][0]["contentDetails"]["relatedPlaylists"]["uploads"]
        except (KeyError, IndexError, TypeError) as exc:
            raise SourceStopped(f"YouTube has no channel {self.channel_id!r}") from exc
        listing = self._get(
            "/playlistItems",
            part="contentDetails",
            playlistId=uploads,
            maxResults=min(50, self.max_videos),
        )
        return [
            str(entry["contentDetails"]["videoId"])
            for entry in listing.get("items", [])[: self.max_videos]
        ]

    def fetch(self, cursor: Cursor | None) -> Page:
        state = dict((cursor or Cursor()).value)
        seen: dict[str, str] = dict(state.get("videos") or {})
        items: list[Item] = []
        bad: list[BadItem] = []
        videos = self._videos()
        for video in videos:
            since = seen.get(video, "")
            newest = since
            token = ""
            for _ in range(MAX_PAGES):
                params: dict[str, Any] = {
                    "part": "snippet,replies",
                    "videoId": video,
                    "order": "time",
                    "maxResults": 100,
                    "textFormat": "html",
                }
                if token:
                    params["pageToken"] = token
                body = self._get("/commentThreads", **params)
                threads = body.get("items") if isinstance(body, dict) else None
                if not isinstance(threads, list):
                    raise ItemError("commentThreads answered without items", raw=body)
                reached = False
                for thread in threads:
                    try:
                        top = thread["snippet"]["topLevelComment"]
                        published = str(top["snippet"]["publishedAt"])
                        if since and published < since:
                            reached = True
                        total = int(thread["snippet"].get("totalReplyCount") or 0)
                        items.append(comment_item(top, total_replies=total))
                        newest = max(newest, published)
                        for reply in (thread.get("replies") or {}).get("comments") or []:
                            try:
                                items.append(comment_item(reply))
                            except (KeyError, TypeError, ValueError) as exc:
                                bad.append(BadItem(error=f"youtube reply: {exc!r}", raw=reply))
                    except (KeyError, TypeError, ValueError) as exc:
                        bad.append(BadItem(error=f"youtube thread: {exc!r}", raw=thread))
                next_token = str(body.get("nextPageToken") or "")
                if reached or not since or not next_token or next_token == token:
                    break
                token = next_token
            seen[video] = newest
        # Keep positions only for videos still followed.
        state["videos"] = {v: seen[v] for v in videos if v in seen}
        return Page(items=items, bad=bad, cursor=Cursor(state))

    def _access_token(self) -> str:
        """An OAuth access token from the refresh token, reused until shortly before expiry."""
        if not (self.client_id and self.refresh_token):
            raise AuthError("replying on YouTube needs an OAuth client id and refresh token")
        key = credentials_key(
            "youtube", self.token_url, self.client_id, self.client_secret, self.refresh_token
        )
        cached = tokens.get(key)
        if cached is not None:
            return str(cached["access_token"])
        response = self.client.post(
            self.token_url,
            data={
                "grant_type": "refresh_token",
                "refresh_token": self.refresh_token,
                "client_id": self.client_id,
                "client_secret": self.client_secret,
            },
        )
        if response.status_code in (400, 401):
            raise AuthError(f"Google refused the refresh token: {response.text[:200]}")
        body = parse_json(response, what="Google token")
        tokens.put(key, body, ttl=max(60.0, float(body.get("expires_in", 3600)) - 60))
        return str(body["access_token"])

    def send(self, reply: OutboundReply) -> ExternalRef:
        if not reply.in_reply_to:
            raise NotSupported("a YouTube post is a video: Fireside can only reply to comments")
        # Replies are one level deep: a reply to a reply joins the top-level comment's thread.
        parent = reply.in_reply_to.split(".", 1)[0]
        response = self.client.post(
            "/comments",
            params={"part": "snippet"},
            json={"snippet": {"parentId": parent, "textOriginal": reply.text}},
            headers={"Authorization": f"Bearer {self._access_token()}"},
        )
        check_response(response, what="YouTube comments.insert")
        comment = response.json()
        video = str((reply.parent_raw.get("snippet") or {}).get("videoId") or "")
        url = f"https://www.youtube.com/watch?v={video}&lc={comment['id']}" if video else ""
        return ExternalRef(external_id=str(comment["id"]), url=url, raw=comment)

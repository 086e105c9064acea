"""A Mastodon instance on 127.0.0.1 that answers in the documented payload shapes: enough to
receive a mention and take a reply. It records what it was sent."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from tests.listen.conftest import LocalServer, Received, Reply


def account(n: int, handle: str, name: str, followers: int = 120) -> dict[str, Any]:
    return {
        "id": str(n),
        "username": handle,
        "acct": f"{handle}@mstdn.fi",
        "display_name": name,
        "url": f"https://mstdn.fi/@{handle}",
        "followers_count": followers,
        "following_count": 80,
        "statuses_count": 400,
        "note": "",
        "avatar": "",
        "created_at": "2020-01-01T00:00:00.000Z",
        "bot": False,
        "locked": False,
    }


def status(
    sid: str,
    text: str,
    who: dict[str, Any],
    *,
    reply_to: str | None = None,
    at: datetime | None = None,
) -> dict[str, Any]:
    at = at or datetime.now(UTC)
    return {
        "id": sid,
        "uri": f"https://mstdn.fi/users/{who['username']}/statuses/{sid}",
        "url": f"https://mstdn.fi/@{who['username']}/{sid}",
        "created_at": at.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        "content": f"<p>{text}</p>",
        "in_reply_to_id": reply_to,
        "in_reply_to_account_id": None,
        "visibility": "public",
        "language": "en",
        "replies_count": 0,
        "reblogs_count": 0,
        "favourites_count": 0,
        "edited_at": None,
        "account": who,
        "mentions": [],
        "tags": [],
        "reblog": None,
        "spoiler_text": "",
        "sensitive": False,
        "media_attachments": [],
    }


class FakeMastodon:
    def __init__(self, server: LocalServer) -> None:
        self.server = server
        self.mentions: list[dict[str, Any]] = []
        self.posted: list[dict[str, Any]] = []
        self.fail_posts = 0
        server.route("GET", "/api/v1/notifications", self._notifications)
        server.route("POST", "/api/v1/statuses", self._post)
        server.route(
            "GET",
            "/api/v1/accounts/verify_credentials",
            Reply(200, account(1, "kestrel", "Kestrel Coffee", 4200)),
        )

    @property
    def url(self) -> str:
        return self.server.url

    def mention(self, sid: str, text: str, who: dict[str, Any], **kw: Any) -> None:
        self.mentions.insert(
            0,
            {
                "id": f"n{sid}",
                "type": "mention",
                "created_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
                "account": who,
                "status": status(sid, text, who, **kw),
            },
        )

    def _notifications(self, request: Received) -> Reply:
        since = request.param("since_id") or request.param("min_id")
        items = [n for n in self.mentions if not since or n["id"] > since]
        return Reply(200, items)

    def _post(self, request: Received) -> Reply:
        if self.fail_posts:
            self.fail_posts -= 1
            return Reply(422, {"error": "Validation failed: Text character limit of 500 exceeded"})
        body = request.json() if request.body.startswith(b"{") else request.form()
        self.posted.append(body)
        me = account(1, "kestrel", "Kestrel Coffee", 4200)
        sid = f"9{len(self.posted):04d}"
        return Reply(
            200, status(sid, body.get("status", ""), me, reply_to=body.get("in_reply_to_id"))
        )


__all__ = ["FakeMastodon", "account"]

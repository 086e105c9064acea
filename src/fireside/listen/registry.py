"""Which class speaks for which channel.

Built-ins sit in one flat dict from channel name to dotted path, imported only when used.
Third-party connectors register the same way through the ``fireside.connectors`` entry-point
group (``name = "package.module:ClassName"``); a built-in name cannot be overridden.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from importlib.metadata import entry_points
from typing import Any, cast

from fireside.listen.base import Connector, ConnectorClass

__all__ = ["CONNECTORS", "ENTRY_POINT_GROUP", "available", "build_connector", "connector_class"]

ENTRY_POINT_GROUP = "fireside.connectors"

CONNECTORS: dict[str, str] = {
    "feed": "fireside.listen.feeds:FeedConnector",
    "mastodon": "fireside.listen.mastodon:MastodonConnector",
    "bluesky": "fireside.listen.bluesky:BlueskyConnector",
    "reddit": "fireside.listen.reddit:RedditConnector",
    "hackernews": "fireside.listen.hackernews:HackerNewsConnector",
    "youtube": "fireside.listen.youtube:YouTubeConnector",
    "email": "fireside.listen.email:EmailConnector",
    "webhook": "fireside.listen.webhook:WebhookConnector",
}


def _plugins() -> dict[str, str]:
    found: dict[str, str] = {}
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        if ep.name not in CONNECTORS:
            found[ep.name] = ep.value
    return found


def available() -> dict[str, str]:
    """Every kind that can be configured: built-ins first, then installed plugins."""
    return {**CONNECTORS, **_plugins()}


def connector_class(kind: str) -> ConnectorClass:
    """Import the class for ``kind``. Raises KeyError listing the known kinds."""
    kinds = available()
    try:
        dotted = kinds[kind]
    except KeyError:
        raise KeyError(
            f"no connector for {kind!r}; known kinds: {', '.join(sorted(kinds))}"
        ) from None
    module_name, _, attr = dotted.partition(":")
    module = importlib.import_module(module_name)
    return cast(ConnectorClass, getattr(module, attr))


def build_connector(
    kind: str,
    settings: Mapping[str, Any],
    secrets: Mapping[str, str] | None = None,
    *,
    allow_private: bool | None = None,
) -> Connector:
    return connector_class(kind)(settings, secrets, allow_private=allow_private)

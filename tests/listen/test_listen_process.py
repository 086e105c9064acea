"""The real `fireside listen` process: a one-pass run, and SIGTERM ending the loop cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.listen.conftest import LocalServer, Reply, fixture_json

pytestmark = pytest.mark.slow


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(
        os.environ,
        FIRESIDE_DATA_DIR=str(tmp_path),
        FIRESIDE_ALLOW_PRIVATE_URLS="1",
        FIRESIDE_SECRET_KEY="t" * 50,
    )
    env.pop("DJANGO_SETTINGS_MODULE", None)
    # Its own SQLite file in tmp_path: never the shared database a PostgreSQL run points at.
    env.pop("FIRESIDE_DATABASE_URL", None)
    return env


def _fireside(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "fireside.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_listen_once_then_sigterm_ends_the_loop(tmp_path: Path, server: LocalServer) -> None:
    server.route(
        "GET",
        "/search_by_date",
        Reply(200, fixture_json("hackernews", "search_by_date_page0.json")),
    )
    env = _env(tmp_path)
    assert (
        _fireside(env, "init", "--workspace", "Kestrel", "--password", "pw-123456789").returncode
        == 0
    )
    added = _fireside(
        env,
        "sources",
        "add",
        "hackernews",
        "--name",
        "HN",
        "--option",
        "query=kestrel",
        "--option",
        f"api_url={server.url}",
    )
    assert added.returncode == 0, added.stderr
    once = _fireside(env, "listen", "--once")
    assert once.returncode == 0, once.stderr
    assert "HN (hackernews): 2 new" in once.stdout
    listing = _fireside(env, "sources", "list")
    assert "\thealthy\t" in listing.stdout

    process = subprocess.Popen(
        [sys.executable, "-m", "fireside.cli", "listen", "--tick", "0.2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert "Listening" in line, line + (process.stderr.read() if process.stderr else "")
        time.sleep(0.5)
        process.send_signal(signal.SIGTERM)
        assert process.wait(20) == 0
        rest = process.stdout.read()
        assert "stopping after the unit in hand" in rest
    finally:
        if process.poll() is None:
            process.kill()
        if process.stdout:
            process.stdout.close()
        if process.stderr:
            process.stderr.close()

"""Helpers for browser tests: free ports, a fresh database for a served Fireside, logging in.

The demo gets a database of its own: a fresh SQLite file, or, when FIRESIDE_DATABASE_URL points
at PostgreSQL, a fresh database on that server, dropped afterwards.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import httpx

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@dataclass
class Server:
    url: str
    process: subprocess.Popen[str]
    log: Path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _postgres_database() -> tuple[str, str] | None:
    """A fresh database on the configured PostgreSQL server: (its URL, its name)."""
    url = os.environ.get("FIRESIDE_DATABASE_URL", "")
    if not url.startswith("postgres"):
        return None
    import psycopg

    name = f"fireside_browser_{uuid.uuid4().hex[:8]}"
    admin = urlunparse(urlparse(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunparse(urlparse(url)._replace(path=f"/{name}")), name


def _drop_postgres_database(name: str) -> None:
    import psycopg

    admin = urlunparse(urlparse(os.environ["FIRESIDE_DATABASE_URL"])._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def log_in(page, server: Server, username: str = "ada", password: str = "fireside-demo") -> None:
    page.goto(f"{server.url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")


def start_fireside(args: list[str], *, env: dict[str, str], cwd: Path, timeout: float = 180):
    """Run `fireside ARGS` (it must serve on --port), wait until /health answers, and return
    the Server; fails the test with the server's output if it exits or stays silent."""
    import pytest

    port = _free_port()
    log = cwd / f"fireside-{args[0]}.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "fireside.cli", *args, "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=cwd,
            text=True,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            pytest.fail(f"fireside {args[0]} exited with {process.returncode}:\n{log.read_text()}")
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                return Server(url=url, process=process, log=log)
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"fireside {args[0]} did not answer in time:\n{log.read_text()}")
        time.sleep(0.5)


def stop_fireside(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()

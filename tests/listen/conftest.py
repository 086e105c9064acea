"""A real HTTP server (and a websocket server) on 127.0.0.1 for the connectors to talk to.

The HTTP server starts once per run in a thread; each test gets it with no routes and an empty
request log. A route answers with a list of replies, one per request, repeating the last, so a
test can say "429 with Retry-After, then the page". The server keeps what it received, so reply
tests assert on the real request body.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from websockets.sync.server import ServerConnection, serve

FIXTURES = Path(__file__).parent / "fixtures"

CREDENTIAL_VARIABLES = (
    "REDDIT_CLIENT_ID",
    "REDDIT_CLIENT_SECRET",
    "YOUTUBE_API_KEY",
    "BLUESKY_APP_PASSWORD",
    "MASTODON_ACCESS_TOKEN",
    "SSL_CERT_FILE",
)


def fixture_bytes(channel: str, name: str) -> bytes:
    return (FIXTURES / channel / name).read_bytes()


def fixture_json(channel: str, name: str) -> Any:
    return json.loads(fixture_bytes(channel, name))


@dataclass
class Reply:
    status: int = 200
    body: bytes | str | Any = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0

    def encoded(self) -> tuple[bytes, str]:
        if isinstance(self.body, bytes):
            return self.body, "application/octet-stream"
        if isinstance(self.body, str):
            return self.body.encode(), "text/plain; charset=utf-8"
        return json.dumps(self.body).encode(), "application/json"


@dataclass
class Received:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    def form(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(self.body.decode()).items()}

    def param(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[0] if values else None


Handler = Callable[[Received], Reply]


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that timed out or hung up on purpose (the slow-reply tests) is not news.
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class LocalServer:
    def __init__(self) -> None:
        self.routes: dict[tuple[str, str], list[Reply] | Handler] = {}
        self.received: list[Received] = []
        self.lock = threading.Lock()
        owner = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                parts = urlsplit(self.path)
                request = Received(
                    self.command,
                    parts.path,
                    parse_qs(parts.query, keep_blank_values=True),
                    {k.lower(): v for k, v in self.headers.items()},
                    body,
                )
                reply = owner.answer(request)
                if reply.delay:
                    threading.Event().wait(reply.delay)
                payload, content_type = reply.encoded()
                self.send_response(reply.status)
                headers = {"Content-Type": content_type, **reply.headers}
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                if self.command != "HEAD":
                    # The client may have timed out first, as the slow-reply test wants.
                    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                        self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _serve

        self.httpd = _QuietServer(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def route(self, method: str, path: str, *replies: Reply | Handler) -> None:
        if len(replies) == 1 and callable(replies[0]) and not isinstance(replies[0], Reply):
            self.routes[(method, path)] = replies[0]
        else:
            self.routes[(method, path)] = [r for r in replies if isinstance(r, Reply)]

    def answer(self, request: Received) -> Reply:
        with self.lock:
            self.received.append(request)
            route = self.routes.get((request.method, request.path))
            if route is None:
                return Reply(404, {"error": f"no route for {request.method} {request.path}"})
            if callable(route):
                return route(request)
            return route.pop(0) if len(route) > 1 else route[0]

    def requests_to(self, path: str, method: str | None = None) -> list[Received]:
        return [r for r in self.received if r.path == path and method in (None, r.method)]

    def reset(self) -> None:
        with self.lock:
            self.routes.clear()
            self.received.clear()


@pytest.fixture(scope="session")
def _local_server() -> Iterator[LocalServer]:
    server = LocalServer()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


@pytest.fixture
def server(_local_server: LocalServer) -> Iterator[LocalServer]:
    _local_server.reset()
    yield _local_server
    _local_server.reset()


class WebSocketServer:
    """Serves ``frames`` to every connection, then holds it open until ``hold`` is cleared."""

    def __init__(self) -> None:
        self.frames: list[str | bytes] = []
        self.paths: list[str] = []
        self.headers: list[dict[str, str]] = []
        self.close_after = True
        self.sent = threading.Event()

        def handler(connection: ServerConnection) -> None:
            assert connection.request is not None
            self.paths.append(connection.request.path)
            self.headers.append({k.lower(): v for k, v in connection.request.headers.raw_items()})
            for frame in list(self.frames):
                connection.send(frame)
            self.sent.set()
            if self.close_after:
                connection.close()
            else:
                try:
                    for _ in connection:
                        pass
                except Exception:  # noqa: BLE001 - the client went away
                    pass

        self.server = serve(handler, "127.0.0.1", 0)
        self.port = self.server.socket.getsockname()[1]
        self.url = f"ws://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()


@pytest.fixture
def ws_server() -> Iterator[WebSocketServer]:
    server = WebSocketServer()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _listen_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # The local servers live on 127.0.0.1, which the SSRF guard refuses by default.
    monkeypatch.setenv("FIRESIDE_ALLOW_PRIVATE_URLS", "1")
    from django.conf import settings

    if settings.configured:
        monkeypatch.setattr(settings, "ALLOW_PRIVATE_URLS", True, raising=False)
    for name in CREDENTIAL_VARIABLES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(autouse=True)
def _forget_tokens() -> Iterator[None]:
    """Each test logs in afresh: the process-wide token cache must not carry a session over."""
    from fireside.listen.tokens import tokens

    tokens.clear()
    yield
    tokens.clear()


@pytest.fixture(autouse=True)
def _close_http_clients(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Close every httpx client a test built, so pooled sockets never reach the GC (warnings
    are errors here). Connectors are closed by the runner in production."""
    import httpx

    clients: list[httpx.Client] = []
    original = httpx.Client.__init__

    def tracking_init(self: httpx.Client, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        clients.append(self)

    monkeypatch.setattr(httpx.Client, "__init__", tracking_init)
    yield
    for client in clients:
        client.close()


@pytest.fixture
def no_sleep(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Record the waits the HTTP client asks for instead of sleeping through them."""
    waits: list[float] = []
    monkeypatch.setattr("fireside.listen.http._pause", waits.append)
    return waits

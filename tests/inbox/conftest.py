from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.inbox.fake_mastodon import FakeMastodon
from tests.listen.conftest import LocalServer


@pytest.fixture
def mastodon(monkeypatch: pytest.MonkeyPatch, settings) -> Iterator[FakeMastodon]:
    # The fake instance lives on 127.0.0.1, which the SSRF guard refuses by default.
    monkeypatch.setenv("FIRESIDE_ALLOW_PRIVATE_URLS", "1")
    settings.ALLOW_PRIVATE_URLS = True
    server = LocalServer()
    yield FakeMastodon(server)
    server.httpd.shutdown()
    server.httpd.server_close()

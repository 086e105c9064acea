"""Shared fixtures: the cast (Ada, Ben, Cleo) and a clean environment for every test."""

from __future__ import annotations

import pytest

from tests.factories import Cast, make_cast

PROXY_VARIABLES = (
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
    "http_proxy",
    "https_proxy",
    "all_proxy",
    "NO_PROXY",
    "no_proxy",
)


@pytest.fixture(autouse=True)
def _no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests talk to servers on 127.0.0.1; a proxy from the environment must not intercept them.
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    # Argon2 is deliberately slow; four accounts per test would dominate the suite's time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def cast(db) -> Cast:
    return make_cast()

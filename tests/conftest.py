"""Shared fixtures: the cast (Ada, Ben, Cleo) and a clean environment for every test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    Server,
    _drop_postgres_database,
    _postgres_database,
    start_fireside,
    stop_fireside,
)
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


# --- browser tests: one Playwright and one Chromium for the whole run --------------------------
# (Two sync Playwright instances cannot run in one process, so every browser test, whichever
# folder it lives in, takes these fixtures from here rather than importing its own.)


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`fireside demo` as a real subprocess on a free port, on a database of its own."""
    data_dir = tmp_path_factory.mktemp("demo")
    env = {k: v for k, v in os.environ.items() if not k.startswith("FIRESIDE_")}
    env |= {"FIRESIDE_DATA_DIR": str(data_dir), "FIRESIDE_ALLOWED_HOSTS": "127.0.0.1,localhost"}
    postgres = _postgres_database()
    if postgres:
        env["FIRESIDE_DATABASE_URL"] = postgres[0]
    server = start_fireside(["demo", "--customers", "60"], env=env, cwd=data_dir)
    yield server
    stop_fireside(server)
    if postgres:
        _drop_postgres_database(postgres[1])


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (make chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser) -> Iterator[object]:
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()

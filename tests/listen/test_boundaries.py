"""The listen package's boundaries: connectors import no Django, and __all__ tells the truth."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

CONNECTOR_MODULES = [
    "fireside.listen.base",
    "fireside.listen.errors",
    "fireside.listen.http",
    "fireside.listen.registry",
    "fireside.listen.items",
    "fireside.listen.dates",
    "fireside.listen.html",
    "fireside.listen.jsonl",
    "fireside.listen.feeds",
    "fireside.listen.mastodon",
    "fireside.listen.bluesky",
    "fireside.listen.reddit",
    "fireside.listen.hackernews",
    "fireside.listen.youtube",
    "fireside.listen.email",
    "fireside.listen.webhook",
    "fireside.listen.archives",
    "fireside.listen.tokens",
]


def test_connector_modules_load_without_django() -> None:
    code = (
        "import sys\n"
        f"for name in {CONNECTOR_MODULES!r}:\n"
        "    __import__(name)\n"
        "loaded = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "assert not loaded, loaded\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize("name", [m for m in CONNECTOR_MODULES if m != "fireside.listen.items"])
def test_each_module_exports_what_it_says(name: str) -> None:
    module = importlib.import_module(name)
    exported = getattr(module, "__all__", None)
    if exported is None:
        return
    missing = [symbol for symbol in exported if not hasattr(module, symbol)]
    assert missing == []


@pytest.mark.parametrize("name", ["fireside.listen.services", "fireside.listen.runner"])
def test_the_django_side_exports_what_it_says(name: str, db: None) -> None:
    module = importlib.import_module(name)
    assert [symbol for symbol in module.__all__ if not hasattr(module, symbol)] == []

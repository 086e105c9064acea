"""Fireside's configuration: every `FIRESIDE_` variable, read through three helpers.

Each variable has one line in `SETTINGS`; docs/configuration.md is generated from it and a test
fails when a variable is read but not listed there.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

SETTINGS: dict[str, str] = {
    "FIRESIDE_DATA_DIR": "Folder for the SQLite database, the generated secret key and uploads "
    "(default: ./var).",
    "FIRESIDE_DATABASE_URL": "postgres://user@host:5432/name switches to PostgreSQL; "
    "sqlite:///path/to/file.sqlite3 picks a SQLite file. Default: SQLite in the data dir.",
    "FIRESIDE_SECRET_KEY": "Signs sessions and derives the key that encrypts source secrets. "
    "Also read from FIRESIDE_SECRET_KEY_FILE. Default: generated once into the data dir.",
    "FIRESIDE_DEBUG": "true shows Django's debug pages and tracebacks. Never in production.",
    "FIRESIDE_ALLOWED_HOSTS": "Comma-separated host names the web UI answers to "
    "(default: localhost,127.0.0.1).",
    "FIRESIDE_HTTPS": "true when served behind HTTPS: secure cookies, HSTS, HTTPS redirects.",
    "FIRESIDE_ALLOW_PRIVATE_URLS": "true lets sources fetch private, loopback and link-local "
    "addresses (intranet feeds, tests). Off by default against SSRF.",
    "FIRESIDE_BRAND_TERMS": "Comma-separated brand names and handles; messages naming them "
    "count as addressed to the brand when prioritising.",
    "FIRESIDE_WORKERS": "Background worker threads started by `fireside serve` (default 1; "
    "0 to run `fireside worker` separately).",
}


class ConfigError(ValueError):
    """A FIRESIDE_ variable holds a value Fireside cannot use."""


def _check_known(name: str) -> None:
    if name not in SETTINGS and not name.endswith("_FILE"):
        raise KeyError(f"{name} is not documented in fireside.web.config.SETTINGS")


def env_bool(name: str, default: bool = False) -> bool:
    """Strict: only true/false (and 1/0, yes/no) are accepted; anything else names the variable."""
    _check_known(name)
    raw = os.environ.get(name, "").strip().lower()
    if raw == "":
        return default
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name}={raw!r} is not a boolean; use true or false.")


def env_int(name: str, default: int) -> int:
    _check_known(name)
    raw = os.environ.get(name, "").strip()
    if raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not an integer.") from None


def env_str(name: str, default: str = "") -> str:
    _check_known(name)
    return os.environ.get(name, default).strip()


def env_secret(name: str, *, fallback_file: Path) -> str:
    """The secret from NAME, or the file NAME_FILE names, or one generated once into a file."""
    _check_known(name)
    if os.environ.get(name):
        return os.environ[name]
    if os.environ.get(f"{name}_FILE"):
        return Path(os.environ[f"{name}_FILE"]).read_text().strip()
    if fallback_file.exists():
        return fallback_file.read_text().strip()
    fallback_file.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(50)
    # O_EXCL: two processes starting at once must agree on one key.
    try:
        fd = os.open(fallback_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return fallback_file.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(value)
    return value


def settings_markdown() -> str:
    """docs/configuration.md, generated: `python -m fireside.web.config > docs/configuration.md`."""
    lines = [
        "# Configuration",
        "",
        "Fireside reads its configuration from `FIRESIDE_` environment variables. With none set,",
        "it runs on SQLite in `./var` (this page is generated from `fireside/web/config.py`).",
        "",
        "| variable | meaning |",
        "|---|---|",
    ]
    lines += [f"| `{name}` | {text} |" for name, text in SETTINGS.items()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(settings_markdown(), end="")

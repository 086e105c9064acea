"""The `fireside` command: one name for Fireside's own commands and Django's management ones.

`analyze` and `train` run without Django (they are pure `fireside.understand`); everything else
is a Django management command in the room that owns it. Errors end as one line, not a traceback
(set FIRESIDE_DEBUG=true to see the traceback).
"""

from __future__ import annotations

import os
import sys
from importlib import import_module

PURE: dict[str, tuple[str, str]] = {
    "analyze": ("fireside.understand.cli:analyze_main", "analyse messages: JSONL in, JSONL out"),
    "train": ("fireside.understand.cli:train_main", "rebuild the shipped model artifacts"),
    "audit": (
        "fireside.understand.authenticity:main",
        "score accounts as fake or bought followers, with reasons: JSONL in, JSONL out",
    ),
    "cascades": (
        "fireside.understand.cascades:main",
        "size, depth, breadth and structural virality of cascades: CSV in, JSONL out",
    ),
}

COMMANDS: dict[str, str] = {
    "init": "create the database, the first workspace and an owner account",
    "serve": "run the web UI and the background worker in one process",
    "demo": "build a fresh demo database and serve it",
    "createuser": "add a user to a workspace with a role",
    "import": "import messages from a JSONL file (or an archive with --kind)",
    "export": "export every message with its thread links and analysis (jsonl or csv)",
    "sources": "add, list, test, pause and resume listening sources",
    "listen": "run every source: continuously, or one pass with --once",
    "db_worker": "run background tasks (when not using the worker inside `serve`)",
    "migrate": "apply database migrations",
}

USAGE = """usage: fireside COMMAND [options]

Fireside: a self-hosted social listening and engagement hub.

commands:
{commands}

Django's other management commands work too (e.g. `fireside check`, `fireside shell`).
`fireside COMMAND --help` describes one command.
"""


def _usage() -> str:
    rows = {**{k: v for k, (_, v) in PURE.items()}, **COMMANDS}
    width = max(map(len, rows))
    return USAGE.format(
        commands="\n".join(f"  {name.ljust(width)}  {text}" for name, text in sorted(rows.items()))
    )


def _debug() -> bool:
    return os.environ.get("FIRESIDE_DEBUG", "").lower() in {"1", "true", "yes", "on"}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(_usage())
        return 0
    if argv[0] == "--version":
        import fireside

        print(f"fireside {fireside.__version__}")
        return 0
    name, rest = argv[0], argv[1:]
    try:
        if name in PURE:
            module, func = PURE[name][0].split(":")
            return int(getattr(import_module(module), func)(rest) or 0)
        return _django(name, rest)
    except KeyboardInterrupt:
        return 130
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except Exception as exc:
        if _debug():
            raise
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        print(f"fireside {name}: error: {message}", file=sys.stderr)
        return 1


def _django(name: str, rest: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fireside.web.settings")
    if name == "demo":
        _point_at_demo_database(rest)
    import django
    from django.core.management import ManagementUtility

    django.setup()
    utility = ManagementUtility(["fireside", name, *rest])
    utility.execute()
    return 0


def _point_at_demo_database(rest: list[str]) -> None:
    """`fireside demo` builds a fresh SQLite file of its own unless a database URL is given."""
    if os.environ.get("FIRESIDE_DATABASE_URL"):
        return
    from pathlib import Path

    data_dir = Path(os.environ.get("FIRESIDE_DATA_DIR", "var")).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    database = data_dir / "demo.sqlite3"
    if "--help" not in rest and "-h" not in rest and "--keep" not in rest:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
    os.environ["FIRESIDE_DATABASE_URL"] = f"sqlite:///{database}"


if __name__ == "__main__":
    sys.exit(main())

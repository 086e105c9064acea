"""Ingest throughput: Items in (as a connector hands them over), threaded conversations out.

Batches of 200 items (a third of them replies to the previous one, 300 distinct authors) go
through `ingest_items` into a fresh SQLite database, first without analysis, then with the
understand pipeline. Reports items stored per second.

    .venv/bin/python benchmarks/inbox/bench_ingest.py [--items 2000]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=2000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="fireside-ingest-"))
    os.environ["FIRESIDE_DATABASE_URL"] = f"sqlite:///{folder / 'db.sqlite3'}"
    os.environ.setdefault("FIRESIDE_DATA_DIR", str(folder))
    os.environ["DJANGO_SETTINGS_MODULE"] = "fireside.web.settings"
    import django

    django.setup()
    from django.core.management import call_command

    from fireside.inbox.services import ingest_items
    from fireside.listen.items import AuthorRef, Item
    from fireside.web.setup import get_or_create_workspace

    call_command("migrate", verbosity=0)
    workspace, _ = get_or_create_workspace("Bench")
    start = datetime(2026, 1, 1, tzinfo=UTC)
    texts = [
        "my order {} never arrived, help @kestrel",
        "love the new roast! #{}",
        "does the grinder {} ship to Oulu?",
        "kahvi {} oli loistavaa, kiitos",
    ]
    items = [
        Item(
            channel="bluesky",
            external_id=str(i),
            text=texts[i % 4].format(i),
            created_at=start + timedelta(seconds=i),
            author=AuthorRef(handle=f"u{i % 300}"),
            in_reply_to=str(i - 1) if i % 3 else "",
        )
        for i in range(args.items)
    ]
    half = len(items) // 2
    for analyze, batch in ((False, items[:half]), (True, items[half:])):
        t = time.perf_counter()
        for k in range(0, len(batch), 200):
            ingest_items(workspace, batch[k : k + 200], analyze=analyze)
        rate = len(batch) / (time.perf_counter() - t)
        print(f"{'with analysis' if analyze else 'without analysis':18} {rate:,.0f} items/s")


if __name__ == "__main__":
    main()

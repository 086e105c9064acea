from __future__ import annotations

import contextlib
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fireside.inbox.services import ingest_items
from fireside.listen.items import BadItem, Item
from fireside.listen.jsonl import read_jsonl
from fireside.web.setup import SetupError, resolve_workspace

BATCH = 500


class Command(BaseCommand):
    help = (
        "Import messages from a JSONL file in the `fireside analyze` input shape (or '-' for "
        "standard input), or an export archive with --kind. Idempotent: importing twice adds "
        "nothing. Bad lines are reported with their line number and skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument(
            "--kind",
            default="jsonl",
            help="jsonl (default), or an archive kind: twitter, facebook, linkedin, csv",
        )
        parser.add_argument("--workspace", default=None, help="workspace slug (default: first)")
        parser.add_argument(
            "--channel", default="import", help="channel for records that name none"
        )
        parser.add_argument("--no-analyze", action="store_true")

    def handle(self, *args, **options):
        try:
            workspace = resolve_workspace(options["workspace"])
        except SetupError as exc:
            raise CommandError(str(exc)) from None
        with contextlib.ExitStack() as stack:
            self._import(workspace, self._records(options, stack), options)

    def _import(self, workspace, records, options) -> None:
        created = updated = bad = 0
        batch: list[Item] = []

        def flush() -> None:
            nonlocal created, updated
            result = ingest_items(workspace, batch, analyze=not options["no_analyze"])
            created += result.created_count
            updated += result.updated
            batch.clear()

        for number, record in records:
            if isinstance(record, BadItem):
                bad += 1
                self.stderr.write(f"{options['path']}:{number}: {record.error}")
                continue
            batch.append(record)
            if len(batch) >= BATCH:
                flush()
        if batch:
            flush()
        self.stdout.write(f"Imported {created} new, updated {updated}, skipped {bad} bad.")
        if bad:
            raise CommandError(f"{bad} record(s) could not be imported; see the lines above")

    def _records(self, options, stack: contextlib.ExitStack):
        path, kind = options["path"], options["kind"]
        if kind == "jsonl":
            if path == "-":
                return read_jsonl(sys.stdin, default_channel=options["channel"])
            file = Path(path)
            if not file.is_file():
                raise CommandError(f"no such file: {path}")
            handle = stack.enter_context(file.open("rb"))
            return read_jsonl(handle, default_channel=options["channel"])
        try:
            from fireside.listen.archives import parse_archive
        except ImportError:
            raise CommandError(f"archive kind {kind!r} is not available in this build") from None
        return enumerate(parse_archive(kind, Path(path)), start=1)

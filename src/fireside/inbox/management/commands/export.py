from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from fireside.inbox.exporting import write_csv, write_jsonl
from fireside.web.setup import SetupError, resolve_workspace


class Command(BaseCommand):
    help = (
        "Export every message with its external id, thread links (in-reply-to, conversation), "
        "author and analysis, as JSONL or CSV, to standard output or a file."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
        parser.add_argument("-o", "--output", default="-")
        parser.add_argument("--workspace", default=None)

    def handle(self, *args, **options):
        try:
            workspace = resolve_workspace(options["workspace"])
        except SetupError as exc:
            raise CommandError(str(exc)) from None
        writer = write_jsonl if options["format"] == "jsonl" else write_csv
        if options["output"] == "-":
            count = writer(workspace, self.stdout)
        else:
            newline = "" if options["format"] == "csv" else None
            with open(options["output"], "w", encoding="utf-8", newline=newline) as out:
                count = writer(workspace, out)
        self.stderr.write(f"Exported {count} messages.")

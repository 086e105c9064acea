"""`fireside listen [--once]`: run every source (streams held open, polls on their intervals)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from fireside.listen.runner import Listener


class Command(BaseCommand):
    help = (
        "Run every listening source: continuously (streams held open, polls on their "
        "intervals; SIGTERM finishes the unit in hand), or one pass with --once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="one pass over every source")
        parser.add_argument("--no-streams", action="store_true", help="poll only")
        parser.add_argument("--tick", type=float, default=1.0, help=argparse_help_tick())

    def handle(self, *args, **options):
        listener = Listener(
            stdout=self.stdout, tick=options["tick"], streams=not options["no_streams"]
        )
        if options["once"]:
            results = listener.run_all_once()
            failed = sum(1 for _, r in results if r.error)
            self.stdout.write(f"{len(results)} source(s) run, {failed} failed.")
            if failed:
                # Scripts and cron see the failure; every other source still ran.
                raise CommandError(f"{failed} source(s) failed; see `fireside sources list`")
            return
        listener.install_signal_handlers()
        self.stdout.write("Listening. Ctrl-C or SIGTERM stops after the unit in hand.")
        listener.run_forever()


def argparse_help_tick() -> str:
    return "seconds to sleep when nothing is due (default 1)"

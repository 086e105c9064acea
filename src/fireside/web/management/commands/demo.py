from __future__ import annotations

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from fireside.web.management.commands.serve import serve, start_housekeeping, start_workers


class Command(BaseCommand):
    help = (
        "Build a fresh demo database (one brand, a few hundred customers, weeks of history across "
        "six channels) and serve it. Prints the URL and the login."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--customers", type=int, default=300)
        parser.add_argument("--no-serve", action="store_true", help="build the data and exit")
        parser.add_argument("--keep", action="store_true", help="reuse an existing demo database")

    def handle(self, *args, **options):
        from fireside.demo.seed import DEMO_PASSWORD, seed_demo

        call_command("migrate", interactive=False, verbosity=0)
        summary = seed_demo(seed=options["seed"], customers=options["customers"])
        self.stdout.write(summary)
        url = f"http://{options['host']}:{options['port']}/"
        self.stdout.write(
            f"\nFireside demo: {url}\nLog in as  ada / {DEMO_PASSWORD}  (owner)"
            f"  or  ben / {DEMO_PASSWORD}  (agent)"
        )
        self.stdout.flush()
        if options["no_serve"]:
            return
        start_workers(settings.WORKER_THREADS)
        start_housekeeping()
        serve(options["host"], options["port"])

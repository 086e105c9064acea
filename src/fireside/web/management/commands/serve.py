from __future__ import annotations

import logging
import threading
import uuid

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

log = logging.getLogger(__name__)


def start_workers(count: int) -> list[threading.Thread]:
    """Background task workers as daemon threads: the embedded default needs no broker."""
    from django_tasks_db.management.commands.db_worker import Worker

    threads = []
    for n in range(count):
        worker = Worker(
            queue_names=["*"],
            interval=1.0,
            batch=False,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=f"serve-{uuid.uuid4().hex[:8]}-{n}",
            excluded_queue_names=[],
        )
        thread = threading.Thread(target=worker.run, name=f"fireside-worker-{n}", daemon=True)
        thread.start()
        threads.append(thread)
    return threads


def start_housekeeping(interval: float = 60.0) -> threading.Thread:
    """Every minute: record SLA breaches, so metrics do not wait for someone to open a page, and
    analyse messages still without analysis (edited upstream, or a failed batch)."""
    from django.db import close_old_connections

    from fireside.inbox.analysis import analyze_pending
    from fireside.inbox.services.sla import record_breaches
    from fireside.web.models import Workspace

    def loop() -> None:
        while True:
            close_old_connections()
            try:
                for workspace in Workspace.objects.all():
                    record_breaches(workspace)
                    analyze_pending(workspace)
            except Exception:  # noqa: BLE001 - housekeeping must outlive a bad minute
                log.exception("housekeeping failed")
            threading.Event().wait(interval)

    thread = threading.Thread(target=loop, name="fireside-housekeeping", daemon=True)
    thread.start()
    return thread


def serve(host: str, port: int, *, threads: int = 8) -> None:
    from waitress import serve as waitress_serve

    from fireside.web.wsgi import application

    waitress_serve(application, host=host, port=port, threads=threads, ident="Fireside")


class Command(BaseCommand):
    help = "Serve the web UI (waitress) with the background worker in the same process."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument("--no-migrate", action="store_true")

    def handle(self, *args, **options):
        if not options["no_migrate"]:
            call_command("migrate", interactive=False, verbosity=0)
        start_workers(settings.WORKER_THREADS)
        start_housekeeping()
        self.stdout.write(f"Fireside is serving on http://{options['host']}:{options['port']}/")
        self.stdout.flush()
        serve(options["host"], options["port"], threads=options["threads"])

"""The loop behind `fireside listen`: polls sources on their intervals, holds streams open.

The loop is a few methods, each doing one unit of work and saying whether it found any
(STYLE §3); tests call them directly:

- `Listener.run_due_once` claims one due source (a conditional UPDATE, so several listeners can
  share a database) and runs it;
- `Listener.run_all_once` runs every active source once (``--once``);
- `Listener.ensure_streams` starts a thread for each streaming source that has none, and
  `StreamWorker.run` keeps one stream open, storing each page as it comes and reconnecting
  with backoff from the last stored cursor.

On SIGTERM or SIGINT the stop event is set: the unit in hand finishes (a fetch being stored is
stored), streams flush their last batch, and the process exits.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable
from types import FrameType
from typing import TextIO

from django.db import close_old_connections, connection

from fireside.listen.base import StreamingConnector
from fireside.listen.errors import AuthError, RateLimited, SourceStopped
from fireside.listen.items import Cursor
from fireside.listen.models import Source
from fireside.listen.services import (
    PUSH_ONLY_KINDS,
    RunResult,
    build_connector_for,
    claim_due_source,
    close_connector,
    record_failure,
    record_success,
    run_source_once,
    store_page,
    streams_enabled,
)

log = logging.getLogger(__name__)

__all__ = ["Listener", "StreamWorker"]


class StreamWorker:
    """Holds one source's stream open in a thread until ``stop`` is set."""

    def __init__(self, source_id: int, stop: threading.Event, *, max_backoff: float = 300.0):
        self.source_id = source_id
        self.stop = stop
        self.max_backoff = max_backoff
        self.stored = 0
        self.thread = threading.Thread(
            target=self.run, name=f"fireside-stream-{source_id}", daemon=True
        )

    def run_one_connection(self) -> bool:
        """Connect once and store pages until the stream ends; True if it stored anything."""
        source = Source.objects.select_related("workspace").get(pk=self.source_id)
        if source.paused:
            self.stop.wait(5.0)
            return False
        connector = build_connector_for(source)
        if not isinstance(connector, StreamingConnector):
            close_connector(connector)
            raise SourceStopped(f"{source.kind} sources cannot stream")
        found = False
        try:
            cursor = Cursor(dict(source.cursor)) if source.cursor else None
            checked = time.monotonic()
            for page in connector.stream(cursor, self.stop):
                stored = store_page(source, page)
                self.stored += len(page.items)
                found = found or bool(page.items)
                if stored.created or stored.updated:
                    record_success(source)
                # Pages come at least every few seconds, so pausing a source closes its
                # stream soon after, without a query per event.
                if time.monotonic() - checked >= 5.0:
                    checked = time.monotonic()
                    if Source.objects.filter(pk=source.pk, paused=True).exists():
                        break
        finally:
            close_connector(connector)
        return found

    def run(self) -> None:
        failures = 0
        try:
            while not self.stop.is_set():
                try:
                    self.run_one_connection()
                    failures = 0
                except Exception as exc:  # noqa: BLE001 - a stream failure parks only this source
                    failures += 1
                    wait = min(self.max_backoff, 2.0 ** min(failures, 8))
                    if isinstance(exc, RateLimited):
                        wait = max(wait, exc.retry_after)
                    if isinstance(exc, AuthError):
                        wait = self.max_backoff
                    log.warning(
                        "stream %s failed (%s); retrying in %.0fs", self.source_id, exc, wait
                    )
                    try:
                        source = Source.objects.get(pk=self.source_id)
                        record_failure(source, exc)
                    except Source.DoesNotExist:
                        return
                    self.stop.wait(wait)
        finally:
            close_old_connections()
            connection.close()


class Listener:
    def __init__(
        self,
        *,
        stdout: TextIO | None = None,
        stop: threading.Event | None = None,
        tick: float = 1.0,
        streams: bool = True,
    ) -> None:
        self.stop = stop or threading.Event()
        self.stdout = stdout
        self.tick = tick
        self.streams_on = streams
        self.streams: dict[int, StreamWorker] = {}

    def say(self, line: str) -> None:
        if self.stdout is not None:
            self.stdout.write(line + "\n")
            self.stdout.flush()

    def report(self, source: Source, result: RunResult) -> None:
        if result.error:
            self.say(f"{source.name} ({source.kind}): failed: {result.error}")
        else:
            self.say(
                f"{source.name} ({source.kind}): {result.created} new, {result.updated} updated,"
                f" {result.quarantined} quarantined"
            )

    # --- units of work ---------------------------------------------------------------------

    def run_due_once(self) -> bool:
        """Run the next due source, if any. Returns whether there was one."""
        source = claim_due_source()
        if source is None:
            return False
        self.report(source, run_source_once(source))
        return True

    def run_all_once(self) -> list[tuple[Source, RunResult]]:
        """One pass over every active polled source, each in turn, whatever the others do."""
        results = []
        sources = (
            Source.objects.filter(paused=False)
            .exclude(kind__in=PUSH_ONLY_KINDS)
            .select_related("workspace")
            .order_by("pk")
        )
        for source in sources:
            if self.stop.is_set():
                break
            result = run_source_once(source)
            self.report(source, result)
            results.append((source, result))
        return results

    def ensure_streams(self) -> int:
        """Start a stream thread for each streaming source that has none; returns how many."""
        if not self.streams_on:
            return 0
        started = 0
        for source in Source.objects.filter(paused=False).exclude(kind__in=PUSH_ONLY_KINDS):
            worker = self.streams.get(source.pk)
            if not streams_enabled(source) or (worker and worker.thread.is_alive()):
                continue
            worker = StreamWorker(source.pk, self.stop)
            self.streams[source.pk] = worker
            worker.thread.start()
            self.say(f"{source.name} ({source.kind}): stream opened")
            started += 1
        return started

    # --- the loop --------------------------------------------------------------------------

    def install_signal_handlers(self) -> None:
        def stop(signum: int, frame: FrameType | None) -> None:
            self.say("stopping after the unit in hand…")
            self.stop.set()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)

    def run_forever(self, *, clock: Callable[[], float] = time.monotonic) -> None:
        last_stream_check = -1e9
        while not self.stop.is_set():
            if clock() - last_stream_check >= 10.0:
                self.ensure_streams()
                last_stream_check = clock()
            found = self.run_due_once()
            close_old_connections()
            if not found:
                self.stop.wait(self.tick)
        self.shutdown()

    def shutdown(self, timeout: float = 10.0) -> None:
        self.stop.set()
        for worker in self.streams.values():
            worker.thread.join(timeout)

"""Running sources: fetch, store (items before cursor), quarantine, and keep their health."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import httpx
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from fireside.listen.base import Connector
from fireside.listen.errors import ItemError, ListenError, RateLimited
from fireside.listen.items import BadItem, Cursor, Item, Page
from fireside.listen.models import Quarantine, Source
from fireside.listen.services.sources import build_connector_for, close_connector, scrub

log = logging.getLogger(__name__)

PUSH_ONLY_KINDS = frozenset({"webhook"})
MAX_PAGES_PER_RUN = 10
MAX_BACKOFF = timedelta(hours=1)
# A claimed source is skipped by other listeners for this long; the run sets the real next time.
CLAIM_LEASE = timedelta(minutes=10)
MAX_PAYLOAD = 200_000


@dataclass
class RunResult:
    """What one run of one source did. ``error`` is empty when it succeeded."""

    created: int = 0
    updated: int = 0
    quarantined: int = 0
    pages: int = 0
    error: str = ""
    items: list[Item] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.error


def _payload(raw: Any) -> str:
    if isinstance(raw, str):
        text = raw
    elif isinstance(raw, bytes):
        text = raw.decode("utf-8", "replace")
    else:
        try:
            text = json.dumps(raw, ensure_ascii=False, default=str)
        except (TypeError, ValueError):
            text = repr(raw)
    return text[:MAX_PAYLOAD]


def quarantine(source: Source, bad: Iterable[BadItem]) -> int:
    rows = [
        Quarantine(
            workspace_id=source.workspace_id,
            source=source,
            channel=source.kind,
            error=scrub(b.error, source),
            payload=_payload(b.raw),
        )
        for b in bad
    ]
    Quarantine.objects.bulk_create(rows)
    return len(rows)


def store_page(source: Source, page: Page, *, analyze: bool = True) -> RunResult:
    """Store a page's items, quarantine its bad payloads, then move the cursor.

    In that order: the cursor moves only after its items are stored, so a crash in between
    repeats the page (absorbed by the idempotent ingest) and never skips it.
    """
    from fireside.inbox.services import ingest_items

    result = RunResult(pages=1, items=list(page.items))
    if page.items:
        ingested = ingest_items(source.workspace, page.items, source=source, analyze=analyze)
        result.created, result.updated = ingested.created_count, ingested.updated
    if page.bad:
        result.quarantined = quarantine(source, page.bad)
    if page.cursor.value != source.cursor and (page.cursor.value or not source.cursor):
        Source.objects.filter(pk=source.pk).update(cursor=page.cursor.value)
        source.cursor = page.cursor.value
    return result


# --- health ----------------------------------------------------------------------------------


def record_success(source: Source, *, now: datetime | None = None) -> None:
    now = now or timezone.now()
    fields = {
        "last_run_at": now,
        "last_success_at": now,
        "last_error": "",
        "consecutive_failures": 0,
        "next_run_at": now + timedelta(seconds=source.poll_interval_s),
    }
    Source.objects.filter(pk=source.pk).update(**fields)
    for key, value in fields.items():
        setattr(source, key, value)


def record_failure(
    source: Source,
    error: BaseException | str,
    *,
    retry_after: float | None = None,
    now: datetime | None = None,
) -> None:
    """Write the error and push the next run back: the server's wait if it gave one, else
    exponential backoff from the poll interval, capped at an hour."""
    now = now or timezone.now()
    failures = source.consecutive_failures + 1
    if retry_after is not None:
        delay = timedelta(seconds=retry_after)
    else:
        delay = min(MAX_BACKOFF, timedelta(seconds=source.poll_interval_s * 2 ** min(failures, 8)))
        delay = max(delay, timedelta(seconds=source.poll_interval_s))
    text = str(error) if isinstance(error, str) else (str(error) or type(error).__name__)
    message = scrub(text, source)
    Source.objects.filter(pk=source.pk).update(
        last_run_at=now,
        last_error=message,
        last_error_at=now,
        consecutive_failures=F("consecutive_failures") + 1,
        next_run_at=now + delay,
    )
    source.last_run_at, source.last_error, source.last_error_at = now, message, now
    source.consecutive_failures, source.next_run_at = failures, now + delay


# --- running ---------------------------------------------------------------------------------


def due_sources(now: datetime | None = None) -> QuerySet[Source]:
    now = now or timezone.now()
    return (
        Source.objects.filter(paused=False)
        .exclude(kind__in=PUSH_ONLY_KINDS)
        .filter(Q(next_run_at__isnull=True) | Q(next_run_at__lte=now))
        .order_by(F("next_run_at").asc(nulls_first=True), "pk")
    )


def claim_due_source(now: datetime | None = None) -> Source | None:
    """Claim the next due source with a conditional UPDATE; None when nothing is due.

    "0 rows updated" means another listener claimed it first, so two `fireside listen`
    processes never run the same source at once.
    """
    now = now or timezone.now()
    for source in due_sources(now)[:20]:
        claimed = (
            Source.objects.filter(pk=source.pk, paused=False)
            .filter(Q(next_run_at__isnull=True) | Q(next_run_at__lte=now))
            .update(next_run_at=now + CLAIM_LEASE)
        )
        if claimed:
            source.next_run_at = now + CLAIM_LEASE
            return source
    return None


def run_source_once(
    source: Source, *, max_pages: int = MAX_PAGES_PER_RUN, analyze: bool = True
) -> RunResult:
    """Fetch page after page (while the connector says there is more, up to ``max_pages``),
    store each, and update the source's health. Never raises: the error is in the result and
    on the source."""
    total = RunResult()
    connector: Connector | None = None
    try:
        connector = build_connector_for(source)
        cursor = Cursor(dict(source.cursor)) if source.cursor else None
        for _ in range(max_pages):
            page = connector.fetch(cursor)
            stored = store_page(source, page, analyze=analyze)
            total.created += stored.created
            total.updated += stored.updated
            total.quarantined += stored.quarantined
            total.pages += 1
            cursor = page.cursor
            if not page.has_more:
                break
        record_success(source)
    except RateLimited as exc:
        total.error = str(exc)
        record_failure(source, exc, retry_after=exc.retry_after)
    except ItemError as exc:
        # The whole response was unreadable: keep it, and count it as a failed run.
        total.quarantined += quarantine(source, [BadItem(error=str(exc), raw=exc.raw)])
        total.error = str(exc)
        record_failure(source, exc)
    except (ListenError, httpx.HTTPError, OSError) as exc:
        total.error = scrub(str(exc) or type(exc).__name__, source)
        record_failure(source, exc)
    except Exception as exc:  # noqa: BLE001 - one broken source must not stop the others
        log.exception("source %s (%s) failed", source.pk, source.kind)
        total.error = f"{type(exc).__name__}: {exc}"
        record_failure(source, total.error)
    finally:
        if connector is not None:
            close_connector(connector)
    if total.error:
        total.error = scrub(total.error, source)
    return total


def test_source(source: Source) -> tuple[Page | None, str]:
    """One fetch from the stored cursor, stored nowhere: what a run would ingest now.

    Returns the page, or None and the error message."""
    connector: Connector | None = None
    try:
        connector = build_connector_for(source)
        return connector.fetch(Cursor(dict(source.cursor)) if source.cursor else None), ""
    except (ListenError, httpx.HTTPError, OSError, ValueError, KeyError) as exc:
        return None, scrub(str(exc) or type(exc).__name__, source)
    finally:
        if connector is not None:
            close_connector(connector)


test_source.__test__ = False  # type: ignore[attr-defined]  # not a pytest test

"""The listening room's verbs: configure sources, run them, store what they find, send replies.

Everything that touches a connector goes through here, so the rules hold in one place:

- a page's items are stored (``ingest_items``, idempotent on channel + external id) *before*
  its cursor is saved, so a crash between the two repeats a page instead of losing one;
- what a connector could not parse is quarantined with the raw payload, and the source goes on;
- every failure is caught per source and written to its health fields (last error, failure
  count, when to try again), so one failing source never stops the others;
- secrets are decrypted only to build a connector, and scrubbed from any error message stored.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import httpx
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from fireside.listen import registry
from fireside.listen.base import Connector, Option
from fireside.listen.errors import (
    ItemError,
    ListenError,
    RateLimited,
    SourceStopped,
)
from fireside.listen.http import check_url
from fireside.listen.items import BadItem, Cursor, ExternalRef, Item, OutboundReply, Page
from fireside.listen.models import Quarantine, Source
from fireside.web.models import Workspace

log = logging.getLogger(__name__)

__all__ = [
    "PUSH_ONLY_KINDS",
    "RunResult",
    "SourceError",
    "add_source",
    "build_connector_for",
    "claim_due_source",
    "due_sources",
    "get_source",
    "pause_source",
    "receive_webhook",
    "record_failure",
    "record_success",
    "resume_source",
    "run_source_once",
    "send_reply",
    "store_page",
    "streams_enabled",
    "test_source",
]

PUSH_ONLY_KINDS = frozenset({"webhook"})
TRUE = frozenset({"1", "true", "yes", "on"})
MAX_PAGES_PER_RUN = 10
MAX_BACKOFF = timedelta(hours=1)
# A claimed source is skipped by other listeners for this long; the run sets the real next time.
CLAIM_LEASE = timedelta(minutes=10)
MAX_PAYLOAD = 200_000


class SourceError(Exception):
    """A source cannot be configured as asked; the message says what to change."""


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


# --- configuration ---------------------------------------------------------------------------


def get_source(workspace: Workspace, name_or_id: str | int) -> Source:
    """The workspace's source by name (or id). Raises SourceError naming the known ones."""
    sources = Source.objects.filter(workspace=workspace)
    found = (
        sources.filter(pk=name_or_id).first()
        if isinstance(name_or_id, int)
        else sources.filter(name=name_or_id).first()
    )
    if found is None:
        names = ", ".join(sources.order_by("name").values_list("name", flat=True)) or "none yet"
        raise SourceError(f"no source named {name_or_id!r} in {workspace.name} (sources: {names})")
    return found


def _options_of(kind: str) -> tuple[Option, ...]:
    try:
        return registry.connector_class(kind).options
    except KeyError as exc:
        raise SourceError(str(exc).strip('"')) from None


def split_options(kind: str, values: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Sort ``key=value`` options into plain settings and secrets; refuse unknown keys."""
    options = {o.name: o for o in _options_of(kind)}
    unknown = sorted(set(values) - set(options))
    if unknown:
        raise SourceError(
            f"{kind} has no option {', '.join(unknown)}; its options are: "
            + ", ".join(sorted(options))
        )
    plain: dict[str, Any] = {}
    secret: dict[str, str] = {}
    for key, value in values.items():
        if value in (None, ""):
            continue
        if options[key].secret:
            secret[key] = str(value)
        else:
            plain[key] = value
    return plain, secret


def _validate(kind: str, plain: Mapping[str, Any], secret: Mapping[str, str]) -> None:
    for option in _options_of(kind):
        present = (secret if option.secret else plain).get(option.name)
        if option.required and not present and not option.default:
            raise SourceError(f"{kind} needs --option {option.name}=… ({option.label})")
    for key, value in plain.items():
        if isinstance(value, str) and value.startswith(("http://", "https://", "ws://", "wss://")):
            try:
                check_url(value, allow_private=settings.ALLOW_PRIVATE_URLS)
            except SourceStopped as exc:
                raise SourceError(f"{key}: {exc}") from None


def add_source(
    workspace: Workspace,
    kind: str,
    name: str,
    options: Mapping[str, Any],
    *,
    poll_interval_s: int | None = None,
) -> Source:
    """Create a source. Raises SourceError for an unknown kind, unknown or missing options,
    a private URL (unless allowed), or a name already taken in the workspace."""
    name = name.strip()
    if not name:
        raise SourceError("a source needs a name")
    plain, secret = split_options(kind, options)
    _validate(kind, plain, secret)
    if Source.objects.filter(workspace=workspace, name=name).exists():
        raise SourceError(f"{workspace.name} already has a source named {name!r}")
    source = Source(workspace=workspace, kind=kind, name=name, settings=plain)
    if poll_interval_s is not None:
        if poll_interval_s < 10:
            raise SourceError("the poll interval must be at least 10 seconds")
        source.poll_interval_s = poll_interval_s
    source.set_secrets(secret)
    source.save()
    return source


def update_source(
    source: Source, options: Mapping[str, Any], *, poll_interval_s: int | None = None
) -> Source:
    """Change options; a secret left blank keeps its stored value."""
    plain, secret = split_options(source.kind, options)
    secrets = {**source.get_secrets(), **secret}
    merged = {**source.settings, **plain}
    _validate(source.kind, merged, secrets)
    source.settings = merged
    source.set_secrets(secrets)
    if poll_interval_s is not None:
        source.poll_interval_s = max(10, poll_interval_s)
    source.save()
    return source


def pause_source(source: Source) -> None:
    Source.objects.filter(pk=source.pk).update(paused=True)
    source.paused = True


def resume_source(source: Source) -> None:
    # Resuming clears the backoff: the person who resumed it wants to see it run now.
    Source.objects.filter(pk=source.pk).update(paused=False, next_run_at=None)
    source.paused, source.next_run_at = False, None


def masked_settings(source: Source) -> dict[str, str]:
    """Settings for display, with every secret shown only as being set."""
    shown = {k: str(v) for k, v in source.settings.items()}
    for key in source.get_secrets():
        shown[key] = "•••••• (set)"
    return shown


def streams_enabled(source: Source) -> bool:
    return str(source.settings.get("stream", "")).lower() in TRUE


# --- connectors ------------------------------------------------------------------------------


def build_connector_for(source: Source) -> Connector:
    return registry.build_connector(
        source.kind,
        source.settings,
        source.get_secrets(),
        allow_private=settings.ALLOW_PRIVATE_URLS,
    )


def _close(connector: object) -> None:
    close = getattr(connector, "close", None)
    if callable(close):
        close()


def _scrub(message: str, source: Source) -> str:
    """Error text as stored and shown: one paragraph, no secret values in it."""
    try:
        secrets = source.get_secrets()
    except Exception:  # noqa: BLE001 - unreadable secrets must not hide the original error
        secrets = {}
    for value in secrets.values():
        if value and len(str(value)) >= 4:
            message = message.replace(str(value), "••••••")
    return message.strip()[:2000] or "unknown error"


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
            error=_scrub(b.error, source),
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
    message = _scrub(text, source)
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
        total.error = _scrub(str(exc) or type(exc).__name__, source)
        record_failure(source, exc)
    except Exception as exc:  # noqa: BLE001 - one broken source must not stop the others
        log.exception("source %s (%s) failed", source.pk, source.kind)
        total.error = f"{type(exc).__name__}: {exc}"
        record_failure(source, total.error)
    finally:
        if connector is not None:
            _close(connector)
    if total.error:
        total.error = _scrub(total.error, source)
    return total


def test_source(source: Source) -> tuple[Page | None, str]:
    """One fetch from the stored cursor, stored nowhere: what a run would ingest now.

    Returns the page, or None and the error message."""
    connector: Connector | None = None
    try:
        connector = build_connector_for(source)
        return connector.fetch(Cursor(dict(source.cursor)) if source.cursor else None), ""
    except (ListenError, httpx.HTTPError, OSError, ValueError, KeyError) as exc:
        return None, _scrub(str(exc) or type(exc).__name__, source)
    finally:
        if connector is not None:
            _close(connector)


test_source.__test__ = False  # type: ignore[attr-defined]  # not a pytest test


# --- webhooks and replies --------------------------------------------------------------------


class WebhookRefused(Exception):
    """The request is not for a live webhook source, or its signature is wrong."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


def receive_webhook(token: str, body: bytes, headers: Mapping[str, str]) -> RunResult:
    """Verify and store one webhook delivery. Raises WebhookRefused (404 unknown or paused
    source, 401 bad signature, 413 too large)."""
    from fireside.listen.webhook import MAX_BODY, WebhookConnector

    source = Source.objects.filter(token=token, kind="webhook").select_related("workspace").first()
    if source is None or source.paused:
        raise WebhookRefused("no such webhook", 404)
    if len(body) > MAX_BODY:
        raise WebhookRefused("body too large", 413)
    connector = WebhookConnector(
        {**source.settings, "namespace": source.settings.get("namespace") or f"s{source.pk}"},
        source.get_secrets(),
    )
    if not connector.verify(body, headers):
        raise WebhookRefused("bad signature", 401)
    page = connector.receive(body)
    with transaction.atomic():
        result = store_page(source, page)
    record_success(source)
    return result


def send_reply(source: Source, reply: OutboundReply) -> ExternalRef:
    """Send through the source's connector. Raises the connector's error (a `ListenError`
    subclass, or NotSupported for read-only channels) for the inbox to show."""
    connector = build_connector_for(source)
    try:
        return connector.send(reply)
    finally:
        _close(connector)

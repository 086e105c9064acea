"""The listening room's verbs: configure sources, run them, store what they find, send replies.

Everything that touches a connector goes through here, so the rules hold in one place:

- a page's items are stored (``ingest_items``, idempotent on channel + external id) *before*
  its cursor is saved, so a crash between the two repeats a page instead of losing one;
- what a connector could not parse is quarantined with the raw payload, and the source goes on;
- every failure is caught per source and written to its health fields (last error, failure
  count, when to try again), so one failing source never stops the others;
- secrets are decrypted only to build a connector, and scrubbed from any error message stored.
"""

from fireside.listen.services.delivery import WebhookRefused, receive_webhook, send_reply
from fireside.listen.services.running import (
    PUSH_ONLY_KINDS,
    RunResult,
    claim_due_source,
    due_sources,
    quarantine,
    record_failure,
    record_success,
    run_source_once,
    store_page,
    test_source,
)
from fireside.listen.services.sources import (
    SourceError,
    add_source,
    build_connector_for,
    close_connector,
    get_source,
    masked_settings,
    pause_source,
    resume_source,
    split_options,
    streams_enabled,
    update_source,
)

__all__ = [
    "PUSH_ONLY_KINDS",
    "RunResult",
    "SourceError",
    "WebhookRefused",
    "add_source",
    "build_connector_for",
    "claim_due_source",
    "close_connector",
    "due_sources",
    "get_source",
    "masked_settings",
    "pause_source",
    "quarantine",
    "receive_webhook",
    "record_failure",
    "record_success",
    "resume_source",
    "run_source_once",
    "send_reply",
    "split_options",
    "store_page",
    "streams_enabled",
    "test_source",
    "update_source",
]

"""Run fireside.understand over stored messages, in batches, and write the results back.

The pipeline is loaded once per process: its artifacts take a moment to read, and the
near-duplicate index it keeps is what lets a spam wave link to its first message.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from fireside.inbox.models import Message

ANALYSIS_FIELDS = [
    "lang",
    "spam",
    "spam_score",
    "sentiment",
    "sentiment_scores",
    "intent",
    "needs_response",
    "priority",
    "priority_reasons",
    "duplicate_of_id",
    "analyzed_at",
]
_lock = threading.Lock()
_pipelines: dict[tuple[int, tuple[str, ...]], Any] = {}


def pipeline_for(workspace_id: int, brand_terms: Sequence[str]) -> Any:
    """One pipeline per workspace: its near-duplicate index must never link across brands."""
    from fireside.understand import Pipeline

    terms = tuple(sorted({*brand_terms, *settings.BRAND_TERMS}))
    with _lock:
        if (workspace_id, terms) not in _pipelines:
            _pipelines[(workspace_id, terms)] = Pipeline(brand_terms=terms)
        return _pipelines[(workspace_id, terms)]


def _input_for(message: Message) -> Any:
    from fireside.understand import MessageInput

    author = message.author
    text = message.text if not message.title else f"{message.title}\n{message.text}"
    return MessageInput(
        id=str(message.pk),
        text=text,
        channel=message.channel,
        author_name=author.display_name if author else "",
        author_handle=author.handle if author else "",
        author_url=author.profile_url if author else "",
        author_followers=author.followers_count if author else None,
        url=message.url,
        # Private messages, and answers to something we said, are talking to us.
        addressed_to_brand=message.kind in {"direct", "email"}
        or (message.in_reply_to is not None and message.in_reply_to.direction == "outbound"),
    )


def analyze_messages(messages: Sequence[Message], brand_terms: Sequence[str] = ()) -> None:
    """Analyse inbound messages and save the analysis fields. Outbound ones are ours: skipped."""
    inbound = [m for m in messages if m.direction == "inbound"]
    if not inbound:
        return
    pipeline = pipeline_for(inbound[0].workspace_id, brand_terms)
    with _lock:  # the dedup index inside the pipeline is not thread-safe
        results = pipeline.analyze([_input_for(m) for m in inbound])
    now = timezone.now()
    by_pk = {str(m.pk): m for m in inbound}
    # The index outlives transactions: an earlier id may belong to a row since rolled back or
    # deleted, so link only to rows that exist in this workspace.
    earlier = {str(r.duplicate_of) for r in results if r.duplicate_of}
    existing = {
        str(pk)
        for pk in Message.objects.filter(
            workspace_id=inbound[0].workspace_id,
            pk__in=[int(x) for x in earlier if x.isdigit()],
        ).values_list("pk", flat=True)
    }
    for result in results:
        message = by_pk[result.id]
        message.lang = result.lang
        message.spam = bool(result.spam)
        message.spam_score = float(result.spam_score)
        message.sentiment = result.sentiment
        message.sentiment_scores = dict(result.sentiment_scores)
        message.intent = result.intent
        message.needs_response = bool(result.needs_response)
        message.priority = int(result.priority)
        message.priority_reasons = list(getattr(result, "priority_reasons", []))
        dup = result.duplicate_of
        # Pipeline ids are message primary keys, so an earlier id is a row we can link.
        message.duplicate_of_id = int(dup) if dup and str(dup) in existing else None
        message.analyzed_at = now
    # One UPDATE a row: Django's bulk_update builds a CASE per field and row, which costs ten
    # times as much here, JSON fields above all.
    with transaction.atomic():
        for message in inbound:
            Message.objects.filter(pk=message.pk).update(
                **{name: getattr(message, name) for name in ANALYSIS_FIELDS}
            )


def analyze_pending(workspace, *, limit: int = 500) -> int:
    """Analyse stored inbound messages that have no analysis yet (an edit upstream clears it;
    a failed batch leaves it empty) and refresh their conversations. Returns how many."""
    from fireside.inbox.services.ingest import refresh_conversation

    pending = list(
        Message.objects.filter(
            workspace=workspace, direction="inbound", analyzed_at__isnull=True, deleted_at=None
        )
        .exclude(kind="repost")
        .select_related("author", "in_reply_to")
        .order_by("created_at")[:limit]
    )
    if not pending:
        return 0
    analyze_messages(pending, workspace.brand_terms)
    for conversation_id in {m.conversation_id for m in pending if m.conversation_id}:
        from fireside.inbox.models import Conversation

        conversation = Conversation.objects.filter(pk=conversation_id).first()
        if conversation is not None:
            refresh_conversation(conversation)
    return len(pending)

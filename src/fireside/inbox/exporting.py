"""Export messages with thread links and analysis, streaming so a million rows fit in memory."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import Any, TextIO

from fireside.inbox.models import Message
from fireside.web.models import Workspace

FIELDS = [
    "id",
    "channel",
    "kind",
    "direction",
    "url",
    "created_at",
    "conversation",
    "in_reply_to",
    "author_handle",
    "author_name",
    "text",
    "lang",
    "spam",
    "spam_score",
    "sentiment",
    "sentiment_scores",
    "intent",
    "needs_response",
    "priority",
    "duplicate_of",
    "spam_feedback",
]


def export_rows(workspace: Workspace) -> Iterator[dict[str, Any]]:
    messages = (
        Message.objects.filter(workspace=workspace)
        .select_related("author", "in_reply_to", "duplicate_of")
        .order_by("created_at", "pk")
    )
    for m in messages.iterator(chunk_size=2000):
        yield {
            "id": m.external_id,
            "channel": m.channel,
            "kind": m.kind,
            "direction": m.direction,
            "url": m.url,
            "created_at": m.created_at.isoformat(),
            "conversation": m.conversation_id,
            "in_reply_to": m.in_reply_to.external_id
            if m.in_reply_to
            else (m.in_reply_to_external or None),
            "author_handle": m.author.handle if m.author else None,
            "author_name": m.author.display_name if m.author else None,
            "text": m.text,
            "lang": m.lang or None,
            "spam": m.spam,
            "spam_score": m.spam_score,
            "sentiment": m.sentiment or None,
            "sentiment_scores": m.sentiment_scores or None,
            "intent": m.intent or None,
            "needs_response": m.needs_response,
            "priority": m.priority,
            "duplicate_of": m.duplicate_of.external_id if m.duplicate_of else None,
            # A person's verdict (true spam, false not spam): training data for the spam model.
            "spam_feedback": m.spam_feedback,
        }


def write_jsonl(workspace: Workspace, out: TextIO) -> int:
    count = 0
    for row in export_rows(workspace):
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(workspace: Workspace, out: TextIO) -> int:
    writer = csv.DictWriter(out, fieldnames=FIELDS)
    writer.writeheader()
    count = 0
    for row in export_rows(workspace):
        row["sentiment_scores"] = (
            json.dumps(row["sentiment_scores"]) if row["sentiment_scores"] else ""
        )
        writer.writerow(row)
        count += 1
    return count

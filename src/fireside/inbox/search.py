"""Full-text search over message text: FTS5 on SQLite, tsvector on PostgreSQL.

Both indexes are created by migration 0002; this module turns a user's words into the query each
engine understands, quoting every word so that user input is never read as query syntax.
"""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from fireside.inbox.models import Message

_WORD = re.compile(r"\w+", re.UNICODE)


def search_messages(messages: QuerySet[Message], text: str) -> QuerySet[Message]:
    words = _WORD.findall(text)
    if not words:
        return messages
    if connection.vendor == "sqlite":
        match = " ".join(f'"{w}"' for w in words)
        ids = RawSQL(
            "SELECT rowid FROM inbox_message_fts WHERE inbox_message_fts MATCH %s", [match]
        )
        return messages.filter(pk__in=ids)
    if connection.vendor == "postgresql":
        ids = RawSQL(
            "SELECT id FROM inbox_message "
            "WHERE to_tsvector('simple', text) @@ plainto_tsquery('simple', %s)",
            [" ".join(words)],
        )
        return messages.filter(pk__in=ids)
    return messages.filter(text__icontains=text)

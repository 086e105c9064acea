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


# Search reads at most this many matches, newest first: a word in half of a million messages
# must not turn one page view into a scan of all of them.
SEARCH_LIMIT = 5000


def search_messages(messages: QuerySet[Message], text: str) -> QuerySet[Message]:
    """Messages containing every word of `text`, among the newest SEARCH_LIMIT that do."""
    words = _WORD.findall(text)
    if not words:
        return messages
    if connection.vendor == "sqlite":
        match = " ".join(f'"{w}"' for w in words)
        ids = RawSQL(
            "SELECT rowid FROM inbox_message_fts WHERE inbox_message_fts MATCH %s "
            "ORDER BY rowid DESC LIMIT %s",
            [match, SEARCH_LIMIT],
        )
        return messages.filter(pk__in=ids)
    if connection.vendor == "postgresql":
        ids = RawSQL(
            "SELECT id FROM inbox_message "
            "WHERE to_tsvector('simple', text) @@ plainto_tsquery('simple', %s) "
            "ORDER BY id DESC LIMIT %s",
            [" ".join(words), SEARCH_LIMIT],
        )
        return messages.filter(pk__in=ids)
    return messages.filter(text__icontains=text)


def search_hits_limit(workspace_id: int, text: str) -> bool:
    """Whether `text` matches more messages than a search reads (so older ones are left out)."""
    words = _WORD.findall(text)
    if not words:
        return False
    if connection.vendor == "sqlite":
        sql = (
            "SELECT count(*) FROM (SELECT rowid FROM inbox_message_fts "
            "WHERE inbox_message_fts MATCH %s LIMIT %s)"
        )
        params = [" ".join(f'"{w}"' for w in words), SEARCH_LIMIT + 1]
    elif connection.vendor == "postgresql":
        sql = (
            "SELECT count(*) FROM (SELECT id FROM inbox_message WHERE workspace_id = %s AND "
            "to_tsvector('simple', text) @@ plainto_tsquery('simple', %s) LIMIT %s) AS hits"
        )
        params = [workspace_id, " ".join(words), SEARCH_LIMIT + 1]
    else:
        return False
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0] > SEARCH_LIMIT

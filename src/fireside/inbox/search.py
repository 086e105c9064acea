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


def _matches(workspace_id: int, words: list[str]) -> tuple[str, list[object]] | None:
    """SQL for the ids of the workspace's messages holding every word, newest first (no LIMIT),
    or None on a database without a full-text index."""
    if connection.vendor == "sqlite":
        # Iterating the FTS index in rowid order keeps "newest N" cheap for a common word.
        sql = (
            "SELECT f.rowid FROM inbox_message_fts f JOIN inbox_message m ON m.id = f.rowid "
            "WHERE inbox_message_fts MATCH %s AND m.workspace_id = %s ORDER BY f.rowid DESC"
        )
        return sql, [" ".join(f'"{w}"' for w in words), workspace_id]
    if connection.vendor == "postgresql":
        sql = (
            "SELECT id FROM inbox_message WHERE workspace_id = %s AND "
            "to_tsvector('simple', text) @@ plainto_tsquery('simple', %s) ORDER BY id DESC"
        )
        return sql, [workspace_id, " ".join(words)]
    return None


def search_messages(
    messages: QuerySet[Message], text: str, *, workspace_id: int
) -> QuerySet[Message]:
    """Messages containing every word of `text`, among the workspace's newest SEARCH_LIMIT that
    do (bounded per workspace, so one busy brand never crowds out another's matches)."""
    words = _WORD.findall(text)
    if not words:
        return messages
    matches = _matches(workspace_id, words)
    if matches is None:
        return messages.filter(text__icontains=text)
    sql, params = matches
    return messages.filter(pk__in=RawSQL(f"{sql} LIMIT %s", [*params, SEARCH_LIMIT]))


def search_hits_limit(workspace_id: int, text: str) -> bool:
    """Whether `text` matches more messages than a search reads (so older ones are left out)."""
    words = _WORD.findall(text)
    matches = _matches(workspace_id, words) if words else None
    if matches is None:
        return False
    sql, params = matches
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM ({sql} LIMIT %s) AS hits", [*params, SEARCH_LIMIT + 1]
        )
        return cursor.fetchone()[0] > SEARCH_LIMIT

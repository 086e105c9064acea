from __future__ import annotations

from fireside.inbox.search import search_messages
from fireside.inbox.services import ingest_items, visible_messages
from tests.factories import item


def test_full_text_search_finds_words_and_ignores_query_syntax(cast):
    ingest_items(
        cast.a,
        [
            item("1", "The grinder arrived broken"),
            item("2", "Kahvi oli loistavaa, kiitos!", minutes=1),
            item("3", "Order status please", minutes=2),
        ],
        analyze=False,
    )
    found = search_messages(visible_messages(cast.a), "grinder")
    assert [m.external_id for m in found] == ["1"]
    assert [m.external_id for m in search_messages(visible_messages(cast.a), "kahvi")] == ["2"]
    # Quotes, stars and operators are words to find, never syntax to run.
    assert list(search_messages(visible_messages(cast.a), 'order" OR * NEAR(')) == []


def test_search_sees_edits(cast):
    ingest_items(cast.a, [item("1", "old words")], analyze=False)
    ingest_items(cast.a, [item("1", "brand new words")], analyze=False)
    assert search_messages(visible_messages(cast.a), "brand").count() == 1
    assert search_messages(visible_messages(cast.a), "old").count() == 0

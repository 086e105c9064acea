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
    found = search_messages(visible_messages(cast.a), "grinder", workspace_id=cast.a.pk)
    assert [m.external_id for m in found] == ["1"]
    assert [
        m.external_id
        for m in search_messages(visible_messages(cast.a), "kahvi", workspace_id=cast.a.pk)
    ] == ["2"]
    # Quotes, stars and operators are words to find, never syntax to run.
    assert (
        list(search_messages(visible_messages(cast.a), 'order" OR * NEAR(', workspace_id=cast.a.pk))
        == []
    )


def test_search_sees_edits(cast):
    ingest_items(cast.a, [item("1", "old words")], analyze=False)
    ingest_items(cast.a, [item("1", "brand new words")], analyze=False)
    assert search_messages(visible_messages(cast.a), "brand", workspace_id=cast.a.pk).count() == 1
    assert search_messages(visible_messages(cast.a), "old", workspace_id=cast.a.pk).count() == 0


def test_a_busy_workspace_never_crowds_out_another_ones_matches(cast, monkeypatch):
    from fireside.inbox import search

    ingest_items(cast.a, [item("a1", "grinder broke")], analyze=False)
    ingest_items(
        cast.b, [item(f"b{n}", "grinder talk", minutes=n + 1) for n in range(3)], analyze=False
    )
    monkeypatch.setattr(search, "SEARCH_LIMIT", 2)
    found = search_messages(visible_messages(cast.a), "grinder", workspace_id=cast.a.pk)
    assert [m.external_id for m in found] == ["a1"]
    assert search.search_hits_limit(cast.b.pk, "grinder")
    assert not search.search_hits_limit(cast.a.pk, "grinder")

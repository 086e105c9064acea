from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from fireside.listen.archives import parse_archive
from fireside.listen.items import BadItem, Item
from tests.listen.conftest import FIXTURES

ARCHIVES = FIXTURES / "archives"


def _split(results: list[Item | BadItem]) -> tuple[list[Item], list[BadItem]]:
    return (
        [r for r in results if isinstance(r, Item)],
        [r for r in results if isinstance(r, BadItem)],
    )


def test_an_x_archive_gives_own_tweets_and_threaded_direct_messages() -> None:
    items, bad = _split(list(parse_archive("twitter", ARCHIVES / "twitter")))
    tweets = [i for i in items if i.kind != "direct"]
    assert [t.external_id for t in tweets] == ["1590000000000000002", "1590000000000000003"]
    reply = tweets[0]
    assert reply.kind == "reply" and reply.in_reply_to == "1590000000000000001"
    assert reply.direction == "outbound" and reply.likes == 3
    assert reply.url == "https://x.com/brewco/status/1590000000000000002"
    assert reply.created_at.isoformat() == "2022-11-08T10:00:00+00:00"
    dms = [i for i in items if i.kind == "direct"]
    assert [d.text for d in dms] == ["Hi, my grinder is broken", "Please send your order number"]
    assert dms[0].direction == "inbound" and dms[1].direction == "outbound"
    assert dms[1].in_reply_to == dms[0].external_id == dms[1].thread_root
    assert len(bad) == 1 and "tweet" in bad[0].error


def test_the_same_archive_reads_the_same_from_a_zip(tmp_path: Path) -> None:
    archive = tmp_path / "twitter-2026.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for file in (ARCHIVES / "twitter").rglob("*"):
            zf.write(file, file.relative_to(ARCHIVES / "twitter").as_posix())
    from_zip = [r for r in parse_archive("x", archive) if isinstance(r, Item)]
    from_dir = [r for r in parse_archive("twitter", ARCHIVES / "twitter") if isinstance(r, Item)]
    assert [i.external_id for i in from_zip] == [i.external_id for i in from_dir]


def test_a_facebook_page_export_fixes_its_encoding_and_has_stable_ids() -> None:
    first = list(parse_archive("facebook", ARCHIVES / "facebook"))
    items, bad = _split(first)
    posts = [i for i in items if i.kind == "post"]
    assert [p.text for p in posts] == ["Café tasting on Saturday!"]
    comments = [i for i in items if i.kind == "comment"]
    assert comments[0].author is not None and comments[0].author.display_name == "Ada Lovelace"
    dms = [i for i in items if i.kind == "direct"]
    assert [d.text for d in dms] == ["Do I need to book?", "Yes, it is free!"]
    assert dms[1].direction == "outbound" and dms[1].in_reply_to == dms[0].external_id
    assert len(bad) == 1
    again = [
        i.external_id
        for i in parse_archive("facebook", ARCHIVES / "facebook")
        if isinstance(i, Item)
    ]
    assert again == [i.external_id for i in items]


def test_a_linkedin_export_reads_shares_comments_and_messages() -> None:
    items, bad = _split(list(parse_archive("linkedin", ARCHIVES / "linkedin")))
    kinds = [i.kind for i in items]
    assert kinds.count("post") == 1 and kinds.count("comment") == 1 and kinds.count("direct") == 2
    share = next(i for i in items if i.kind == "post")
    assert share.text == 'We are hiring baristas, "great" team'
    messages = [i for i in items if i.kind == "direct"]
    assert messages[0].direction == "inbound" and messages[1].direction == "outbound"
    assert messages[1].in_reply_to == messages[0].external_id
    assert len(bad) == 1 and "Comments.csv:3" in bad[0].error


def test_generic_csv_reads_the_analyze_columns(tmp_path: Path) -> None:
    shutil.copy(ARCHIVES / "messages.csv", tmp_path / "messages.csv")
    items, bad = _split(list(parse_archive("csv", tmp_path / "messages.csv")))
    assert [i.external_id for i in items] == ["c1", "c2"]
    assert items[0].channel == "forum" and items[0].author is not None
    assert items[0].author.followers_count == 12 and items[1].in_reply_to == "c1"
    assert len(bad) == 1 and "messages.csv:4" in bad[0].error


def test_generic_jsonl_reports_bad_lines_with_their_numbers() -> None:
    items, bad = _split(list(parse_archive("jsonl", ARCHIVES / "messages.jsonl")))
    assert [i.external_id for i in items] == ["j1", "j2"]
    assert [b.error.split(":")[1] for b in bad] == ["3", "4"]


def test_unknown_kinds_and_missing_paths_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown archive kind 'myspace'"):
        list(parse_archive("myspace", tmp_path))
    with pytest.raises(FileNotFoundError):
        list(parse_archive("twitter", tmp_path / "nope.zip"))
    empty = list(parse_archive("twitter", tmp_path))
    assert len(empty) == 1 and isinstance(empty[0], BadItem)

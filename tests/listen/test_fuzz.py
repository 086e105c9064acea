"""Hypothesis properties for the parsers that read what strangers wrote: they never crash, and
what they do read survives a round trip."""

from __future__ import annotations

import json
import string
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from xml.sax.saxutils import escape

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fireside.listen.archives import parse_archive
from fireside.listen.bluesky import JetstreamFilter
from fireside.listen.errors import ItemError
from fireside.listen.feeds import parse_feed
from fireside.listen.items import BadItem, Item
from fireside.listen.webhook import parse_payload

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ALPHABET = string.ascii_letters + string.digits + " éü☕<>&\"'"
words = st.text(alphabet=ALPHABET, min_size=1, max_size=40).filter(lambda s: s.strip())


@FUZZ
@given(st.binary(max_size=2000))
def test_the_feed_parser_never_crashes_on_bytes(data: bytes) -> None:
    try:
        items, bad, _ = parse_feed(data, feed_url="https://example.com/feed")
    except ItemError:
        return
    for item in items:
        assert item.created_at.tzinfo is not None


@FUZZ
@given(st.lists(st.tuples(words, words), min_size=1, max_size=5), st.sampled_from(["rss", "atom"]))
def test_feed_entries_round_trip(entries: list[tuple[str, str]], flavour: str) -> None:
    if flavour == "rss":
        body = "".join(
            f"<item><title>{escape(t)}</title><guid>urn:e{n}</guid>"
            f"<description>{escape(escape(d))}</description>"
            f"<pubDate>Fri, 20 Nov 2026 10:00:0{n} +0000</pubDate></item>"
            for n, (t, d) in enumerate(entries)
        )
        doc = f'<rss version="2.0"><channel><title>t</title>{body}</channel></rss>'
    else:
        body = "".join(
            f"<entry><title>{escape(t)}</title><id>urn:e{n}</id>"
            f"<updated>2026-11-20T10:00:0{n}Z</updated>"
            f'<content type="text">{escape(d)}</content></entry>'
            for n, (t, d) in enumerate(entries)
        )
        doc = f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>{body}</feed>'
    items, bad, _ = parse_feed(doc.encode())
    assert bad == []
    assert [i.external_id for i in items] == [f"urn:e{n}" for n in range(len(entries))]
    for item, (_title, text) in zip(items, entries, strict=True):
        assert item.text.split() == text.split()


@FUZZ
@given(
    st.binary(max_size=1500), st.sampled_from(["twitter", "facebook", "linkedin", "csv", "jsonl"])
)
def test_archive_parsers_never_crash_on_bytes(data: bytes, kind: str) -> None:
    names = {
        "twitter": "data/tweets.js",
        "facebook": "posts/your_posts_1.json",
        "linkedin": "Shares.csv",
        "csv": "messages.csv",
        "jsonl": "messages.jsonl",
    }
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / names[kind]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        for result in parse_archive(kind, Path(folder)):
            assert isinstance(result, Item | BadItem)


@FUZZ
@given(
    st.lists(
        st.fixed_dictionaries(
            {"id": st.text(min_size=1, max_size=12), "text": words},
            optional={"in_reply_to": st.text(max_size=8)},
        ),
        max_size=8,
    )
)
def test_tweets_and_jsonl_round_trip(records: list[dict[str, str]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        tweets = [
            {
                "tweet": {
                    "id_str": r["id"],
                    "full_text": r["text"],
                    "created_at": "Wed Nov 09 10:00:00 +0000 2022",
                }
            }
            for r in records
        ]
        data = Path(folder) / "data"
        data.mkdir()
        (data / "tweets.js").write_text("window.YTD.tweets.part0 = " + json.dumps(tweets))
        got = [r for r in parse_archive("twitter", Path(folder)) if isinstance(r, Item)]
        assert [(i.external_id, i.text) for i in got] == [(r["id"], r["text"]) for r in records]
        lines = Path(folder) / "m.jsonl"
        lines.write_text("\n".join(json.dumps(r) for r in records))
        if records:
            got = [r for r in parse_archive("jsonl", lines) if isinstance(r, Item)]
            assert [i.external_id for i in got] == [
                r["id"] for r in records if r["id"].strip() or r["id"]
            ]


@FUZZ
@given(st.binary(max_size=800))
def test_webhook_bodies_and_firehose_frames_never_crash(data: bytes) -> None:
    page = parse_payload(data)
    assert all(isinstance(i, Item) for i in page.items)
    result = JetstreamFilter(["brewco"])(data)
    assert result is None or isinstance(result, Item | BadItem)
    assert datetime.now(UTC).tzinfo is UTC

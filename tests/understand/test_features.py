"""The batched feature table and the pipeline's shortcuts agree with the plain definitions."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fireside.understand import Pipeline, spam
from fireside.understand.features import (
    CHAR_FEATURES,
    CHAR_GRAMS,
    CHAR_WEIGHT,
    N_FEATURES,
    TokenTable,
    column,
    featurize,
    load_lexicon,
    pair_columns,
    squeeze,
    table_for,
    token_hash,
)
from fireside.understand.phrases import Grams, grams
from fireside.understand.pipeline import HEADS, LinearModels
from fireside.understand.text import clean, tokens_of, word_tokens, words_of

LEX = {"good": ("LEX+",), "bad": ("LEX-",), "sooo": ("LEX+", "LEXINT")}

TEXTS = [
    "",
    "Great post, thanks for sharing!!! Sooooo good 😍",
    "@acme my order #4521 never arrived, call me on 555-123-4567",
    "Tilaukseni ei ole vieläkään saapunut, voisitteko tarkistaa asian?",
    "日本語のテキストはスペースなしで書かれています長い文章です",
    "cheap oakleys ray ban outlet http://spam.example.com www.x.biz bad bad bad",
    "ok",
]

# Words from the cue lists mixed with ordinary ones, so generated texts hit the cues.
VOCAB = [
    "cheap", "oakley", "ray", "ban", "loan", "earn", "text", "free", "gift", "card", "click",
    "here", "great", "post", "thanks", "for", "sharing", "my", "channel", "the", "order", "is",
    "late", "http://x.io", "a@b.co", "@user", "www.shop.com", "$", "!!!", "?", "sooo", "good",
    "https://localhost/x", "@user.com", "@user.", "to", "12345", ".",
]  # fmt: skip


def reference_features(text: str, lex: dict[str, tuple[str, ...]]) -> Counter[int]:
    """The features as `features`' docstring defines them, built string by string."""
    words = [squeeze(t) for t in words_of(text)]
    out = list(words)
    for w in words:
        out.extend(lex.get(w, ()))
    for w in words:
        if len(w) >= 6:
            if len(w) > 14 and not w.isascii():
                out.extend(w[i : i + 2] for i in range(min(len(w), 64) - 1))
            else:
                out.extend(("<" + w[:4], w[-3:] + ">"))
    hashes = np.array([token_hash(w) for w in words], dtype=np.uint64)
    pairs = pair_columns(hashes[:-1], hashes[1:]).tolist() if len(words) > 1 else []
    return Counter([column(f) for f in out] + pairs)


def reference_char_column(gram: str) -> int:
    """`char_grams`' column of one n-gram, computed one code point at a time."""
    mask = 2**64 - 1
    h = 0
    for ch in gram:
        h = (h * 1_000_003 + ord(ch)) & mask
    x = ((h ^ (len(gram) * 0x9E3779B97F4A7C15 % 2**64)) * 0xBF58476D1CE4E5B9) & mask
    x ^= x >> 31
    return x % CHAR_FEATURES


def reference_char_block(text: str) -> dict[int, float]:
    counts: Counter[int] = Counter()
    squares = 0.0
    for w in (squeeze(t) for t in words_of(text)):
        padded = " " + w + " "
        mine = Counter(
            reference_char_column(padded[i : i + n])
            for n in CHAR_GRAMS
            for i in range(len(padded) - n + 1)
        )
        counts.update(mine)
        squares += sum(v * v for v in mine.values())
    return {c: CHAR_WEIGHT * v / squares**0.5 for c, v in counts.items()}


def assert_matches_reference(texts: list[str], table: TokenTable) -> None:
    ids, rows = table.encode([words_of(t) for t in texts])
    x = table.counts(ids, rows, len(texts))
    assert x.shape == (len(texts), N_FEATURES)
    for i, text in enumerate(texts):
        row = x.getrow(i)
        got = dict(zip(row.indices.tolist(), row.data.tolist(), strict=True))
        assert got == dict(reference_features(text, LEX)), text


def test_the_table_counts_exactly_the_defined_features() -> None:
    assert_matches_reference(TEXTS, TokenTable(LEX))


def test_a_table_that_forgets_when_full_still_counts_the_same() -> None:
    table = TokenTable(LEX, max_tokens=40)
    for _ in range(3):
        assert_matches_reference(TEXTS, table)
    assert len(table.ids) <= 40


@settings(max_examples=80, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=60), st.sampled_from(TEXTS)), max_size=6))
def test_any_texts_get_their_defined_features(texts: list[str]) -> None:
    assert_matches_reference([clean(t) for t in texts], TokenTable(LEX))


def test_featurize_gives_unit_word_rows_and_the_defined_character_block() -> None:
    texts = [clean(t) for t in TEXTS]
    x = featurize(texts, LEX)
    assert x.shape == (len(texts), N_FEATURES + CHAR_FEATURES)
    words = x[:, :N_FEATURES]
    norms = np.sqrt(np.asarray(words.multiply(words).sum(axis=1)).ravel())
    np.testing.assert_allclose(norms[1:], 1.0, rtol=1e-5)
    assert norms[0] == 0.0  # the empty text has no features
    chars = x[:, N_FEATURES:]
    for i, text in enumerate(texts):
        row = chars.getrow(i)
        got = dict(zip(row.indices.tolist(), row.data.tolist(), strict=True))
        want = reference_char_block(text)
        assert got.keys() == want.keys(), text
        for col, value in want.items():
            assert got[col] == pytest.approx(value, rel=1e-5)


def test_the_pipeline_scores_exactly_what_the_heads_score_on_featurize() -> None:
    pipeline = Pipeline()
    models = next(s for s in pipeline.steps_ if isinstance(s, LinearModels))
    texts = [clean(t) for t in TEXTS]
    got = models.scores([words_of(t) for t in texts])
    x = featurize(texts, models.lex)
    want = np.hstack([models.heads[h].scores(x) for h in HEADS])
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-4)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_word_tokens_are_what_backslash_w_finds(text: str) -> None:
    model_text = text.lower()
    assert word_tokens(tokens_of(model_text)) == re.findall(r"\w+", model_text)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(VOCAB), max_size=12).map(" ".join),
    st.sampled_from(["", "Cheap Oakleys", "Anna"]),
    st.booleans(),
)
def test_a_quiet_message_has_no_spam_evidence(text: str, author_name: str, repeated: bool) -> None:
    g = Grams(word_tokens(words_of(text)))
    assert g.set == grams(text).set
    if spam.quiet(text, g, author_name, repeated):
        assert (
            spam.evidence(
                text, text_grams=g, author_name=author_name, repeated_by_other_author=repeated
            )
            == []
        )


def test_pipelines_reading_one_lexicon_file_share_one_table(tmp_path: Path) -> None:
    path = tmp_path / "lexicon.json"
    path.write_text(json.dumps({"classes": {"LEX+": ["good"]}}), encoding="utf-8")
    first, second = load_lexicon(path), load_lexicon(path)
    assert first is second
    assert table_for(first) is table_for(second)
    path.write_text(json.dumps({"classes": {"LEX--": ["good", "bad"]}}), encoding="utf-8")
    # A rewritten file is read again (its size differs, whatever the clock's resolution).
    assert load_lexicon(path) == {"good": ("LEX--",), "bad": ("LEX--",)}


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(
        st.text(alphabet=st.characters(max_codepoint=127), max_size=80),
        st.text(max_size=40),
    )
)
def test_the_fast_tokenisers_agree_with_the_pattern(text: str) -> None:
    assert tokens_of(text) == re.findall(r"\w+|[!?]+|[^\w\s]", text)

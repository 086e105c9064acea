"""Cue phrases matched as sets of word n-grams, not as regular expressions.

Python's `re` tries every branch of a long alternation at every position of the text, which
made the cue patterns the slowest part of the pipeline. Here a text becomes one set of its
1- to 4-word n-grams, computed once per message, and each cue list is a frozenset: a match is
one `isdisjoint` call in C. The price is that cues are literal phrases; the few cues that need
a number or a wildcard keep a small regex, run only when a cheap word test passes first.
"""

from __future__ import annotations

from collections.abc import Iterable

from fireside.understand.text import words_of

MAX_N = 5


def cue_words(tokens: list[str]) -> list[str]:
    """The word tokens of `text.words_of` output (punctuation dropped, so "doesn't" reads
    "doesn t" in texts and cue lists alike)."""
    return [t for t in tokens if t[0].isalnum()]


def words(text: str) -> list[str]:
    """Lower-cased words of a text, as cue phrases see them."""
    return cue_words(words_of(text))


def grams(text: str, tokens: list[str] | None = None) -> frozenset[str]:
    """Every 1- to MAX_N-word n-gram of the text, joined by single spaces; pass the text's
    `words_of` tokens when they are at hand."""
    ws = cue_words(words_of(text) if tokens is None else tokens)
    out = set(ws)
    for n in range(2, MAX_N + 1):
        out.update(" ".join(ws[i : i + n]) for i in range(len(ws) - n + 1))
    return frozenset(out)


class PhraseSet:
    """A named list of cue phrases; each is normalised the way `grams` normalises text."""

    def __init__(self, phrases: Iterable[str]) -> None:
        normalised = {" ".join(words(p)) for p in phrases}
        normalised.discard("")
        too_long = [p for p in normalised if p.count(" ") >= MAX_N]
        if too_long:
            raise ValueError(f"cue phrases longer than {MAX_N} words: {sorted(too_long)}")
        self.phrases = frozenset(normalised)

    def found(self, text_grams: frozenset[str]) -> bool:
        return not self.phrases.isdisjoint(text_grams)

    def matches(self, text_grams: frozenset[str]) -> list[str]:
        return sorted(self.phrases & text_grams)


def combos(*parts: Iterable[str]) -> list[str]:
    """Every phrase made by taking one item from each part, in order ("" skips a part)."""
    out = [""]
    for part in parts:
        out = [f"{a} {b}".strip() for a in out for b in part]
    return out

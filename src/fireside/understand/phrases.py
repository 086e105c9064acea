"""Cue phrases matched as sets of word n-grams, not as regular expressions.

Python's `re` tries every branch of a long alternation at every position of the text, which
made the cue patterns the slowest part of the pipeline. Here a text becomes one set of its
1- to 4-word n-grams, computed once per message, and each cue list is a frozenset: a match is
one `isdisjoint` call in C. The price is that cues are literal phrases; the few cues that need
a number or a wildcard keep a small regex, run only when a cheap word test passes first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from fireside.understand.text import for_models

# Phrases up to SET_N words are looked up in the n-gram set; longer ones (a few dozen) are
# found by substring search in the space-joined words, which is cheaper than building every
# 4- and 5-gram of every message.
SET_N = 3
_WORD_RE = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """Lower-cased words of a text as cue phrases see them (after `text.for_models`, so
    "doesn't" reads "doesn t" in texts and cue lists alike)."""
    return _WORD_RE.findall(for_models(text))


class _Registry:
    """Every PhraseSet's phrases in one index, so a text is matched against all cue lists with
    one set intersection: short phrases map to the lists they belong to; long phrases are
    reached through their first SET_N words (which are in the n-gram set) and confirmed by a
    substring test."""

    def __init__(self) -> None:
        self.version = 0
        self.short: dict[str, list[int]] = {}
        self.long: dict[str, list[tuple[str, int]]] = {}
        self.keys: frozenset[str] = frozenset()

    def add(self, set_id: int, phrases: Iterable[str]) -> None:
        for p in phrases:
            parts = p.split(" ")
            if len(parts) <= SET_N:
                self.short.setdefault(p, []).append(set_id)
            else:
                prefix = " ".join(parts[:SET_N])
                self.long.setdefault(prefix, []).append((f" {p} ", set_id))
        self.keys = frozenset(self.short) | frozenset(self.long)
        self.version += 1


_REGISTRY = _Registry()


class Grams:
    """The 1- to SET_N-word n-grams of a text and its words joined by single spaces, with the
    cue phrases they contain (computed once, on first use)."""

    __slots__ = ("_hits", "_version", "joined", "set")

    def __init__(self, ws: list[str]) -> None:
        out = set(ws)
        for n in range(2, SET_N + 1):
            out.update(" ".join(ws[i : i + n]) for i in range(len(ws) - n + 1))
        self.set = frozenset(out)
        self.joined = " " + " ".join(ws) + " "
        self._hits: dict[int, list[str]] = {}
        self._version = -1

    def __contains__(self, item: object) -> bool:
        return item in self.set

    def hits(self) -> dict[int, list[str]]:
        """PhraseSet id -> the phrases of that set found in the text."""
        if self._version != _REGISTRY.version:
            found: dict[int, list[str]] = {}
            for key in self.set & _REGISTRY.keys:
                for set_id in _REGISTRY.short.get(key, ()):
                    found.setdefault(set_id, []).append(key)
                for padded, set_id in _REGISTRY.long.get(key, ()):
                    if padded in self.joined:
                        found.setdefault(set_id, []).append(padded.strip())
            self._hits = found
            self._version = _REGISTRY.version
        return self._hits


def grams(text: str, model_text: str | None = None) -> Grams:
    """The cue n-grams of a text; pass `for_models(text)` when it is at hand."""
    return Grams(_WORD_RE.findall(for_models(text) if model_text is None else model_text))


class PhraseSet:
    """A list of cue phrases; each is normalised the way `grams` normalises text."""

    _next_id = 0

    def __init__(self, phrases: Iterable[str]) -> None:
        normalised = {" ".join(words(p)) for p in phrases}
        normalised.discard("")
        self.phrases = frozenset(normalised)
        self.id = PhraseSet._next_id
        PhraseSet._next_id += 1
        _REGISTRY.add(self.id, sorted(normalised))

    def found(self, text_grams: Grams) -> bool:
        return self.id in text_grams.hits()

    def matches(self, text_grams: Grams) -> list[str]:
        return sorted(set(text_grams.hits().get(self.id, ())))


def combos(*parts: Iterable[str]) -> list[str]:
    """Every phrase made by taking one item from each part, in order ("" skips a part)."""
    out = [""]
    for part in parts:
        out = [f"{a} {b}".strip() for a in out for b in part]
    return out

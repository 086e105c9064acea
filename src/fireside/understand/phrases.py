"""Cue phrases matched through one word index, not as regular expressions.

Python's `re` tries every branch of a long alternation at every position of the text, which
made the cue patterns the slowest part of the pipeline. Here every cue list registers its
phrases in one index keyed by first word; a text's words are intersected with the index once
(in C) and only phrases whose first word occurs are confirmed by a substring test. The price
is that cues are literal phrases; the few cues that need a number or a wildcard keep a small
regex, run only when a cheap word test passes first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from fireside.understand.text import for_models

_WORD_RE = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """Lower-cased words of a text as cue phrases see them (after `text.for_models`, so
    "doesn't" reads "doesn t" in texts and cue lists alike)."""
    return _WORD_RE.findall(for_models(text))


class _Registry:
    """Every PhraseSet's phrases in one index, so a text is matched against all cue lists at
    once: one-word phrases by one set intersection with the text's words; longer phrases are
    reached through their first word (if the text has it) and confirmed by a substring test
    on the space-joined words, which is far cheaper than building every n-gram."""

    def __init__(self) -> None:
        self.version = 0
        self.single: dict[str, list[int]] = {}
        # First word -> second word -> (phrase padded with spaces, set id): a phrase is tested
        # only when both its first two words occur in the text ("i" starts hundreds).
        self.multi: dict[str, dict[str, list[tuple[str, int]]]] = {}
        self.keys: frozenset[str] = frozenset()

    def add(self, set_id: int, phrases: Iterable[str]) -> None:
        for p in phrases:
            first, _, rest = p.partition(" ")
            if rest:
                second = rest.partition(" ")[0]
                self.multi.setdefault(first, {}).setdefault(second, []).append((f" {p} ", set_id))
            else:
                self.single.setdefault(p, []).append(set_id)
        self.keys = frozenset(self.single) | frozenset(self.multi)
        self.version += 1


_REGISTRY = _Registry()


class Grams:
    """A text's words as a set and joined by single spaces, with the cue phrases they contain
    (computed once, on first use)."""

    __slots__ = ("_hits", "_version", "joined", "set")

    def __init__(self, ws: list[str]) -> None:
        self.set = frozenset(ws)
        self.joined = " " + " ".join(ws) + " "
        self._hits: dict[int, list[str]] = {}
        self._version = -1

    def __contains__(self, item: object) -> bool:
        return item in self.set

    def hits(self) -> dict[int, list[str]]:
        """PhraseSet id -> the phrases of that set found in the text."""
        if self._version != _REGISTRY.version:
            found: dict[int, list[str]] = {}
            joined = self.joined
            words = self.set
            for key in words & _REGISTRY.keys:
                for set_id in _REGISTRY.single.get(key, ()):
                    found.setdefault(set_id, []).append(key)
                by_second = _REGISTRY.multi.get(key)
                if by_second is None:
                    continue
                for second in by_second.keys() & words:
                    for padded, set_id in by_second[second]:
                        if padded in joined:
                            found.setdefault(set_id, []).append(padded.strip())
            self._hits = found
            self._version = _REGISTRY.version
        return self._hits


def grams(text: str) -> Grams:
    """The cue n-grams of a text (the pipeline builds them from the tokens it already has)."""
    return Grams(words(text))


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

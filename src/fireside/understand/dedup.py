"""Near-duplicate detection: MinHash over 8-character windows at word starts, LSH banding.

A batch is hashed in one pass: every text's code points are laid end to end in one array, the
4-gram rolling hashes and all 32 permutations are computed for the whole batch at once, and
`np.minimum.reduceat` takes each text's minimum. Only the band lookups run per text.

Shingles are the 8 characters from each word start: copypasta waves and spam campaigns change
a word, a name or a link between copies, and such an edit touches only the one or two windows
that overlap it, which keeps a one-word edit of a tweet above the 0.6 similarity at which we
link it to the first copy. Texts shorter than `min_chars`
(after lower-casing and dropping links and mentions) are never linked: "thank you!" said by
two people is not a campaign.
"""

from __future__ import annotations

import math
import operator
import re
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import repeat

import numpy as np
import numpy.typing as npt

from fireside.understand.text import for_models

N_HASHES = 32
BANDS = 8
ROWS = N_HASHES // BANDS
SHINGLE = 8


def normalise(text: str) -> str:
    """Lower-cased words, space-separated, with links, mentions and long numbers replaced by
    placeholder words (`text.for_models`). The pipeline passes the same string, which it
    already has as `phrases.Grams.joined`."""
    return " ".join(_WORD_RE.findall(for_models(text)))


_WORD_RE = re.compile(r"\w+")


def signatures(texts: Sequence[str], random_state: int = 0) -> npt.NDArray[np.uint32]:
    """MinHash signatures, shape (len(texts), N_HASHES). A text with fewer than SHINGLE
    characters gets its one whole-text shingle; an empty text gets all-max values."""
    rng = np.random.RandomState(random_state)
    # Multiply-add hashing in uint32 (wrapping on overflow) stands in for N_HASHES random
    # permutations; odd multipliers keep each map a bijection on 32-bit values.
    a = (rng.randint(0, 2**31 - 1, size=N_HASHES).astype(np.uint32) << np.uint32(1)) | np.uint32(1)
    b = rng.randint(0, 2**31 - 1, size=N_HASHES).astype(np.uint32)
    out = np.full((len(texts), N_HASHES), np.iinfo(np.uint32).max, dtype=np.uint32)
    if not texts:
        return out
    padded = [t if len(t) >= SHINGLE else t.ljust(SHINGLE, "\x00") if t else "" for t in texts]
    lengths = np.fromiter((len(t) for t in padded), dtype=np.int64, count=len(padded))
    codes = np.frombuffer("".join(padded).encode("utf-32-le"), dtype=np.uint32)
    if codes.size < SHINGLE:
        return out
    # Polynomial hash of each window of SHINGLE code points, wrapping in uint32.
    h = np.zeros(codes.size - SHINGLE + 1, dtype=np.uint32)
    for k in range(SHINGLE):
        h = h * np.uint32(1_000_003) + codes[k : k + h.size]
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    n_shingles = np.maximum(lengths - SHINGLE + 1, 0)
    # Keep windows that lie inside one text (a window starting at position p of text t when
    # p - starts[t] < n_shingles[t]) and start a word (at the text's start or after a space):
    # about one shingle per word instead of one per character, a fifth of the hashing work,
    # while a one-word edit still changes only the windows that overlap it.
    owner = np.repeat(np.arange(len(texts)), lengths)[: h.size]
    pos = np.arange(h.size) - starts[owner]
    word_start = (pos == 0) | (codes[np.maximum(np.arange(h.size) - 1, 0)] == 32)
    valid = (pos < n_shingles[owner]) & word_start
    hv = h[valid]
    if hv.size == 0:
        return out
    perm32 = hv[:, None] * a[None, :] + b[None, :]
    counts = np.bincount(owner[valid], minlength=len(texts))
    has = counts > 0
    offsets = np.concatenate(([0], np.cumsum(counts[has])[:-1]))
    out[has] = np.minimum.reduceat(perm32, offsets, axis=0)
    return out


_BAND_MIX = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0x27D4EB2F165667C5],
    dtype=np.uint64,
)[:ROWS]


def _band_keys(sigs: npt.NDArray[np.uint32]) -> list[list[int]]:
    """One 64-bit key per band of each signature (a collision only costs a comparison of
    signatures, which rejects it)."""
    bands = sigs.reshape(len(sigs), BANDS, ROWS).astype(np.uint64)
    keys: list[list[int]] = (bands * _BAND_MIX).sum(axis=2, dtype=np.uint64).tolist()
    return keys


@dataclass
class DuplicateIndex:
    """Links each text to the first earlier text whose MinHash similarity reaches `threshold`.

    `max_items` bounds memory (about 1.2 KB a message: 100,000 take 120 MB, which with the
    models keeps a worker under 500 MB): when it is reached the index forgets the older half,
    which only means a copy of a forgotten message links to a later first occurrence.
    """

    threshold: float = 0.6
    min_chars: int = 25
    max_items: int = 100_000
    random_state: int = 0
    _bands: list[dict[int, int]] = field(default_factory=lambda: [{} for _ in range(BANDS)])
    _ids: list[str] = field(default_factory=list)
    _authors: list[str] = field(default_factory=list)
    _sigs: list[npt.NDArray[np.uint32]] = field(default_factory=list)
    _first: list[int] = field(default_factory=list)  # position of each one's first occurrence

    def __len__(self) -> int:
        return len(self._ids)

    def link(
        self,
        ids: Sequence[str],
        texts: Sequence[str],
        authors: Sequence[str] | None = None,
        *,
        normalised: Sequence[str] | None = None,
    ) -> list[tuple[str | None, str | None]]:
        """Add the texts in order; return, for each, (id of first near-duplicate or None,
        that earlier message's author key or None). `normalised`, when given, replaces
        `normalise(text)` for each text."""
        authors = authors if authors is not None else [""] * len(ids)
        norm = list(normalised) if normalised is not None else [normalise(t) for t in texts]
        long_enough = [i for i, t in enumerate(norm) if len(t) >= self.min_chars]
        sigs = signatures([norm[i] for i in long_enough], self.random_state)
        band_keys = _band_keys(sigs)
        # Compared as lists of ints: cheaper than NumPy calls for one pair of 32 numbers.
        sig_rows: list[list[int]] = sigs.tolist()
        row_of = {i: row for row, i in enumerate(long_enough)}
        need = math.ceil(self.threshold * N_HASHES - 1e-9)
        result: list[tuple[str | None, str | None]] = []
        for i, mid in enumerate(ids):
            row = row_of.get(i)
            if row is None:
                result.append((None, None))
                continue
            if len(self._ids) >= self.max_items:
                self._forget_older_half()
            sig = sig_rows[row]
            keys = band_keys[row]
            # The earliest earlier text sharing a band whose signature agrees on enough hashes.
            found: int | None = None
            hits = set(map(dict.get, self._bands, keys))
            hits.discard(None)
            cands: list[int] = sorted(hits)  # type: ignore[arg-type]  # None was discarded
            for cand in cands:
                if sum(map(operator.eq, self._sigs[cand].tolist(), sig)) >= need:
                    found = cand
                    break
            pos = len(self._ids)
            self._ids.append(mid)
            self._authors.append(authors[i])
            self._sigs.append(sigs[row])
            first = pos if found is None else found
            self._first.append(first)
            deque(map(dict.setdefault, self._bands, keys, repeat(first)), maxlen=0)
            if found is None:
                result.append((None, None))
            else:
                result.append((self._ids[found], self._authors[found]))
        return result

    def seen(self, items: Iterable[tuple[str, str]]) -> None:
        """Seed the index with earlier (id, text) pairs, oldest first."""
        pairs = list(items)
        if pairs:
            self.link([p[0] for p in pairs], [p[1] for p in pairs])

    def _forget_older_half(self) -> None:
        """Keep the newer half of the messages, so a copy of something said just now is still
        linked after the index reaches its bound. A kept message whose first occurrence was
        forgotten becomes a first occurrence itself."""
        drop = len(self._ids) // 2
        ids, authors, sigs = self._ids[drop:], self._authors[drop:], self._sigs[drop:]
        keys = _band_keys(np.asarray(sigs, dtype=np.uint32).reshape(len(sigs), N_HASHES))
        firsts = [pos - drop for pos in self._first[drop:]]
        self.clear()
        self._ids, self._authors, self._sigs = ids, authors, sigs
        for pos, (first, row) in enumerate(zip(firsts, keys, strict=True)):
            first = first if first >= 0 else pos
            self._first.append(first)
            deque(map(dict.setdefault, self._bands, row, repeat(first)), maxlen=0)

    def clear(self) -> None:
        self._bands = [{} for _ in range(BANDS)]
        self._ids.clear()
        self._authors.clear()
        self._sigs.clear()
        self._first.clear()

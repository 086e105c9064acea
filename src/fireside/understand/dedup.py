"""Near-duplicate detection: MinHash over 8-character windows at word starts, LSH banding.

A batch is hashed in one pass: every text's code points are laid end to end in one array, the
windows' hashes and all 32 permutations are computed for the whole batch at once, and
`np.minimum.reduceat` takes each text's minimum. Only messages that share a band key with an
earlier one are then looked at one by one.

Shingles are the 8 characters from each word start: copypasta waves and spam campaigns change
a word, a name or a link between copies, and such an edit touches only the one or two windows
that overlap it, which keeps a one-word edit of a tweet above the 0.6 similarity at which we
link it to the first copy. Texts shorter than `min_chars`
(after lower-casing and dropping links and mentions) are never linked: "thank you!" said by
two people is not a campaign.
"""

from __future__ import annotations

import functools
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


@functools.lru_cache(maxsize=8)
def _permutations(random_state: int) -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.uint32]]:
    """Multiply-add hashing in uint32 (wrapping on overflow) stands in for N_HASHES random
    permutations; odd multipliers keep each map a bijection on 32-bit values."""
    rng = np.random.RandomState(random_state)
    a = (rng.randint(0, 2**31 - 1, size=N_HASHES).astype(np.uint32) << np.uint32(1)) | np.uint32(1)
    b = rng.randint(0, 2**31 - 1, size=N_HASHES).astype(np.uint32)
    return a[:, None], b[:, None]


def signatures(texts: Sequence[str], random_state: int = 0) -> npt.NDArray[np.uint32]:
    """MinHash signatures, shape (len(texts), N_HASHES). A text with fewer than SHINGLE
    characters gets its one whole-text shingle; an empty text gets all-max values."""
    a, b = _permutations(random_state)
    out = np.full((len(texts), N_HASHES), np.iinfo(np.uint32).max, dtype=np.uint32)
    if not texts:
        return out
    padded = [t if len(t) >= SHINGLE else t.ljust(SHINGLE, "\x00") if t else "" for t in texts]
    lengths = np.fromiter((len(t) for t in padded), dtype=np.int64, count=len(padded))
    codes = np.frombuffer("".join(padded).encode("utf-32-le"), dtype=np.uint32)
    # Shingles start at each word: at the text's start or after a space, about one per word
    # instead of one per character, while a one-word edit still changes only the windows that
    # overlap it. A window must lie inside its text.
    ends = np.cumsum(lengths)
    text_starts = ends - lengths
    after_space = np.flatnonzero(codes == 32) + 1
    starts = np.concatenate((text_starts[lengths > 0], after_space))
    starts = starts[starts < codes.size]
    owner = np.searchsorted(ends, starts, side="right")
    inside = starts + SHINGLE <= ends[owner]
    starts, owner = starts[inside], owner[inside]
    order = np.argsort(owner, kind="stable")
    starts, owner = starts[order], owner[order]
    if starts.size == 0:
        return out
    # Polynomial hash of each window of SHINGLE code points, wrapping in uint32.
    h = np.zeros(starts.size, dtype=np.uint32)
    for k in range(SHINGLE):
        h = h * np.uint32(1_000_003) + codes[starts + k]
    # One row per permutation, so that each NumPy loop runs along the shingles.
    perm32 = a * h[None, :]
    perm32 += b
    counts = np.bincount(owner, minlength=len(texts))
    has = counts > 0
    offsets = np.concatenate(([0], np.cumsum(counts[has])[:-1]))
    out[has] = np.minimum.reduceat(perm32, offsets, axis=1).T
    return out


_BAND_MIX = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0x27D4EB2F165667C5],
    dtype=np.uint64,
)[:ROWS]


def _band_keys(sigs: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint64]:
    """One 64-bit key per band of each signature, shape (len(sigs), BANDS) (a collision only
    costs a comparison of signatures, which rejects it)."""
    bands = sigs.reshape(len(sigs), BANDS, ROWS).astype(np.uint64)
    return np.asarray((bands * _BAND_MIX).sum(axis=2, dtype=np.uint64), dtype=np.uint64)


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
    _need: int = field(init=False, default=0)
    # Signature bytes -> first occurrence, for messages that shared a band with an earlier one.
    # A plain copy (a retweet, a spam wave) of such a message links the same way without any
    # comparison: its candidates are the ones its original had (`_match` says why).
    _copies: dict[bytes, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._need = math.ceil(self.threshold * N_HASHES - 1e-9)  # equal hashes to link

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
        result: list[tuple[str | None, str | None]] = [(None, None)] * len(ids)
        if not long_enough:
            return result
        sigs = signatures([norm[i] for i in long_enough], self.random_state)
        keys = _band_keys(sigs)
        if len(self._ids) + len(long_enough) > self.max_items:
            # Room is made message by message, exactly where the bound is reached.
            for row, i in enumerate(long_enough):
                if len(self._ids) >= self.max_items:
                    self._forget_older_half()
                self._extend([ids[i]], [authors[i]], sigs[row : row + 1])
                result[i] = self._match(len(self._ids) - 1, sigs[row], keys[row].tolist())
            return result
        base = len(self._ids)
        self._extend([ids[i] for i in long_enough], [authors[i] for i in long_enough], sigs)
        # Most messages share no band with any earlier one, nor with another in the batch:
        # their keys go into the bands in bulk, and only the others are compared one by one.
        lone = self._lone(keys)
        positions = np.arange(base, base + len(long_enough))[lone].tolist()
        for band, column in zip(self._bands, keys[lone].T.tolist(), strict=True):
            band.update(zip(column, positions, strict=True))
        others = np.flatnonzero(~lone)
        for row, row_keys in zip(others.tolist(), keys[others].tolist(), strict=True):
            result[long_enough[row]] = self._match(base + row, sigs[row], row_keys)
        return result

    def _extend(self, ids: list[str], authors: list[str], sigs: npt.NDArray[np.uint32]) -> None:
        """Append messages, each its own first occurrence until `_match` says otherwise."""
        base = len(self._ids)
        self._ids.extend(ids)
        self._authors.extend(authors)
        self._sigs.extend(sigs)
        self._first.extend(range(base, base + len(ids)))

    def _lone(self, keys: npt.NDArray[np.uint64]) -> npt.NDArray[np.bool_]:
        """Rows none of whose band keys is in the index or in another row of the batch."""
        # Equal keys within a band lie side by side once each band's column is sorted.
        order = np.argsort(keys, axis=0)
        ranked = np.take_along_axis(keys, order, axis=0)
        same = ranked[1:] == ranked[:-1]
        repeated = np.zeros(keys.shape, dtype=bool)
        repeated[1:] |= same
        repeated[:-1] |= same
        shared = np.zeros(len(keys), dtype=bool)
        shared[order[repeated]] = True
        for band, column in zip(self._bands, keys.T.tolist(), strict=True):
            if band.keys() & set(column):
                shared |= np.fromiter(map(band.__contains__, column), dtype=bool, count=len(column))
        return ~shared

    def _match(
        self, pos: int, signature: npt.NDArray[np.uint32], keys: list[int]
    ) -> tuple[str | None, str | None]:
        """Link the message at `pos` (already appended) to the earliest earlier message that
        shares a band with it and whose signature agrees on enough hashes, and file its band
        keys under its first occurrence."""
        exact = signature.tobytes()
        known = self._copies.get(exact)
        if known is not None:
            # An earlier message had this very signature, so its band keys are these keys,
            # already filed, and the candidates they reach are the ones it had (setdefault
            # never refiles a key): the earliest that passed then passes now, and if none did,
            # the earlier copy itself is the earliest that does.
            self._first[pos] = known
            return self._ids[known], self._authors[known]
        found: int | None = None
        hits = set(map(dict.get, self._bands, keys))
        hits.discard(None)
        if hits:
            sig: list[int] | None = None
            cands: list[int] = sorted(hits)  # type: ignore[arg-type]  # None was discarded
            for cand in cands:
                earlier = self._sigs[cand]
                if earlier.tobytes() == exact:  # a plain copy, the common case
                    found = cand
                    break
                # Compared as lists of ints: cheaper than NumPy calls for 32 numbers.
                sig = signature.tolist() if sig is None else sig
                if sum(map(operator.eq, earlier.tolist(), sig)) >= self._need:
                    found = cand
                    break
        first = pos if found is None else found
        self._first[pos] = first
        self._copies[exact] = first
        deque(map(dict.setdefault, self._bands, keys, repeat(first)), maxlen=0)
        if found is None:
            return None, None
        return self._ids[found], self._authors[found]

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
        for pos, (first, row) in enumerate(zip(firsts, keys.tolist(), strict=True)):
            first = first if first >= 0 else pos
            self._first.append(first)
            deque(map(dict.setdefault, self._bands, row, repeat(first)), maxlen=0)

    def clear(self) -> None:
        self._bands = [{} for _ in range(BANDS)]
        self._copies = {}
        self._ids.clear()
        self._authors.clear()
        self._sigs.clear()
        self._first.clear()

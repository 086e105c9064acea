"""Near-duplicate detection: MinHash over character 4-grams with LSH banding, vectorised.

A batch is hashed in one pass: every text's code points are laid end to end in one array, the
4-gram rolling hashes and all 32 permutations are computed for the whole batch at once, and
`np.minimum.reduceat` takes each text's minimum. Only the band lookups run per text.

Character shingles (not word shingles) are used because copypasta waves and spam campaigns
change a word, a name or a link between copies; 4-grams keep a one-word edit of a tweet above
the 0.6 similarity at which we link it to the first copy. Texts shorter than `min_chars`
(after lower-casing and dropping links and mentions) are never linked: "thank you!" said by
two people is not a campaign.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from fireside.understand.text import words_of

N_HASHES = 32
BANDS = 8
ROWS = N_HASHES // BANDS
SHINGLE = 4


def normalise(text: str) -> str:
    """Lower-cased words without links, mentions, numbers or punctuation, space-separated."""
    return dedup_text(words_of(text))


_PLACEHOLDERS = frozenset({"zzurl", "zzuser", "zzemail", "zznumber"})


def dedup_text(tokens: list[str]) -> str:
    """`normalise` computed from `text.words_of` tokens, which the pipeline already has."""
    return " ".join(t for t in tokens if t[0].isalnum() and t not in _PLACEHOLDERS)


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
    # Keep only windows that lie inside one text: a window starting at position p of text t
    # is valid when p - starts[t] < n_shingles[t].
    owner = np.repeat(np.arange(len(texts)), lengths)[: h.size]
    valid = (np.arange(h.size) - starts[owner]) < n_shingles[owner]
    hv = h[valid]
    if hv.size == 0:
        return out
    perm32 = hv[:, None] * a[None, :] + b[None, :]
    has = n_shingles > 0
    offsets = np.concatenate(([0], np.cumsum(n_shingles[has])[:-1]))
    out[has] = np.minimum.reduceat(perm32, offsets, axis=0)
    return out


@dataclass
class DuplicateIndex:
    """Links each text to the first earlier text whose MinHash similarity reaches `threshold`.

    `max_items` bounds memory: past it the index forgets everything and starts again, which
    only means a copy arriving after that point links to a later first occurrence.
    """

    threshold: float = 0.6
    min_chars: int = 25
    max_items: int = 500_000
    random_state: int = 0
    _bands: list[dict[bytes, int]] = field(default_factory=lambda: [{} for _ in range(BANDS)])
    _ids: list[str] = field(default_factory=list)
    _authors: list[str] = field(default_factory=list)
    _sigs: list[npt.NDArray[np.uint32]] = field(default_factory=list)

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
        sigs = signatures(norm, self.random_state)
        result: list[tuple[str | None, str | None]] = []
        for i, (mid, text) in enumerate(zip(ids, norm, strict=True)):
            if len(text) < self.min_chars:
                result.append((None, None))
                continue
            if len(self._ids) >= self.max_items:
                self.clear()
            sig = sigs[i]
            keys = [sig[k * ROWS : (k + 1) * ROWS].tobytes() for k in range(BANDS)]
            found: int | None = None
            for band, key in zip(self._bands, keys, strict=True):
                cand = band.get(key)
                if (
                    cand is not None
                    and (found is None or cand < found)
                    and float(np.mean(self._sigs[cand] == sig)) >= self.threshold
                ):
                    found = cand
            pos = len(self._ids)
            self._ids.append(mid)
            self._authors.append(authors[i])
            self._sigs.append(sig)
            for band, key in zip(self._bands, keys, strict=True):
                band.setdefault(key, pos if found is None else found)
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

    def clear(self) -> None:
        self._bands = [{} for _ in range(BANDS)]
        self._ids.clear()
        self._authors.clear()
        self._sigs.clear()

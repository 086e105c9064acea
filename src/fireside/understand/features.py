"""Hashed n-gram features: text in, one sparse row per text out, with no vocabulary to ship.

The hashing trick (see scikit-learn's `HashingVectorizer` docstring for the trade-offs) keeps the
artifacts to weights only and lets every model share one matrix per batch. Collisions cost a
little accuracy at 2**18 columns; we accept that for artifacts measured in kilobytes.

What a text contributes, each counted once per occurrence and hashed to a column:
- every token of `text.words_of` (words, runs of ! and ?, other symbols), with letters
  repeated three or more times squeezed to two ("soooo" reads "soo");
- every pair of adjacent tokens (its column mixes the two tokens' hashes, so a pair costs no
  string and no lookup);
- for each word found in the lexicon, its polarity classes (such as "LEX+"), which lets the
  models generalise to sentiment words they saw rarely in training;
- for words of six letters or more, the four-letter prefix and three-letter suffix (cheap
  stand-ins for morphology in Finnish, German, Arabic and the like), except that a long run
  with no spaces in a non-Latin script (CJK, Thai) gives its character pairs instead.

Most tokens of a stream repeat, so `TokenTable` computes a token's columns once and keeps them
in arrays: a batch costs one dictionary lookup per token, and the rest is NumPy over the whole
batch.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Sequence
from itertools import chain, repeat
from pathlib import Path

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from sklearn.utils import murmurhash3_32

from fireside.understand.text import words_of

N_FEATURES = 2**18

LEXICON_PATH = Path(__file__).parent / "models" / "lexicon.json"
_lexicon: dict[str, tuple[str, ...]] | None = None

_ELONG_RE = re.compile(r"(\w)\1{2,}")


def lexicon() -> dict[str, tuple[str, ...]]:
    """Word → polarity classes, from models/lexicon.json (written by `fireside train` from the
    VADER lexicon, MIT licence). Empty when the file is absent, as during training's first
    step."""
    global _lexicon
    if _lexicon is None:
        _lexicon = load_lexicon(LEXICON_PATH)
    return _lexicon


def load_lexicon(path: Path) -> dict[str, tuple[str, ...]]:
    """The lexicon in `path` ({} when there is none). Pipelines reading the same unchanged
    file share one dict, and so one `TokenTable`."""
    if not path.exists():
        return {}
    stat = path.stat()
    return _load_lexicon(path.resolve(), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=8)
def _load_lexicon(path: Path, _mtime_ns: int, _size: int) -> dict[str, tuple[str, ...]]:
    doc = json.loads(path.read_text(encoding="utf-8"))
    out: dict[str, tuple[str, ...]] = {}
    for cls, words in sorted(doc["classes"].items()):
        for w in words:
            out[w] = (*out.get(w, ()), cls)
    return out


def set_lexicon(value: dict[str, tuple[str, ...]] | None) -> None:
    """Replace the lexicon in use (training and tests); None reloads it from disk next time."""
    global _lexicon
    _lexicon = value


def column(feature: str) -> int:
    """The hashed column of a feature string, as scikit-learn's FeatureHasher computes it
    (signed 32-bit MurmurHash3 of the UTF-8 bytes, seed 0, absolute value mod N_FEATURES)."""
    return abs(int(murmurhash3_32(feature, seed=0))) % N_FEATURES


def squeeze(token: str) -> str:
    """Letters repeated three or more times squeezed to two."""
    return _ELONG_RE.sub(r"\1\1", token)


def own_features(w: str, lex: dict[str, tuple[str, ...]]) -> list[str]:
    """The features one (squeezed) token gives by itself (everything but the pairs)."""
    out = [w, *lex.get(w, ())]
    n = len(w)
    if n >= 6:
        if n > 14 and not w.isascii():
            out.extend(w[i : i + 2] for i in range(min(n, 64) - 1))
        else:
            out.extend(("<" + w[:4], w[-3:] + ">"))
    return out


def token_hash(token: str) -> int:
    """Unsigned 32-bit MurmurHash3 (seed 0) of a squeezed token, which its pairs' columns mix."""
    return int(murmurhash3_32(token, seed=0, positive=True))


def pair_columns(
    first: npt.NDArray[np.uint64], second: npt.NDArray[np.uint64]
) -> npt.NDArray[np.int64]:
    """Columns of token pairs from the two tokens' `token_hash`es: both side by side in 64
    bits, through the splitmix64 finaliser, reduced to the column range."""
    x = (first << np.uint64(32)) | second
    x ^= x >> np.uint64(30)
    x *= np.uint64(0xBF58476D1CE4E5B9)
    x ^= x >> np.uint64(27)
    x *= np.uint64(0x94D049BB133111EB)
    x ^= x >> np.uint64(31)
    return (x % np.uint64(N_FEATURES)).astype(np.int64)


class TokenTable:
    """Columns and hashes of the tokens seen so far, for one lexicon.

    Bounded: when a batch would take it past `max_tokens` tokens it forgets everything and
    starts again, which costs only the time to recompute.
    """

    def __init__(
        self,
        lex: dict[str, tuple[str, ...]],
        *,
        max_tokens: int = 400_000,
    ) -> None:
        self.lex = lex
        self.max_tokens = max_tokens
        self.clear()

    def clear(self) -> None:
        self.ids: dict[str, int] = {}
        # `token_hash` of each token, for its pairs' columns.
        self.hashes: npt.NDArray[np.uint64] = np.zeros(0, dtype=np.uint64)
        # Token id t has the columns cols[ptr[t]:ptr[t + 1]].
        self.ptr: npt.NDArray[np.int64] = np.zeros(1, dtype=np.int64)
        self.cols: npt.NDArray[np.int32] = np.zeros(0, dtype=np.int32)

    def _add(self, new: list[str]) -> None:
        start = len(self.ids)
        squeezed = [squeeze(t) for t in new]
        per_token = [[column(f) for f in own_features(w, self.lex)] for w in squeezed]
        self.ids.update(zip(new, range(start, start + len(new)), strict=True))
        hashes = np.fromiter(map(token_hash, squeezed), dtype=np.uint64, count=len(new))
        self.hashes = np.concatenate((self.hashes, hashes))
        counts = np.fromiter(map(len, per_token), dtype=np.int64, count=len(new))
        self.ptr = np.concatenate((self.ptr, self.ptr[-1] + np.cumsum(counts)))
        flat = np.fromiter(chain.from_iterable(per_token), dtype=np.int32, count=int(counts.sum()))
        self.cols = np.concatenate((self.cols, flat))

    def token_ids(self, flat: list[str]) -> npt.NDArray[np.int64]:
        if len(self.ids) + len(flat) > self.max_tokens:
            self.clear()
        ids = np.fromiter(map(self.ids.get, flat, repeat(-1)), dtype=np.int64, count=len(flat))
        missing = np.flatnonzero(ids < 0)
        if missing.size:
            self._add(list(dict.fromkeys(flat[i] for i in missing.tolist())))
            ids[missing] = [self.ids[flat[i]] for i in missing.tolist()]
        return ids

    def counts(self, token_lists: Sequence[list[str]]) -> sp.csr_matrix:
        """Feature counts, one row per token list, float32 CSR with duplicates summed."""
        n = len(token_lists)
        lengths = np.fromiter(map(len, token_lists), dtype=np.int64, count=n)
        ids = self.token_ids(list(chain.from_iterable(token_lists)))
        rows = np.repeat(np.arange(n, dtype=np.int64), lengths)
        # Each token's own columns, gathered from the table for every occurrence.
        starts = self.ptr[ids]
        per = self.ptr[ids + 1] - starts
        own_rows = np.repeat(rows, per)
        first_of = np.cumsum(per) - per
        own_cols = self.cols[np.repeat(starts - first_of, per) + np.arange(int(per.sum()))]
        # Adjacent pairs within one text.
        same = rows[1:] == rows[:-1]
        pair_cols = pair_columns(self.hashes[ids[:-1][same]], self.hashes[ids[1:][same]])
        x = sp.csr_matrix(
            (
                np.ones(own_cols.size + pair_cols.size, dtype=np.float32),
                (np.concatenate((own_rows, rows[1:][same])), np.concatenate((own_cols, pair_cols))),
            ),
            shape=(n, N_FEATURES),
        )
        x.sum_duplicates()
        return x


# One table per lexicon object, by id: the table keeps its lexicon alive, so while a table is
# here no other lexicon can have that id.
_tables: dict[int, TokenTable] = {}


def table_for(lex: dict[str, tuple[str, ...]]) -> TokenTable:
    """The process's token table for this lexicon (a token's columns depend on the lexicon
    and nothing else)."""
    table = _tables.get(id(lex))
    if table is None:
        if len(_tables) >= 4:  # lexicons come and go only in training and tests
            del _tables[next(iter(_tables))]
        table = _tables[id(lex)] = TokenTable(lex)
    return table


def featurize(
    texts: Sequence[str],
    lex: dict[str, tuple[str, ...]] | None = None,
    words: Sequence[list[str]] | None = None,
) -> sp.csr_matrix:
    """One L2-normalised row of hashed feature counts per (already cleaned) text, using `lex`
    or else the shipped lexicon. `words`, when given, are `words_of(text)` for
    each text, as the pipeline already has them."""
    lex = lexicon() if lex is None else lex
    if words is None:
        words = [words_of(t) for t in texts]
    x = table_for(lex).counts(words)
    # Sublinear counts: a word said five times is not five times as telling.
    x.data = np.sqrt(x.data)
    per_row = np.diff(x.indptr)
    rows = np.repeat(np.arange(x.shape[0]), per_row)
    norms = np.sqrt(np.bincount(rows, weights=x.data * x.data, minlength=x.shape[0]))
    norms[norms == 0] = 1.0
    x.data /= norms[rows].astype(np.float32)
    return x

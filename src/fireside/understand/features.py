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

These make the word block (sublinear counts, unit length). A second block holds each token's
character 2- to 4-grams, summed over the text and scaled by the root of the tokens' summed
squared norms (`featurize` says exactly), which helps most in the languages with rich
morphology; being a sum over tokens, it can be scored from per-token scores.

Most tokens of a stream repeat, so `TokenTable` computes a token's columns, character n-grams
and their scores once and keeps them in arrays: a batch costs one dictionary lookup per token,
and the rest is NumPy over the whole batch.
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
# Character n-grams (2 to 4 characters of each token padded with a space on both sides) live in
# their own block of columns after the word features, scaled by CHAR_WEIGHT.
CHAR_FEATURES = 2**18
CHAR_GRAMS = (2, 3, 4)
CHAR_WEIGHT = 0.6

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


FloatArray = npt.NDArray[np.float32]


def _grow(scores: FloatArray, new: FloatArray, start: int) -> FloatArray:
    """`scores` with rows start.. set to `new`, doubling its capacity when it is full."""
    stop = start + new.shape[0]
    if stop > scores.shape[0]:
        bigger = np.zeros((max(stop, 2 * scores.shape[0]), scores.shape[1]), dtype=np.float32)
        bigger[:start] = scores[:start]
        scores = bigger
    scores[start:stop] = new
    return scores


def char_grams(words: Sequence[str]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """(index of the word, column) for every character n-gram of `" " + word + " "`, with
    n in CHAR_GRAMS. Columns come from a polynomial hash of the code points, computed for all
    words at once."""
    padded = [" " + w + " " for w in words]
    lengths = np.fromiter(map(len, padded), dtype=np.int64, count=len(padded))
    codes = np.frombuffer("".join(padded).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    owner = np.repeat(np.arange(len(padded), dtype=np.int64), lengths)
    end_of = np.repeat(np.cumsum(lengths), lengths)  # where each position's word ends
    pos = np.arange(codes.size, dtype=np.int64)
    owners, cols = [], []
    h = np.zeros(codes.size, dtype=np.uint64)
    for n in range(1, max(CHAR_GRAMS) + 1):
        # h[p] is the hash of the n code points starting at p (valid while p + n <= end).
        h[: codes.size - n + 1] = h[: codes.size - n + 1] * np.uint64(1_000_003) + codes[n - 1 :]
        if n in CHAR_GRAMS:
            ok = np.flatnonzero(pos + n <= end_of)
            x = (h[ok] ^ np.uint64(n * 0x9E3779B97F4A7C15 % 2**64)) * np.uint64(0xBF58476D1CE4E5B9)
            x ^= x >> np.uint64(31)
            owners.append(owner[ok])
            cols.append((x % np.uint64(CHAR_FEATURES)).astype(np.int64))
    return np.concatenate(owners), np.concatenate(cols)


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
        # Per-token scores of the character block under some weights (see `char_scores`),
        # kept up to date as tokens arrive: id(weights) -> (weights, scores; rows past the
        # number of tokens are spare capacity).
        self._scored: dict[int, tuple[FloatArray, FloatArray]] = {}
        self.clear()

    def clear(self) -> None:
        self.ids: dict[str, int] = {}
        # `token_hash` of each token, for its pairs' columns.
        self.hashes: npt.NDArray[np.uint64] = np.zeros(0, dtype=np.uint64)
        # Token id t has the columns cols[ptr[t]:ptr[t + 1]].
        self.ptr: npt.NDArray[np.int64] = np.zeros(1, dtype=np.int64)
        self.cols: npt.NDArray[np.int32] = np.zeros(0, dtype=np.int32)
        # Its character n-grams: counts chars[t] (a row of a CSR matrix with CHAR_FEATURES
        # columns, grown batch by batch) and their squared norm char_sq[t].
        self.chars: list[sp.csr_matrix] = []
        self.char_sq: npt.NDArray[np.float64] = np.zeros(0, dtype=np.float64)
        self._scored = {
            key: (w, np.zeros((0, w.shape[1]), dtype=np.float32))
            for key, (w, _) in self._scored.items()
        }

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
        owner, cols = char_grams(squeezed)
        grams = sp.csr_matrix(
            (np.ones(owner.size, dtype=np.float32), (owner, cols)),
            shape=(len(new), CHAR_FEATURES),
        )
        grams.sum_duplicates()
        self.chars.append(grams)
        if len(self.chars) > 64:  # a block a batch: merge now and then
            self.chars = [sp.vstack(self.chars, format="csr")]
        sq = np.asarray(grams.multiply(grams).sum(axis=1), dtype=np.float64).ravel()
        self.char_sq = np.concatenate((self.char_sq, sq))
        for key, (w, scores) in self._scored.items():
            self._scored[key] = (w, _grow(scores, np.asarray(grams @ w, dtype=np.float32), start))

    def char_scores(self, weights: FloatArray) -> FloatArray:
        """Row t: token t's character n-gram counts times `weights` (CHAR_FEATURES x k), so a
        text's character block scores are a sum over its tokens. Kept for the last few weight
        matrices asked about, and extended as tokens arrive."""
        got = self._scored.get(id(weights))
        if got is None or got[0] is not weights:
            if len(self._scored) >= 8:
                del self._scored[next(iter(self._scored))]
            scores = np.asarray(self.char_matrix() @ weights, dtype=np.float32)
            got = self._scored[id(weights)] = (weights, scores)
        return got[1][: len(self.ids)]

    def char_matrix(self) -> sp.csr_matrix:
        """Character n-gram counts of every token in the table, one row per token id."""
        if len(self.chars) > 1:
            self.chars = [sp.vstack(self.chars, format="csr")]
        if not self.chars:
            return sp.csr_matrix((0, CHAR_FEATURES), dtype=np.float32)
        return self.chars[0]

    def token_ids(self, flat: list[str]) -> npt.NDArray[np.int64]:
        if len(self.ids) + len(flat) > self.max_tokens:
            self.clear()
        ids = np.fromiter(map(self.ids.get, flat, repeat(-1)), dtype=np.int64, count=len(flat))
        missing = np.flatnonzero(ids < 0)
        if missing.size:
            self._add(list(dict.fromkeys(flat[i] for i in missing.tolist())))
            ids[missing] = [self.ids[flat[i]] for i in missing.tolist()]
        return ids

    def encode(
        self, token_lists: Sequence[list[str]]
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """(token id, row) of every token of every list, in order."""
        lengths = np.fromiter(map(len, token_lists), dtype=np.int64, count=len(token_lists))
        ids = self.token_ids(list(chain.from_iterable(token_lists)))
        return ids, np.repeat(np.arange(len(token_lists), dtype=np.int64), lengths)

    def counts(
        self, ids: npt.NDArray[np.int64], rows: npt.NDArray[np.int64], n: int
    ) -> sp.csr_matrix:
        """Word-feature counts of `n` texts from `encode`'s output, float32 CSR with
        duplicates summed."""
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

    def char_norms(
        self, ids: npt.NDArray[np.int64], rows: npt.NDArray[np.int64], n: int
    ) -> npt.NDArray[np.float64]:
        """Each text's character block divisor: the root of its tokens' squared norms summed
        (1 for a text without tokens)."""
        norms = np.sqrt(np.bincount(rows, weights=self.char_sq[ids], minlength=n))
        norms[norms == 0] = 1.0
        return norms


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


def word_block(x: sp.csr_matrix) -> sp.csr_matrix:
    """Word-feature counts made sublinear (a word said five times is not five times as
    telling) and each row scaled to unit length, in place."""
    x.data = np.sqrt(x.data)
    per_row = np.diff(x.indptr)
    rows = np.repeat(np.arange(x.shape[0]), per_row)
    norms = np.sqrt(np.bincount(rows, weights=x.data * x.data, minlength=x.shape[0]))
    norms[norms == 0] = 1.0
    x.data /= norms[rows].astype(np.float32)
    return x


def featurize(
    texts: Sequence[str],
    lex: dict[str, tuple[str, ...]] | None = None,
    words: Sequence[list[str]] | None = None,
) -> sp.csr_matrix:
    """One row per (already cleaned) text, using `lex` or else the shipped lexicon: the word
    block (N_FEATURES columns, unit length) and then the character block (CHAR_FEATURES
    columns): the text's tokens' character n-gram counts summed, divided by the root of the
    sum of their squared norms, times CHAR_WEIGHT. The character block is linear in its
    tokens, which lets the pipeline score it from per-token scores (`TokenTable`).
    `words`, when given, are `words_of(text)` for each text, as the pipeline has them."""
    lex = lexicon() if lex is None else lex
    if words is None:
        words = [words_of(t) for t in texts]
    table = table_for(lex)
    n = len(words)
    ids, rows = table.encode(words)
    xw = word_block(table.counts(ids, rows, n))
    occurrences = sp.csr_matrix(
        (np.ones(ids.size, dtype=np.float32), (rows, ids)), shape=(n, len(table.ids))
    )
    xc = sp.csr_matrix(occurrences @ table.char_matrix())
    scale = (CHAR_WEIGHT / table.char_norms(ids, rows, n)).astype(np.float32)
    xc = sp.csr_matrix(sp.diags(scale) @ xc)
    return sp.hstack([xw, xc], format="csr", dtype=np.float32)

"""Hashed n-gram features: text in, one sparse row per text out, with no vocabulary to ship.

The hashing trick (see scikit-learn's `HashingVectorizer` docstring for the trade-offs) keeps the
artifacts to weights only and lets every model share one matrix per batch. Collisions cost a
little accuracy at 2**18 columns; we accept that for artifacts measured in kilobytes.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from itertools import chain
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.utils import murmurhash3_32

from fireside.understand.text import tokens

N_FEATURES = 2**18


LEXICON_PATH = Path(__file__).parent / "models" / "lexicon.json"
_lexicon: dict[str, tuple[str, ...]] | None = None


def lexicon() -> dict[str, tuple[str, ...]]:
    """Word → polarity classes, from models/lexicon.json (written by `fireside train` from the
    VADER lexicon, MIT licence). Empty when the file is absent, as during training's first
    step."""
    global _lexicon
    if _lexicon is None:
        _lexicon = load_lexicon(LEXICON_PATH)
    return _lexicon


def load_lexicon(path: Path) -> dict[str, tuple[str, ...]]:
    if not path.exists():
        return {}
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


def featurize(
    texts: Sequence[str],
    lex: dict[str, tuple[str, ...]] | None = None,
    words: Sequence[list[str]] | None = None,
) -> sp.csr_matrix:
    """One L2-normalised row of hashed token counts per (already cleaned) text, using `lex`
    or else the shipped lexicon."""
    lex = lexicon() if lex is None else lex
    if words is None:
        token_lists = [tokens(t, lex) for t in texts]
    else:
        token_lists = [tokens(t, lex, w) for t, w in zip(texts, words, strict=True)]
    x = hash_tokens(token_lists)
    # Sublinear counts: a word said five times is not five times as telling.
    x.data = np.sqrt(x.data)
    per_row = np.diff(x.indptr)
    rows = np.repeat(np.arange(x.shape[0]), per_row)
    norms = np.sqrt(np.bincount(rows, weights=x.data * x.data, minlength=x.shape[0]))
    norms[norms == 0] = 1.0
    x.data /= norms[rows].astype(np.float32)
    return x


# Column of each token seen so far. Computing murmurhash per token through FeatureHasher's
# generator was the single largest cost of featurising; most tokens of a stream repeat, so a
# dict lookup replaces it. Bounded: cleared when it reaches _CACHE_MAX entries.
_COLUMN: dict[str, int] = {}
_CACHE_MAX = 2_000_000


def column(token: str) -> int:
    """The hashed column of a token, exactly as scikit-learn's FeatureHasher computes it
    (signed 32-bit MurmurHash3 of the UTF-8 bytes, seed 0, absolute value mod N_FEATURES)."""
    col = _COLUMN.get(token)
    if col is None:
        if len(_COLUMN) >= _CACHE_MAX:
            _COLUMN.clear()
        col = abs(murmurhash3_32(token, seed=0)) % N_FEATURES
        _COLUMN[token] = col
    return col


def hash_tokens(token_lists: Sequence[list[str]]) -> sp.csr_matrix:
    """Counts of hashed tokens, one row per list (duplicates summed), float32 CSR."""
    flat = list(chain.from_iterable(token_lists))
    cols = list(map(_COLUMN.get, flat))
    if None in cols:
        cols = [c if c is not None else column(t) for c, t in zip(cols, flat, strict=True)]
    indices = np.fromiter(cols, dtype=np.int32, count=len(cols))
    indptr = np.zeros(len(token_lists) + 1, dtype=np.int64)
    np.cumsum(
        np.fromiter(map(len, token_lists), dtype=np.int64, count=len(token_lists)), out=indptr[1:]
    )
    data = np.ones(indices.size, dtype=np.float32)
    x = sp.csr_matrix((data, indices, indptr), shape=(len(token_lists), N_FEATURES))
    x.sum_duplicates()
    return x

"""Hashed n-gram features: text in, one sparse row per text out, with no vocabulary to ship.

The hashing trick (see scikit-learn's `HashingVectorizer` docstring for the trade-offs) keeps the
artifacts to weights only and lets every model share one matrix per batch. Collisions cost a
little accuracy at 2**18 columns; we accept that for artifacts measured in kilobytes.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction import FeatureHasher

from fireside.understand.text import tokens

N_FEATURES = 2**18

_HASHER = FeatureHasher(
    n_features=N_FEATURES, input_type="string", alternate_sign=False, dtype=np.float32
)


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
        x = _HASHER.transform(tokens(t, lex) for t in texts)
    else:
        x = _HASHER.transform(tokens(t, lex, w) for t, w in zip(texts, words, strict=True))
    x = sp.csr_matrix(x, dtype=np.float32)
    # Sublinear counts: a word said five times is not five times as telling.
    x.data = np.sqrt(x.data)
    row_sq = np.add.reduceat(x.data * x.data, x.indptr[:-1]) if x.nnz else np.zeros(0)
    per_row = np.diff(x.indptr)
    norms = np.ones(x.shape[0], dtype=np.float32)
    has = per_row > 0
    # reduceat gives garbage for empty rows; only rows with entries are read.
    norms[has] = np.sqrt(row_sq[has]).astype(np.float32)
    x.data /= np.repeat(norms, per_row)
    return x

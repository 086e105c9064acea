"""Hashed n-gram features: text in, one sparse row per text out, with no vocabulary to ship.

The hashing trick (see scikit-learn's `HashingVectorizer` docstring for the trade-offs) keeps the
artifacts to weights only and lets every model share one matrix per batch. Collisions cost a
little accuracy at 2**18 columns; we accept that for artifacts measured in kilobytes.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction import FeatureHasher

from fireside.understand.text import tokens

N_FEATURES = 2**18

_HASHER = FeatureHasher(
    n_features=N_FEATURES, input_type="string", alternate_sign=False, dtype=np.float32
)


def featurize(texts: Sequence[str]) -> sp.csr_matrix:
    """One L2-normalised row of hashed token counts per (already cleaned) text."""
    x = _HASHER.transform(tokens(t) for t in texts)
    x = sp.csr_matrix(x, dtype=np.float32)
    x.data = np.sqrt(
        x.data
    )  # sublinear counts: a word said five times is not five times as telling
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1), dtype=np.float32)).ravel()
    norms[norms == 0] = 1.0
    x = sp.csr_matrix(sp.diags(1.0 / norms) @ x, dtype=np.float32)
    return x

"""Linear heads over the shared hashed features, stored as arrays and JSON (no pickles).

Artifact format (``<name>.npz`` + ``<name>.json``):

- version 2: ``weights`` (n_features x n_classes, float16, zero rows for unseen hashes; the
  word block and then the character block of `features.featurize`), ``bias`` (n_classes,
  float32); JSON holds ``classes``, ``kind`` ("softmax" or "sigmoid"), ``threshold`` and the
  training metadata the model card is generated from. Version 1 had the word block only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

FORMAT_VERSION = 2

FloatArray = npt.NDArray[np.float32]


@dataclass
class LinearHead:
    """Weights of one linear classifier and how to turn its scores into probabilities."""

    name: str
    classes: list[str]
    weights: FloatArray
    bias: FloatArray
    kind: str = "softmax"
    threshold: float = 0.5
    meta: dict[str, Any] = field(default_factory=dict)

    def scores(self, x: sp.csr_matrix) -> FloatArray:
        """Raw decision scores, one row per input row."""
        return np.asarray(x @ self.weights, dtype=np.float32) + self.bias

    def proba(self, x: sp.csr_matrix) -> FloatArray:
        return to_proba(self.scores(x), self.kind)

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            directory / f"{self.name}.npz",
            weights=self.weights.astype(np.float16),
            bias=self.bias.astype(np.float32),
        )
        doc = {
            "format_version": FORMAT_VERSION,
            "name": self.name,
            "classes": self.classes,
            "kind": self.kind,
            "threshold": self.threshold,
            "meta": self.meta,
        }
        (directory / f"{self.name}.json").write_text(
            json.dumps(doc, indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )

    @classmethod
    def load(cls, directory: Path, name: str) -> LinearHead:
        """Load `name` from `directory`; raises FileNotFoundError or ValueError with the path."""
        doc = json.loads((directory / f"{name}.json").read_text(encoding="utf-8"))
        if doc.get("format_version") != FORMAT_VERSION:
            raise ValueError(
                f"{directory / name}.json has format version {doc.get('format_version')}, "
                f"this Fireside reads {FORMAT_VERSION}: run `fireside train` to rebuild it"
            )
        with np.load(directory / f"{name}.npz", allow_pickle=False) as arrays:
            weights = arrays["weights"].astype(np.float32)
            bias = arrays["bias"].astype(np.float32)
        return cls(
            name=doc["name"],
            classes=list(doc["classes"]),
            weights=weights,
            bias=bias,
            kind=doc["kind"],
            threshold=float(doc["threshold"]),
            meta=dict(doc.get("meta", {})),
        )


def to_proba(scores: FloatArray, kind: str) -> FloatArray:
    """Softmax over columns, or an element-wise logistic for one-vs-rest heads."""
    if kind == "sigmoid":
        return np.asarray(1.0 / (1.0 + np.exp(-np.clip(scores, -30, 30))), dtype=np.float32)
    shifted = scores - scores.max(axis=1, keepdims=True)
    e = np.exp(shifted)
    return np.asarray(e / e.sum(axis=1, keepdims=True), dtype=np.float32)

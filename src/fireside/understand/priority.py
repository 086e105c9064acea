"""needs_response and priority (0..100), as a sum of named points a person can read.

    priority = intent points            complaint 30, question 25, purchase_intent 25,
                                        feedback 10, praise 5, other 0
             + negative strength        round(20 x P(negative)) when the sentiment is negative
             + urgency                  15 when the text has an urgency cue
             + addressed to the brand   15
             + reach                    round(4 x log10(followers + 1)), at most 20
             - copy of an earlier one   10
    clipped to 0..100; spam is always 0.

Each non-zero term becomes a reason such as "complaint (+30)", so the inbox can answer
"why is this high?" with the same numbers that produced it.

needs_response is true for messages that are not spam and not a copy of an earlier message, and
whose intent is a complaint, question or purchase intent, or feedback addressed to the brand.
"""

from __future__ import annotations

import math

from fireside.understand.phrases import Grams, PhraseSet, combos, grams
from fireside.understand.types import Intent, Sentiment

INTENT_POINTS: dict[str, int] = {
    "complaint": 30,
    "question": 25,
    "purchase_intent": 25,
    "feedback": 10,
    "praise": 5,
    "other": 0,
}
URGENCY_POINTS = 15
ADDRESSED_POINTS = 15
MAX_REACH_POINTS = 20
DUPLICATE_POINTS = -10

URGENT = PhraseSet(
    [
        *combos(["still", "been"], ["waiting"]),
        *combos(["no"], ["response", "reply"]),
        *combos(["cancel", "cancelling"], ["my"]),
        *[
            "urgent",
            "urgently",
            "asap",
            "immediately",
            "emergency",
            "lawyer",
            "refund",
            "today",
            "tonight",
            "stuck",
            "stranded",
            "hacked",
            "fraud",
            "kiireellinen",
            "heti",
            "nopeasti",
            "apua",
            "dringend",
            "sofort",
            "urgente",
            "inmediatamente",
            "subito",
        ],
        "right now",
        "legal action",
        "never again",
    ]
)


def is_urgent(text: str, text_grams: Grams | None = None) -> bool:
    g = grams(text) if text_grams is None else text_grams
    return URGENT.found(g) or "!!!" in text or ("help" in g and "help!" in text.lower())


def score(
    *,
    text: str,
    intent: Intent,
    sentiment: Sentiment,
    negative: float,
    spam: bool,
    duplicate: bool,
    addressed: bool,
    followers: int | None,
    text_grams: Grams | None = None,
) -> tuple[bool, int, list[str]]:
    """(needs_response, priority, reasons). See the module docstring for the formula."""
    if spam:
        return False, 0, ["spam (priority 0)"]
    terms: list[tuple[str, int]] = []
    if INTENT_POINTS[intent]:
        terms.append((intent.replace("_", " "), INTENT_POINTS[intent]))
    if sentiment == "negative":
        terms.append(("negative tone", round(20 * negative)))
    if is_urgent(text, text_grams):
        terms.append(("urgent wording", URGENCY_POINTS))
    if addressed:
        terms.append(("addressed to the brand", ADDRESSED_POINTS))
    if followers is not None and followers > 0:
        reach = min(MAX_REACH_POINTS, round(4 * math.log10(followers + 1)))
        terms.append((f"reach: {followers:,} followers", reach))
    if duplicate:
        terms.append(("copy of an earlier message", DUPLICATE_POINTS))
    terms = [(label, pts) for label, pts in terms if pts]
    total = max(0, min(100, sum(p for _, p in terms)))
    reasons = [f"{label} ({pts:+d})" for label, pts in terms]
    needs = not duplicate and (
        intent in ("complaint", "question", "purchase_intent")
        or (intent == "feedback" and addressed)
    )
    return needs, total, reasons

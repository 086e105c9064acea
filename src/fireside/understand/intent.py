"""Intent: what the author wants from whoever reads the message.

A learned complaint head (hashed n-grams, trained on train-ok customer-care and tweet data) is
combined with cue patterns for the intents that are mostly said the same few ways: questions,
purchase intent and suggestions. The patterns cover English and the larger European languages
plus Finnish; anything they miss falls back to the learned scores.
"""

from __future__ import annotations

import re

from fireside.understand.types import INTENTS, Intent

_QUESTION_START_RE = re.compile(
    r"^(?:@\w+\s+)*(?:who|what|when|where|why|how|which|whose|is|are|can|could|will|would|"
    r"do|does|did|should|have|has|any(?:one|body)|qui|que|quoi|quand|où|pourquoi|comment|"
    r"est-ce|wer|was|wann|wo|warum|wie|welche|kann|gibt|quién|qué|cuándo|dónde|por qué|"
    r"cómo|cuál|chi|cosa|quando|dove|perché|come|quem|onde|porque|como|qual|kuka|mikä|"
    r"milloin|missä|miksi|miten|voiko|onko|saako|voisitteko|kenellä)\b",
    re.IGNORECASE,
)
_PURCHASE_RE = re.compile(
    r"\b(?:want(?:ed)? to (?:buy|order|purchase|get one)|where (?:can|do) i (?:buy|get|order)|"
    r"how (?:much|do i (?:buy|order))|price|pricing|quote|in stock|back in stock|"
    r"pre-?order|sign me up|take my money|shut up and take|ready to (?:buy|order)|"
    r"looking to (?:buy|purchase)|interested in (?:buying|purchasing|your)|"
    r"do you (?:ship|deliver|sell)|available in|can i (?:buy|order|get)|discount code|"
    r"place an order|subscribe to (?:the|your) (?:plan|pro)|upgrade to|"
    r"haluan ostaa|mistä (?:voi|saa) ostaa|paljonko maksaa|hinta|"
    r"je veux acheter|combien|quiero comprar|cuánto cuesta|ich möchte kaufen|was kostet|"
    r"voglio comprare|quanto costa|quero comprar|quanto custa)\b",
    re.IGNORECASE,
)
_FEEDBACK_RE = re.compile(
    r"\b(?:(?:you|u) (?:should|could|guys should)|would (?:be|love) (?:nice|great|cool|"
    r"awesome|good|helpful|if)|it would be (?:nice|great|good|helpful|better)|"
    r"(?:please|pls|plz) (?:add|make|bring|consider|allow|support|fix)|feature request|"
    r"suggestion|i suggest|i'?d suggest|i wish|wish (?:you|there was|it)|"
    r"why (?:not|don'?t you) (?:add|make|have)|(?:can|could) you (?:add|make|please add)|"
    r"would love (?:to see|if|a|an)|missing feature|idea:|feedback|"
    r"toivoisin|ehdotan|olisi kiva|voisitteko lisätä)\b",
    re.IGNORECASE,
)
_PRAISE_RE = re.compile(
    r"\b(?:love|loved|loving|great|awesome|amazing|excellent|fantastic|perfect|best|"
    r"thank(?:s| you)|kudos|brilliant|wonderful|impressed|well done|good job|"
    r"rakastan|kiitos|mahtava|loistava|paras|merci|génial|danke|toll|gracias|genial|"
    r"grazie|obrigad[oa]|adoro|j'adore)\b|[❤😍🥰👏🙌💯]",
    re.IGNORECASE,
)
_PROBLEM_RE = re.compile(
    r"\b(?:not working|doesn'?t work|does not work|isn'?t working|broken|broke|crash(?:ed|es|"
    r"ing)?|error|bug|fail(?:ed|s|ing)?|issue|problem|still (?:waiting|no|not)|"
    r"never (?:arrived|received|came|got)|hasn'?t (?:arrived|come)|haven'?t (?:received|got)|"
    r"no (?:reply|response|answer|one)|refund|charged|overcharged|cancel(?:led|ed)?|"
    r"delay(?:ed|s)?|late|lost|missing|damaged|wrong|worst|terrible|awful|horrible|useless|"
    r"disappointed|disappointing|unacceptable|ridiculous|joke|waste|rude|scam|sucks|"
    r"down again|outage|can'?t (?:log|login|access|get|use|connect)|unable to|"
    r"on hold|been waiting|hours|days|weeks|ei toimi|rikki|huono|pettynyt|"
    r"ne fonctionne pas|funktioniert nicht|no funciona|non funziona|não funciona)\b",
    re.IGNORECASE,
)


def cues(text: str) -> dict[str, bool]:
    """Which intent cues the text carries (case-insensitive patterns)."""
    return {
        "question_mark": "?" in text or "？" in text or "؟" in text,
        "question_start": bool(_QUESTION_START_RE.search(text)),
        "purchase": bool(_PURCHASE_RE.search(text)),
        "feedback": bool(_FEEDBACK_RE.search(text)),
        "praise": bool(_PRAISE_RE.search(text)),
        "problem": bool(_PROBLEM_RE.search(text)),
    }


def decide(
    complaint_p: float,
    sentiment_scores: dict[str, float],
    found: dict[str, bool],
    *,
    complaint_threshold: float = 0.5,
) -> tuple[Intent, dict[str, float]]:
    """Pick one intent and give a score to each. Complaint wins over the rest because an
    unhappy customer is the message a team most needs to see, even when it is phrased as a
    question or a suggestion."""
    neg = sentiment_scores.get("negative", 0.0)
    pos = sentiment_scores.get("positive", 0.0)
    question = 0.0
    if found["question_mark"]:
        question = 0.8
    elif found["question_start"]:
        question = 0.55
    purchase = 0.85 if found["purchase"] else 0.05
    feedback = 0.8 if found["feedback"] else 0.05
    praise = pos * (1.0 if found["praise"] else 0.6)
    complaint = complaint_p
    scores: dict[Intent, float] = {
        "question": question,
        "complaint": complaint,
        "praise": praise,
        "purchase_intent": purchase,
        "feedback": feedback,
        "other": 0.35,
    }
    if complaint >= complaint_threshold:
        intent: Intent = "complaint"
    elif found["purchase"] and neg < 0.6:
        intent = "purchase_intent"
    elif found["feedback"]:
        intent = "feedback"
    elif question >= 0.5:
        intent = "question"
    elif praise >= 0.5:
        intent = "praise"
    else:
        intent = "other"
    total = sum(scores.values())
    return intent, {k: scores[k] / total for k in INTENTS}

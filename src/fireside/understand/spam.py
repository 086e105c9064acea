"""Spam: a learned text score, adjusted by explainable evidence the text model cannot see.

The linear head (trained on YouTube comment spam and SMS spam) reads the text. Blog comment
spam often looks innocent to it: "Great post, thanks for sharing!" from an author called
"Cheap Oakley Sunglasses" with a link. So `evidence` adds log-odds for the author metadata and
for the patterns of blog, loan, brand-list and gift-card spam, each with a reason shown in the
spam folder. Spam is never deleted: the inbox files it, and a person can say "not spam".
"""

from __future__ import annotations

import math
import re

from fireside.understand.text import url_count

_SPAMMY_WORDS = (
    r"cheap|discount|replica|outlet|wholesale|viagra|cialis|pills?|pharmacy|casino|poker|"
    r"betting|loans?|lender|payday|credit|mortgage|insurance|seo|backlinks?|followers|"
    r"crypto|bitcoin|forex|binary options|escort|porn|sex|dating|essay|writing service|"
    r"weight loss|diet|keto|jerseys|handbags|sunglasses|watches|oakleys?|ray ?bans?|"
    r"louis vuitton|gucci|michael kors|uggs?|jordans|nike|coach|chanel|rolex|hermes|"
    r"moncler|canada goose|pandora|prada|burberry|free|buy|sale|shop|store|online|deals?|"
    r"coupon|promo|marketing|agency|hosting|download|hack|cheats?|generator"
)
_SPAMMY_NAME_RE = re.compile(rf"\b(?:{_SPAMMY_WORDS})\b", re.IGNORECASE)
_DOMAIN_RE = re.compile(r"\b[\w-]+\.(?:com|net|org|info|biz|ru|co|io|xyz|online|shop)\b", re.I)
_BRANDS_RE = re.compile(
    r"\b(?:oakleys?|ray ?bans?|louis vuitton|lv|gucci|michael kors|uggs?|jordans|nike|"
    r"air max|coach|chanel|rolex|hermes|moncler|canada goose|pandora|prada|burberry|"
    r"north face|timberland|christian louboutin|tiffany|cartier|omega|breitling|"
    r"viagra|cialis|levitra)\b",
    re.IGNORECASE,
)
_CHEAP_RE = re.compile(
    r"\b(?:cheap|replica|fake|outlet|wholesale|discount|knock ?off|sale|online)\b", re.I
)
_FLATTERY_RE = re.compile(
    r"\b(?:great|nice|good|awesome|excellent|wonderful|fantastic|informative|useful|"
    r"helpful|interesting|amazing|valuable|brilliant)\s+(?:post|article|blog|site|website|"
    r"write-?up|content|information|info|read|piece|work|job|share)\b|"
    r"\bthanks? (?:you )?for (?:sharing|the (?:post|article|info|information))\b|"
    r"\bkeep up the (?:good|great) work\b|\bi (?:really )?(?:like|love|enjoyed) "
    r"(?:this|your) (?:blog|post|article|site|website)\b|\bbookmark(?:ed|ing)?\b|"
    r"\bvery (?:informative|interesting|useful|helpful) (?:post|article|blog)?|"
    r"\b(?:browsing|surfing) (?:online|the (?:web|internet))\b|"
    r"\bi will (?:definitely )?(?:come back|return|be back)\b|\bwell written\b",
    re.IGNORECASE,
)
_LOAN_RE = re.compile(
    r"\b(?:loan|loans|lender|payday|bad credit|credit score|interest rate|financing|"
    r"cash advance|debt relief|get approved|approved within|apply now|no credit check)\b",
    re.IGNORECASE,
)
_MONEY_RE = re.compile(
    r"\b(?:gift ?cards?|free (?:iphone|ipad|money|gift|vouchers?|coins|robux|v-?bucks)|"
    r"you(?:'ve| have)? won|winner|claim (?:your|now)|prize|cash prize|"
    r"click (?:here|the link|below)|work from home|make money|earn (?:\$|\d|money|up to)|"
    r"per (?:day|week|hour) from home|guaranteed|risk[- ]free|limited time|act now|"
    r"call now|txt|text \w+ to \d+|urgent(?:ly)? (?:contact|call)|verify your account|"
    r"account (?:has been )?(?:suspended|locked)|unclaimed|reward)\b",
    re.IGNORECASE,
)
_CONTACT_RE = re.compile(r"\b[\w.+-]+@[\w-]+\.\w+|\+?\d[\d\s().-]{8,}\d|whats ?app", re.I)
_SELF_PROMO_RE = re.compile(
    r"\b(?:check (?:out )?my|check me out|subscribe to (?:me|my)|sub(?:scribe)? me|visit my|"
    r"follow me|add me|my (?:new )?(?:channel|website|site|blog|page|video|music|song|"
    r"mixtape|shop|store)|sub ?4 ?sub|like and subscribe|please subscribe|"
    r"subscribers? (?:please|plz)|help me (?:reach|get) \d+|if i (?:get|reach) \d+ "
    r"subscribers)\b",
    re.IGNORECASE,
)


def logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))


def evidence(
    text: str,
    *,
    author_name: str = "",
    author_url: str = "",
    repeated_by_other_author: bool = False,
) -> list[tuple[float, str]]:
    """Log-odds adjustments with a short reason each; empty when nothing stands out."""
    found: list[tuple[float, str]] = []
    flattery = bool(_FLATTERY_RE.search(text))
    links = url_count(text)
    name = author_name.strip()
    if name and (_SPAMMY_NAME_RE.search(name) or _DOMAIN_RE.search(name)):
        found.append((2.5 if flattery or links else 1.8, "author name is a product keyword"))
    if flattery and (links or author_url or len(text) < 200):
        weight = 2.5 if (links or author_url) else 0.8
        found.append((weight, "generic praise that could be about any page"))
    brands = {m.lower() for m in _BRANDS_RE.findall(text)}
    if len(brands) >= 2 or (brands and _CHEAP_RE.search(text)):
        found.append((3.5, "list of brand names for sale"))
    if _LOAN_RE.search(text) and (_CONTACT_RE.search(text) or links):
        found.append((3.5, "loan or credit advert with contact details"))
    elif _LOAN_RE.search(text):
        found.append((1.2, "mentions loans or credit"))
    money = len(_MONEY_RE.findall(text))
    if money:
        found.append((min(1.5 * money, 4.0), "prize, gift card or easy-money wording"))
    if links >= 3:
        found.append((2.0, f"{links} links"))
    if _SELF_PROMO_RE.search(text):
        found.append((1.0, "self-promotion"))
    if repeated_by_other_author:
        found.append((2.0, "same text posted by another author"))
    return found

"""Spam: a learned text score, adjusted by explainable evidence the text model cannot see.

The linear heads (comment spam, trained on YouTube comments with a background of ordinary
messages; SMS spam) read the text. Blog comment spam often looks innocent to them: "Great
post, thanks for sharing!" from an author called "Cheap Oakley Sunglasses" with a link. So
`evidence` adds log-odds for the author metadata and for the shapes of blog, loan, brand-list
and gift-card spam, each with a reason shown in the spam folder. Spam is never deleted: the
inbox files it, and a person can say "not spam".
"""

from __future__ import annotations

import math
import re

from fireside.understand.phrases import Grams, PhraseSet, combos, grams
from fireside.understand.text import url_count

BRANDS = PhraseSet(
    [
        "oakley",
        "oakleys",
        "rayban",
        "raybans",
        "gucci",
        "ugg",
        "uggs",
        "jordans",
        "chanel",
        "rolex",
        "hermes",
        "moncler",
        "pandora",
        "prada",
        "burberry",
        "timberland",
        "tiffany",
        "cartier",
        "breitling",
        "viagra",
        "cialis",
        "levitra",
    ]
    + [
        "ray ban",
        "ray bans",
        "louis vuitton",
        "michael kors",
        "air max",
        "canada goose",
        "north face",
        "christian louboutin",
        "nike air",
        "nike free",
    ]
)
CHEAP = PhraseSet(
    ["cheap", "replica", "fake", "outlet", "wholesale", "discount", "knockoff", "sale", "online"]
    + ["knock off"]
)
SPAMMY_NAME = PhraseSet(
    [
        *[
            "cheap",
            "discount",
            "replica",
            "outlet",
            "wholesale",
            "viagra",
            "cialis",
            "pills",
            "pharmacy",
            "casino",
            "poker",
            "betting",
            "loan",
            "loans",
            "lender",
            "payday",
            "credit",
            "mortgage",
            "insurance",
            "seo",
            "backlinks",
            "followers",
            "crypto",
            "bitcoin",
            "forex",
            "escort",
            "porn",
            "sex",
            "dating",
            "essay",
            "jerseys",
            "handbags",
            "sunglasses",
            "watches",
            "oakley",
            "oakleys",
            "gucci",
            "uggs",
            "jordans",
            "rolex",
            "moncler",
            "prada",
            "burberry",
            "buy",
            "sale",
            "shop",
            "store",
            "deals",
            "deal",
            "coupon",
            "promo",
            "marketing",
            "agency",
            "hosting",
            "download",
            "hack",
            "cheats",
            "generator",
        ],
        "binary options",
        "writing service",
        "weight loss",
        "keto diet",
        "ray ban",
        "louis vuitton",
        "michael kors",
        "canada goose",
    ]
)
_DOMAIN_RE = re.compile(
    r"\b[\w-]{1,63}\.(?:com|net|org|info|biz|ru|co|io|xyz|online|shop)\b", re.IGNORECASE
)
_ADJ = [
    "great",
    "nice",
    "good",
    "awesome",
    "excellent",
    "wonderful",
    "fantastic",
    "informative",
    "useful",
    "helpful",
    "interesting",
    "amazing",
    "valuable",
    "brilliant",
]
_NOUN = [
    "post",
    "article",
    "blog",
    "site",
    "website",
    "write-up",
    "writeup",
    "content",
    "information",
    "info",
    "read",
    "piece",
    "work",
    "job",
    "share",
]
FLATTERY = PhraseSet(
    [
        *combos(_ADJ, _NOUN),
        *combos(
            ["thanks for", "thank you for"], ["sharing", "the post", "the article", "the info"]
        ),
        *combos(["thanks for", "thank you for"], ["the information", "this post"]),
        *combos(["keep up the"], ["good work", "great work"]),
        *combos(
            ["i like", "i love", "i enjoyed", "i really like", "i really enjoyed"],
            [
                "this blog",
                "your blog",
                "this post",
                "your post",
                "this article",
                "your site",
                "your website",
                "this site",
            ],
        ),
        *combos(["very"], ["informative", "interesting post", "useful post", "helpful post"]),
        *combos(["browsing", "surfing"], ["online", "the web", "the internet"]),
        *combos(["i will", "i will definitely", "i'll"], ["come back", "return", "be back"]),
        "bookmark",
        "bookmarked",
        "bookmarking",
        "well written",
    ]
)
LOAN = PhraseSet(
    [
        "loan",
        "loans",
        "lender",
        "payday",
        "bad credit",
        "credit score",
        "interest rate",
        "financing",
        "cash advance",
        "debt relief",
        "get approved",
        "approved within",
        "apply now",
        "no credit check",
    ]
)
MONEY = PhraseSet(
    [
        *combos(
            ["free"],
            [
                "iphone",
                "ipad",
                "money",
                "gift",
                "voucher",
                "vouchers",
                "coins",
                "robux",
                "vbucks",
                "v bucks",
            ],
        ),
        *combos(["claim"], ["your", "now"]),
        *combos(["click"], ["here", "the link", "below"]),
        *combos(["earn"], ["money", "up to"]),
        "gift card",
        "gift cards",
        "giftcard",
        "giftcards",
        "you won",
        "you've won",
        "you have won",
        "winner",
        "prize",
        "cash prize",
        "work from home",
        "make money",
        "per day from home",
        "guaranteed",
        "risk free",
        "limited time",
        "act now",
        "call now",
        "txt",
        "verify your account",
        "account suspended",
        "account has been suspended",
        "account locked",
        "unclaimed",
        "reward",
    ]
)
_MONEY_RE = re.compile(r"\bearn \$|\btext \w{1,20} to \d{3,}", re.IGNORECASE)
_CONTACT_RE = re.compile(
    r"\b[\w.+-]{1,64}@[\w-]{1,63}\.\w{1,20}|\+?\d[\d\s().-]{8,30}\d|whats ?app", re.IGNORECASE
)
SELF_PROMO = PhraseSet(
    [
        # Inviting strangers to one's own channel or shop. A bare "my website" or "my video"
        # is out: customers write "my website is down" and "my video will not upload".
        *combos(
            ["check out my", "subscribe to my", "visit my", "watch my", "listen to my"],
            ["channel", "video", "videos", "page", "music", "website", "site", "blog", "song"],
        ),
        *combos(["my new"], ["mixtape", "single", "music video", "track", "song"]),
        *combos(["follow me on", "add me on"], ["twitter", "instagram", "ig", "soundcloud"]),
        *combos(["if i get", "if i reach", "help me reach", "help me get"], ["100", "1000"]),
        "check me out",
        "subscribe to me",
        "sub me",
        "subscribe me",
        "sub4sub",
        "sub 4 sub",
        "like and subscribe",
        "please subscribe",
        "subscribers please",
        "subscribers plz",
    ]
)
# Asking strangers for likes, follows and subscriptions: how comment spam farms an audience.
# Only phrases a customer writing about an order or an account would not use ("check out my
# basket", "my playlist is gone", "please check my order", "can you see my new balance" and
# "follow me back so I can DM you" stay out; a test says so).
ENGAGEMENT_BAIT = PhraseSet(
    [
        *combos(["like", "thumbs up"], ["this comment", "my comment"]),
        *combos(["give", "give it", "give me"], ["a like", "a thumbs up"]),
        *combos(
            ["like", "follow", "sub"], ["4 like", "4 follow", "4 sub", "for like", "for follow"]
        ),
        *combos(["check out"], ["this video", "this playlist", "this channel"]),
        *combos(["come check", "come and check", "come watch", "come and watch"], ["my", "our"]),
        *combos(["subscribe", "sub"], ["to me", "to my", "to our", "my channel", "for more"]),
        *combos(["watch", "visit"], ["my new", "my profile", "my channel", "my video"]),
        *combos(["my", "our"], ["newest song", "new song", "gaming channel"]),
        *combos(["please", "plz", "pls"], ["subscribe", "sub"]),
        "like4like",
        "follow4follow",
        "f4f",
        "l4l",
        *combos(
            ["suscribete a", "suscríbete a", "suscribirse a", "subscribirse a", "visiten"],
            ["mi canal"],
        ),
        *combos(["se inscreva no", "inscrevam se no", "visitem o", "visitem"], ["meu canal"]),
        "abonnez vous à ma chaîne",
        "abonniert meinen kanal",
    ]
)


# A customer asking for help or reporting that something fails: "I can't watch my videos",
# "when I visit my channel the videos are gone". Spam invites; it does not report its own
# channel broken. Such a message is not self-promotion, and its text weighs less as spam.
CUSTOMER_VOICE = PhraseSet(
    [
        *combos(
            ["can't", "cant", "cannot", "can not", "unable to", "won't", "wont"],
            [
                "log",
                "login",
                "sign",
                "access",
                "get",
                "see",
                "find",
                "open",
                "load",
                "play",
                "watch",
                "listen",
                "visit",
                "upload",
                "download",
                "use",
                "connect",
                "pay",
                "change",
                "cancel",
                "reset",
            ],
        ),
        *combos(["doesn't", "does not", "isn't", "is not", "not"], ["work", "working", "load"]),
        "how do i",
        "how can i",
        "error",
        "crashes",
        "crashed",
        "keeps crashing",
        "stopped working",
        "please help",
        "help me with",
        "is gone",
        "are gone",
        "my account",
        "my order",
        "my subscription",
    ]
)
CUSTOMER_WEIGHT = -2.0


# Where a bare link is itself a sign of spam: comment sections (blog comment feeds, YouTube)
# and messages whose channel is unknown. In direct messages, mail and replies, customers share
# links to screenshots and order pages all the time.
COMMENT_CHANNELS = frozenset({"", "feed", "youtube"})
# Twitter wraps every link and every photo in t.co: such a link says the message is a tweet,
# where links are everyday, not a comment.
_TWITTER_LINK_RE = re.compile(r"\bt\.co/|pic\.twitter\.com/", re.IGNORECASE)


def links_are_everyday(channel: str, text: str) -> bool:
    """Whether a link is ordinary where this message was said: anywhere but comment sections.
    Where the channel is unknown, a t.co link or a leading @mention says it is a tweet or a
    reply."""
    if channel not in COMMENT_CHANNELS:
        return True
    return not channel and (text.startswith("@") or _TWITTER_LINK_RE.search(text) is not None)


def logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))


TEXT_SETS = frozenset(
    ps.id
    for ps in (BRANDS, CHEAP, FLATTERY, LOAN, MONEY, SELF_PROMO, ENGAGEMENT_BAIT, CUSTOMER_VOICE)
)


# A mention or address followed by a dot: where a domain can hide from the "zzurl" word (an
# e-mail address becomes "zzemail"; "@shop.com" becomes "zzuser .com").
_AT_DOT_RE = re.compile(r"@[\w-]*\.")


def quiet(text: str, text_grams: Grams, author_name: str, repeated_by_other_author: bool) -> bool:
    """True when `evidence` is sure to find nothing, found by tests cheaper than its own: no
    author name, no repetition, none of its cue phrases, no link or address, and neither of
    the words its money pattern starts from. Most messages are quiet; a test checks that
    `evidence` agrees on every one."""
    return (
        not author_name.strip()
        and not repeated_by_other_author
        and TEXT_SETS.isdisjoint(text_grams.hits())
        and "zzurl" not in text_grams
        and "earn" not in text_grams
        and "text" not in text_grams
        and "://" not in text  # a link with no dot in it is not made "zzurl"
        and ("@" not in text or _AT_DOT_RE.search(text) is None)
    )


def evidence(
    text: str,
    *,
    text_grams: Grams | None = None,
    author_name: str = "",
    author_url: str = "",
    repeated_by_other_author: bool = False,
    channel: str = "",
) -> list[tuple[float, str]]:
    """Log-odds adjustments with a short reason each; empty when nothing stands out."""
    g = grams(text) if text_grams is None else text_grams
    found: list[tuple[float, str]] = []
    flattery = FLATTERY.found(g)
    links = url_count(text) if ("." in text or "/" in text) else 0
    name = author_name.strip()[:200]
    if name and (SPAMMY_NAME.found(grams(name)) or ("." in name and _DOMAIN_RE.search(name))):
        found.append((2.5 if flattery or links else 1.8, "author name is a product keyword"))
    # Praise that carries a link is the blog-spam pattern in a comment section; in a tweet
    # ("Awesome work @UPS https://t.co/…" with a photo of the parcel) the link is everyday.
    comment_links = links and not links_are_everyday(channel, text)
    if flattery and (comment_links or author_url or len(text) < 200):
        weight = 2.5 if (comment_links or author_url) else 0.8
        found.append((weight, "generic praise that could be about any page"))
    brands = BRANDS.matches(g)
    if len(brands) >= 2 or (brands and CHEAP.found(g)):
        found.append((3.5, "list of brand names for sale"))
    if LOAN.found(g):
        if links or _CONTACT_RE.search(text):
            found.append((3.5, "loan or credit advert with contact details"))
        else:
            found.append((1.2, "mentions loans or credit"))
    money = len(MONEY.matches(g))
    if ("earn" in g or "text" in g) and _MONEY_RE.search(text):
        money += 1
    if money:
        found.append((min(1.5 * money, 4.0), "prize, gift card or easy-money wording"))
    if links >= 3:
        found.append((2.0, f"{links} links"))
    customer = CUSTOMER_VOICE.found(g)
    if (SELF_PROMO.found(g) or ENGAGEMENT_BAIT.found(g)) and not customer:
        found.append((2.5, "self-promotion or asking for likes and subscribers"))
    elif comment_links and not found:
        found.append((2.0, "a link in a comment"))
    if customer and not found and not links:
        found.append((CUSTOMER_WEIGHT, "asks for help or reports a problem"))
    if repeated_by_other_author:
        # A spam wave repeats a pitch; customers repeat questions ("how do I pause my
        # subscription?"). Repetition weighs fully only beside something that sells.
        selling = any(w > 0 for w, _ in found) or links > 0 or bool(_CONTACT_RE.search(text))
        found.append((2.0 if selling else 0.5, "same text posted by another author"))
    return found

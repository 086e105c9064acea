"""Generate the demo world as Items: pure, seeded, no database.

The world: Kestrel Coffee, a small roaster, posts on Mastodon, Bluesky, YouTube and its blog;
a few hundred customers in English, Finnish, Spanish and German ask, complain, praise, buy and
suggest across six channels; spam of the kinds blogs and video comments really get; a handful of
fake-looking accounts; repost chains deep enough to make cascades; six weeks of history in which
the team answered many messages and missed some.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from fireside.demo import phrases
from fireside.listen.items import AuthorRef, Item

BRAND = "kestrelcoffee"
BRAND_NAME = "Kestrel Coffee"
CHANNELS = ["mastodon", "bluesky", "reddit", "feed", "youtube", "email"]
LANG_WEIGHTS = {"en": 0.55, "fi": 0.2, "es": 0.13, "de": 0.12}
INTENT_WEIGHTS = {
    "question": 0.24,
    "complaint": 0.2,
    "praise": 0.22,
    "purchase_intent": 0.1,
    "feedback": 0.09,
    "other": 0.15,
}
HISTORY_DAYS = 42


@dataclass
class Customer:
    name: str
    lang: str
    accounts: dict[str, AuthorRef] = field(default_factory=dict)


@dataclass
class World:
    items: list[Item]
    customers: list[Customer]
    brand_accounts: dict[str, AuthorRef]
    answered: set[str]  # external ids of inbound messages the team replied to
    fake_handles: set[str]


def _handle(rng: random.Random, name: str, channel: str) -> str:
    base = name.lower().replace(" ", rng.choice(["", "_", "."]))
    base = base.translate(str.maketrans("äöüåéáíóúñ", "aouaeaioun"))
    suffix = rng.choice(["", str(rng.randint(1, 99)), str(rng.randint(1970, 2005))])
    handle = f"{base}{suffix}"
    if channel == "mastodon":
        return f"@{handle}@{rng.choice(['mastodon.social', 'mas.to', 'fosstodon.org', 'mstdn.fi'])}"
    if channel == "bluesky":
        return f"{handle}.bsky.social"
    if channel == "email":
        return f"{handle}@{rng.choice(['example.com', 'example.org', 'example.net'])}"
    return handle


def _profile_url(channel: str, handle: str) -> str:
    if channel == "mastodon":
        user, _, host = handle.lstrip("@").partition("@")
        return f"https://{host}/@{user}"
    return {
        "bluesky": f"https://bsky.app/profile/{handle}",
        "reddit": f"https://www.reddit.com/user/{handle}",
        "youtube": f"https://www.youtube.com/@{handle}",
        "feed": "",
        "email": "",
    }[channel]


def _author(rng: random.Random, name: str, channel: str) -> AuthorRef:
    handle = _handle(rng, name, channel)
    reach = int(rng.lognormvariate(4.5, 1.4))
    return AuthorRef(
        handle=handle,
        display_name=name,
        external_id=f"{channel}-{handle}",
        profile_url=_profile_url(channel, handle),
        followers_count=reach if channel not in {"email", "feed"} else None,
        following_count=int(rng.lognormvariate(5, 0.8)) if channel != "email" else None,
        posts_count=int(rng.lognormvariate(6, 1.2)) if channel != "email" else None,
        bio=rng.choice(
            ["", "coffee nerd", "kahvi ☕ ja kirjat", "café y montaña", "Kaffee & Code"]
        ),
    )


def _fill(rng: random.Random, template: str, lang: str, name: str = "") -> str:
    return template.format(
        product=rng.choice(phrases.PRODUCTS[lang]),
        brand=BRAND,
        order=f"#{rng.randint(10200, 19999)}",
        days=rng.randint(4, 16),
        city=rng.choice(phrases.CITIES[lang]),
        name=name.split()[0] if name else "",
    )


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def build_world(*, seed: int = 7, customers: int = 300, now: datetime) -> World:
    rng = random.Random(seed)
    start = now - timedelta(days=HISTORY_DAYS)
    items: list[Item] = []
    answered: set[str] = set()
    counter = iter(range(1, 10**9))

    def new_id(channel: str) -> str:
        return f"demo-{channel}-{next(counter)}"

    def when(lo: datetime, hi: datetime | None = None) -> datetime:
        hi = hi or now
        span = max((hi - lo).total_seconds(), 60)
        return lo + timedelta(seconds=rng.uniform(0, span))

    brand_accounts = {
        channel: AuthorRef(
            handle={
                "mastodon": f"@{BRAND}@mastodon.social",
                "bluesky": f"{BRAND}.bsky.social",
                "email": f"support@{BRAND}.example",
                "feed": BRAND_NAME,
                "youtube": BRAND,
                "reddit": BRAND,
            }[channel],
            display_name=BRAND_NAME,
            followers_count={
                "mastodon": 4200,
                "bluesky": 6100,
                "youtube": 12800,
                "reddit": 310,
            }.get(channel),
        )
        for channel in CHANNELS
    }

    # The cast: each customer speaks one language and has one to three accounts.
    cast: list[Customer] = []
    for _ in range(customers):
        lang = _pick(rng, LANG_WEIGHTS)
        name = f"{rng.choice(phrases.FIRST_NAMES[lang])} {rng.choice(phrases.LAST_NAMES[lang])}"
        person = Customer(name=name, lang=lang)
        for channel in rng.sample(CHANNELS, k=rng.choice([1, 1, 1, 2, 2, 3])):
            person.accounts[channel] = _author(rng, name, channel)
        cast.append(person)

    # Fake-looking accounts: no bio, default names, follow thousands, followed by nobody.
    fakes = [
        AuthorRef(
            handle=f"user{rng.randint(10**7, 10**8)}.bsky.social",
            display_name="",
            followers_count=rng.randint(0, 4),
            following_count=rng.randint(3000, 5000),
            posts_count=rng.randint(0, 3),
        )
        for _ in range(12)
    ]

    # The brand's own posts, which customers answer, repost and quote.
    posts: list[Item] = []
    for n in range(30):
        channel = rng.choice(["mastodon", "bluesky", "bluesky", "youtube", "feed"])
        created = start + timedelta(days=n * HISTORY_DAYS / 30 + rng.uniform(0, 1))
        text = _fill(rng, rng.choice(phrases.BRAND_POSTS), "en")
        external = new_id(channel)
        posts.append(
            Item(
                channel=channel,
                external_id=external,
                text=text,
                created_at=created,
                author=brand_accounts[channel],
                kind="post",
                direction="outbound",
                title=text.split(":")[0][:80] if channel in {"feed", "youtube"} else "",
                url=_post_url(channel, external),
                likes=rng.randint(5, 400),
                reposts=rng.randint(0, 80),
            )
        )
    items.extend(posts)

    def reply_from_brand(parent: Item, lang: str, name: str, intent: str) -> Item:
        delay = timedelta(minutes=rng.choice([4, 12, 35, 80, 200, 600, 1400]))
        replies = phrases.BRAND_REPLIES.get(intent, phrases.BRAND_REPLIES["question"])
        template = rng.choice(replies.get(lang, replies["en"]))
        created = min(parent.created_at + delay, now - timedelta(minutes=1))
        answered.add(parent.external_id)
        return Item(
            channel=parent.channel,
            external_id=new_id(parent.channel),
            text=_fill(rng, template, lang, name),
            created_at=created,
            author=brand_accounts[parent.channel],
            kind="reply" if parent.channel != "email" else "email",
            direction="outbound",
            in_reply_to=parent.external_id,
            thread_root=parent.thread_root or parent.external_id,
        )

    # Customers talk: comments under brand posts, posts mentioning the brand, emails.
    for person in cast:
        for _ in range(rng.choice([1, 1, 1, 2, 2, 3, 4])):
            channel = rng.choice(list(person.accounts))
            author = person.accounts[channel]
            intent = _pick(rng, INTENT_WEIGHTS)
            lang = person.lang
            text = (
                rng.choice(phrases.OPENERS[lang])
                + _fill(rng, rng.choice(phrases.TEMPLATES[intent][lang]), lang)
                + rng.choice(phrases.CLOSERS[lang])
            )
            parent = None
            if channel in {"mastodon", "bluesky", "youtube", "feed"}:
                candidates = [p for p in posts if p.channel == channel]
                if candidates and rng.random() < 0.6:
                    parent = rng.choice(candidates)
            created = when(parent.created_at if parent else start)
            external = new_id(channel)
            kind = {"email": "email", "feed": "comment", "youtube": "comment"}.get(
                channel, "reply" if parent else "post"
            )
            message = Item(
                channel=channel,
                external_id=external,
                text=text,
                created_at=created,
                author=author,
                kind=kind,
                in_reply_to=parent.external_id if parent else "",
                thread_root=parent.external_id if parent else "",
                title=_email_subject(intent, lang) if channel == "email" else "",
                url=_post_url(channel, external),
                likes=rng.randint(0, 12),
            )
            items.append(message)
            age = now - created
            # The team answered most of what needed it, except lately and at weekends.
            wants_answer = intent in {"question", "complaint", "purchase_intent", "feedback"}
            answer_p = 0.85 if age > timedelta(days=3) else 0.35
            if (
                wants_answer
                and rng.random() < answer_p
                or intent == "praise"
                and rng.random() < 0.3
            ):
                reply = reply_from_brand(message, lang, person.name, intent)
                items.append(reply)
                # Some people write back, which keeps the thread going.
                if rng.random() < 0.35 and reply.created_at < now - timedelta(hours=1):
                    follow = rng.choice(
                        {
                            "en": [
                                "Thanks, that worked!",
                                "Still waiting on this, any update?",
                                "Got it, cheers 🙌",
                            ],
                            "fi": ["Kiitos, nyt toimii!", "Vieläkin odotan, onko uutta tietoa?"],
                            "es": ["¡Gracias, ya funciona!", "Sigo esperando, ¿alguna novedad?"],
                            "de": [
                                "Danke, hat geklappt!",
                                "Warte immer noch, gibt es Neuigkeiten?",
                            ],
                        }[lang]
                    )
                    items.append(
                        Item(
                            channel=channel,
                            external_id=new_id(channel),
                            text=follow,
                            created_at=when(reply.created_at),
                            author=author,
                            kind="email" if channel == "email" else "reply",
                            in_reply_to=reply.external_id,
                            thread_root=message.thread_root or message.external_id,
                        )
                    )

    items.extend(_spam(rng, posts, start, now, new_id))
    items.extend(_cascades(rng, posts, cast, fakes, now, new_id))
    return World(
        items=items,
        customers=cast,
        brand_accounts=brand_accounts,
        answered=answered,
        fake_handles={f.handle for f in fakes},
    )


def _email_subject(intent: str, lang: str) -> str:
    return {
        "question": {
            "en": "Question about my order",
            "fi": "Kysymys tilauksesta",
            "es": "Pregunta sobre mi pedido",
            "de": "Frage zu meiner Bestellung",
        },
        "complaint": {
            "en": "Problem with my order",
            "fi": "Ongelma tilauksessa",
            "es": "Problema con mi pedido",
            "de": "Problem mit meiner Bestellung",
        },
    }.get(intent, {}).get(lang, "Hello")


def _post_url(channel: str, external: str) -> str:
    return {
        "mastodon": f"https://mastodon.social/@{BRAND}/{external}",
        "bluesky": f"https://bsky.app/profile/{BRAND}.bsky.social/post/{external}",
        "youtube": f"https://www.youtube.com/watch?v={external}",
        "feed": f"https://{BRAND}.example/blog/{external}",
        "reddit": f"https://www.reddit.com/r/Coffee/comments/{external}",
    }.get(channel, "")


def _spam(rng, posts, start, now, new_id) -> list[Item]:
    """Comment spam under blog posts and videos: link farms, brand lists, loans, flattery, scams."""
    out = []
    targets = [p for p in posts if p.channel in {"feed", "youtube"}] or posts
    wave = rng.choice(phrases.SPAM["scam"]).format(n=rng.randint(100, 999), n2="")
    for n in range(70):
        parent = rng.choice(targets)
        kind = rng.choice(list(phrases.SPAM))
        text = rng.choice(phrases.SPAM[kind]).format(
            n=rng.randint(100, 999), n2=rng.randint(100, 999)
        )
        if n % 9 == 0:
            text = wave  # a copy-pasted wave: near-duplicates of the first one
        name = (
            rng.choice(phrases.SPAM_AUTHOR_NAMES)
            if kind in {"flattery", "link_farm"}
            else (f"user{rng.randint(1000, 9999)}")
        )
        handle = name.lower().replace(" ", "-") + str(rng.randint(1, 999))
        out.append(
            Item(
                channel=parent.channel,
                external_id=new_id(parent.channel),
                text=text,
                created_at=parent.created_at + timedelta(hours=rng.uniform(1, 200)),
                author=AuthorRef(
                    handle=handle,
                    display_name=name,
                    profile_url=f"http://{handle}.example/" if kind != "scam" else "",
                ),
                kind="comment",
                in_reply_to=parent.external_id,
                thread_root=parent.external_id,
            )
        )
    return [i for i in out if i.created_at < now]


def _cascades(rng, posts, cast, fakes, now, new_id) -> list[Item]:
    """Reposts of reposts: trees deep enough that structural virality means something."""
    out = []
    social = [p for p in posts if p.channel in {"mastodon", "bluesky"}]
    for post in rng.sample(social, k=min(8, len(social))):
        people = [c.accounts[post.channel] for c in cast if post.channel in c.accounts]
        if post.channel == "bluesky":
            people += fakes
        frontier = [post]
        depth = 0
        while frontier and depth < rng.randint(3, 7):
            nxt = []
            for parent in frontier:
                for _ in range(rng.choice([0, 1, 1, 2, 3])):
                    if not people:
                        break
                    author = rng.choice(people)
                    created = parent.created_at + timedelta(minutes=rng.uniform(2, 600))
                    if created >= now:
                        continue
                    quote = rng.random() < 0.2
                    child = Item(
                        channel=post.channel,
                        external_id=new_id(post.channel),
                        text=rng.choice(
                            [
                                "This!",
                                "Totally agree",
                                "Need to try this",
                                "Tästä tykkään",
                                "¡Qué bueno!",
                                "Genau so",
                            ]
                        )
                        if quote
                        else "",
                        created_at=created,
                        author=author,
                        kind="quote" if quote else "repost",
                        in_reply_to=parent.external_id,
                        thread_root=post.external_id,
                    )
                    out.append(child)
                    nxt.append(child)
            frontier = nxt
            depth += 1
    return out

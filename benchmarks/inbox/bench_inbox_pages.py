"""How fast do the inbox's first page and a conversation page render with 1,000,000 messages?

Generates (once, cached under var/bench/) a SQLite database with one workspace, 250,000
conversations and 1,000,000 messages — four messages a conversation on average, across six
channels and two months, with analysis fields filled as the pipeline would — by bulk insert
(the ingest path is measured elsewhere). Then renders pages through Django's test client with a
logged-in agent and reports the median and 95th percentile server time of each.

    .venv/bin/python benchmarks/inbox/bench_inbox_pages.py [--messages 1000000] [--runs 30]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def setup_django(database: Path) -> None:
    os.environ["FIRESIDE_DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("FIRESIDE_DATA_DIR", str(ROOT / "var"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "fireside.web.settings"
    import django

    django.setup()


def generate(total_messages: int, seed: int = 1) -> None:
    from django.core.management import call_command
    from django.db import connection, transaction

    from fireside.inbox.models import Conversation, Message
    from fireside.inbox.services import ensure_default_policies, ensure_default_views
    from fireside.people.models import Identity, Person
    from fireside.web.models import Role
    from fireside.web.setup import ensure_account, get_or_create_workspace

    call_command("migrate", verbosity=0)
    rng = random.Random(seed)
    workspace, _ = get_or_create_workspace("Bench Brand", slug="bench")
    ensure_account(workspace, "agent", role=Role.AGENT, password="bench-password")
    ensure_default_policies(workspace)
    ensure_default_views(workspace)
    channels = ["mastodon", "bluesky", "reddit", "feeds", "youtube", "email"]
    intents = ["question", "complaint", "praise", "purchase_intent", "feedback", "other"]
    sentiments = ["negative", "neutral", "positive"]
    words = [
        *"order grinder beans roast delivery late broken love thanks subscription".split(),
        *"refund espresso kahvi pedido Bestellung question help price shipping box bag".split(),
    ]
    people = 50_000
    with transaction.atomic():
        persons = Person.objects.bulk_create(
            Person(workspace=workspace, display_name=f"Person {n}") for n in range(people)
        )
        identities = Identity.objects.bulk_create(
            Identity(
                workspace=workspace,
                person=p,
                channel=channels[n % 6],
                handle=f"user{n}",
                display_name=p.display_name,
                followers_count=rng.randint(0, 5000),
            )
            for n, p in enumerate(persons)
        )
    start = datetime(2026, 9, 1, tzinfo=UTC)
    span = 60 * 86400
    conversations = total_messages // 4
    done = 0
    batch = 5000
    t0 = time.perf_counter()
    while done < conversations:
        size = min(batch, conversations - done)
        with transaction.atomic():
            convos = []
            for _ in range(size):
                author = identities[rng.randrange(people)]
                created = start + timedelta(seconds=rng.randrange(span))
                status = rng.choices(
                    ["new", "open", "pending", "closed", "spam"], [5, 10, 10, 70, 5]
                )[0]
                convos.append(
                    Conversation(
                        workspace=workspace,
                        channel=author.channel,
                        person_id=author.person_id,
                        author=author,
                        subject=" ".join(rng.choices(words, k=8)),
                        status=status,
                        priority=rng.randint(0, 100),
                        needs_response=status in {"new", "open"},
                        intent=rng.choice(intents),
                        sentiment=rng.choice(sentiments),
                        lang=rng.choice(["en", "fi", "es", "de"]),
                        created_at=created,
                        last_message_at=created + timedelta(hours=3),
                        last_inbound_at=created,
                        message_count=4,
                        sla_due_at=created + timedelta(hours=4),
                        priority_reasons=["complaint (+30)"],
                    )
                )
            convos = Conversation.objects.bulk_create(convos)
            messages = []
            for c in convos:
                for k in range(4):
                    outbound = k % 2 == 1
                    messages.append(
                        Message(
                            workspace=workspace,
                            conversation=c,
                            channel=c.channel,
                            external_id=f"{c.pk}-{k}",
                            author_id=None if outbound else c.author_id,
                            text=" ".join(rng.choices(words, k=rng.randint(6, 30))),
                            kind="reply" if k else "post",
                            direction="outbound" if outbound else "inbound",
                            created_at=c.created_at + timedelta(minutes=45 * k),
                            lang=c.lang,
                            sentiment=c.sentiment,
                            intent=c.intent,
                            priority=c.priority,
                            spam_score=0.01,
                        )
                    )
            Message.objects.bulk_create(messages)
        done += size
        rate = done * 4 / (time.perf_counter() - t0)
        print(f"\r{done * 4:,} messages ({rate:,.0f}/s)", end="", file=sys.stderr)
    print(file=sys.stderr)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def measure(runs: int) -> list[tuple[str, float, float]]:
    from django.contrib.auth.models import User
    from django.test import Client
    from django.test.utils import setup_test_environment

    from fireside.inbox.models import Conversation

    setup_test_environment()
    client = Client()
    client.force_login(User.objects.get(username="agent"))
    convo = Conversation.objects.filter(status="open").order_by("-priority").first()
    pages = [
        ("inbox first page (most urgent)", "/inbox/"),
        ("inbox, unassigned complaints", "/inbox/?assignee=none&intent=complaint"),
        ("inbox, full-text search 'refund'", "/inbox/?q=refund"),
        ("conversation page", f"/inbox/c/{convo.pk}/"),
    ]
    results = []
    for name, url in pages:
        client.get(url)  # warm the caches once, as a server that has been up would be
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - t) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        times.sort()
        results.append((name, statistics.median(times), times[int(len(times) * 0.95) - 1]))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    database = ROOT / "var" / "bench" / f"inbox-{args.messages}.sqlite3"
    fresh = not database.exists()
    database.parent.mkdir(parents=True, exist_ok=True)
    setup_django(database)
    if fresh:
        generate(args.messages)
    from fireside.inbox.models import Message

    print(
        f"{Message.objects.count():,} messages in {database.name} "
        f"({database.stat().st_size / 1e6:,.0f} MB)"
    )
    print("| page | median ms | p95 ms |\n|---|---|---|")
    for name, median, p95 in measure(args.runs):
        print(f"| {name} | {median:.1f} | {p95:.1f} |")


if __name__ == "__main__":
    main()

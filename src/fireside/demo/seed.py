"""Store the demo world: workspace, team, sources, messages, and the team's history with them."""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from fireside.demo.world import BRAND_NAME, CHANNELS, build_world
from fireside.inbox.models import Conversation, Direction, Event, Rule, SavedReply, Status
from fireside.inbox.services import ensure_default_policies, ensure_default_views, ingest_items
from fireside.listen.models import Source
from fireside.web.models import Role
from fireside.web.setup import ensure_account, get_or_create_workspace

DEMO_PASSWORD = "fireside-demo"
BATCH = 400

SAVED_REPLIES = [
    (
        "Order delayed — sorry",
        "en",
        "complaint",
        "Hi {first_name}, I'm so sorry {order} is taking this long. I've just checked with the "
        "warehouse and I'll message you the tracking link today. — {agent} at {brand}",
    ),
    (
        "Tilaus myöhässä",
        "fi",
        "complaint",
        "Hei {first_name}, pahoittelut että {order} viipyy! Tarkistin juuri varastolta ja lähetän "
        "seurantalinkin tänään. T. {agent}, {brand}",
    ),
    (
        "Pedido retrasado",
        "es",
        "complaint",
        "Hola {first_name}, sentimos mucho que {order} esté tardando. Lo he comprobado con el "
        "almacén y hoy te envío el enlace de seguimiento. — {agent}, {brand}",
    ),
    (
        "Bestellung verspätet",
        "de",
        "complaint",
        "Hallo {first_name}, es tut uns leid, dass {order} so lange dauert. Ich habe im Lager "
        "nachgefragt und schicke dir heute den Tracking-Link. — {agent}, {brand}",
    ),
    (
        "Thanks for the love",
        "en",
        "praise",
        "Thank you so much {first_name}! Messages like yours make the early roasting shifts worth "
        "it ☕ — {agent}",
    ),
    (
        "Pausing a subscription",
        "en",
        "question",
        "Hi {first_name}! You can pause any time under Account → Subscription → Pause. Want me to "
        "do it for you? — {agent}",
    ),
]


def _team_setup(workspace, team) -> None:
    """Saved replies and rules a real team would have written by week six."""
    for title, lang, intent, body in SAVED_REPLIES:
        SavedReply.objects.get_or_create(
            workspace=workspace,
            title=title,
            defaults={"lang": lang, "intent": intent, "body": body},
        )
    rules = [
        dict(
            name="Finnish goes to Ben", lang="fi", action=Rule.Action.ASSIGN, assignee=team["ben"]
        ),
        dict(
            name="Urgent complaints round-robin",
            intent="complaint",
            min_priority=60,
            action=Rule.Action.ROUND_ROBIN,
        ),
        dict(
            name="Tag delivery problems",
            query='deliver* OR arrived OR "not arrived" OR '
            "shipping OR tilaus* OR pedido OR Bestellung",
            action=Rule.Action.TAG,
            tag="delivery",
        ),
        dict(
            name="Tag grinder talk",
            query="grinder OR K2 OR molinillo OR Kegelmühle",
            action=Rule.Action.TAG,
            tag="grinder",
        ),
    ]
    for n, rule in enumerate(rules):
        Rule.objects.get_or_create(
            workspace=workspace, name=rule.pop("name"), defaults={**rule, "position": n}
        )


def seed_demo(*, seed: int = 7, customers: int = 300) -> str:
    """Fill the current database with the demo world; returns a one-paragraph summary."""
    now = timezone.now()
    workspace, _ = get_or_create_workspace(
        BRAND_NAME, slug="kestrel", brand_terms=["kestrel", "kestrelcoffee", "Kestrel Coffee"]
    )
    team = {
        "ada": ensure_account(workspace, "ada", role=Role.OWNER, password=DEMO_PASSWORD).user,
        "ben": ensure_account(workspace, "ben", role=Role.AGENT, password=DEMO_PASSWORD).user,
        "dana": ensure_account(workspace, "dana", role=Role.ANALYST, password=DEMO_PASSWORD).user,
    }
    for channel in CHANNELS:
        Source.objects.get_or_create(
            workspace=workspace,
            name=f"Demo {channel}",
            defaults={
                "kind": channel,
                "paused": True,
                "settings": {"note": "demo data: paused, no credentials"},
            },
        )
    ensure_default_policies(workspace)
    ensure_default_views(workspace)
    _team_setup(workspace, team)
    world = build_world(seed=seed, customers=customers, now=now)
    items = sorted(world.items, key=lambda i: i.created_at)
    for start in range(0, len(items), BATCH):
        ingest_items(workspace, items[start : start + BATCH])
    _write_history(workspace, team, seed, now)
    conversations = Conversation.objects.filter(workspace=workspace)
    return (
        f"Demo world: {len(items)} messages from {customers} customers across "
        f"{len(CHANNELS)} channels; {conversations.count()} conversations "
        f"({conversations.filter(status=Status.SPAM).count()} spam, "
        f"{conversations.filter(first_response_at__isnull=False).count()} answered)."
    )


@transaction.atomic
def _write_history(workspace, team, seed: int, now) -> None:
    """Statuses, assignees and SLA outcomes as a team working for six weeks would leave them."""
    rng = random.Random(seed)
    agents = [team["ada"], team["ben"]]
    # Rules ran as each conversation arrived; date their events so, not at seeding time.
    for event in Event.objects.filter(conversation__workspace=workspace, kind=Event.Kind.RULE):
        Event.objects.filter(pk=event.pk).update(
            created_at=event.conversation.created_at + timedelta(seconds=2)
        )
    for conversation in Conversation.objects.filter(workspace=workspace).exclude(
        status=Status.SPAM
    ):
        messages = list(conversation.messages.order_by("created_at"))
        inbound = [m for m in messages if m.direction == Direction.INBOUND]
        if not inbound:
            continue
        first_in = inbound[0].created_at
        last = messages[-1]
        if conversation.first_response_at:
            conversation.assignee = conversation.assignee or rng.choice(agents)
            conversation.sla_breached = bool(
                conversation.sla_due_at and conversation.first_response_at > conversation.sla_due_at
            )
            if last.direction == Direction.OUTBOUND and now - last.created_at > timedelta(days=2):
                conversation.status = Status.CLOSED
                conversation.closed_at = last.created_at + timedelta(hours=1)
                conversation.resolution_seconds = int(
                    (conversation.closed_at - first_in).total_seconds()
                )
            elif last.direction == Direction.OUTBOUND:
                conversation.status = Status.PENDING
            else:
                conversation.status = Status.OPEN
        else:
            conversation.sla_breached = bool(
                conversation.needs_response
                and conversation.sla_due_at
                and now > conversation.sla_due_at
            )
            if now - first_in > timedelta(days=10) and not conversation.needs_response:
                conversation.status = Status.CLOSED
                conversation.closed_at = first_in + timedelta(days=1)
            elif conversation.assignee_id is None and rng.random() < 0.3:
                conversation.status = Status.OPEN
                conversation.assignee = rng.choice(agents)
        conversation.save()

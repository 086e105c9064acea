"""Assignment and tagging rules, applied to each new conversation in the order they are listed.

Every condition a rule gives must hold (channel, intent, language, minimum priority, a brand
query); the first assignment rule that matches assigns, and every matching tag rule tags.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth import get_user_model

from fireside.inbox.models import Conversation, Event, Message, Rule, Tag
from fireside.understand.query import QuerySyntaxError, parse
from fireside.web.models import Membership, Role

ASSIGNABLE = [Role.OWNER, Role.ADMIN, Role.AGENT]


def check_rule_query(text: str) -> str:
    """The query, if it parses; raises QuerySyntaxError naming the position otherwise."""
    if text.strip():
        parse(text)
    return text


def _document(message: Message) -> dict:
    author = message.author
    return {
        "text": f"{message.title}\n{message.text}" if message.title else message.text,
        "author": author.handle if author else "",
        "lang": message.lang,
        "channel": message.channel,
        "sentiment": message.sentiment,
        "intent": message.intent,
    }


def rule_matches(rule: Rule, conversation: Conversation, first: Message) -> bool:
    if rule.channel and rule.channel != conversation.channel:
        return False
    if rule.intent and rule.intent != first.intent:
        return False
    if rule.lang and rule.lang != first.lang:
        return False
    if rule.min_priority and conversation.priority < rule.min_priority:
        return False
    if rule.query:
        try:
            return parse(rule.query).matches(_document(first))
        except QuerySyntaxError:
            return False  # saved rules are checked on save; an old one never blocks ingest
    return True


def _round_robin(rule: Rule, workspace_id: int):
    members = list(
        Membership.objects.filter(workspace_id=workspace_id, role__in=ASSIGNABLE, available=True)
        .order_by("user_id")
        .values_list("user_id", flat=True)
    )
    if not members:
        return None
    later = [m for m in members if rule.last_assignee_id is None or m > rule.last_assignee_id]
    chosen = (later or members)[0]
    rule.last_assignee_id = chosen
    rule.save(update_fields=["last_assignee_id"])
    return get_user_model().objects.get(pk=chosen)


def apply_rules(conversations: Sequence[Conversation], rules: Sequence[Rule] | None = None) -> None:
    """Run the workspace's enabled rules over new conversations (caller holds the transaction)."""
    if not conversations:
        return
    if rules is None:
        rules = list(Rule.objects.filter(workspace_id=conversations[0].workspace_id, enabled=True))
    if not rules:
        return
    for conversation in conversations:
        if conversation.status == "spam":
            continue
        first = conversation.messages.filter(direction="inbound").order_by("created_at").first()
        if first is None:
            continue
        assigned = conversation.assignee_id is not None
        for rule in rules:
            if not rule_matches(rule, conversation, first):
                continue
            if rule.action == Rule.Action.TAG and rule.tag:
                tag, _ = Tag.objects.get_or_create(
                    workspace_id=conversation.workspace_id, name=rule.tag.strip().lower()
                )
                conversation.tags.add(tag)
                Event.objects.create(
                    conversation=conversation,
                    kind=Event.Kind.RULE,
                    text=f"{rule.name}: tagged {tag.name}",
                )
            elif not assigned and rule.action in {Rule.Action.ASSIGN, Rule.Action.ROUND_ROBIN}:
                to = (
                    rule.assignee
                    if rule.action == Rule.Action.ASSIGN
                    else _round_robin(rule, conversation.workspace_id)
                )
                if to is None:
                    continue
                conversation.assignee = to
                conversation.status = "open"
                conversation.save(update_fields=["assignee", "status"])
                assigned = True
                Event.objects.create(
                    conversation=conversation,
                    kind=Event.Kind.RULE,
                    text=f"{rule.name}: assigned {to.get_username()}",
                    data={"assignee": to.pk},
                )

"""The inbox's verbs. Ingest is here because every channel ends in it: items in, threads out.

`ingest_items` is idempotent on (workspace, channel, external_id) and safe to run twice on the
same page: a repeat updates edits, deletions and engagement counts instead of duplicating.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import nh3
from django.db import transaction
from django.db.models import Max, Min, OuterRef, Subquery
from django.utils import timezone

from fireside.inbox.models import Conversation, Direction, Event, Message, SlaPolicy, Status
from fireside.inbox.services.rules import apply_rules
from fireside.inbox.services.sla import apply_sla
from fireside.listen.items import AuthorRef, Item
from fireside.listen.models import Source
from fireside.people.models import Identity, Person
from fireside.people.services import audit_identity
from fireside.web.models import Workspace

log = logging.getLogger(__name__)


@dataclass
class IngestResult:
    created: list[Message] = field(default_factory=list)
    updated: int = 0

    @property
    def created_count(self) -> int:
        return len(self.created)


def _identity_for(channel: str, author: AuthorRef | None, cache: dict) -> Identity | None:
    if author is None or not author.handle:
        return None
    key = (channel, author.handle)
    if key in cache:
        return cache[key]
    # `_known_identities` stored every author of the batch before the loop.
    identity = cache[("stored", *key)]
    fields = _identity_fields(author)
    # A later payload may know more (or newer counts); never blank what we knew.
    changed = [k for k, v in fields.items() if v not in (None, "") and getattr(identity, k) != v]
    for name in changed:
        setattr(identity, name, fields[name])
    if changed and audit_identity(identity):
        changed += ["fake_score", "fake_reasons"]
    if changed:
        identity.save(update_fields=[*changed, "updated_at"])
    cache[key] = identity
    return identity


def _identity_fields(author: AuthorRef) -> dict:
    return {
        "external_id": author.external_id,
        "display_name": author.display_name[:255],
        "profile_url": author.profile_url[:1000],
        "avatar_url": author.avatar_url[:1000],
        "followers_count": author.followers_count,
        "following_count": author.following_count,
        "posts_count": author.posts_count,
        "account_created_at": author.created_at,
        "bio": author.bio,
    }


def _known_identities(workspace: Workspace, items: Sequence[Item]) -> dict:
    """The batch's authors, keyed ("stored", channel, handle): fetched in one query a channel,
    and the new ones created in two bulk inserts (a Person each, then the Identities)."""
    authors: dict[tuple[str, str], AuthorRef] = {}
    for item in items:
        if item.author and item.author.handle:
            authors.setdefault((item.channel, item.author.handle), item.author)
    found: dict = {}
    for channel, names in _by_channel(list(authors)).items():
        for start in range(0, len(names), 500):
            for identity in Identity.objects.filter(
                workspace=workspace, channel=channel, handle__in=names[start : start + 500]
            ):
                found[("stored", channel, identity.handle)] = identity
    missing = [key for key in authors if ("stored", *key) not in found]
    if missing:
        people = Person.objects.bulk_create(
            Person(workspace=workspace, display_name=authors[k].display_name or k[1])
            for k in missing
        )
        fresh = [
            Identity(
                workspace=workspace,
                channel=channel,
                handle=handle,
                person=person,
                **_identity_fields(authors[(channel, handle)]),
            )
            for (channel, handle), person in zip(missing, people, strict=True)
        ]
        for identity in fresh:
            audit_identity(identity)
        created = Identity.objects.bulk_create(fresh)
        for identity in created:
            found[("stored", identity.channel, identity.handle)] = identity
    return found


def _sanitise(html: str) -> str:
    return nh3.clean(html) if html else ""


def _starts_own_conversation(parent: Message) -> bool:
    # Each customer comment under one of our own posts is its own conversation; the post is
    # shown above it as context. Replies to anything else join the parent's thread.
    return parent.direction == Direction.OUTBOUND and parent.kind == "post"


@dataclass
class _Batch:
    """What one ingest call knows without asking the database again.

    ``known`` holds the batch's messages and the parents and roots they name; ``orphans`` the
    stored children whose parent had not arrived, by (channel, parent's external id).
    """

    workspace: Workspace
    source: Source | None
    known: dict[tuple[str, str], Message]
    orphans: dict[tuple[str, str], list[Message]]


def _thread(message: Message, batch: _Batch) -> bool:
    """Set the message's parent and conversation before it is saved; True if it starts one."""
    parent = batch.known.get((message.channel, message.in_reply_to_external))
    if parent is None and message.in_reply_to_external:
        # Remember the child: its parent adopts it whenever it arrives.
        batch.orphans.setdefault((message.channel, message.in_reply_to_external), []).append(
            message
        )
    root = batch.known.get((message.channel, message.thread_root_external))
    message.in_reply_to = parent
    anchor = parent or root
    if message.kind == "repost":
        # A bare repost is a signal for cascades and reach, not something to answer.
        message.conversation = None
        return False
    if anchor is not None and anchor.conversation_id and not _starts_own_conversation(anchor):
        message.conversation_id = anchor.conversation_id
        return False
    subject = (message.title or message.text).strip().splitlines()
    message.conversation = Conversation.objects.create(
        workspace=batch.workspace,
        source=batch.source,
        channel=message.channel,
        person_id=message.author.person_id if message.author else None,
        subject=(subject[0] if subject else "")[:300],
        created_at=message.created_at,
        last_message_at=message.created_at,
    )
    return True


def _adopt_orphans(message: Message, batch: _Batch) -> None:
    """Children stored before this parent: link them, and fold their threads into ours."""
    for orphan in batch.orphans.pop((message.channel, message.external_id), []):
        if orphan.pk == message.pk:
            continue
        orphan.in_reply_to = message
        orphan.save(update_fields=["in_reply_to"])
        if (
            _starts_own_conversation(message)
            or message.conversation_id is None
            or orphan.conversation_id in (None, message.conversation_id)
        ):
            continue
        old = orphan.conversation_id
        Message.objects.filter(conversation_id=old).update(conversation=message.conversation)
        for known in batch.known.values():
            if known.conversation_id == old:
                known.conversation_id = message.conversation_id
        Conversation.objects.filter(pk=old).delete()


def _load_batch(workspace: Workspace, source: Source | None, items: Sequence[Item]) -> _Batch:
    """Three queries for the whole batch: the items already stored, the parents and roots they
    name, and stored children waiting for a parent among them."""
    known = _existing_in_chunks(workspace, [(i.channel, i.external_id) for i in items])
    named = {
        (i.channel, ref)
        for i in items
        for ref in (i.in_reply_to, i.thread_root)
        if ref and (i.channel, ref) not in known
    }
    known |= _existing_in_chunks(workspace, list(named))
    orphans: dict[tuple[str, str], list[Message]] = {}
    for channel, ids in _by_channel([(i.channel, i.external_id) for i in items]).items():
        for start in range(0, len(ids), 500):
            waiting = Message.objects.filter(
                workspace=workspace,
                channel=channel,
                in_reply_to__isnull=True,
                in_reply_to_external__in=ids[start : start + 500],
            )
            for m in waiting:
                orphans.setdefault((m.channel, m.in_reply_to_external), []).append(m)
    return _Batch(workspace, source, known, orphans)


def refresh_conversation(conversation: Conversation) -> None:
    """Recompute what a conversation shows from its messages: counts, times, urgency, status."""
    messages = list(conversation.messages.order_by("created_at", "pk"))
    if not messages:
        return
    inbound = [m for m in messages if m.direction == Direction.INBOUND]
    outbound = [m for m in messages if m.direction == Direction.OUTBOUND]
    conversation.message_count = len(messages)
    conversation.last_message_at = messages[-1].created_at
    conversation.last_inbound_at = inbound[-1].created_at if inbound else None
    live = [m for m in inbound if not m.spam]
    conversation.priority = max((m.priority for m in live), default=0)
    latest = (live or inbound or [None])[-1]
    if latest is not None:
        top = max(live or inbound, key=lambda m: m.priority)
        conversation.author_id = latest.author_id
        conversation.intent = latest.intent
        conversation.sentiment = latest.sentiment
        conversation.lang = latest.lang
        conversation.priority_reasons = list(top.priority_reasons or [])
    last = messages[-1]
    conversation.needs_response = last.direction == Direction.INBOUND and any(
        m.needs_response for m in live if m.created_at >= last.created_at
    )
    if inbound and outbound:
        first_in = inbound[0].created_at
        replies = [m for m in outbound if m.created_at >= first_in]
        conversation.reply_count = len(replies)
        if replies and conversation.first_response_at is None:
            conversation.first_response_at = replies[0].created_at
            conversation.first_response_seconds = int(
                (replies[0].created_at - first_in).total_seconds()
            )
    if conversation.person_id is None and inbound and inbound[0].author_id:
        conversation.person = inbound[0].author.person
    conversation.save()


def _update_existing(message: Message, item: Item) -> bool:
    changed = []
    if item.deleted and message.deleted_at is None:
        message.deleted_at = timezone.now()
        message.text, message.html = "", ""
        changed += ["deleted_at", "text", "html"]
    elif not item.deleted and item.text != message.text and message.deleted_at is None:
        message.text = item.text
        message.html = _sanitise(item.html)
        message.edited_at = item.edited_at or timezone.now()
        message.analyzed_at = None
        changed += ["text", "html", "edited_at", "analyzed_at"]
    for name, value in (("likes", item.likes), ("reposts", item.reposts)):
        if value and getattr(message, name) != value:
            setattr(message, name, value)
            changed.append(name)
    if item.replies and message.replies_count != item.replies:
        message.replies_count = item.replies
        changed.append("replies_count")
    if changed:
        message.save(update_fields=changed)
    return bool(changed)


def ingest_items(
    workspace: Workspace,
    items: Iterable[Item],
    *,
    source: Source | None = None,
    analyze: bool = True,
) -> IngestResult:
    """Store items, thread them into conversations and analyse the new ones.

    Idempotent: an item already stored (same workspace, channel, external id) updates its text
    on edit, blanks it on deletion and refreshes engagement counts. Parents are stored before
    children within a batch; a child stored before its parent is adopted when the parent comes.
    """
    items = sorted(items, key=lambda i: i.created_at)
    result = IngestResult()
    if not items:
        return result
    identities = _known_identities(workspace, items)
    touched: set[int] = set()
    started: set[int] = set()
    seen: dict[int, tuple[datetime, datetime]] = {}
    with transaction.atomic():
        batch = _load_batch(workspace, source, items)
        stored = {(i.channel, i.external_id) for i in items} & set(batch.known)
        for item in items:
            key = (item.channel, item.external_id)
            if key in stored:
                message = batch.known[key]
                if _update_existing(message, item):
                    result.updated += 1
                    if message.conversation_id:
                        touched.add(message.conversation_id)
                continue
            author = _identity_for(item.channel, item.author, identities)
            if author is not None and item.direction == Direction.OUTBOUND and not author.is_brand:
                # Whoever speaks outbound speaks for the brand: keep them out of People.
                author.is_brand = True
                author.save(update_fields=["is_brand"])
            message = Message(
                workspace=workspace,
                source=source,
                channel=item.channel,
                external_id=item.external_id,
                url=item.url[:1000],
                author=author,
                title=item.title[:500],
                text=item.text,
                html=_sanitise(item.html),
                kind=item.kind,
                direction=item.direction,
                in_reply_to_external=item.in_reply_to,
                thread_root_external=item.thread_root,
                created_at=item.created_at,
                edited_at=item.edited_at,
                deleted_at=timezone.now() if item.deleted else None,
                likes=item.likes,
                reposts=item.reposts,
                replies_count=item.replies,
                raw=item.raw,
            )
            if _thread(message, batch):
                started.add(message.conversation_id)
            message.save(force_insert=True)
            batch.known[key] = message
            stored.add(key)
            _adopt_orphans(message, batch)
            result.created.append(message)
            if author and author.person_id:
                first, last = seen.get(author.person_id, (item.created_at, item.created_at))
                seen[author.person_id] = (min(first, item.created_at), max(last, item.created_at))
        _touch_people(seen)
    if analyze:
        from fireside.inbox.analysis import analyze_messages

        try:
            analyze_messages(result.created, workspace.brand_terms)
        except Exception:
            # Stored is what matters; `analyze_pending` (run by `serve` every minute) catches
            # these up, so a model failure never loses or blocks a message.
            log.exception("analysis failed for %d new messages", len(result.created))
    with transaction.atomic():
        touched |= {m.conversation_id for m in result.created if m.conversation_id}
        policies = list(SlaPolicy.objects.filter(workspace=workspace))
        fresh = []
        # In arrival order, so round-robin hands out conversations in the order people wrote.
        ordered = Conversation.objects.filter(pk__in=touched).order_by("created_at", "pk")
        for conversation in ordered.select_related("workspace"):
            was_closed = conversation.status == Status.CLOSED
            new_inbound = [
                m
                for m in result.created
                if m.conversation_id == conversation.pk and m.direction == Direction.INBOUND
            ]
            refresh_conversation(conversation)
            if new_inbound and all(
                m.spam for m in conversation.messages.filter(direction=Direction.INBOUND)
            ):
                conversation.status = Status.SPAM
            elif was_closed and new_inbound:
                # The person wrote again: the conversation is theirs to continue.
                conversation.status = Status.OPEN
                conversation.closed_at = None
                apply_sla(conversation, start=new_inbound[0].created_at, policies=policies)
                Event.objects.create(
                    conversation=conversation,
                    kind=Event.Kind.REOPENED,
                    text="The person wrote again.",
                )
            if conversation.pk in started:
                apply_sla(conversation, policies=policies)
                fresh.append(conversation)
            conversation.save()
        apply_rules(fresh)
    return result


def _by_channel(keys: Sequence[tuple[str, str]]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for channel, external_id in keys:
        grouped.setdefault(channel, []).append(external_id)
    return grouped


def _existing_in_chunks(
    workspace: Workspace, keys: Sequence[tuple[str, str]]
) -> dict[tuple[str, str], Message]:
    found: dict[tuple[str, str], Message] = {}
    for channel, ids in _by_channel(keys).items():
        for start in range(0, len(ids), 500):
            for m in Message.objects.filter(
                workspace=workspace, channel=channel, external_id__in=ids[start : start + 500]
            ):
                found[(m.channel, m.external_id)] = m
    return found


def _touch_people(seen: dict[int, tuple[datetime, datetime]]) -> None:
    """Widen each person's first-seen / last-seen span to cover their messages: one UPDATE."""
    if not seen:
        return
    theirs = (
        Message.objects.filter(author__person=OuterRef("pk")).order_by().values("author__person")
    )
    Person.objects.filter(pk__in=list(seen)).update(
        first_seen_at=Subquery(theirs.annotate(t=Min("created_at")).values("t")),
        last_seen_at=Subquery(theirs.annotate(t=Max("created_at")).values("t")),
    )


def visible_messages(workspace: Workspace):
    """Messages of one workspace, newest first. Views never query Message without this."""
    return (
        Message.objects.filter(workspace=workspace)
        .select_related("author", "conversation")
        .order_by("-created_at", "-pk")
    )

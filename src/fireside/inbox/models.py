"""Conversations and the messages in them, with the analysis every message gets."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fireside.listen.models import Source
from fireside.people.models import Identity, Person
from fireside.web.models import Workspace


class Status(models.TextChoices):
    NEW = "new", "New"
    OPEN = "open", "Open"
    PENDING = "pending", "Pending"
    CLOSED = "closed", "Closed"
    SPAM = "spam", "Spam"


class Kind(models.TextChoices):
    POST = "post", "Post"
    REPLY = "reply", "Reply"
    COMMENT = "comment", "Comment"
    DIRECT = "direct", "Direct message"
    EMAIL = "email", "Email"
    REPOST = "repost", "Repost"
    QUOTE = "quote", "Quote"


class Direction(models.TextChoices):
    INBOUND = "inbound", "Inbound"
    OUTBOUND = "outbound", "Outbound"


class Sentiment(models.TextChoices):
    NEGATIVE = "negative", "Negative"
    NEUTRAL = "neutral", "Neutral"
    POSITIVE = "positive", "Positive"


class Intent(models.TextChoices):
    QUESTION = "question", "Question"
    COMPLAINT = "complaint", "Complaint"
    PRAISE = "praise", "Praise"
    PURCHASE_INTENT = "purchase_intent", "Purchase intent"
    FEEDBACK = "feedback", "Feedback"
    OTHER = "other", "Other"


class SendStatus(models.TextChoices):
    NONE = "", "Received"
    PENDING = "pending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class Tag(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="tags")
    name = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["workspace", "name"], name="one_tag_name")]

    def __str__(self) -> str:
        return self.name


class Conversation(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="conversations")
    source = models.ForeignKey(Source, on_delete=models.SET_NULL, null=True, blank=True)
    channel = models.CharField(max_length=32)
    person = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="conversations"
    )
    subject = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.NEW)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_conversations",
    )
    priority = models.PositiveSmallIntegerField(default=0)
    needs_response = models.BooleanField(default=False)
    tags = models.ManyToManyField(Tag, blank=True, related_name="conversations")
    message_count = models.PositiveIntegerField(default=0)
    # Copied from the person's latest message so the inbox can filter a million rows quickly.
    author = models.ForeignKey(
        Identity, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    intent = models.CharField(max_length=32, choices=Intent.choices, blank=True)
    sentiment = models.CharField(max_length=16, choices=Sentiment.choices, blank=True)
    lang = models.CharField(max_length=16, blank=True)
    priority_reasons = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField()
    last_message_at = models.DateTimeField()
    last_inbound_at = models.DateTimeField(null=True, blank=True)
    # Service levels and response metrics, the raw material for Insights.
    sla_due_at = models.DateTimeField(null=True, blank=True)
    resolution_due_at = models.DateTimeField(null=True, blank=True)
    first_response_at = models.DateTimeField(null=True, blank=True)
    first_response_seconds = models.PositiveIntegerField(null=True, blank=True)
    reply_count = models.PositiveIntegerField(default=0)
    closed_at = models.DateTimeField(null=True, blank=True)
    resolution_seconds = models.PositiveIntegerField(null=True, blank=True)
    sla_breached = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=["workspace", "status", "-last_message_at"]),
            models.Index(fields=["workspace", "-priority", "-last_message_at"]),
            models.Index(fields=["workspace", "assignee", "status"]),
            models.Index(fields=["workspace", "intent", "status"]),
            models.Index(fields=["workspace", "status", "-priority", "-last_message_at"]),
        ]

    def __str__(self) -> str:
        return self.subject or f"Conversation {self.pk}"


class Message(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="messages")
    source = models.ForeignKey(Source, on_delete=models.SET_NULL, null=True, blank=True)
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages", null=True, blank=True
    )
    channel = models.CharField(max_length=32)
    external_id = models.CharField(max_length=512)
    url = models.URLField(max_length=1000, blank=True)
    author = models.ForeignKey(
        Identity, on_delete=models.SET_NULL, null=True, blank=True, related_name="messages"
    )
    title = models.CharField(max_length=500, blank=True)
    text = models.TextField(blank=True)
    html = models.TextField(blank=True, help_text="Sanitised with nh3 before it is stored.")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.POST)
    direction = models.CharField(max_length=16, choices=Direction.choices, default="inbound")
    in_reply_to = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replies"
    )
    # External ids as the platform gave them: the parent may arrive after the child.
    in_reply_to_external = models.CharField(max_length=512, blank=True)
    thread_root_external = models.CharField(max_length=512, blank=True)
    created_at = models.DateTimeField()
    fetched_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    likes = models.PositiveIntegerField(default=0)
    reposts = models.PositiveIntegerField(default=0)
    replies_count = models.PositiveIntegerField(default=0)
    raw = models.JSONField(default=dict, blank=True)
    # Analysis, filled by fireside.understand in batches.
    lang = models.CharField(max_length=16, blank=True)
    spam = models.BooleanField(default=False)
    spam_score = models.FloatField(null=True, blank=True)
    sentiment = models.CharField(max_length=16, choices=Sentiment.choices, blank=True)
    sentiment_scores = models.JSONField(default=dict, blank=True)
    intent = models.CharField(max_length=32, choices=Intent.choices, blank=True)
    needs_response = models.BooleanField(default=False)
    priority = models.PositiveSmallIntegerField(default=0)
    priority_reasons = models.JSONField(default=list, blank=True)
    duplicate_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="duplicates"
    )
    analyzed_at = models.DateTimeField(null=True, blank=True)
    spam_feedback = models.BooleanField(
        null=True, blank=True, help_text="A person's verdict: True spam, False not spam."
    )
    # Outbound replies: who sent it and whether the channel took it.
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    send_status = models.CharField(
        max_length=16, choices=SendStatus.choices, default=SendStatus.NONE, blank=True
    )
    send_error = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "channel", "external_id"], name="one_message_per_external_id"
            )
        ]
        indexes = [
            models.Index(fields=["workspace", "-created_at"]),
            models.Index(fields=["conversation", "created_at"]),
            models.Index(fields=["workspace", "channel", "in_reply_to_external"]),
        ]

    def __str__(self) -> str:
        return f"{self.channel}:{self.external_id}"


class Event(models.Model):
    """Something that happened to a conversation, with who and when: the audit trail."""

    class Kind(models.TextChoices):
        ASSIGNED = "assigned", "assigned"
        UNASSIGNED = "unassigned", "unassigned"
        TAGGED = "tagged", "tagged"
        UNTAGGED = "untagged", "untagged"
        STATUS = "status", "changed status"
        NOTE = "note", "noted"
        REPLIED = "replied", "replied"
        REPLY_FAILED = "reply_failed", "reply failed"
        SPAM = "spam", "marked spam"
        NOT_SPAM = "not_spam", "marked not spam"
        REOPENED = "reopened", "reopened"
        RULE = "rule", "rule applied"

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    text = models.TextField(blank=True, help_text="A note's text, or a short description.")
    data = models.JSONField(default=dict, blank=True)
    mentions = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="mentioned_in"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["conversation", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.text[:40]}"


class SavedReply(models.Model):
    """A reply a team keeps: placeholders fill in the person and context so it still sounds human.

    Placeholders: {first_name} {name} {handle} {agent} {brand} {order}.
    """

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="saved_replies")
    title = models.CharField(max_length=120)
    body = models.TextField()
    lang = models.CharField(max_length=16, blank=True, help_text="Language code, e.g. fi.")
    intent = models.CharField(max_length=32, choices=Intent.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "saved replies"

    def __str__(self) -> str:
        return self.title


class SavedView(models.Model):
    """A named set of inbox filters, shared with the team or kept for one user."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="saved_views")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True
    )
    name = models.CharField(max_length=80)
    query = models.CharField(max_length=1000, help_text="The inbox's query string.")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class SlaPolicy(models.Model):
    """Targets for conversations at or above a priority; the highest matching floor applies."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="sla_policies")
    name = models.CharField(max_length=80)
    min_priority = models.PositiveSmallIntegerField(default=0)
    first_response_minutes = models.PositiveIntegerField()
    resolution_minutes = models.PositiveIntegerField()
    business_hours_only = models.BooleanField(default=True)
    business_days = models.JSONField(default=list, help_text="Weekdays, 0 = Monday.")
    day_start = models.TimeField(default="09:00")
    day_end = models.TimeField(default="17:00")

    class Meta:
        ordering = ["-min_priority"]
        verbose_name = "SLA policy"
        verbose_name_plural = "SLA policies"

    def __str__(self) -> str:
        return self.name


class Rule(models.Model):
    """Assign or tag new conversations that match every condition given (empty = any)."""

    class Action(models.TextChoices):
        ASSIGN = "assign", "Assign to a person"
        ROUND_ROBIN = "round_robin", "Assign round-robin among available agents"
        TAG = "tag", "Add a tag"

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="rules")
    name = models.CharField(max_length=80)
    position = models.PositiveSmallIntegerField(default=0)
    enabled = models.BooleanField(default=True)
    channel = models.CharField(max_length=32, blank=True)
    intent = models.CharField(max_length=32, choices=Intent.choices, blank=True)
    lang = models.CharField(max_length=16, blank=True)
    min_priority = models.PositiveSmallIntegerField(default=0)
    query = models.CharField(
        max_length=500, blank=True, help_text="A brand query, e.g. grinder AND NOT lang:de"
    )
    action = models.CharField(max_length=16, choices=Action.choices)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    tag = models.CharField(max_length=64, blank=True)
    # Round-robin remembers whom it gave the last conversation to.
    last_assignee_id = models.IntegerField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class Presence(models.Model):
    """Who is looking at or typing in a conversation right now: the collision guard."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="presences"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    typing = models.BooleanField(default=False)
    seen_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["conversation", "user"], name="one_presence_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} {'typing in' if self.typing else 'viewing'} {self.conversation_id}"

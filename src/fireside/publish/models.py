"""Scheduled posts for the content queue and calendar."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fireside.listen.models import Source
from fireside.web.models import Workspace


class ScheduledPost(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        QUEUED = "queued", "Queued"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="scheduled_posts"
    )
    source = models.ForeignKey(Source, on_delete=models.SET_NULL, null=True, blank=True)
    text = models.TextField()
    publish_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=16, choices=State.choices, default=State.DRAFT)
    external_id = models.CharField(max_length=512, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["publish_at"]

    def __str__(self) -> str:
        return self.text[:60]

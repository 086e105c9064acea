"""A Person is one human across networks; an Identity is one of their accounts."""

from __future__ import annotations

from django.db import models

from fireside.web.models import Workspace


class Person(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="people")
    display_name = models.CharField(max_length=200, blank=True)
    notes = models.TextField(blank=True)
    first_seen_at = models.DateTimeField(null=True, blank=True)
    last_seen_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.display_name or f"Person {self.pk}"


class Identity(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="identities")
    person = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="identities"
    )
    channel = models.CharField(max_length=32)
    handle = models.CharField(max_length=255)
    external_id = models.CharField(max_length=255, blank=True)
    display_name = models.CharField(max_length=255, blank=True)
    profile_url = models.URLField(max_length=1000, blank=True)
    avatar_url = models.URLField(max_length=1000, blank=True)
    followers_count = models.IntegerField(null=True, blank=True)
    following_count = models.IntegerField(null=True, blank=True)
    posts_count = models.IntegerField(null=True, blank=True)
    account_created_at = models.DateTimeField(null=True, blank=True)
    bio = models.TextField(blank=True)
    is_brand = models.BooleanField(default=False, help_text="One of the workspace's own accounts.")
    # Filled by the authenticity audit (fake or bought followers).
    fake_score = models.FloatField(null=True, blank=True)
    fake_reasons = models.JSONField(default=list, blank=True)
    first_seen_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "identities"
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "channel", "handle"], name="one_identity_per_handle"
            )
        ]

    def __str__(self) -> str:
        return f"{self.handle} on {self.channel}"

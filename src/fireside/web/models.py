"""Workspaces (one brand or client) and who belongs to them, with which role."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Role(models.TextChoices):
    OWNER = "owner", "Owner"
    ADMIN = "admin", "Admin"
    AGENT = "agent", "Agent"
    ANALYST = "analyst", "Analyst"


class Workspace(models.Model):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=60, unique=True)
    brand_terms = models.JSONField(
        default=list, blank=True, help_text="Brand names and handles that address the brand."
    )
    timezone = models.CharField(max_length=64, default="UTC")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.AGENT)
    available = models.BooleanField(default=True, help_text="Takes part in round-robin assignment.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "user"], name="one_membership_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.workspace} ({self.role})"

    @property
    def can_reply(self) -> bool:
        return self.role in {Role.OWNER, Role.ADMIN, Role.AGENT}

    @property
    def can_configure(self) -> bool:
        return self.role in {Role.OWNER, Role.ADMIN}

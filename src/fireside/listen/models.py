"""Sources (configured channel connections) and the quarantine for what they could not parse."""

from __future__ import annotations

import secrets as _secrets
from typing import Any

from django.db import models

from fireside.web.crypto import decrypt_json, encrypt_json
from fireside.web.models import Workspace


def _new_token() -> str:
    return _secrets.token_urlsafe(24)


class Source(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="sources")
    kind = models.CharField(max_length=32, help_text="The connector's channel name, e.g. mastodon.")
    name = models.CharField(max_length=120)
    settings = models.JSONField(default=dict, blank=True, help_text="Non-secret options.")
    secrets_encrypted = models.TextField(blank=True, editable=False)
    cursor = models.JSONField(default=dict, blank=True)
    token = models.CharField(
        max_length=64, unique=True, default=_new_token, help_text="Webhook path token."
    )
    paused = models.BooleanField(default=False)
    poll_interval_s = models.PositiveIntegerField(default=300)
    # Health: shown in Settings; a failing source never stops the others.
    last_run_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    next_run_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "name"], name="one_source_name")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.kind})"

    def get_secrets(self) -> dict[str, Any]:
        return decrypt_json(self.secrets_encrypted)

    def set_secrets(self, values: dict[str, Any]) -> None:
        self.secrets_encrypted = encrypt_json(values)

    @property
    def healthy(self) -> bool:
        return self.consecutive_failures == 0


class Quarantine(models.Model):
    """A payload a connector could not parse, kept with its error so nothing is lost."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="quarantine")
    source = models.ForeignKey(Source, on_delete=models.SET_NULL, null=True, blank=True)
    channel = models.CharField(max_length=32)
    error = models.TextField()
    payload = models.TextField(help_text="The raw payload, as received.")
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "quarantine"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.channel}: {self.error[:60]}"

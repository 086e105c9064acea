"""Publish: what is queued, and what the brand has posted."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from fireside.inbox.models import Message
from fireside.publish.models import ScheduledPost


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    workspace = request.workspace  # type: ignore[attr-defined]
    return render(
        request,
        "publish/queue.html",
        {
            "scheduled": ScheduledPost.objects.filter(workspace=workspace).exclude(state="sent"),
            "posted": Message.objects.filter(
                workspace=workspace, direction="outbound", kind="post"
            ).order_by("-created_at")[:50],
        },
    )

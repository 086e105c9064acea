"""Listening: the workspace's sources with their health, and the quarantine."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from fireside.listen.models import Quarantine, Source


@login_required
def sources(request: HttpRequest) -> HttpResponse:
    workspace = request.workspace  # type: ignore[attr-defined]
    return render(
        request,
        "listen/sources.html",
        {
            "sources": Source.objects.filter(workspace=workspace).order_by("name"),
            "quarantine": Quarantine.objects.filter(workspace=workspace)[:50],
        },
    )

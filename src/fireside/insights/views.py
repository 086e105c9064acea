"""Insights overview: volume, sentiment, intent and response figures from the stored messages."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.db.models import Avg, Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from fireside.inbox.models import Conversation, Message
from fireside.understand.cascades import Cascade, analyze_cascade


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    workspace = request.workspace  # type: ignore[attr-defined]
    days = int(request.GET.get("days", 28)) if request.GET.get("days", "28").isdigit() else 28
    since = timezone.now() - timedelta(days=days)
    # Bare reposts carry no words: they count for reach and cascades, not for what people say.
    inbound = Message.objects.filter(
        workspace=workspace, direction="inbound", created_at__gte=since
    ).exclude(kind="repost")
    by_channel = (
        inbound.values("channel")
        .annotate(n=Count("pk"), spam=Count("pk", filter=Q(spam=True)))
        .order_by("-n")
    )
    by_sentiment = inbound.filter(spam=False).values("sentiment").annotate(n=Count("pk"))
    by_intent = inbound.filter(spam=False).values("intent").annotate(n=Count("pk")).order_by("-n")
    by_lang = inbound.filter(spam=False).values("lang").annotate(n=Count("pk")).order_by("-n")[:10]
    conversations = Conversation.objects.filter(workspace=workspace, created_at__gte=since)
    needing = conversations.exclude(status="spam").filter(
        Q(needs_response=True) | Q(first_response_at__isnull=False)
    )
    answered = needing.filter(first_response_at__isnull=False)
    times = sorted(answered.values_list("first_response_seconds", flat=True))
    response = {
        "needing": needing.count(),
        "answered": len(times),
        "median": times[len(times) // 2] if times else None,
        "mean": answered.aggregate(avg=Avg("first_response_seconds"))["avg"],
    }
    response["rate"] = (
        round(100 * response["answered"] / response["needing"]) if response["needing"] else None
    )
    return render(
        request,
        "insights/overview.html",
        {
            "days": days,
            "total": inbound.count(),
            "by_channel": by_channel,
            "by_sentiment": by_sentiment,
            "by_intent": by_intent,
            "by_lang": by_lang,
            "response": response,
            "cascades": top_cascades(workspace, since),
        },
    )


def top_cascades(workspace, since, limit: int = 10) -> list[dict]:
    """How the workspace's own posts spread: replies, reposts and quotes as one tree a post."""
    posts = {
        m.external_id: m
        for m in Message.objects.filter(
            workspace=workspace, direction="outbound", kind="post", created_at__gte=since
        )
    }
    if not posts:
        return []
    edges: dict[str, list[tuple[str, str]]] = {pid: [("", pid)] for pid in posts}
    spread = Message.objects.filter(
        workspace=workspace, thread_root_external__in=list(posts)
    ).values_list("thread_root_external", "in_reply_to_external", "external_id")
    for root, parent, child in spread.iterator():
        edges[root].append((parent or root, child))
    rows = []
    for pid, tree in edges.items():
        stats = analyze_cascade(Cascade(pid, tree))
        if stats.size > 1:
            rows.append({"post": posts[pid], "stats": stats})
    rows.sort(key=lambda r: (-r["stats"].size, -r["stats"].structural_virality))
    return rows[:limit]

"""The messages list: proof that data flows from the channels to the page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from fireside.inbox.models import Intent, Sentiment
from fireside.inbox.search import search_messages
from fireside.inbox.services import visible_messages


@login_required
def messages(request: HttpRequest) -> HttpResponse:
    workspace = request.workspace  # type: ignore[attr-defined]
    if workspace is None:
        return render(request, "inbox/no_workspace.html")
    qs = visible_messages(workspace)
    filters = {
        k: request.GET.get(k, "").strip() for k in ("q", "channel", "sentiment", "intent", "spam")
    }
    if filters["channel"]:
        qs = qs.filter(channel=filters["channel"])
    if filters["sentiment"]:
        qs = qs.filter(sentiment=filters["sentiment"])
    if filters["intent"]:
        qs = qs.filter(intent=filters["intent"])
    if filters["spam"] == "only":
        qs = qs.filter(spam=True)
    elif filters["spam"] != "all":
        qs = qs.filter(spam=False)
    if filters["q"]:
        qs = search_messages(qs, filters["q"])
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    channels = visible_messages(workspace).order_by().values_list("channel", flat=True).distinct()
    context = {
        "page": page,
        "rows": page.object_list,
        "filters": filters,
        "channels": sorted(set(channels)),
        "sentiments": Sentiment.choices,
        "intents": Intent.choices,
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "inbox/messages.html#results", context)
    return render(request, "inbox/messages.html", context)

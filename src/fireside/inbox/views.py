"""The team inbox: the conversation list, one conversation, and the actions on them.

Views parse the request, call one service and render. An htmx request gets only the partial
that changed; every action also works as a plain form post (it redirects back).
"""

from __future__ import annotations

from datetime import datetime
from functools import wraps

from django.contrib import messages as flash
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_POST

from fireside.inbox.models import Conversation, Intent, SavedReply, SavedView, Sentiment, Status
from fireside.inbox.search import search_messages
from fireside.inbox.services import (
    InboxFilters,
    ReplyCollision,
    ReplyError,
    add_note,
    assign_conversation,
    bulk_apply,
    check_can_work,
    get_conversation_for,
    get_message_for,
    inbox_page,
    mark_spam,
    retry_reply,
    send_reply,
    set_status,
    tag_conversation,
    visible_messages,
)
from fireside.inbox.services.conversation import conversation_context
from fireside.inbox.services.presence import leave, others_here, touch_presence
from fireside.inbox.services.queries import inbox_channels, member_choices
from fireside.inbox.services.replies import render_saved_reply
from fireside.listen.models import Source


def _workspace(request: HttpRequest):
    workspace = request.workspace  # type: ignore[attr-defined]
    if workspace is None:
        raise PermissionDenied("You do not belong to any workspace yet.")
    return workspace


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    if request.workspace is None:  # type: ignore[attr-defined]
        return render(request, "inbox/no_workspace.html")
    workspace = _workspace(request)
    filters = InboxFilters.from_query(request.GET)
    page_number = int(request.GET["page"]) if request.GET.get("page", "").isdigit() else 1
    page = inbox_page(workspace, request.user, filters, page_number)
    context = {
        "page": page,
        "filters": filters,
        "now": timezone.now(),
        "views": SavedView.objects.filter(workspace=workspace).exclude(
            owner__isnull=False, owner__in=get_user_model().objects.exclude(pk=request.user.pk)
        ),
        "members": member_choices(workspace),
        "channels": inbox_channels(workspace),
        "sources": Source.objects.filter(workspace=workspace).order_by("name"),
        "intents": Intent.choices,
        "sentiments": Sentiment.choices,
        "statuses": [("active", "New and open"), *Status.choices, ("all", "Everything")],
        "current_query": request.GET.urlencode(),
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "inbox/inbox.html#list", context)
    return render(request, "inbox/inbox.html", context)


@login_required
@require_POST
def bulk(request: HttpRequest) -> HttpResponse:
    workspace = _workspace(request)
    ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
    conversations = Conversation.objects.filter(workspace=workspace, pk__in=ids)
    try:
        action = request.POST.get("action", "")
        value = request.POST.get("tagname" if action == "tag" else "value", "")
        count = bulk_apply(conversations, action, by=request.user, value=value)
    except ValidationError as exc:
        flash.error(request, " ".join(exc.messages))
    else:
        flash.success(request, f"Updated {count} conversation{'s' if count != 1 else ''}.")
    return redirect(f"/inbox/?{request.POST.get('back', '')}")


@login_required
@require_POST
def save_view(request: HttpRequest) -> HttpResponse:
    workspace = _workspace(request)
    name = request.POST.get("name", "").strip()[:80]
    if name:
        SavedView.objects.create(
            workspace=workspace,
            name=name,
            query=request.POST.get("query", "")[:1000],
            owner=None if request.POST.get("shared") else request.user,
            position=100,
        )
        flash.success(request, f"Saved the view “{name}”.")
    return redirect(f"/inbox/?{request.POST.get('query', '')}")


@login_required
def conversation(request: HttpRequest, conversation_id: int) -> HttpResponse:
    convo = get_conversation_for(request.user, conversation_id)
    if request.user.is_authenticated:
        touch_presence(convo, request.user)
    context = conversation_context(convo, request.user, opened_at=timezone.now().isoformat())
    if request.htmx and request.GET.get("part") == "thread":  # type: ignore[attr-defined]
        return render(request, "inbox/conversation.html#thread", context)
    return render(request, "inbox/conversation.html", context)


def _back(request: HttpRequest, convo: Conversation) -> HttpResponse:
    if request.htmx:  # type: ignore[attr-defined]
        opened_at = request.POST.get("opened_at") or timezone.now().isoformat()
        context = conversation_context(convo, request.user, opened_at=opened_at)
        return render(request, "inbox/conversation.html#main", context)
    return redirect("inbox:conversation", conversation_id=convo.pk)


def _acting(request: HttpRequest, conversation_id: int) -> Conversation:
    convo = get_conversation_for(request.user, conversation_id)
    check_can_work(request.user, convo)
    return convo


def conversation_action(act):
    """A POST on one conversation by someone who may work it: run `act(request, convo)`, show a
    refused change (ValidationError) as a message, and answer with the updated page."""

    @login_required
    @require_POST
    @wraps(act)
    def view(request: HttpRequest, conversation_id: int) -> HttpResponse:
        convo = _acting(request, conversation_id)
        try:
            act(request, convo)
        except ValidationError as exc:
            flash.error(request, " ".join(exc.messages))
        return _back(request, convo)

    return view


@conversation_action
def assign(request: HttpRequest, convo: Conversation) -> None:
    value = request.POST.get("assignee", "")
    users = get_user_model().objects
    to = (
        request.user
        if value == "me"
        else users.filter(pk=value).first()
        if value.isdigit()
        else None
    )
    assign_conversation(convo, to=to, by=request.user)


@conversation_action
def tag(request: HttpRequest, convo: Conversation) -> None:
    remove = bool(request.POST.get("remove"))
    tag_conversation(convo, request.POST.get("tag", ""), by=request.user, remove=remove)


@conversation_action
def status(request: HttpRequest, convo: Conversation) -> None:
    value = request.POST.get("status", "")
    if value in {"spam", "not_spam"}:
        mark_spam(convo, spam=value == "spam", by=request.user)
    else:
        set_status(convo, value, by=request.user)


@conversation_action
def note(request: HttpRequest, convo: Conversation) -> None:
    add_note(convo, request.POST.get("text", ""), by=request.user)


@login_required
@require_POST
def reply(request: HttpRequest, conversation_id: int) -> HttpResponse:
    convo = _acting(request, conversation_id)
    opened = request.POST.get("opened_at", "")
    seen_at: datetime | None = parse_datetime(opened) if opened else None
    text = request.POST.get("text", "")
    try:
        sent = send_reply(
            convo,
            text,
            by=request.user,
            seen_at=seen_at,
            confirm=bool(request.POST.get("confirm")),
            close=request.POST.get("then") == "close",
        )
    except ReplyCollision as exc:
        return _reply_problem(request, convo, str(exc), text, collision=True)
    except ReplyError as exc:
        return _reply_problem(request, convo, str(exc), text)
    if sent.send_status == "failed":
        flash.error(request, f"The reply was not sent: {sent.send_error}")
    else:
        flash.success(request, "Reply sent.")
    convo.refresh_from_db()
    return _back(request, convo)


def _reply_problem(request, convo, problem: str, text: str, *, collision: bool = False):
    opened_at = request.POST.get("opened_at", "")
    context = conversation_context(convo, request.user, opened_at=opened_at)
    context |= {"reply_problem": problem, "draft": text, "collision": collision}
    template = "inbox/conversation.html#main" if request.htmx else "inbox/conversation.html"  # type: ignore[attr-defined]
    return render(request, template, context, status=200 if request.htmx else 400)  # type: ignore[attr-defined]


@login_required
@require_POST
def retry(request: HttpRequest, message_id: int) -> HttpResponse:
    message = get_message_for(request.user, message_id)
    convo = message.conversation
    check_can_work(request.user, convo)
    retry_reply(message)
    message.refresh_from_db()
    if message.send_status == "failed":
        flash.error(request, f"Still not sent: {message.send_error}")
    else:
        flash.success(request, "Reply sent.")
    convo.refresh_from_db()
    return _back(request, convo)


@login_required
def saved_reply(request: HttpRequest, conversation_id: int, reply_id: int) -> JsonResponse:
    convo = get_conversation_for(request.user, conversation_id)
    saved = get_object_or_404(SavedReply, pk=reply_id, workspace=convo.workspace)
    return JsonResponse({"text": render_saved_reply(saved, convo, request.user)})


@login_required
@require_POST
def presence(request: HttpRequest, conversation_id: int) -> HttpResponse:
    convo = get_conversation_for(request.user, conversation_id)
    if request.POST.get("leave"):
        leave(convo, request.user)
        return HttpResponse(status=204)
    touch_presence(convo, request.user, typing=bool(request.POST.get("typing")))
    return render(request, "inbox/_presence.html", {"others": others_here(convo, request.user)})


@login_required
def messages(request: HttpRequest) -> HttpResponse:
    """Every message, newest first, with the analysis: the raw view beside the inbox."""
    workspace = request.workspace  # type: ignore[attr-defined]
    if workspace is None:
        return render(request, "inbox/no_workspace.html")
    qs = visible_messages(workspace)
    filters = {
        k: request.GET.get(k, "").strip() for k in ("q", "channel", "sentiment", "intent", "spam")
    }
    for name in ("channel", "sentiment", "intent"):
        if filters[name]:
            qs = qs.filter(**{name: filters[name]})
    if filters["spam"] == "only":
        qs = qs.filter(spam=True)
    elif filters["spam"] != "all":
        qs = qs.filter(spam=False)
    if filters["q"]:
        qs = search_messages(qs, filters["q"], workspace_id=workspace.pk)
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

"""Settings → Inbox: assignment and tagging rules, SLA policies, saved replies. Admins edit;
everyone in the workspace can read what they are measured against."""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from fireside.inbox.forms import RuleForm, SavedReplyForm, SlaPolicyForm
from fireside.inbox.models import Rule, SavedReply, SlaPolicy
from fireside.web.access import require_role
from fireside.web.models import Role

ADMINS = (Role.OWNER, Role.ADMIN)


@login_required
def inbox_settings(request: HttpRequest) -> HttpResponse:
    workspace = request.workspace  # type: ignore[attr-defined]
    return render(
        request,
        "inbox/settings.html",
        {
            "rules": Rule.objects.filter(workspace=workspace).select_related("assignee"),
            "policies": SlaPolicy.objects.filter(workspace=workspace),
            "replies": SavedReply.objects.filter(workspace=workspace),
            "can_configure": request.membership is not None  # type: ignore[attr-defined]
            and request.membership.can_configure,  # type: ignore[attr-defined]
        },
    )


def _edit(request, form_class, instance, title, **form_kwargs):
    require_role(request.membership, *ADMINS)
    workspace = request.workspace
    form = form_class(request.POST or None, instance=instance, **form_kwargs)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        obj.workspace = workspace
        obj.save()
        flash.success(request, f"Saved “{obj}”.")
        return redirect("inbox:settings")
    return render(request, "inbox/settings_form.html", {"form": form, "title": title})


@login_required
def rule_form(request: HttpRequest, rule_id: int | None = None) -> HttpResponse:
    workspace = request.workspace  # type: ignore[attr-defined]
    rule = get_object_or_404(Rule, pk=rule_id, workspace=workspace) if rule_id else None
    return _edit(request, RuleForm, rule, "Rule", workspace=workspace)


@login_required
def sla_form(request: HttpRequest, policy_id: int | None = None) -> HttpResponse:
    workspace = request.workspace  # type: ignore[attr-defined]
    policy = get_object_or_404(SlaPolicy, pk=policy_id, workspace=workspace) if policy_id else None
    return _edit(request, SlaPolicyForm, policy, "SLA policy")


@login_required
def saved_reply_form(request: HttpRequest, reply_id: int | None = None) -> HttpResponse:
    workspace = request.workspace  # type: ignore[attr-defined]
    saved = get_object_or_404(SavedReply, pk=reply_id, workspace=workspace) if reply_id else None
    return _edit(request, SavedReplyForm, saved, "Saved reply")


@login_required
@require_POST
def rule_delete(request: HttpRequest, rule_id: int) -> HttpResponse:
    require_role(request.membership, *ADMINS)  # type: ignore[attr-defined]
    get_object_or_404(Rule, pk=rule_id, workspace=request.workspace).delete()  # type: ignore[attr-defined]
    return redirect("inbox:settings")


@login_required
@require_POST
def saved_reply_delete(request: HttpRequest, reply_id: int) -> HttpResponse:
    require_role(request.membership, *ADMINS)  # type: ignore[attr-defined]
    get_object_or_404(SavedReply, pk=reply_id, workspace=request.workspace).delete()  # type: ignore[attr-defined]
    return redirect("inbox:settings")

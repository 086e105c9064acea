"""The shell's own pages: health, home, workspace switching, Settings."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

import fireside
from fireside.web.access import get_membership_for
from fireside.web.middleware import SESSION_KEY
from fireside.web.models import Membership


@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers and uptime checks: 200 when the database answers, 503 when not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except Exception as exc:  # noqa: BLE001 - the point is to report any failure
        return JsonResponse({"status": "error", "database": str(exc).splitlines()[0]}, status=503)
    return JsonResponse(
        {
            "status": "ok",
            "database": database,
            "vendor": connection.vendor,
            "version": fireside.__version__,
        }
    )


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return redirect("inbox:inbox")


@login_required
@require_POST
def switch_workspace(request: HttpRequest) -> HttpResponse:
    membership = get_membership_for(request.user, int(request.POST.get("workspace", 0)))
    request.session[SESSION_KEY] = membership.workspace_id
    return redirect("home")


@login_required
def settings_page(request: HttpRequest) -> HttpResponse:
    workspace = request.workspace  # type: ignore[attr-defined]
    members = (
        Membership.objects.filter(workspace=workspace)
        .select_related("user")
        .order_by("user__username")
        if workspace
        else []
    )
    return render(request, "web/settings.html", {"members": members})


@login_required
@require_POST
def set_availability(request: HttpRequest, membership_id: int) -> HttpResponse:
    """Agents mark themselves away (round-robin skips them); admins can for anyone."""
    mine = request.membership  # type: ignore[attr-defined]
    target = Membership.objects.filter(pk=membership_id, workspace=request.workspace).first()  # type: ignore[attr-defined]
    if target is None:
        raise Http404("No such member")
    if target.user_id != request.user.pk and not (mine and mine.can_configure):
        raise PermissionDenied("Only admins change someone else's availability.")
    target.available = request.POST.get("available") == "1"
    target.save(update_fields=["available"])
    return redirect("settings")

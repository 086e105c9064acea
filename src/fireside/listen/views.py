"""Settings → Sources: the workspace's sources with their health, add, test, pause; webhooks."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from fireside.listen import registry, services
from fireside.listen.forms import SourceForm
from fireside.listen.models import Quarantine, Source
from fireside.web.access import require_role
from fireside.web.models import Role

MANAGERS = (Role.OWNER, Role.ADMIN)


def get_source_for(request: HttpRequest, source_id: int) -> Source:
    """The current workspace's source, or 404 — sources of other workspaces do not exist here."""
    workspace = request.workspace  # type: ignore[attr-defined]
    if workspace is None:
        raise Http404("No such source")
    try:
        return Source.objects.get(pk=source_id, workspace=workspace)
    except Source.DoesNotExist:
        raise Http404("No such source") from None


def _can_manage(request: HttpRequest) -> bool:
    membership = request.membership  # type: ignore[attr-defined]
    return membership is not None and membership.role in MANAGERS


@login_required
def sources(request: HttpRequest) -> HttpResponse:
    workspace = request.workspace  # type: ignore[attr-defined]
    rows = Source.objects.filter(workspace=workspace).order_by("name") if workspace else []
    kinds = {kind: registry.connector_class(kind).label for kind in sorted(registry.available())}
    context = {
        "sources": rows,
        "quarantine": (
            Quarantine.objects.filter(workspace=workspace, resolved_at__isnull=True).select_related(
                "source"
            )[:50]
            if workspace
            else []
        ),
        "kinds": kinds,
        "can_manage": _can_manage(request),
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "listen/_sources_table.html", context)
    return render(request, "listen/sources.html", context)


@login_required
def add_source(request: HttpRequest, kind: str) -> HttpResponse:
    require_role(request.membership, *MANAGERS)  # type: ignore[attr-defined]
    if kind not in registry.available():
        raise Http404("No such kind of source")
    form = SourceForm(kind, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            source = services.add_source(
                request.workspace,  # type: ignore[attr-defined]
                kind,
                form.cleaned_data["name"],
                form.options(),
                poll_interval_s=form.cleaned_data.get("poll_interval_s") or None,
            )
        except services.SourceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Added {source.name}. Test it to see what it would read.")
            return redirect("listen:source", source_id=source.pk)
    return render(
        request,
        "listen/source_form.html",
        {"form": form, "kind": kind, "label": form.connector.label},
    )


@login_required
def source_detail(request: HttpRequest, source_id: int) -> HttpResponse:
    source = get_source_for(request, source_id)
    form = None
    if _can_manage(request):
        form = SourceForm(
            source.kind,
            request.POST or None,
            editing=True,
            initial={
                "poll_interval_s": source.poll_interval_s,
                **{f"opt_{k}": v for k, v in source.settings.items()},
            },
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.update_source(
                    source,
                    form.options(),
                    poll_interval_s=form.cleaned_data.get("poll_interval_s") or None,
                )
            except services.SourceError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"Saved {source.name}.")
                return redirect("listen:source", source_id=source.pk)
    elif request.method == "POST":
        require_role(request.membership, *MANAGERS)  # type: ignore[attr-defined]
    return render(
        request,
        "listen/source.html",
        {
            "source": source,
            "form": form,
            "settings_shown": services.masked_settings(source),
            "quarantine": Quarantine.objects.filter(source=source, resolved_at__isnull=True)[:20],
            "can_manage": form is not None,
            "hook_path": f"/hooks/{source.token}" if source.kind == "webhook" else "",
        },
    )


@login_required
@require_POST
def test_source(request: HttpRequest, source_id: int) -> HttpResponse:
    require_role(request.membership, *MANAGERS)  # type: ignore[attr-defined]
    source = get_source_for(request, source_id)
    page, error = services.test_source(source)
    context = {
        "source": source,
        "page": page,
        "error": error,
        "items": page.items[:20] if page else [],
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "listen/_test_result.html", context)
    return render(request, "listen/test_result.html", context)


@login_required
@require_POST
def toggle_pause(request: HttpRequest, source_id: int) -> HttpResponse:
    require_role(request.membership, *MANAGERS)  # type: ignore[attr-defined]
    source = get_source_for(request, source_id)
    if source.paused:
        services.resume_source(source)
        messages.success(request, f"Resumed {source.name}.")
    else:
        services.pause_source(source)
        messages.success(request, f"Paused {source.name}.")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = ""  # never bounce to another site
    return redirect(target or "listen:sources")


@login_required
@require_POST
def dismiss_quarantined(request: HttpRequest, quarantine_id: int) -> HttpResponse:
    """Mark a quarantined payload as dealt with; it stays in the table for the record."""
    require_role(request.membership, *MANAGERS)  # type: ignore[attr-defined]
    updated = Quarantine.objects.filter(
        pk=quarantine_id,
        workspace=request.workspace,  # type: ignore[attr-defined]
    ).update(resolved_at=timezone.now())
    if not updated:
        raise Http404("No such quarantined payload")
    return redirect("listen:sources")


@csrf_exempt
@require_POST
def webhook(request: HttpRequest, token: str) -> HttpResponse:
    """``POST /hooks/<token>``: signed JSON in the analyze input shape. No session, no CSRF:
    the HMAC signature is the authentication."""
    try:
        result = services.receive_webhook(token, request.body, request.headers)
    except services.WebhookRefused as exc:
        return JsonResponse({"error": str(exc)}, status=exc.status)
    return JsonResponse(
        {"created": result.created, "updated": result.updated, "quarantined": result.quarantined},
        status=202,
    )

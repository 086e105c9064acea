"""People: everyone who has talked to the workspace, with their accounts across networks."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from fireside.inbox.models import Message
from fireside.people.models import Identity, Person
from fireside.people.services import FAKE_THRESHOLD


@login_required
def people(request: HttpRequest) -> HttpResponse:
    workspace = request.workspace  # type: ignore[attr-defined]
    query = request.GET.get("q", "").strip()
    people = (
        Person.objects.filter(workspace=workspace)
        .exclude(identities__is_brand=True)
        .annotate(conversation_count=Count("conversations", distinct=True))
        .prefetch_related(Prefetch("identities", queryset=Identity.objects.order_by("channel")))
        .order_by("-last_seen_at", "-pk")
    )
    if query:
        people = people.filter(identities__handle__icontains=query).distinct()
    suspicious = request.GET.get("fake") == "1"
    if suspicious:
        people = people.filter(identities__fake_score__gte=FAKE_THRESHOLD).distinct()
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "people/people.html",
        {"page": page, "query": query, "suspicious": suspicious, "threshold": FAKE_THRESHOLD},
    )


@login_required
def person(request: HttpRequest, person_id: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=person_id, workspace=request.workspace)  # type: ignore[attr-defined]
    messages = Message.objects.filter(author__person=person).order_by("-created_at")[:100]
    return render(
        request,
        "people/person.html",
        {
            "person": person,
            "identities": person.identities.all(),
            "recent": messages,
            "threshold": FAKE_THRESHOLD,
        },
    )

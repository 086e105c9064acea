"""The one chokepoint for what a user may see: workspaces they belong to, and nothing else."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from fireside.web.models import Membership, Role


def memberships_of(user: AbstractBaseUser | AnonymousUser) -> list[Membership]:
    if not user.is_authenticated:
        return []
    return list(
        Membership.objects.filter(user=user).select_related("workspace").order_by("workspace__name")
    )


def get_membership_for(user: AbstractBaseUser | AnonymousUser, workspace_id: int) -> Membership:
    """The user's membership of that workspace, or 404 — never a hint that it exists."""
    if not user.is_authenticated:
        raise Http404("No such workspace")
    try:
        return Membership.objects.select_related("workspace").get(
            user=user, workspace_id=workspace_id
        )
    except Membership.DoesNotExist:
        raise Http404("No such workspace") from None


def require_role(membership: Membership | None, *roles: Role) -> None:
    if membership is None or membership.role not in roles:
        raise PermissionDenied("Your role in this workspace does not allow that.")


__all__ = ["get_membership_for", "memberships_of", "require_role"]

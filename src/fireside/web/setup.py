"""Creating workspaces and accounts: shared by `fireside init`, `createuser` and the demo."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.db import transaction
from django.utils.text import slugify

from fireside.web.models import Membership, Role, Workspace


class SetupError(Exception):
    pass


@dataclass
class Account:
    user: AbstractUser
    membership: Membership
    password: str | None  # set only when a password was generated now


def generate_password() -> str:
    return secrets.token_urlsafe(12)


def get_or_create_workspace(
    name: str, *, slug: str = "", brand_terms: list[str] | None = None
) -> tuple[Workspace, bool]:
    slug = slug or slugify(name)[:60] or "workspace"
    return Workspace.objects.get_or_create(
        slug=slug, defaults={"name": name, "brand_terms": brand_terms or []}
    )


@transaction.atomic
def ensure_account(
    workspace: Workspace,
    username: str,
    *,
    role: str = Role.AGENT,
    password: str | None = None,
    email: str = "",
) -> Account:
    """The user exists and belongs to the workspace with that role; safe to call twice.

    An existing user's password changes only when one is given explicitly.
    """
    if role not in Role.values:
        raise SetupError(f"unknown role {role!r}; choose one of {', '.join(Role.values)}")
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    generated = None
    if user is None:
        generated = None if password else generate_password()
        user = User.objects.create_user(
            username=username, email=email, password=password or generated
        )
    elif password:
        user.set_password(password)
        user.save(update_fields=["password"])
    membership, created = Membership.objects.get_or_create(
        workspace=workspace, user=user, defaults={"role": role}
    )
    if not created and membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
    return Account(user=user, membership=membership, password=generated)


def resolve_workspace(slug: str | None) -> Workspace:
    """The workspace a CLI command means: the one named, or the only/first one there is."""
    if slug:
        workspace = Workspace.objects.filter(slug=slug).first()
        if workspace is None:
            known = ", ".join(Workspace.objects.values_list("slug", flat=True)) or "none"
            raise SetupError(f"no workspace {slug!r} (known: {known})")
        return workspace
    workspace = Workspace.objects.order_by("pk").first()
    if workspace is None:
        raise SetupError("no workspace yet: run `fireside init` first")
    return workspace

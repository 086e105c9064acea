"""The named cast every permission test uses.

Ada owns workspace A (Kestrel Coffee), Ben is her teammate (agent), Dana reads (analyst), and
Cleo works in workspace B and must never see A's data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.contrib.auth.models import User

from fireside.listen.items import AuthorRef, Item
from fireside.web.models import Role, Workspace
from fireside.web.setup import ensure_account, get_or_create_workspace

PASSWORD = "correct horse battery staple"


@dataclass
class Cast:
    a: Workspace
    b: Workspace
    ada: User
    ben: User
    dana: User
    cleo: User


def make_cast() -> Cast:
    a, _ = get_or_create_workspace("Kestrel Coffee", slug="a", brand_terms=["kestrel"])
    b, _ = get_or_create_workspace("Northwind Tea", slug="b", brand_terms=["northwind"])
    return Cast(
        a=a,
        b=b,
        ada=ensure_account(a, "ada", role=Role.OWNER, password=PASSWORD).user,
        ben=ensure_account(a, "ben", role=Role.AGENT, password=PASSWORD).user,
        dana=ensure_account(a, "dana", role=Role.ANALYST, password=PASSWORD).user,
        cleo=ensure_account(b, "cleo", role=Role.OWNER, password=PASSWORD).user,
    )


T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


def item(external_id: str, text: str = "hello", *, minutes: int = 0, **fields: Any) -> Item:
    """An Item with sensible defaults: inbound, on Mastodon, from one customer."""
    fields.setdefault("channel", "mastodon")
    fields.setdefault("author", AuthorRef(handle="@maija@mstdn.fi", display_name="Maija"))
    return Item(
        external_id=external_id, text=text, created_at=T0 + timedelta(minutes=minutes), **fields
    )

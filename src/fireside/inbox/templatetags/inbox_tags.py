from __future__ import annotations

from django import template

from fireside.inbox.services.queries import waiting_since
from fireside.inbox.services.sla import sla_state

register = template.Library()


@register.filter
def prio_band(priority: int) -> str:
    return "urgent" if priority >= 70 else "high" if priority >= 40 else "normal"


@register.simple_tag
def waiting(conversation, now=None) -> str:
    delta = waiting_since(conversation, now)
    if delta is None:
        return ""
    return duration(max(int(delta.total_seconds()), 0))


@register.simple_tag
def sla(conversation, now=None):
    return sla_state(conversation, now)


@register.filter
def duration(seconds: int | None) -> str:
    """Seconds as people say them: 4 min, 2 h 05 min, 3 days."""
    if seconds is None:
        return ""
    minutes = int(seconds) // 60
    if minutes < 60:
        return f"{max(minutes, 1)} min" if seconds >= 60 else f"{int(seconds)} s"
    if minutes < 48 * 60:
        return f"{minutes // 60} h {minutes % 60:02d} min"
    return f"{minutes // 1440} days"

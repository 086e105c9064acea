"""Configuring sources: add, change, pause and resume them; build their connectors."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings

from fireside.listen import registry
from fireside.listen.base import Connector, Option
from fireside.listen.errors import SourceStopped
from fireside.listen.http import check_url
from fireside.listen.models import Source
from fireside.web.models import Workspace

TRUE = frozenset({"1", "true", "yes", "on"})


class SourceError(Exception):
    """A source cannot be configured as asked; the message says what to change."""


# --- configuration ---------------------------------------------------------------------------


def get_source(workspace: Workspace, name_or_id: str | int) -> Source:
    """The workspace's source by name (or id). Raises SourceError naming the known ones."""
    sources = Source.objects.filter(workspace=workspace)
    found = (
        sources.filter(pk=name_or_id).first()
        if isinstance(name_or_id, int)
        else sources.filter(name=name_or_id).first()
    )
    if found is None:
        names = ", ".join(sources.order_by("name").values_list("name", flat=True)) or "none yet"
        raise SourceError(f"no source named {name_or_id!r} in {workspace.name} (sources: {names})")
    return found


def _options_of(kind: str) -> tuple[Option, ...]:
    try:
        return registry.connector_class(kind).options
    except KeyError as exc:
        raise SourceError(str(exc).strip('"')) from None


def split_options(kind: str, values: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Sort ``key=value`` options into plain settings and secrets; refuse unknown keys."""
    options = {o.name: o for o in _options_of(kind)}
    unknown = sorted(set(values) - set(options))
    if unknown:
        raise SourceError(
            f"{kind} has no option {', '.join(unknown)}; its options are: "
            + ", ".join(sorted(options))
        )
    plain: dict[str, Any] = {}
    secret: dict[str, str] = {}
    for key, value in values.items():
        if value in (None, ""):
            continue
        if options[key].secret:
            secret[key] = str(value)
        else:
            plain[key] = value
    return plain, secret


def _validate(kind: str, plain: Mapping[str, Any], secret: Mapping[str, str]) -> None:
    for option in _options_of(kind):
        present = (secret if option.secret else plain).get(option.name)
        if option.required and not present and not option.default:
            raise SourceError(f"{kind} needs --option {option.name}=… ({option.label})")
    for key, value in plain.items():
        if isinstance(value, str) and value.startswith(("http://", "https://", "ws://", "wss://")):
            try:
                check_url(value, allow_private=settings.ALLOW_PRIVATE_URLS)
            except SourceStopped as exc:
                raise SourceError(f"{key}: {exc}") from None


def add_source(
    workspace: Workspace,
    kind: str,
    name: str,
    options: Mapping[str, Any],
    *,
    poll_interval_s: int | None = None,
) -> Source:
    """Create a source. Raises SourceError for an unknown kind, unknown or missing options,
    a private URL (unless allowed), or a name already taken in the workspace."""
    name = name.strip()
    if not name:
        raise SourceError("a source needs a name")
    plain, secret = split_options(kind, options)
    _validate(kind, plain, secret)
    if Source.objects.filter(workspace=workspace, name=name).exists():
        raise SourceError(f"{workspace.name} already has a source named {name!r}")
    source = Source(workspace=workspace, kind=kind, name=name, settings=plain)
    if poll_interval_s is not None:
        if poll_interval_s < 10:
            raise SourceError("the poll interval must be at least 10 seconds")
        source.poll_interval_s = poll_interval_s
    source.set_secrets(secret)
    source.save()
    return source


def update_source(
    source: Source, options: Mapping[str, Any], *, poll_interval_s: int | None = None
) -> Source:
    """Change options; a secret left blank keeps its stored value."""
    plain, secret = split_options(source.kind, options)
    secrets = {**source.get_secrets(), **secret}
    merged = {**source.settings, **plain}
    _validate(source.kind, merged, secrets)
    source.settings = merged
    source.set_secrets(secrets)
    if poll_interval_s is not None:
        source.poll_interval_s = max(10, poll_interval_s)
    source.save()
    return source


def pause_source(source: Source) -> None:
    Source.objects.filter(pk=source.pk).update(paused=True)
    source.paused = True


def resume_source(source: Source) -> None:
    # Resuming clears the backoff: the person who resumed it wants to see it run now.
    Source.objects.filter(pk=source.pk).update(paused=False, next_run_at=None)
    source.paused, source.next_run_at = False, None


def masked_settings(source: Source) -> dict[str, str]:
    """Settings for display, with every secret shown only as being set."""
    shown = {k: str(v) for k, v in source.settings.items()}
    for key in source.get_secrets():
        shown[key] = "•••••• (set)"
    return shown


def streams_enabled(source: Source) -> bool:
    return str(source.settings.get("stream", "")).lower() in TRUE


# --- connectors ------------------------------------------------------------------------------


def build_connector_for(source: Source) -> Connector:
    return registry.build_connector(
        source.kind,
        source.settings,
        source.get_secrets(),
        allow_private=settings.ALLOW_PRIVATE_URLS,
    )


def close_connector(connector: object) -> None:
    close = getattr(connector, "close", None)
    if callable(close):
        close()


def scrub(message: str, source: Source) -> str:
    """Error text as stored and shown: one paragraph, no secret values in it."""
    try:
        secrets = source.get_secrets()
    except Exception:  # noqa: BLE001 - unreadable secrets must not hide the original error
        secrets = {}
    for value in secrets.values():
        if value and len(str(value)) >= 4:
            message = message.replace(str(value), "••••••")
    return message.strip()[:2000] or "unknown error"

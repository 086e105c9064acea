"""`fireside sources add|list|test|pause|resume|kinds`: a thin parser over listen.services."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from fireside.listen import registry, services
from fireside.web.setup import SetupError, resolve_workspace


def _options(pairs: list[str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise CommandError(f"--option takes key=value, not {pair!r}")
        values[key.strip()] = value
    return values


class Command(BaseCommand):
    help = "Add, list, test, pause and resume listening sources."

    def add_arguments(self, parser):
        parser.add_argument("--workspace", default=None, help="workspace slug (default: first)")
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="add a source: fireside sources add KIND --name NAME")
        add.add_argument("kind", help="one of: " + ", ".join(sorted(registry.available())))
        add.add_argument("--name", required=True)
        add.add_argument("--option", action="append", default=[], metavar="KEY=VALUE")
        add.add_argument("--interval", type=int, default=None, help="poll interval in seconds")
        sub.add_parser("list", help="every source with its health")
        test = sub.add_parser("test", help="one fetch, showing what it would ingest")
        test.add_argument("name")
        test.add_argument("--show", type=int, default=10, help="how many items to print")
        for action in ("pause", "resume"):
            one = sub.add_parser(action, help=f"{action} a source")
            one.add_argument("name")
        kinds = sub.add_parser("kinds", help="the kinds of source and their options")
        kinds.add_argument("kind", nargs="?")

    def handle(self, *args, **options):
        action = options["action"]
        if action == "kinds":
            return self.kinds(options["kind"])
        try:
            workspace = resolve_workspace(options["workspace"])
        except SetupError as exc:
            raise CommandError(str(exc)) from None
        try:
            if action == "add":
                source = services.add_source(
                    workspace,
                    options["kind"],
                    options["name"],
                    _options(options["option"]),
                    poll_interval_s=options["interval"],
                )
                self.stdout.write(f"Added {source.name} ({source.kind}) to {workspace.name}.")
                if source.kind == "webhook":
                    self.stdout.write(f"POST to /hooks/{source.token} with X-Fireside-Signature.")
            elif action == "list":
                self.list(workspace)
            elif action == "test":
                self.test(services.get_source(workspace, options["name"]), options["show"])
            elif action == "pause":
                services.pause_source(services.get_source(workspace, options["name"]))
                self.stdout.write(f"Paused {options['name']}.")
            elif action == "resume":
                services.resume_source(services.get_source(workspace, options["name"]))
                self.stdout.write(f"Resumed {options['name']}.")
        except services.SourceError as exc:
            raise CommandError(str(exc)) from None

    def kinds(self, kind: str | None) -> None:
        for name in sorted(registry.available()) if kind is None else [kind]:
            try:
                cls = registry.connector_class(name)
            except KeyError as exc:
                raise CommandError(str(exc).strip('"')) from None
            self.stdout.write(f"{name}: {cls.label}")
            for option in cls.options:
                flags = " (required)" if option.required else ""
                flags += " (secret)" if option.secret else ""
                default = f" [default: {option.default}]" if option.default else ""
                hint = f" — {option.help}" if option.help else ""
                self.stdout.write(f"  {option.name}: {option.label}{flags}{default}{hint}")

    def list(self, workspace) -> None:
        from fireside.listen.models import Source

        sources = Source.objects.filter(workspace=workspace).order_by("name")
        if not sources:
            self.stdout.write("No sources yet: fireside sources add KIND --name NAME")
            return
        for source in sources:
            if source.paused:
                state = "paused"
            elif source.consecutive_failures:
                state = f"failing ({source.consecutive_failures} in a row)"
            elif source.last_success_at:
                state = "healthy"
            else:
                state = "not run yet"
            last = (
                source.last_success_at.isoformat(timespec="seconds")
                if (source.last_success_at)
                else "never"
            )
            self.stdout.write(
                f"{source.name}\t{source.kind}\t{state}\tlast success: {last}"
                f"\tevery {source.poll_interval_s}s"
            )
            if source.last_error:
                self.stdout.write(f"  last error: {source.last_error.splitlines()[0][:200]}")

    def test(self, source, show: int) -> None:
        page, error = services.test_source(source)
        if page is None:
            raise CommandError(f"{source.name}: {error}")
        self.stdout.write(
            f"{source.name} ({source.kind}): {len(page.items)} item(s) would be ingested, "
            f"{len(page.bad)} quarantined{', more pages follow' if page.has_more else ''}."
        )
        for item in page.items[:show]:
            who = item.author.handle if item.author else "unknown"
            text = " ".join(item.text.split())[:100]
            self.stdout.write(f"  {item.created_at:%Y-%m-%d %H:%M} {who}: {text}")
        for bad in page.bad[:show]:
            self.stdout.write(f"  quarantine: {bad.error[:160]}")

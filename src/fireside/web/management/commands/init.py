from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from fireside.inbox.services import ensure_default_policies, ensure_default_views
from fireside.web.models import Role
from fireside.web.setup import SetupError, ensure_account, get_or_create_workspace


class Command(BaseCommand):
    help = (
        "Create the database (run migrations), the first workspace and an owner account. "
        "Never prompts; prints a generated password once. Safe to run twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--workspace", default="My brand", help="workspace name")
        parser.add_argument("--brand-terms", default="", help="comma-separated brand names")
        parser.add_argument("--username", default="admin")
        parser.add_argument("--email", default="")
        parser.add_argument("--password", default=None, help="default: generated and printed")
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_true",
            help="accepted for scripts; init never prompts",
        )

    def handle(self, *args, **options):
        call_command("migrate", interactive=False, verbosity=0)
        terms = [t.strip() for t in options["brand_terms"].split(",") if t.strip()]
        workspace, created = get_or_create_workspace(options["workspace"], brand_terms=terms)
        try:
            account = ensure_account(
                workspace,
                options["username"],
                role=Role.OWNER,
                password=options["password"],
                email=options["email"],
            )
        except SetupError as exc:
            raise CommandError(str(exc)) from None
        ensure_default_policies(workspace)
        ensure_default_views(workspace)
        state = "created" if created else "already exists"
        self.stdout.write(f"Workspace {workspace.name!r} ({workspace.slug}) {state}.")
        if account.password:
            self.stdout.write(
                f"Owner account: {account.user.username}  password: {account.password}\n"
                "Keep this password: it is shown only once."
            )
        else:
            self.stdout.write(f"Owner account {account.user.username!r} is ready.")
        self.stdout.write("Next: fireside serve, then open http://127.0.0.1:8000/")

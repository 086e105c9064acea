from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from fireside.web.models import Role
from fireside.web.setup import SetupError, ensure_account, resolve_workspace


class Command(BaseCommand):
    help = "Add a user to a workspace with a role (owner, admin, agent, analyst)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--workspace", default=None, help="workspace slug (default: first)")
        parser.add_argument("--role", default=Role.AGENT, choices=Role.values)
        parser.add_argument("--email", default="")
        parser.add_argument("--password", default=None, help="default: generated and printed")

    def handle(self, *args, **options):
        try:
            workspace = resolve_workspace(options["workspace"])
            account = ensure_account(
                workspace,
                options["username"],
                role=options["role"],
                password=options["password"],
                email=options["email"],
            )
        except SetupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"{account.user.username} is {account.membership.role} in {workspace.name}."
        )
        if account.password:
            self.stdout.write(f"password: {account.password}")

"""`secpanel token`: API tokens for scripts, by a server administrator.

    secpanel token create USERNAME --name "register sync" [--scope read|write] [--days 90]
    secpanel token list USERNAME
    secpanel token revoke TOKEN_ID

The key is printed once, on its own line (so `KEY=$(secpanel token create …)` works); the
token acts as USERNAME and never for more.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from secpanel.api import services
from secpanel.api.models import ApiToken, TokenScope
from secpanel.api.selectors import tokens_of


class Command(BaseCommand):
    help = "Make, list or revoke a person's API tokens (the key is printed once)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        create = sub.add_parser("create", help="Make a token; prints its key.")
        create.add_argument("username")
        create.add_argument("--name", required=True, help="What it is for.")
        create.add_argument("--scope", choices=TokenScope.values, default=TokenScope.READ)
        create.add_argument("--days", type=int, default=90)
        listing = sub.add_parser("list", help="A person's tokens.")
        listing.add_argument("username")
        revoke = sub.add_parser("revoke", help="Revoke a token at once.")
        revoke.add_argument("token_id", type=int)

    def _user(self, username: str) -> Any:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No account {username!r}.")
        return user

    def handle(self, *args: Any, verb: str, **options: Any) -> None:
        if verb == "create":
            try:
                token, key = services.token_create(
                    actor=None,
                    user=self._user(options["username"]),
                    name=options["name"],
                    scope=options["scope"],
                    days=options["days"],
                )
            except ValidationError as exc:
                raise CommandError("; ".join(exc.messages)) from exc
            self.stderr.write(
                f"Token {token.pk} for {token.user.username} ({token.get_scope_display()}), "
                f"expires {token.expires_at:%Y-%m-%d}. The key, shown once:"
            )
            self.stdout.write(key)
        elif verb == "list":
            for token in tokens_of(self._user(options["username"])):
                state = "active" if token.active else "revoked" if token.revoked_at else "expired"
                self.stdout.write(
                    f"{token.pk}\t{token.prefix}…\t{token.scope}\t{state}\t"
                    f"expires {token.expires_at:%Y-%m-%d}\t{token.name}"
                )
        else:
            found = ApiToken.objects.filter(pk=options["token_id"]).first()
            if found is None:
                raise CommandError(f"No token {options['token_id']}.")
            token = services.token_revoke(actor=None, token=found)
            self.stdout.write(f"Revoked token {token.pk} ({token.prefix}…).")

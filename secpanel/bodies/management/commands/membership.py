"""`secpanel membership add|end USER BODY ROLE --reason "..."`: the server administrator's way
to seat the first secretariat of a body (or remove one), through the same service as the
secretariat's, audited with the reason given."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from secpanel.accounts.models import User
from secpanel.bodies.models import Body, Membership
from secpanel.bodies.services import membership_add, membership_end


class Command(BaseCommand):
    help = "Add or end a membership (who sits on which body, in which role)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("verb", choices=["add", "end"])
        parser.add_argument("username")
        parser.add_argument("body", help="The body's code, e.g. ssc.")
        parser.add_argument("role", help="chair, member, alternate, observer or secretariat.")
        parser.add_argument("--reason", required=True, help="Why (kept in the audit log).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = User.objects.get(username=options["username"])
            body = Body.objects.get(code=options["body"])
        except (User.DoesNotExist, Body.DoesNotExist) as exc:
            raise CommandError(str(exc)) from exc
        today = timezone.localdate()
        try:
            if options["verb"] == "add":
                membership_add(
                    actor=None,
                    user=user,
                    body=body,
                    role=options["role"],
                    start_date=today,
                    reason=options["reason"],
                    bootstrap=True,
                )
            else:
                current = Membership.objects.filter(
                    user=user, body=body, role=options["role"], end_date__isnull=True
                ).first()
                if current is None:
                    raise CommandError("No open membership in that role.")
                membership_end(
                    actor=None,
                    membership=current,
                    end_date=today - datetime.timedelta(days=1),
                    reason=options["reason"],
                    bootstrap=True,
                )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(f"{options['verb']}: {user} · {body.code} · {options['role']}")

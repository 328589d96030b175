"""secpanel report --panel-meeting 68 --edition public,panel --format html,pdf,docx --out DIR

Writes the latest version of the Sub-Committee Report for a Panel meeting (compiling it first
if it does not exist yet), and prints each file with its SHA-256.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from secpanel.core.classification import Classification
from secpanel.reports.compiler import check_edition
from secpanel.reports.models import Edition
from secpanel.reports.selectors import editions_for, version_document
from secpanel.reports.services import RENDERERS


class Command(BaseCommand):
    help = "Compile and write the monthly Panel Sub-Committee Report."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--panel-meeting", type=int, required=True, help="The Panel meeting number, e.g. 68."
        )
        parser.add_argument(
            "--edition", default="public", help="public, panel, or both comma-separated."
        )
        parser.add_argument(
            "--format", default="html,pdf,docx", help="Comma-separated: html, pdf, docx."
        )
        parser.add_argument("--out", default="out", help="Directory to write into.")
        parser.add_argument(
            "--as",
            dest="username",
            default="",
            help="Compile as this account (default: the Panel's secretariat).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from secpanel.meetings.models import Meeting
        from secpanel.reports.models import PanelReport
        from secpanel.reports.services import report_create

        editions = [e.strip() for e in options["edition"].split(",") if e.strip()]
        formats = [f.strip() for f in options["format"].split(",") if f.strip()]
        bad = [e for e in editions if e not in Edition.values]
        if bad:
            raise CommandError(f"--edition: unknown {', '.join(bad)}; use public or panel.")
        bad = [f for f in formats if f not in RENDERERS]
        if bad:
            raise CommandError(f"--format: unknown {', '.join(bad)}; use html, pdf or docx.")
        meeting = Meeting.objects.filter(
            body__kind="panel", number=options["panel_meeting"]
        ).first()
        if meeting is None:
            raise CommandError(
                f"--panel-meeting: there is no Panel meeting {options['panel_meeting']}."
            )
        actor = self._actor(options["username"], meeting.body_id)
        report = PanelReport.objects.visible_to(actor).filter(meeting=meeting).first()
        try:
            if report is None:
                report = report_create(actor=actor, meeting=meeting)
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError(f"Could not compile the report: {exc}") from exc
        allowed = editions_for(actor, report)
        refused = [e for e in editions if e not in allowed]
        if refused:
            raise CommandError(f"{actor} may not receive the {', '.join(refused)} edition.")
        version = report.latest_version()
        out = Path(options["out"])
        out.mkdir(parents=True, exist_ok=True)
        from secpanel.core.leaks import TermIndex, leak_messages
        from secpanel.reports.services import edition_leaks, file_level

        index = TermIndex.load()
        docs = {edition: version_document(version, edition) for edition in editions}
        for edition, doc in docs.items():  # the same checks as issuing, before anything is written
            check_edition(doc)
            audience = Classification.WHITE if edition == Edition.PUBLIC else file_level(doc)
            leaks = edition_leaks(doc, audience, index)
            if leaks:
                raise CommandError(" ".join(f"{m}." for m in leak_messages(leaks)))
        for edition, doc in docs.items():
            for fmt in formats:
                content = RENDERERS[fmt](doc)
                suffix = "" if edition == Edition.PUBLIC else "_PANEL_RED"
                path = out / f"{report.reference}{suffix}.{fmt}"
                path.write_bytes(content)
                digest = hashlib.sha256(content).hexdigest()
                self.stdout.write(f"{path}  sha256={digest}")

    def _actor(self, username: str, panel_id: int) -> Any:
        users = get_user_model().objects.filter(is_active=True)
        if username:
            user = users.filter(username=username).first()
            if user is None:
                raise CommandError(f"--as: no active account '{username}'.")
            return user
        user = (
            users.filter(memberships__body_id=panel_id, memberships__role="secretariat")
            .order_by("pk")
            .first()
        )
        if user is None:
            raise CommandError("The Panel has no secretariat account; pass --as USERNAME.")
        return user

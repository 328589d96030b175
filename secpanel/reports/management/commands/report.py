"""secpanel report --panel-meeting 68 [--item 16] --edition public,panel --format html,pdf,docx
--out DIR [--as USER] [--recompile] [--check] [--issue] [--publish] [--reason TEXT]

Writes the latest version of the Sub-Committee Report for a Panel meeting (compiling it first
if it does not exist yet; `--recompile` compiles a new version from the records), and prints
each file with its SHA-256. `--check` prints what to settle before issuing (readiness) and
exits 1 if anything is left. `--phrases` lists every generated sentence's wording.
`--issue` and `--publish` move the report (`reports.services.report_transition`, as the
`--as` account) instead of writing files: issuing stores both editions' files in the database
in the move's transaction, publishing lowers the public edition to White. A step already
taken is reported and skipped, so running the command again after an interruption completes
the work and never repeats it.

Every step is the service's: compiling, recompiling and the edition checks run as the account
given with `--as` (default: the Panel's secretariat), so a report that account may not read is
answered exactly as one that does not exist.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, cast

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from secpanel.accounts.models import User
from secpanel.core.faults import fault_point
from secpanel.core.paper import default_phrases
from secpanel.core.redreads import red_read_log
from secpanel.meetings.models import Meeting
from secpanel.reports.models import (
    Edition,
    IssuedFile,
    PanelReport,
    ReportConfiguration,
    ReportStatus,
    ReportVersion,
)
from secpanel.reports.readiness import readiness
from secpanel.reports.selectors import editions_for
from secpanel.reports.services import (
    RENDERERS,
    checked_editions,
    report_create,
    report_recompile,
    report_transition,
)

# The statuses at which a move is already done (a second run skips it), and its past tense.
DONE = {
    "issue": (ReportStatus.ISSUED, ReportStatus.PUBLISHED),
    "publish": (ReportStatus.PUBLISHED,),
}
DONE_WORD = {"issue": "issued", "publish": "published"}


def _messages(exc: ValidationError | PermissionDenied) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)


class Command(BaseCommand):
    help = "Compile and write the monthly Panel Sub-Committee Report."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--panel-meeting", type=int, help="The Panel meeting number, e.g. 68.")
        parser.add_argument(
            "--item",
            type=int,
            help="The paper's agenda item number (default: the configuration's, 16 for the SEC).",
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
            help="Act as this account (default: the Panel's secretariat).",
        )
        parser.add_argument(
            "--recompile",
            action="store_true",
            help="Compile a new version of an existing draft from the records first.",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Print what to settle before issuing; exit 1 if anything is left.",
        )
        parser.add_argument(
            "--phrases",
            action="store_true",
            help="List every generated sentence's key and wording (the default configuration's "
            "where it has its own) and exit.",
        )
        parser.add_argument(
            "--issue",
            action="store_true",
            help="Issue the report: render both editions and keep the files, with their "
            "SHA-256, in one transaction (skipped if it is already issued). Writes no files.",
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish the issued report: its public edition becomes White (skipped if it "
            "is already published). With --issue, issues first.",
        )
        parser.add_argument(
            "--reason", default="", help="Why, for the audit log (with --issue or --publish)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["phrases"]:
            self._phrases()
            return
        if options["panel_meeting"] is None:
            raise CommandError("--panel-meeting is required (or --phrases).")
        editions = [e.strip() for e in options["edition"].split(",") if e.strip()]
        formats = [f.strip() for f in options["format"].split(",") if f.strip()]
        bad = [e for e in editions if e not in Edition.values]
        if bad:
            raise CommandError(f"--edition: unknown {', '.join(bad)}; use public or panel.")
        bad = [f for f in formats if f not in RENDERERS]
        if bad:
            raise CommandError(f"--format: unknown {', '.join(bad)}; use html, pdf or docx.")
        number = options["panel_meeting"]
        meeting = Meeting.objects.filter(body__kind="panel", number=number).first()
        if meeting is None:
            raise CommandError(f"--panel-meeting: there is no Panel meeting {number}.")
        actor = self._actor(options["username"], meeting.body_id)
        report = self._report(actor, meeting, options["item"], options["recompile"])
        if options["check"]:
            self._check(actor, report)
            return
        moves = [name for name in ("issue", "publish") if options[name]]
        if moves:
            self._move(actor, report, moves, options["reason"])
            return
        allowed = editions_for(actor, report)
        refused = [e for e in editions if e not in allowed]
        if refused:
            raise CommandError(f"{actor} may not receive the {', '.join(refused)} edition.")
        version = cast("ReportVersion", report.latest_version())  # created with its first one
        try:  # the same checks as issuing, before anything is written
            docs = checked_editions(version, editions)
        except ValidationError as exc:
            raise CommandError(_messages(exc)) from exc
        out = Path(options["out"])
        out.mkdir(parents=True, exist_ok=True)
        for edition, doc in docs.items():
            if edition == Edition.PANEL and not doc.appendix:
                self.stdout.write(
                    f"{report.reference}: no Appendix A this month; the Panel edition would be "
                    "the public edition, so no _PANEL_RED file is written."
                )
                continue
            for fmt in formats:
                content = RENDERERS[fmt](doc)
                suffix = "" if edition == Edition.PUBLIC else "_PANEL_RED"
                path = out / f"{report.reference}{suffix}.{fmt}"
                path.write_bytes(content)
                digest = hashlib.sha256(content).hexdigest()
                self.stdout.write(f"{path}  sha256={digest}")

    def _report(
        self, actor: User, meeting: Meeting, item: int | None, recompile: bool
    ) -> PanelReport:
        reports = PanelReport.objects.visible_to(actor).filter(meeting=meeting)
        if item is not None:
            reports = reports.filter(item_number=item)
        report = reports.order_by("item_number", "pk").first()
        try:
            if report is None:
                # Only the Panel's secretariat may compile; the service says so before it
                # tells anyone whether a (hidden) report exists.
                return report_create(actor=actor, meeting=meeting, item_number=item)
            if recompile:
                report_recompile(actor=actor, report=report, note="Recompiled (command line)")
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError(
                f"Panel meeting {meeting.number}: no report that {actor} can read, and "
                f"none compiled: {_messages(exc)}"
            ) from exc
        return report

    def _move(self, actor: User, report: PanelReport, moves: list[str], reason: str) -> None:
        """Take each step not yet taken, then list the report's files with their SHA-256."""
        for name in moves:
            report.refresh_from_db()
            if report.status in DONE[name]:
                self.stdout.write(
                    f"{report.reference}: already {report.get_status_display().lower()}; "
                    f"nothing to {name}."
                )
                continue
            try:
                report_transition(
                    actor=actor,
                    report=report,
                    name=name,
                    reason=reason or f"{DONE_WORD[name].capitalize()} from the command line",
                )
            except (ValidationError, PermissionDenied) as exc:
                raise CommandError(
                    f"{report.reference}: not {DONE_WORD[name]}: {_messages(exc)}"
                ) from exc
            fault_point(f"report.{name}.after_commit")  # committed; the command not yet done
            self.stdout.write(f"{report.reference}: {DONE_WORD[name]}.")
        with red_read_log("secpanel report"):
            files = IssuedFile.objects.visible_to(actor).filter(report=report)
            for f in files.order_by("edition", "format"):
                level = f.get_classification_display()
                self.stdout.write(f"{f.filename}  {level}  sha256={f.sha256}")

    def _check(self, actor: User, report: PanelReport) -> None:
        concerns = readiness(actor, report)
        if not concerns:
            self.stdout.write(f"{report.reference}: ready.")
            return
        for concern in concerns:
            self.stdout.write(f"- {concern.message}")
        n = len(concerns)
        raise CommandError(
            f"{report.reference}: {n} {'thing' if n == 1 else 'things'} to settle before issuing."
        )

    def _phrases(self) -> None:
        config = ReportConfiguration.objects.filter(is_default=True).first()
        own = {p.key: p for p in config.phrases.all()} if config is not None else {}
        for key, default in default_phrases().items():
            phrase = own.get(key)
            where = config.name if (phrase is not None and config is not None) else "default"
            forms = (
                (phrase.text, phrase.one, phrase.zero)
                if phrase is not None
                else (default.text, default.one, default.zero)
            )
            self.stdout.write(f"{key}  [{where}]")
            for label, text in zip(("", "one: ", "zero: "), forms, strict=True):
                if text:
                    self.stdout.write(f"    {label}{text}")

    def _actor(self, username: str, panel_id: int) -> User:
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

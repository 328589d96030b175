"""secpanel generate [--from 2019-06-01] [--until today | --years Y] [--seed N]
                   [--scale demo|N | --records N]

Writes a deterministic business history after the demo's seed month into the current database
(the demo loaded first: its bodies, people, organisations, modifications and Users are reused)
as the secretariat (`secas`): every body's meetings, agendas, decisions, actions, minutes and
highlights month by month, the registers' records moving through their lifecycles, the
meetings of the two months after `--until` as planned, and the Panel's papers of the last
three months issued and published (`secpanel/generator`). Running it again adds nothing.

`--scale demo` (the default) writes the demo's own density through the services (history and
an audit event for each record); `--scale N` aims at about N records: up to 50,000 through the
services, above that the meetings' business in bulk (`bulk_create`, history rows included,
a sample checked with `full_clean`), for benchmarks. `--records N` is `--scale N`; `--years Y`
ends the history Y years after `--from` instead of at `--until` (a decade from the demo's seed
month reaches past today: its meetings are written as held, as benchmark data).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils import timezone

from secpanel.generator import BULK_ABOVE, Options, generate
from secpanel.generator.calendar import FIRST_MONTH
from secpanel.generator.papers import PaperRefused


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value!r}.") from exc


def _years_after(start: datetime.date, years: int) -> datetime.date:
    """The last day of `years` years of history from `start`."""
    try:
        end = start.replace(year=start.year + years)
    except ValueError:  # 29 February
        end = start.replace(year=start.year + years, day=28)
    return end - datetime.timedelta(days=1)


def _scale(value: str) -> int | None:
    if value == "demo":
        return None
    digits = value.replace(",", "").replace("_", "")
    if not digits.isdigit() or int(digits) < 1:
        raise CommandError(f"--scale: give 'demo' or a number of records, not {value!r}.")
    return int(digits)


class Command(BaseCommand):
    help = "Write a deterministic business history after the demo's seed month."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--from",
            dest="start",
            default=FIRST_MONTH.isoformat(),
            help=f"First day of the history (default and earliest: {FIRST_MONTH.isoformat()}).",
        )
        parser.add_argument(
            "--until",
            default="today",
            help="Last day of the history, as of which meetings are held (default: today); "
            "the two months after it are planned.",
        )
        parser.add_argument(
            "--years",
            type=int,
            default=None,
            help="End the history this many years after --from (instead of --until).",
        )
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        size = parser.add_mutually_exclusive_group()
        size.add_argument(
            "--scale",
            default="demo",
            help=f"'demo' (default) or about N records (bulk above {BULK_ABOVE:,}).",
        )
        size.add_argument("--records", default=None, help="About N records: the same as --scale N.")
        parser.add_argument(
            "--progress",
            choices=("auto", "on", "off"),
            default="auto",
            help="Progress bar on stderr (auto: when stderr is a terminal).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        start = _date(options["start"])
        years = options["years"]
        if years is not None:
            if options["until"] != "today":
                raise CommandError("Give --until or --years, not both.")
            if not 1 <= years <= 50:
                raise CommandError(f"--years: give a number of years from 1 to 50, not {years}.")
            until = _years_after(start, years)
        elif options["until"] == "today":
            until = timezone.localdate()
        else:
            until = _date(options["until"])
        records = options["records"]
        if records is not None and _scale(records) is None:
            raise CommandError(f"--records: give a number of records, not {records!r}.")
        opts = Options(
            start=start,
            until=until,
            seed=options["seed"],
            scale=_scale(records if records is not None else options["scale"]),
        )
        progress = {"auto": None, "on": True, "off": False}[options["progress"]]
        try:
            result = generate(opts, progress=progress)
        except (ValidationError, PaperRefused) as exc:
            messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            raise CommandError(" ".join(messages)) from exc
        where = f"{opts.start:%-d %B %Y} to {opts.until:%-d %B %Y}, seed {opts.seed}"
        if not result.created:
            held = result.counts["meetings already held"]
            self.stdout.write(
                f"Nothing to add ({where}): the history is already there "
                f"({held} meetings already held, "
                f"{result.counts['meetings already scheduled']} already scheduled)."
            )
            return
        self.stdout.write(f"Generated history, {where}:")
        for what, n in sorted(result.counts.items()):
            self.stdout.write(f"  {what}: {n:,}")
        self.stdout.write("Records added:")
        for label, n in sorted(result.created.items()):
            self.stdout.write(f"  {label}: {n:,}")
        if result.bulk:
            self.stdout.write(
                f"Written in bulk: {sum(result.bulk.values()):,} records "
                f"({result.checked:,} checked with full_clean first)."
            )
            if connection.vendor == "postgresql":
                # planner statistics for the rows just written, as autovacuum would gather
                # later (without them it guesses, and search and lists pick slow plans)
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
                self.stdout.write("Planner statistics gathered (ANALYZE).")
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.total:,} records, {result.history_rows:,} history rows and "
                f"{result.audit_events:,} audit events added."
            )
        )

"""`secpanel import FILE --as USER [--dry-run] [--quiet]`: load an exchange file through the
services, all or nothing (docs/import-format.md)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from secpanel.exchange.services import ImportFileError, Outcome, Row, import_document


class Command(BaseCommand):
    help = "Import an exchange file (secpanel export) through the services, all or nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The JSON file written by secpanel export.")
        parser.add_argument(
            "--as",
            dest="username",
            required=True,
            help="The account that records the records (secretariat of their bodies).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report; write nothing."
        )
        parser.add_argument("--quiet", action="store_true", help="No progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}.") from exc
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CommandError(f"{path} is not JSON: {exc}.") from exc
        quiet = options["quiet"] or not sys.stderr.isatty()

        def progress(rows: Iterable[Row]) -> Iterable[Row]:
            rows = list(rows)
            return tqdm(
                rows, total=len(rows), desc="import", unit="row", file=sys.stderr, disable=quiet
            )

        try:
            outcome = import_document(
                document,
                actor_username=options["username"],
                source_name=path.name,
                dry_run=options["dry_run"],
                progress=progress,
            )
        except ImportFileError as exc:
            raise CommandError(str(exc)) from exc
        if not outcome.ok:
            for line in outcome.errors:
                self.stderr.write(line)
            raise CommandError(
                f"{len(outcome.errors)} error(s) in {path.name}: nothing was imported."
            )
        self._summary(outcome)

    def _summary(self, outcome: Outcome) -> None:
        created = sum(outcome.created.values())
        unchanged = sum(outcome.unchanged.values())
        verb = "Would create" if outcome.dry_run else "Created"
        for label, count in sorted(outcome.created.items()):
            self.stdout.write(f"  {count:5d} {label}")
        self.stdout.write(f"{verb} {created}, {unchanged} unchanged (import {outcome.import_id}).")
        skipped = sum(outcome.skipped.values())
        if skipped:
            self.stdout.write(f"Skipped {skipped} export-only rows (Panel reports).")
        if outcome.dry_run:
            self.stdout.write("Dry run: nothing was written.")

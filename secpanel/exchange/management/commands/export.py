"""`secpanel export --out FILE [--as USER] [--csv DIR]`: every record USER may read (default:
the public) as an exchange file (docs/import-format.md), and one CSV per model."""

from __future__ import annotations

import csv
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from secpanel.accounts.models import User
from secpanel.core.redreads import red_read_log
from secpanel.exchange.registry import SPECS
from secpanel.exchange.selectors import export_for


def _write_atomically(path: Path, text: str) -> None:
    """Write beside the target and rename over it: a killed export leaves no half file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class Command(BaseCommand):
    help = "Export every record a user may read (default: the public) as JSON, and CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, help="The JSON file to write.")
        parser.add_argument(
            "--as", dest="username", default=None, help="Export what this account may read."
        )
        parser.add_argument("--csv", dest="csv_dir", default=None, help="Also one CSV per model.")

    def handle(self, *args: Any, **options: Any) -> None:
        reader = None
        if options["username"]:
            reader = User.objects.filter(username=options["username"]).first()
            if reader is None:
                raise CommandError(f"No account {options['username']!r}.")
        who = options["username"] or "the public"
        with red_read_log(f"secpanel export --as {who}"[:300]):
            result = export_for(reader)
        document = result.document()
        out = Path(options["out"])
        _write_atomically(out, json.dumps(document, ensure_ascii=False, indent=1) + "\n")
        if options["csv_dir"]:
            self._write_csv(Path(options["csv_dir"]), result.rows)
        total = sum(document["counts"].values())
        self.stdout.write(f"Exported {total} records readable by {who} to {out}:")
        for label, count in document["counts"].items():
            self.stdout.write(f"  {count:5d} {label}")
        if result.left_out or result.emptied:
            self.stdout.write(
                f"Left out {result.left_out} rows that cannot be without a record {who} may "
                f"not read; emptied {result.emptied} references to such records."
            )

    def _write_csv(self, folder: Path, rows: dict[str, list[dict[str, Any]]]) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        for spec in SPECS:
            path = folder / f"{spec.label}.csv"
            with path.open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(["key", *spec.all_fields])
                for row in rows.get(spec.label, []):
                    writer.writerow(
                        [_cell(row["key"]), *(_cell(row["fields"][n]) for n in spec.all_fields)]
                    )

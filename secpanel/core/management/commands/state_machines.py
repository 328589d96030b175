"""`secpanel state-machines`: write docs/state-machines.md from the registered machines."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from secpanel.core.workflow import document


def default_path() -> Path:
    return Path(settings.BASE_DIR) / "docs" / "state-machines.md"


class Command(BaseCommand):
    help = "Draw every registered state machine (Mermaid) into docs/state-machines.md."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", default="", help="Write here instead (- for stdout).")
        parser.add_argument(
            "--check", action="store_true", help="Exit non-zero if the file is out of date."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        text = document()
        if options["output"] == "-":
            self.stdout.write(text, ending="")
            return
        path = Path(options["output"]) if options["output"] else default_path()
        if options["check"]:
            if not path.exists() or path.read_text() != text:
                raise SystemExit(f"{path} is out of date: run `secpanel state-machines`.")
            return
        path.write_text(text)
        self.stdout.write(f"Wrote {path}")

"""`secpanel search-index --rebuild`: index every classified record again (one transaction).
`secpanel search-index` alone says how many records and index rows there are. The index
follows every write by itself (search.signals); rebuild after restoring a database made
before search existed, or after writing records outside secpanel."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from secpanel.search import services


class Command(BaseCommand):
    help = "Rebuild the full-text search index (--rebuild), or report its size."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--rebuild", action="store_true", help="Empty the index and index every record."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["rebuild"]:
            n = services.rebuild()
            self.stdout.write(f"Indexed {n:,} records.")
            return
        records, rows = services.sizes()
        self.stdout.write(f"{records:,} records, {rows:,} index rows.")

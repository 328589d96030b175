"""secpanel restore DIR [--yes]

Checks the backup at DIR first (every file against the manifest, the vendor, the migrations,
the database file) and refuses a damaged one, naming the file, touching nothing. Then replaces
the configured database and MEDIA_ROOT's content with the backup's. Asks for confirmation on a
terminal; without a terminal it needs --yes.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from secpanel.backups import database, snapshot
from secpanel.backups.manifest import BackupError


class Command(BaseCommand):
    help = (
        "Restore a backup made by `secpanel backup`: replaces the database and MEDIA_ROOT's "
        "content, after checking the whole backup."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("backup", help="The backup directory.")
        parser.add_argument(
            "--yes", action="store_true", help="Do not ask for confirmation (scripts)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        backup = Path(options["backup"])
        try:
            manifest = snapshot.check(backup)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        n = len(manifest.files)
        self.stdout.write(
            f"Backup {backup} is whole: taken {manifest.created_at} by secpanel "
            f"{manifest.secpanel_version}, {n} file{'' if n == 1 else 's'}, "
            f"{manifest.total_bytes:,} bytes."
        )
        self.stdout.write(
            f"Restoring replaces {database.describe()} and everything in MEDIA_ROOT "
            f"({snapshot.media_root()})."
        )
        if not options["yes"]:
            self._confirm()
        try:
            behind = snapshot.restore(backup, manifest, say=self.stdout.write)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Restored {backup}."))
        if behind:
            self.stdout.write(
                "The backup's migrations are behind this code's: run `secpanel migrate` "
                "before serving.\n" + "\n".join(f"  {app}" for app in behind)
            )

    def _confirm(self) -> None:
        if not sys.stdin.isatty():
            raise CommandError(
                "Not restoring: no terminal to confirm on. Pass --yes to restore without asking."
            )
        answer = input("Type 'restore' to go on: ")
        if answer.strip() != "restore":
            raise CommandError("Not restored: nothing was changed.")

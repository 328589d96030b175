"""secpanel backup --out DIR

A consistent backup while the site is serving: the database (SQLite's online backup API, or
pg_dump), MEDIA_ROOT, and a manifest with a SHA-256 per file. Written into a hidden sibling
directory and renamed to DIR when complete; refuses an existing non-empty DIR.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from secpanel.backups import snapshot
from secpanel.backups.manifest import MANIFEST, BackupError


def _size(n: int) -> str:
    return f"{n:,} byte{'' if n == 1 else 's'}"


def _files(n: int) -> str:
    return f"{n:,} file{'' if n == 1 else 's'}"


class Command(BaseCommand):
    help = (
        "Back up the database and MEDIA_ROOT into a new directory, with a SHA-256 manifest. "
        "The backup holds RED records in clear: keep it as the database is kept."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, help="A new (or empty) directory.")

    def handle(self, *args: Any, **options: Any) -> None:
        verbose = options["verbosity"] >= 2
        say = self.stdout.write if verbose else snapshot._quiet
        try:
            written = snapshot.take(Path(options["out"]), say=say)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        manifest = written.manifest
        self.stdout.write(f"Backup written to {written.path} ({manifest.vendor}):")
        db = next(f for f in manifest.files if f.path == manifest.database_file)
        self.stdout.write(f"  {db.path}  {_size(db.size)}  sha256={db.sha256}")
        media = manifest.media_files
        self.stdout.write(f"  media/  {_files(len(media))}, {_size(sum(f.size for f in media))}")
        if verbose:
            for f in media:
                self.stdout.write(f"    {f.path}  {_size(f.size)}  sha256={f.sha256}")
        manifest_size = (written.path / MANIFEST).stat().st_size
        self.stdout.write(f"  {MANIFEST}  {_size(manifest_size)}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{_files(len(manifest.files) + 1)}, {_size(manifest.total_bytes + manifest_size)}."
            )
        )

"""Take a backup, check one, restore one (the `backup` and `restore` commands are thin).

A backup is written into a hidden sibling directory (`.NAME.partial-XXXX`, mode 0700) and
renamed to NAME only when it is complete, manifest last: a backup killed at any moment leaves
no NAME, so nothing that looks like a backup (docs/decisions/0013).

A restore checks everything first (`check`: manifest, every file's size and SHA-256, the
vendor, the migrations, the database file itself) and touches nothing when anything is wrong;
then stages the files beside their targets, swaps MEDIA_ROOT in, and replaces the database in
one step (putting the old MEDIA_ROOT back if the database step fails).

Fault points (`secpanel.core.faults`, for the fault tests): `backup.after_database`,
`backup.after_media`, `backup.before_rename`, `restore.after_staging`, `restore.after_media`.
"""

from __future__ import annotations

import datetime
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from pathlib import Path

from django.conf import settings

from secpanel.backups import database
from secpanel.backups.manifest import (
    DATABASE_FILES,
    MEDIA_DIR,
    BackupError,
    Manifest,
    entries_for,
    fsync_dir,
    fsync_tree,
    verify,
    write_manifest,
)
from secpanel.backups.media import StagedMedia, copy_into
from secpanel.core.faults import fault_point

Say = Callable[[str], None]


def _quiet(_message: str) -> None:
    return None


def secpanel_version() -> str:
    try:
        return package_version("secpanel")
    except PackageNotFoundError:  # pragma: no cover - run from a tree that is not installed
        return "unknown"


def media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _outside_media_root(path: Path) -> None:
    """A backup inside MEDIA_ROOT would copy itself, and a restore would swap it away."""
    if path.resolve().is_relative_to(media_root().resolve()):
        raise BackupError(
            f"{path} is inside MEDIA_ROOT ({media_root()}): use a directory outside it."
        )


@dataclass(frozen=True)
class Written:
    """A backup as written: where, and its manifest (files, sizes)."""

    path: Path
    manifest: Manifest


def take(out: Path, *, say: Say = _quiet) -> Written:
    """Back up the configured database and MEDIA_ROOT into the new directory `out`."""
    out = out.absolute()
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise BackupError(f"{out} exists and is not empty: back up into a new directory.")
    _outside_media_root(out)
    vendor = database.vendor()
    database.refuse_open_transaction()
    out.parent.mkdir(parents=True, exist_ok=True)
    # mkdtemp: mode 0700, so the RED records inside are the server account's alone.
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}.partial-", dir=out.parent))
    try:
        db_file = DATABASE_FILES[vendor]
        say(f"Database: {database.describe()}")
        migrations, server_version = database.dump(work / db_file)
        fault_point("backup.after_database")
        say(f"Media: {media_root()}")
        copy_into(media_root(), work / MEDIA_DIR)
        fault_point("backup.after_media")
        manifest = Manifest(
            created_at=datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            vendor=vendor,
            database_file=db_file,
            migrations=migrations,
            secpanel_version=secpanel_version(),
            server_version=server_version,
            files=entries_for(work),
        )
        write_manifest(work, manifest)
        fsync_tree(work)
        fault_point("backup.before_rename")
        try:
            os.rename(work, out)  # onto a missing or empty directory: atomic
        except OSError as exc:
            raise BackupError(f"{out}: could not put the backup in place ({exc}).") from exc
        fsync_dir(out.parent)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return Written(path=out, manifest=manifest)


def check(backup: Path) -> Manifest:
    """Everything a restore needs to be true, checked before anything is touched."""
    backup = backup.absolute()
    _outside_media_root(backup)
    manifest = verify(backup, database.vendor())
    unknown, _behind = database.migration_gaps(manifest.migrations)
    if unknown:
        raise BackupError(
            f"{backup}: made by a newer secpanel ({manifest.secpanel_version}): this code does "
            f"not know the migrations {', '.join(unknown)}. Restore it with that version."
        )
    database.check_file(backup / manifest.database_file)
    return manifest


def restore(backup: Path, manifest: Manifest, *, say: Say = _quiet) -> list[str]:
    """Replace the configured database and MEDIA_ROOT's content with the backup's (checked
    with `check` first). Returns the apps whose migrations are behind this code's."""
    backup = backup.absolute()
    database.refuse_open_transaction()
    entry = next(f for f in manifest.files if f.path == manifest.database_file)
    staged_db = database.StagedDatabase(backup / manifest.database_file, entry)
    try:
        staged_media = StagedMedia.stage(backup, manifest, media_root())
    except BaseException:
        staged_db.discard()
        raise
    try:
        fault_point("restore.after_staging")
        staged_media.swap()
        n = len(manifest.media_files)
        say(f"Media: {n} file{'' if n == 1 else 's'} into {staged_media.media_root}")
        fault_point("restore.after_media")
        try:
            staged_db.apply()
        except BaseException as exc:
            staged_media.undo()
            if isinstance(exc, BackupError):
                raise BackupError(
                    f"{exc}\nNothing restored: the database is as it was (one transaction) and "
                    "MEDIA_ROOT's content was put back."
                ) from exc
            raise
        say(f"Database: {database.describe()} replaced")
    finally:
        staged_db.discard()
        staged_media.discard()
    return database.migration_gaps(manifest.migrations)[1]

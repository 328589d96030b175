"""The files half of a backup: MEDIA_ROOT (uploaded paper versions) copied into the backup's
`media/`, and put back in place of MEDIA_ROOT's content on restore.

Issued paper files are not here: their bytes are a database column (`IssuedFile.content`), so
they travel with the database snapshot.

Backup copies MEDIA_ROOT *after* the database snapshot: uploads only ever add files, and a
file is written before the row naming it commits, so every file the snapshot names is already
there when the copy starts (a file uploaded meanwhile is copied or not; no row names it).

Restore copies the backup's files (their SHA-256 checked again) into a staging directory beside
MEDIA_ROOT, then swaps directories with two renames on one file system; the old content is
kept until the database is restored, and put back if that fails.
"""

from __future__ import annotations

import os
import secrets
import shutil
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from secpanel.backups.manifest import (
    MEDIA_DIR,
    BackupError,
    Manifest,
    copy_checked,
    fsync_dir,
    fsync_tree,
)


def copy_into(media_root: Path, target: Path) -> tuple[int, int]:
    """Copy every regular file under `media_root` to `target` (created, even when MEDIA_ROOT
    does not exist); return (files, bytes). A symbolic link or special file is refused: a
    backup holds what MEDIA_ROOT holds, never what a link points at."""
    target.mkdir(parents=True, exist_ok=True)
    files = size = 0
    if not media_root.exists():
        return files, size
    for dirpath, dirnames, filenames in os.walk(media_root, followlinks=False):
        base = Path(dirpath)
        dirnames.sort()
        for name in sorted(filenames) + [d for d in dirnames if (base / d).is_symlink()]:
            source = base / name
            mode = source.lstat().st_mode
            if not stat.S_ISREG(mode):
                raise BackupError(
                    f"{source}: not a regular file (a link or special file in MEDIA_ROOT); "
                    "move it out of MEDIA_ROOT and back up again."
                )
            copied = copy_checked(source, target / source.relative_to(media_root))
            files += 1
            size += copied.size
    return files, size


@dataclass
class StagedMedia:
    """The backup's media, copied beside MEDIA_ROOT and ready to swap in."""

    media_root: Path
    staged: Path
    old: Path | None = None

    @classmethod
    def stage(cls, backup: Path, manifest: Manifest, media_root: Path) -> StagedMedia:
        media_root = media_root.resolve()
        media_root.parent.mkdir(parents=True, exist_ok=True)
        staged = Path(
            tempfile.mkdtemp(prefix=f".{media_root.name}.restore-", dir=media_root.parent)
        )
        try:
            mode = stat.S_IMODE(media_root.stat().st_mode) if media_root.is_dir() else 0o755
            staged.chmod(mode)
            for entry in manifest.media_files:
                relative = Path(entry.path).relative_to(MEDIA_DIR)
                copy_checked(backup / entry.path, staged / relative, entry)
            fsync_tree(staged)
        except BaseException:
            shutil.rmtree(staged, ignore_errors=True)
            raise
        return cls(media_root=media_root, staged=staged)

    def swap(self) -> None:
        """MEDIA_ROOT becomes the backup's files; the old content is kept aside."""
        if self.media_root.exists() or self.media_root.is_symlink():
            parent, name = self.media_root.parent, self.media_root.name
            self.old = parent / f".{name}.old-{secrets.token_hex(4)}"
            os.rename(self.media_root, self.old)
        os.rename(self.staged, self.media_root)
        fsync_dir(self.media_root.parent)

    def undo(self) -> None:
        """Put the old content back (the database restore failed)."""
        if self.old is None:
            shutil.rmtree(self.media_root, ignore_errors=True)
            return
        shutil.rmtree(self.media_root, ignore_errors=True)
        os.rename(self.old, self.media_root)
        self.old = None

    def discard(self) -> None:
        """Drop what is no longer needed: the staged copy (if not swapped in), the old content."""
        if self.staged.exists():
            shutil.rmtree(self.staged, ignore_errors=True)
        if self.old is not None:
            shutil.rmtree(self.old, ignore_errors=True)
            self.old = None

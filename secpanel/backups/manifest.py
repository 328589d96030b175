"""A backup's manifest: what it holds, and the check that it is whole before anything is restored.

A backup is a directory:

    database.sqlite3 | database.pgdump   the database (SQLite file / pg_dump custom archive)
    media/...                            MEDIA_ROOT as it was (uploaded paper versions)
    manifest.json                        written last: format, when, vendor, migrations,
                                         secpanel's version, and a size and SHA-256 per file

`verify(root, vendor)` reads the manifest and checks every file against it (present, a regular
file, its size, its SHA-256), that nothing unlisted sits where a restore would read it, and
that the vendor is the configured database's. It raises `BackupError` naming every problem,
and touches nothing. The SHA-256 tells damage (a flipped byte, a truncated copy, a lost file),
not forgery: whoever can write the backup can write a matching manifest.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath

FORMAT = "secpanel-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA_DIR = "media"
#: The database file of a backup, by Django's vendor name.
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup that cannot be taken, or a backup that will not be restored: the message says
    why, naming the file."""


@dataclass(frozen=True)
class FileEntry:
    """One file of a backup: its path inside the backup (POSIX, relative), size and SHA-256."""

    path: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    """What a backup holds (manifest.json)."""

    created_at: str
    vendor: str
    database_file: str
    migrations: dict[str, str]
    secpanel_version: str
    files: tuple[FileEntry, ...]
    format: str = FORMAT
    format_version: int = FORMAT_VERSION
    server_version: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def total_bytes(self) -> int:
        return sum(f.size for f in self.files)

    @property
    def media_files(self) -> tuple[FileEntry, ...]:
        return tuple(f for f in self.files if f.path.startswith(f"{MEDIA_DIR}/"))

    def to_json(self) -> str:
        data = asdict(self)
        data["files"] = [asdict(f) for f in self.files]
        return json.dumps(data, indent=2, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        """Parse manifest.json; BackupError when it is not a secpanel backup manifest this
        version can read."""
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise BackupError(f"{MANIFEST}: not valid JSON ({exc}).") from exc
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise BackupError(f"{MANIFEST}: not a secpanel backup manifest.")
        version = data.get("format_version")
        if version != FORMAT_VERSION:
            raise BackupError(
                f"{MANIFEST}: backup format version {version!r}; this secpanel reads version "
                f"{FORMAT_VERSION} only."
            )
        try:
            files = tuple(
                FileEntry(path=str(f["path"]), size=int(f["size"]), sha256=str(f["sha256"]))
                for f in data["files"]
            )
            return cls(
                created_at=str(data["created_at"]),
                vendor=str(data["vendor"]),
                database_file=str(data["database_file"]),
                migrations={str(k): str(v) for k, v in dict(data["migrations"]).items()},
                secpanel_version=str(data["secpanel_version"]),
                files=files,
                server_version=str(data.get("server_version", "")),
                notes=[str(n) for n in data.get("notes", [])],
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise BackupError(f"{MANIFEST}: incomplete or malformed ({exc!r}).") from exc


def sha256_of(path: Path) -> tuple[int, str]:
    """The size and SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def copy_checked(source: Path, target: Path, entry: FileEntry | None = None) -> FileEntry:
    """Copy a file, hashing what is copied; with `entry`, refuse (BackupError) a copy whose
    size or SHA-256 is not the manifest's. The copy is flushed to disk."""
    digest = hashlib.sha256()
    size = 0
    target.parent.mkdir(parents=True, exist_ok=True)
    with source.open("rb") as src, target.open("wb") as dst:
        while chunk := src.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            dst.write(chunk)
        dst.flush()
        os.fsync(dst.fileno())
    copied = FileEntry(
        path=entry.path if entry else target.name, size=size, sha256=digest.hexdigest()
    )
    if entry is not None and (copied.size, copied.sha256) != (entry.size, entry.sha256):
        raise BackupError(f"{entry.path}: changed while it was being copied; nothing restored.")
    return copied


def entries_for(root: Path) -> tuple[FileEntry, ...]:
    """Every file under `root` (but the manifest), with size and SHA-256, in path order."""
    entries = []
    for path in sorted(_files_under(root)):
        if path == MANIFEST:
            continue
        size, digest = sha256_of(root / path)
        entries.append(FileEntry(path=path, size=size, sha256=digest))
    return tuple(entries)


def _files_under(root: Path) -> Iterable[str]:
    """Relative POSIX paths of everything under `root` that is not a directory (symbolic links
    included, as themselves: never followed)."""
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        base = Path(dirpath)
        for name in filenames + [d for d in dirnames if (base / d).is_symlink()]:
            yield (base / name).relative_to(root).as_posix()


def _safe(path: str, database_file: str) -> bool:
    """Is `path` a place a restore reads from: the database file or a plain path under media/?"""
    pure = PurePosixPath(path)
    if pure.is_absolute() or any(part in ("", ".", "..") for part in path.split("/")):
        return False
    return path == database_file or (pure.parts[0] == MEDIA_DIR and len(pure.parts) > 1)


def _matters(path: str) -> bool:
    """Would a file at `path` be read by a restore (or be taken for part of the backup)?"""
    return path.startswith(f"{MEDIA_DIR}/") or path.startswith("database.")


def read_manifest(root: Path) -> Manifest:
    if not root.is_dir():
        raise BackupError(f"{root}: no such backup directory.")
    path = root / MANIFEST
    if not path.is_file() or path.is_symlink():
        raise BackupError(
            f"{root}: no {MANIFEST}, so not a complete backup (a backup stopped before it "
            "finished, or not a backup at all). Nothing restored."
        )
    return Manifest.from_json(path.read_text(encoding="utf-8"))


def verify(root: Path, vendor: str) -> Manifest:
    """Check the backup at `root` against its manifest and the configured database's vendor;
    BackupError naming every problem found. Reads only."""
    manifest = read_manifest(root)
    if manifest.vendor != vendor:
        raise BackupError(
            f"{root}: a backup of a {manifest.vendor} database; the configured database is "
            f"{vendor}. Nothing restored."
        )
    expected = DATABASE_FILES.get(vendor)
    if manifest.database_file != expected:
        raise BackupError(
            f"{MANIFEST}: database file {manifest.database_file!r}, not {expected!r}."
        )
    problems: list[str] = []
    listed = {f.path: f for f in manifest.files}
    if len(listed) != len(manifest.files):
        problems.append(f"{MANIFEST}: lists a file twice")
    if manifest.database_file not in listed:
        problems.append(f"{manifest.database_file}: not in {MANIFEST}")
    for entry in manifest.files:
        if not _safe(entry.path, manifest.database_file):
            problems.append(f"{entry.path}: not a path a backup holds")
            continue
        path = root / entry.path
        if path.is_symlink() or not path.exists():
            problems.append(f"{entry.path}: missing")
            continue
        if not path.is_file():
            problems.append(f"{entry.path}: not a regular file")
            continue
        size = path.stat().st_size
        if size != entry.size:
            problems.append(f"{entry.path}: {size} bytes, the manifest says {entry.size}")
            continue
        if sha256_of(path)[1] != entry.sha256:
            problems.append(f"{entry.path}: SHA-256 differs from the manifest (damaged or changed)")
    for extra in sorted(_files_under(root)):
        if extra != MANIFEST and extra not in listed and _matters(extra):
            problems.append(f"{extra}: not in {MANIFEST}")
    if problems:
        raise BackupError(
            f"{root} is not a whole backup; nothing restored:\n"
            + "\n".join(f"  - {p}" for p in problems)
        )
    return manifest


def write_manifest(root: Path, manifest: Manifest) -> None:
    """Write manifest.json (last of all: a backup without it is not a backup) and flush it."""
    path = root / MANIFEST
    with path.open("w", encoding="utf-8") as fh:
        fh.write(manifest.to_json())
        fh.flush()
        os.fsync(fh.fileno())


def fsync_tree(root: Path) -> None:
    """Flush every directory under `root` (the files are flushed as they are written), so a
    renamed backup survives a power cut with its entries."""
    for dirpath, _dirnames, _filenames in os.walk(root, topdown=False):
        fsync_dir(Path(dirpath))


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)

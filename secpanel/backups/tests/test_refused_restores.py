"""A damaged backup is refused, naming the file, and the live database and MEDIA_ROOT are left
exactly as they were (real `secpanel restore` processes)."""

from __future__ import annotations

import json
import shutil
import signal

import pytest

from secpanel.backups.manifest import sha256_of


def _database_file(backup):
    return json.loads((backup / "manifest.json").read_text())["database_file"]


def _media_file(backup):
    return next(p for p in sorted((backup / "media").rglob("*")) if p.is_file())


def flip_a_media_byte(backup):
    path = _media_file(backup)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    return path.relative_to(backup).as_posix(), "SHA-256 differs from the manifest"


def truncate_the_database(backup):
    path = backup / _database_file(backup)
    size = path.stat().st_size
    with path.open("r+b") as fh:
        fh.truncate(size // 2)
    return path.name, f"{size // 2} bytes, the manifest says {size}"


def drop_a_manifest_entry(backup):
    media = _media_file(backup).relative_to(backup).as_posix()
    manifest = json.loads((backup / "manifest.json").read_text())
    manifest["files"] = [f for f in manifest["files"] if f["path"] != media]
    (backup / "manifest.json").write_text(json.dumps(manifest))
    return media, "not in manifest.json"


def truncate_the_database_and_its_manifest_entry(backup):
    """A damaged database with a manifest rewritten to match it: the database's own check
    (SQLite's integrity check; pg_restore's, inside its single transaction) still refuses."""
    name = _database_file(backup)
    path = backup / name
    with path.open("r+b") as fh:
        fh.truncate(path.stat().st_size // 2)
    size, digest = sha256_of(path)
    manifest = json.loads((backup / "manifest.json").read_text())
    for entry in manifest["files"]:
        if entry["path"] == name:
            entry.update(size=size, sha256=digest)
    (backup / "manifest.json").write_text(json.dumps(manifest))
    return name, ""


@pytest.mark.parametrize(
    "damage",
    [
        flip_a_media_byte,
        truncate_the_database,
        drop_a_manifest_entry,
        truncate_the_database_and_its_manifest_entry,
    ],
)
def test_a_damaged_backup_is_refused_and_nothing_is_touched(damage, backup, restored, tmp_path):
    damaged = tmp_path / "damaged"
    shutil.copytree(backup, damaged)
    named, why = damage(damaged)
    before = restored.state()

    done = restored.run("restore", str(damaged), "--yes", check=False)

    assert done.returncode == 1
    assert named in done.stderr
    assert why in done.stderr
    assert "Restored" not in done.stdout
    assert restored.state() == before
    assert restored.leftovers() == []


def test_restore_without_a_terminal_asks_for_yes_and_touches_nothing(backup, restored):
    before = restored.state()
    done = restored.run("restore", str(backup), check=False)
    assert done.returncode == 1
    assert "Pass --yes" in done.stderr
    assert restored.state() == before


def test_a_backup_of_another_vendor_is_refused(backup, restored, tmp_path):
    other = tmp_path / "other"
    shutil.copytree(backup, other)
    manifest = json.loads((other / "manifest.json").read_text())
    manifest["vendor"] = "postgresql" if restored.vendor == "sqlite" else "sqlite"
    (other / "manifest.json").write_text(json.dumps(manifest))
    before = restored.state()
    done = restored.run("restore", str(other), "--yes", check=False)
    assert done.returncode == 1
    assert f"the configured database is {restored.vendor}" in done.stderr
    assert restored.state() == before


def test_a_restore_killed_before_it_swaps_anything_leaves_the_target_as_it_was(backup, restored):
    before = restored.state()
    done = restored.run("restore", str(backup), "--yes", fault="restore.after_staging", check=False)
    assert done.returncode == -signal.SIGKILL
    assert restored.state() == before
    # What it had staged (RED data) is left beside the target, named as a restore's.
    assert restored.leftovers() != []
    for name in restored.leftovers():
        path = restored.root / name
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    # and the next restore goes through.
    restored.run("restore", str(backup), "--yes")
    assert restored.tables() == before["tables"]

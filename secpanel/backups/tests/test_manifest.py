"""The manifest check on its own (in process): every way a backup can be incomplete is named."""

from __future__ import annotations

import json

import pytest

from secpanel.backups.manifest import BackupError, Manifest, entries_for, verify, write_manifest


def make_backup(root):
    root.mkdir()
    (root / "database.sqlite3").write_bytes(b"db" * 100)
    (root / "media" / "papers").mkdir(parents=True)
    (root / "media" / "papers" / "a.pdf").write_bytes(b"a")
    (root / "media" / "papers" / "b.pdf").write_bytes(b"bb")
    write_manifest(
        root,
        Manifest(
            created_at="2019-05-10T09:00:00+00:00",
            vendor="sqlite",
            database_file="database.sqlite3",
            migrations={"reports": "0001_initial"},
            secpanel_version="0.1.0",
            files=entries_for(root),
        ),
    )
    return root


def edit_manifest(root, change):
    data = json.loads((root / "manifest.json").read_text())
    change(data)
    (root / "manifest.json").write_text(json.dumps(data))


def test_a_whole_backup_verifies(tmp_path):
    manifest = verify(make_backup(tmp_path / "b"), "sqlite")
    assert [f.path for f in manifest.files] == [
        "database.sqlite3",
        "media/papers/a.pdf",
        "media/papers/b.pdf",
    ]
    assert manifest.total_bytes == 203


def test_extra_top_level_files_that_a_restore_does_not_read_are_ignored(tmp_path):
    root = make_backup(tmp_path / "b")
    (root / "README.txt").write_text("Backup of May")
    verify(root, "sqlite")


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda r: (r / "media/papers/a.pdf").unlink(), "media/papers/a.pdf: missing"),
        (lambda r: (r / "media/papers/b.pdf").write_bytes(b"cc"), "media/papers/b.pdf: SHA-256"),
        (lambda r: (r / "media/papers/b.pdf").write_bytes(b"b"), "1 bytes, the manifest says 2"),
        (lambda r: (r / "media/papers/c.pdf").write_bytes(b"c"), "media/papers/c.pdf: not in"),
        (lambda r: (r / "database.sqlite3-wal").write_bytes(b"w"), "database.sqlite3-wal: not in"),
        (lambda r: (r / "manifest.json").unlink(), "no manifest.json"),
        (lambda r: (r / "manifest.json").write_text("{"), "manifest.json: not valid JSON"),
        (
            lambda r: edit_manifest(r, lambda d: d.update(format_version=2)),
            "format version 2",
        ),
        (
            lambda r: edit_manifest(r, lambda d: d.update(vendor="postgresql")),
            "a backup of a postgresql database; the configured database is sqlite",
        ),
        (
            lambda r: edit_manifest(r, lambda d: d["files"].pop(0)),
            "database.sqlite3: not in manifest.json",
        ),
        (
            lambda r: edit_manifest(r, lambda d: d["files"][1].update(path="media/../../etc/x")),
            "media/../../etc/x: not a path a backup holds",
        ),
        (lambda r: edit_manifest(r, lambda d: d.pop("files")), "incomplete or malformed"),
    ],
)
def test_an_incomplete_backup_is_refused_naming_what_is_wrong(damage, message, tmp_path):
    root = make_backup(tmp_path / "b")
    damage(root)
    with pytest.raises(BackupError) as refused:
        verify(root, "sqlite")
    assert message in str(refused.value)


def test_a_symbolic_link_in_place_of_a_file_is_refused(tmp_path):
    root = make_backup(tmp_path / "b")
    outside = tmp_path / "outside.pdf"
    outside.write_bytes(b"a")
    (root / "media/papers/a.pdf").unlink()
    (root / "media/papers/a.pdf").symlink_to(outside)
    with pytest.raises(BackupError, match=r"media/papers/a\.pdf: missing"):
        verify(root, "sqlite")

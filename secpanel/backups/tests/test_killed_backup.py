"""A backup killed with SIGKILL at any point leaves nothing at its directory that looks like a
backup, and the source as it was (`secpanel.core.faults`, real processes)."""

from __future__ import annotations

import signal

import pytest


@pytest.mark.parametrize(
    "point", ["backup.after_database", "backup.after_media", "backup.before_rename"]
)
def test_a_killed_backup_leaves_no_backup_and_the_source_as_it_was(
    point, source, restored, tmp_path
):
    out = tmp_path / "backup"
    before = source.state()

    done = source.run("backup", "--out", str(out), fault=point, check=False)

    assert done.returncode == -signal.SIGKILL
    assert not out.exists()
    assert source.state() == before
    # What it wrote is in a hidden sibling, named as a partial backup.
    partial = [p for p in tmp_path.iterdir() if p.name.startswith(".backup.partial-")]
    assert len(partial) == 1
    if point != "backup.before_rename":  # killed before its manifest was written
        refused = restored.run("restore", str(partial[0]), "--yes", check=False)
        assert refused.returncode == 1
        assert "no manifest.json, so not a complete backup" in refused.stderr


def test_a_backup_refuses_a_directory_that_is_not_empty(source, tmp_path):
    out = tmp_path / "backup"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    done = source.run("backup", "--out", str(out), check=False)
    assert done.returncode == 1
    assert "exists and is not empty" in done.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["backup"]
    assert [p.name for p in out.iterdir()] == ["notes.txt"]

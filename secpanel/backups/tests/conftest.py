"""Installations for the backup tests, built once per run and vendor: a source with the demo
(its report issued and published, a paper version uploaded), a backup of it, and a target
restored from that backup, on the suite's own database: SQLite files when the suite runs on
SQLite, scratch databases on its server (dropped afterwards) when it runs on PostgreSQL. CI
runs the suite on both (.ci/run), so each vendor's backups are tested once per CI run, not the
embedded one twice (decisions/0020)."""

from __future__ import annotations

import os

import pytest

from bench import load
from secpanel.backups.tests.instance import CONFIGURED_VENDOR, PREPARE, Instance


@pytest.fixture(scope="session", params=[CONFIGURED_VENDOR])
def vendor(request) -> str:
    return request.param


@pytest.fixture(scope="session")
def source(vendor, tmp_path_factory):
    """A copy of the demo (`secpanel migrate` + `secpanel demo-data`, built once per process by
    bench/load.py), with the May 2019 report issued and published and a paper uploaded."""
    server = os.environ.get("DATABASE_URL") if vendor == "postgresql" else None
    db = load.scratch_copy(load.demo_template(server), "backup_src")
    root = tmp_path_factory.mktemp(f"source-{vendor}")
    instance = Instance(vendor, root, db.url, pg_name=db.name if db.postgres else "")
    try:
        instance.python(PREPARE)
        yield instance
    finally:
        db.drop()


@pytest.fixture(scope="session")
def backup(source, tmp_path_factory):
    """A backup of the source (the server not running)."""
    out = tmp_path_factory.mktemp(f"backups-{source.vendor}") / "good"
    source.run("backup", "--out", str(out))
    return out


@pytest.fixture(scope="session")
def restored(vendor, backup, tmp_path_factory):
    """An installation restored from `backup`: the live target that refused restores must
    leave alone."""
    instance = Instance.new(vendor, tmp_path_factory.mktemp(f"restored-{vendor}"), "tgt")
    try:
        instance.run("restore", str(backup), "--yes")
        yield instance
    finally:
        instance.drop()


@pytest.fixture
def target(vendor, tmp_path):
    """A fresh, empty installation (no database file, or an empty scratch database)."""
    instance = Instance.new(vendor, tmp_path / "target", "tgt")
    try:
        yield instance
    finally:
        instance.drop()

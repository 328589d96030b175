"""Real processes, a scratch database: the demo exported, imported into an empty migrated
database and exported again gives the same records; a bad row imports nothing; SIGKILL in the
middle of an import leaves the database as it was, and a re-run then completes.

The scratch databases are SQLite files, or PostgreSQL databases beside the test database
when the suite runs on PostgreSQL (`DATABASE_URL=postgres://...`). The empty database and
the demo are bench/load.py's templates, built once per test process, copied for each use.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bench import load
from secpanel.core.faults import ENV as FAULT_ENV
from secpanel.exchange.services import FAULT_AFTER_ROWS

SECPANEL = [sys.executable, "-m", "secpanel.cli"]
EXPORT_ONLY = ("reports.",)


class Scratch:
    """Scratch databases for real `secpanel` processes: copies of bench/load.py's templates (a
    migrated empty database and the demo, built once per test process), SQLite files or
    PostgreSQL databases on the suite's server."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.demo_file = folder / "demo.json"
        server = os.environ.get("DATABASE_URL")
        self.templates = {
            "empty": load.migrated_template(server),
            "demo": load.demo_template(server),
        }
        self.databases: dict[str, load.Database] = {}
        self.postgres = self.templates["empty"].postgres

    def url(self, name: str) -> str:
        return self.databases[name].url

    def copy(self, template: str, target: str) -> None:
        """`target`: a new copy of the template `template` ("empty" or "demo")."""
        if target in self.databases:
            self.databases.pop(target).drop()
        self.databases[target] = load.scratch_copy(self.templates[template], target)

    def drop_all(self) -> None:
        while self.databases:
            self.databases.popitem()[1].drop()

    def counts(self, name: str) -> dict[str, int]:
        """Rows per table (every table of the database)."""
        if self.postgres:
            import psycopg

            with psycopg.connect(self.url(name)) as conn:
                tables = [
                    r[0]
                    for r in conn.execute(
                        "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                    )
                ]
                return {
                    t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables
                }
        lite = sqlite3.connect(self.databases[name].path)
        try:
            tables = [
                r[0]
                for r in lite.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' "
                    "AND name NOT LIKE 'sqlite_%'"
                )
            ]
            return {t: lite.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
        finally:
            lite.close()

    def run(self, name: str, *args: str, fault: str = "") -> subprocess.CompletedProcess[str]:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "secpanel.config.settings.test",
            "DATABASE_URL": self.url(name),
            "SECPANEL_VAR_DIR": str(self.folder / "var"),
        }
        env.pop(FAULT_ENV, None)
        if fault:
            env[FAULT_ENV] = fault
        return subprocess.run(
            [*SECPANEL, *args], env=env, capture_output=True, text=True, timeout=300
        )


def _ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    """The demo exported as `secas` (the secretariat of every body: the account that may read
    everything), and copies of an empty migrated database to import it into."""
    box = Scratch(tmp_path_factory.mktemp("exchange"))
    box.copy("demo", "demo")
    _ok(box.run("demo", "export", "--out", str(box.demo_file), "--as", "secas"))
    yield box
    box.drop_all()


def _records(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["records"]


def test_export_import_into_an_empty_database_and_export_again_gives_the_same_records(scratch):
    scratch.copy("empty", "target")
    out = _ok(scratch.run("target", "import", str(scratch.demo_file), "--as", "secas"))
    first = _records(scratch.demo_file)
    loadable = [r for r in first if not r["model"].startswith(EXPORT_ONLY)]
    assert f"Created {len(loadable)}, 0 unchanged" in out
    again = scratch.folder / "again.json"
    _ok(scratch.run("target", "export", "--out", str(again), "--as", "secas"))
    second = _records(again)
    assert len(loadable) > 400
    assert second == loadable
    # the Panel report is compiled, not loaded: export only, and said so
    assert "Skipped 2 export-only rows" in out


def test_a_file_with_one_bad_row_imports_nothing_and_names_the_row(scratch):
    records = _records(scratch.demo_file)
    number, row = next(
        (n, r)
        for n, r in enumerate(records, start=1)
        if r["model"] == "modifications.modification" and r["key"] == {"reference": "SECMP0024"}
    )
    row["fields"]["classification"] = "PURPLE"
    bad = scratch.folder / "bad.json"
    doc = json.loads(scratch.demo_file.read_text(encoding="utf-8"))
    doc["records"] = records
    bad.write_text(json.dumps(doc), encoding="utf-8")
    scratch.copy("empty", "bad")
    before = scratch.counts("bad")
    result = scratch.run("bad", "import", str(bad), "--as", "secas")
    assert result.returncode == 1
    assert f"row {number} (modifications.modification SECMP0024): classification: " in (
        result.stderr
    )
    assert "nothing was imported" in result.stderr
    assert scratch.counts("bad") == before


def test_sigkill_during_an_import_leaves_the_database_as_it_was_and_a_rerun_completes(scratch):
    scratch.copy("empty", "killed")
    before = scratch.counts("killed")
    killed = scratch.run(
        "killed", "import", str(scratch.demo_file), "--as", "secas", fault=FAULT_AFTER_ROWS
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-3000:]
    assert "Created" not in killed.stdout
    assert scratch.counts("killed") == before
    out = _ok(scratch.run("killed", "import", str(scratch.demo_file), "--as", "secas"))
    assert ", 0 unchanged" in out
    after = scratch.counts("killed")
    assert after["modifications_modification"] == 22
    assert after["core_auditevent"] > before["core_auditevent"]

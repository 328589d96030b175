"""`make bench --readme` (bench/run.py `write_readme`): the databases measured replace their own
figures in the README, the others' stay, and the rest of the README is untouched; the import
measure's figures are read from the commands' own summaries and make one row of the table."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _run_module():
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        return importlib.import_module("run")
    finally:
        sys.path.remove(str(ROOT / "bench"))


def test_a_run_on_one_database_replaces_its_figures_and_keeps_the_others(tmp_path, monkeypatch):
    run = _run_module()
    readme = tmp_path / "README.md"
    readme.write_text(
        "# before\n<!-- BENCH:START -->\n**SQLite**, old sqlite\n\n| s |\n\n"
        "**PostgreSQL**, old postgres\n\n| p |\n<!-- BENCH:END -->\n# after\n"
    )
    monkeypatch.setattr(run, "README", readme)
    run.write_readme(["**PostgreSQL**, new postgres\n\n| p2 |"])
    assert readme.read_text() == (
        "# before\n<!-- BENCH:START -->\n**SQLite**, old sqlite\n\n| s |\n\n"
        "**PostgreSQL**, new postgres\n\n| p2 |\n<!-- BENCH:END -->\n# after\n"
    )
    run.write_readme(["**SQLite**, new sqlite\n\n| s2 |", "**MariaDB**, new\n\n| m |"])
    text = readme.read_text()
    assert "old" not in text and text.index("new sqlite") < text.index("new postgres")
    assert text.index("new postgres") < text.index("**MariaDB**") < text.index("# after")


def _figures(run):
    pages = {"home `/`": {r: run.Figures(10, 20, 30, 50.0, 250, 0) for r in (*run.ROLES, "floor")}}
    got = {"pages": pages, "load": run.Figures(40, 90, 120, 80.0, 800, 0), "rss": [120.0, 125.0]}
    paper = {
        "reference": "SECP_68_1005_16",
        "compile_ms": 500.0,
        "render_ms": 510.0,
        "typst_ms": 30.0,
        "libreoffice_ms": None,
    }
    return got, paper


IMPORTED = {
    "generated": 20000,
    "file_rows": 21000,
    "repeated_keys_left_out": 1200,
    "records": 20500,
    "seconds": 42.0,
    "startup_seconds": 1.0,
    "records_per_s": 500.0,
    "loaddata_rows": 20900,
    "loaddata_seconds": 4.0,
    "loaddata_startup_seconds": 1.0,
    "loaddata_rows_per_s": 6966.7,
}


def test_the_import_figures_are_read_from_the_commands_own_summaries():
    run = _run_module()
    out = "    120 meetings.meeting\nCreated 20480, 20 unchanged (import 1f2e).\nSkipped 7 ...\n"
    assert run.imported_rows(out) == 20500
    assert run.installed_rows("Installed 20900 object(s) from 1 fixture(s)\n") == 20900
    with pytest.raises(RuntimeError, match="no summary"):
        run.imported_rows("2 error(s) in exchange.json: nothing was imported.")


def test_the_table_has_the_import_row_beside_its_baseline_and_the_target(monkeypatch):
    run = _run_module()
    monkeypatch.setattr(run, "counts", lambda db: 1234)
    got, paper = _figures(run)
    db = run.Database("sqlite:////tmp/x.sqlite3")
    without = run.markdown(db, 1000, got, paper)
    assert "import" not in without
    text = run.markdown(db, 1000, got, paper, IMPORTED)
    row = text.splitlines()[-1]
    assert text.startswith(without) and text.count("\n") == without.count("\n") + 1
    assert row.startswith("| import: `secpanel import` of 20,500 records (the demo and 20,000 ")
    assert "exported as secas; 1,200 with a key already given left out), into an empty" in row
    assert "| 500 records/s (41.0 s; start-up of 1.0 s left out) |" in row
    assert "target 10,000 records/s" in row and "6,967 rows/s (20,900 rows) |" in row


def test_a_record_whose_key_an_earlier_record_has_is_left_out_and_counted():
    run = _run_module()

    def row(model, key, text):
        return {"model": model, "key": key, "fields": {"text": text}}

    first = row("meetings.highlight", {"owning_body": "tag", "period": "2021-02-01"}, "a")
    again = row("meetings.highlight", {"period": "2021-02-01", "owning_body": "tag"}, "b")
    other = row("meetings.decision", {"owning_body": "tag", "period": "2021-02-01"}, "c")
    document = {"format": "secpanel-exchange", "version": 1, "records": [first, again, other]}
    kept, left_out = run.first_of_each_key(document)
    assert left_out == 1
    assert kept == {"format": "secpanel-exchange", "version": 1, "records": [first, other]}
    assert document["records"] == [first, again, other]  # the document itself is not changed

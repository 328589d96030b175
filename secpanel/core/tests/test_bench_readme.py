"""`make bench --readme` (bench/run.py `write_readme`): the databases measured replace their own
figures in the README, the others' stay, and the rest of the README is untouched."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

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

"""Killing the process (SIGKILL) while issuing or publishing the Panel paper leaves nothing half
done, and running the command again completes the work once.

Each test runs the real command (`secpanel report --panel-meeting 68 --as secas --issue` or
`--publish`) in a subprocess on a scratch copy of the demo database (SQLite, or PostgreSQL
when the suite runs on it; `bench/load.py` builds the demo once and copies it) with its own
var/ directory, and `SECPANEL_FAULT` naming a fault point (`secpanel.core.faults`), where the
process kills itself with SIGKILL: no exception handler, `finally` or rollback of ours runs.
The database is then read directly:

- a move killed before its transaction committed left nothing: the report's status, its
  files, their history and the audit log are exactly as before (no issued file row without
  its bytes; the files' bytes live in their rows);
- a move killed after its commit is whole: every file's SHA-256 is that of its bytes, an
  issued report has every format of both editions (the Panel edition only with Appendix A);
- running the command again without the fault completes the move, or says it is done and
  repeats nothing.

Fault points: `report.issue.after_first_file`, `report.issue.before_commit`,
`report.issue.after_commit`, `report.publish.after_first_file`,
`report.publish.before_commit`, `report.publish.after_commit`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bench import load

ISSUE = ["report", "--panel-meeting", "68", "--as", "secas", "--issue"]
PUBLISH = ["report", "--panel-meeting", "68", "--as", "secas", "--publish"]
FORMATS = {"pdf", "docx", "html"}
WHITE, AMBER, RED = 1, 3, 4
COUNTED = (
    "reports_issuedfile",
    "reports_historicalissuedfile",
    "reports_historicalpanelreport",
    "core_auditevent",
)


@dataclasses.dataclass
class Scratch:
    db: load.Database
    var: Path

    def run(self, args: list[str], fault: str = "") -> subprocess.CompletedProcess[str]:
        extra = {"SECPANEL_FAULT": fault} if fault else {}
        return load.run_secpanel(args, url=self.db.url, var_dir=self.var, timeout=300, **extra)

    def killed_at(self, args: list[str], fault: str) -> None:
        done = self.run(args, fault)
        assert done.returncode == -signal.SIGKILL, (
            f"not killed at {fault}: {done.returncode}\n{done.stdout}\n{done.stderr[-2000:]}"
        )

    def completes(self, args: list[str]) -> str:
        done = self.run(args)
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout

    def status(self) -> str:
        return str(self.db.query("SELECT status FROM reports_panelreport")[0][0])

    def counts(self) -> dict[str, int]:
        return {t: self.db.query(f"SELECT COUNT(*) FROM {t}")[0][0] for t in COUNTED}

    def events(self, kind: str) -> int:
        return self.db.query("SELECT COUNT(*) FROM core_auditevent WHERE kind = %s", [kind])[0][0]

    def files(self) -> list[tuple[Any, ...]]:
        return self.db.query(
            "SELECT edition, format, classification, sha256, content, version_id "
            "FROM reports_issuedfile"
        )

    def media(self) -> list[Path]:
        return [p for p in (self.var / "media").rglob("*") if p.is_file()]

    def assert_consistent(self) -> None:
        """No file without its bytes or with other bytes; an issued report has all its files
        (of its latest version), at the level its status says; one audit event per move."""
        status, files = self.status(), self.files()
        for edition, fmt, _, sha256, content, _ in files:
            assert content, f"{edition} {fmt}: no bytes"
            assert hashlib.sha256(bytes(content)).hexdigest() == sha256, f"{edition} {fmt}"
        assert self.events("reports.report_issue") == int(status != "draft")
        assert self.events("reports.report_publish") == int(status == "published")
        assert self.media() == []  # issued files are kept in the database, never on disk
        if status == "draft":
            assert files == []
            return
        latest, panel = self.db.query(
            "SELECT id, panel_content FROM reports_reportversion ORDER BY number DESC LIMIT 1"
        )[0]
        panel = json.loads(panel) if isinstance(panel, str) else panel
        editions = {"public", "panel"} if panel.get("appendix") else {"public"}
        kept = sorted((edition, fmt) for edition, fmt, *_ in files)
        assert kept == sorted((e, f) for e in editions for f in FORMATS)
        assert {version for *_, version in files} == {latest}
        public = {level for edition, _, level, *_ in files if edition == "public"}
        assert public == ({WHITE} if status == "published" else {AMBER})
        if "panel" in editions:
            assert {level for edition, _, level, *_ in files if edition == "panel"} == {RED}


@pytest.fixture(scope="module")
def demo() -> load.Database:
    """The demo database, built once (migrate + demo-data) on the suite's database server."""
    return load.demo_template(os.environ.get("DATABASE_URL"))


@pytest.fixture(scope="module")
def issued(demo: load.Database) -> Iterator[load.Database]:
    """The demo with the May 2019 report issued by the command."""
    scratch = Scratch(load.scratch_copy(demo, "issued"), load.var_dir("issued"))
    scratch.completes(ISSUE)
    assert scratch.status() == "issued"
    yield scratch.db
    scratch.db.drop()


def _scratch(template: load.Database) -> Iterator[Scratch]:
    scratch = Scratch(load.scratch_copy(template, "fault"), load.var_dir("fault"))
    yield scratch
    scratch.db.drop()


@pytest.fixture
def draft(demo: load.Database) -> Iterator[Scratch]:
    yield from _scratch(demo)


@pytest.fixture
def to_publish(issued: load.Database) -> Iterator[Scratch]:
    yield from _scratch(issued)


@pytest.mark.parametrize("fault", ["report.issue.after_first_file", "report.issue.before_commit"])
def test_an_issue_killed_before_it_commits_leaves_the_draft_and_a_rerun_issues_it(draft, fault):
    before = draft.counts()

    draft.killed_at(ISSUE, fault)

    assert draft.status() == "draft"
    assert draft.counts() == before  # no file row, no history, no audit event
    draft.assert_consistent()

    assert "SECP_68_1005_16: issued." in draft.completes(ISSUE)
    assert draft.status() == "issued"
    draft.assert_consistent()


def test_an_issue_killed_after_it_committed_is_whole_and_a_rerun_repeats_nothing(draft):
    draft.killed_at(ISSUE, "report.issue.after_commit")

    assert draft.status() == "issued"
    draft.assert_consistent()
    files = draft.files()

    assert "already issued; nothing to issue" in draft.completes(ISSUE)
    assert draft.files() == files
    draft.assert_consistent()


@pytest.mark.parametrize(
    "fault", ["report.publish.after_first_file", "report.publish.before_commit"]
)
def test_a_publish_killed_before_it_commits_leaves_it_issued_and_a_rerun_publishes_it(
    to_publish, fault
):
    before = to_publish.counts()

    to_publish.killed_at(PUBLISH, fault)

    assert to_publish.status() == "issued"
    assert to_publish.counts() == before  # no file lowered, no history, no audit event
    to_publish.assert_consistent()  # the public edition still Amber

    assert "SECP_68_1005_16: published." in to_publish.completes(PUBLISH)
    assert to_publish.status() == "published"
    to_publish.assert_consistent()


def test_a_publish_killed_after_it_committed_is_whole_and_a_rerun_repeats_nothing(to_publish):
    to_publish.killed_at(PUBLISH, "report.publish.after_commit")

    assert to_publish.status() == "published"
    to_publish.assert_consistent()
    counts = to_publish.counts()

    assert "already published; nothing to publish" in to_publish.completes(PUBLISH)
    assert {k: v for k, v in to_publish.counts().items() if k != "core_auditevent"} == {
        k: v for k, v in counts.items() if k != "core_auditevent"
    }
    to_publish.assert_consistent()


def test_publishing_a_draft_is_refused_and_changes_nothing(draft):
    before = draft.counts()

    done = draft.run(PUBLISH)

    assert done.returncode == 1
    assert "not published: Cannot publish a report that is draft." in done.stderr
    assert draft.status() == "draft"
    assert draft.counts() == before

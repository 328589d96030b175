"""The short form of the load test (`make load` runs the long one: 50 readers, 10 writers,
60 s, on SQLite then PostgreSQL; README "Load and fault tests").

The production server (`secpanel serve`: gunicorn, two workers) runs on a loopback port on a
scratch copy of the demo database (SQLite, or PostgreSQL when the suite runs on it), and
`bench/load.py` drives it with readers (the public, a Party user, a member, the secretariat)
and writers (the secretariat editing shared actions and creating highlights through the real
forms) at once, then reads the database directly.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

import pytest

from bench import load


@pytest.fixture
def scratch() -> Iterator[load.Database]:
    db = load.scratch_copy(load.demo_template(os.environ.get("DATABASE_URL")), "load")
    yield db
    db.drop()


def test_readers_and_writers_at_once_meet_no_error_and_every_acknowledged_write_is_kept(
    scratch,
):
    out = load.run_load(scratch, readers=8, writers=3, duration=8, pages_per_role=8)
    print(load.report(out))

    assert out.errors == []
    assert out.missing == []  # every acknowledged write has its row and its history row
    assert out.lost == []  # no acknowledged save overwrote one it had not seen
    assert out.reads > 0
    assert out.edits and out.created  # both kinds of write were acknowledged and checked


def test_two_saves_of_one_version_store_one_and_refuse_the_other_and_the_check_sees_a_blind_save(
    scratch,
):
    """The second save of a version the first already replaced is refused as a conflict; a
    save that carries no version (so nothing can refuse it) and overwrites the first is what
    the load test's check reports as a lost update."""
    var = load.var_dir("conflict")
    with load.serving(scratch, var) as base:
        s = load.sign_in(base, "secas", code=lambda: load.totp_code(scratch, "secas"))
        listed = s.get(f"{base}/actions/", timeout=60).text
        action = min(int(pk) for pk in re.findall(r'href="/actions/(\d+)/"', listed))
        url = f"{base}/actions/{action}/edit/"
        first = load.form_with(s.get(url, timeout=60).text, "update")["fields"]
        second = load.form_with(s.get(url, timeout=60).text, "update")["fields"]
        seen = dict(first)["seen_version"]
        assert dict(second)["seen_version"] == seen

        def save(fields: list[tuple[str, str]], value: str, **more: str) -> int:
            data = load.replace(fields, update=value, reason="Conflict test", **more)
            r = s.post(url, data=data, timeout=60, allow_redirects=False)
            if r.status_code == 200:
                assert load.CONFLICT in r.text
            return r.status_code

        assert save(first, "first save") == 302
        assert save(second, "second save, same version") == 200  # refused: a conflict
        assert save(second, "blind save", seen_version="") == 302  # no version: not checked

    out = load.Outcome(vendor=scratch.vendor, readers=0, writers=2)
    out.edits = [load.Edit(action, "first save", seen), load.Edit(action, "blind save", seen)]
    load.verify(scratch, out)

    assert out.missing == []
    assert out.lost == [f"action {action}: 'blind save' was saved over a version it had not seen"]

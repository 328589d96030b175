"""The demo data (`secpanel demo-data`), loaded once per test run for every test that reads it.

Loading the demo takes seconds, so the tests that need it share one load instead of one each:

- `DemoData.load()` runs the loader inside a transaction left open on the test database (an
  atomic block, never committed), the first time a test asks for it;
- each test module that uses it works inside its own savepoint over the loaded demo
  (`DemoData.savepoint()`, the `demo_data` fixture of conftest.py), rolled back after the
  module's last test; each test inside pytest-django's savepoint, rolled back after the test.
  So every module starts from the demo as loaded, whatever the modules before it changed;
- `DemoData.unload()` rolls the transaction back (with any module savepoint still open) as soon
  as the next test does not use the demo (conftest.py's `pytest_runtest_teardown`), so no other
  test ever sees it, and at the end of the run. conftest.py runs the demo's tests one after
  another (`order_demo_tests_together`), so one load serves them all.

Nothing is committed, on SQLite as on PostgreSQL: the test database is left as it was.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, transaction

FIXTURE = "demo_data"


class DemoData:
    """The one load of the demo data in this test run (see the module's docstring)."""

    def __init__(self, blocker: Any) -> None:
        self._blocker = blocker  # pytest-django's django_db_blocker
        self._transaction: Any = None  # the open atomic block holding the demo
        self._savepoints: list[Any] = []  # the modules' atomic blocks inside it, innermost last
        self.loads = 0

    @property
    def loaded(self) -> bool:
        return self._transaction is not None

    def load(self) -> None:
        if self.loaded:
            return
        with self._blocker.unblock():
            name = str(connection.settings_dict["NAME"])
            assert "test" in name or "memory" in name, f"not a test database: {name}"
            atomic = transaction.atomic()
            atomic.__enter__()
            try:
                call_command("demo_data", stdout=io.StringIO())
            except BaseException:
                _rollback(atomic)
                raise
        self._transaction = atomic
        self.loads += 1

    def unload(self) -> None:
        if not self.loaded:
            return
        with self._blocker.unblock():
            # a module whose next test does not use the demo is still open: roll it back too
            while self._savepoints:
                _rollback(self._savepoints.pop())
            atomic, self._transaction = self._transaction, None
            _rollback(atomic)

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        """The loaded demo, as loaded; whatever is written inside is rolled back on leaving."""
        self.load()
        with self._blocker.unblock():
            atomic = transaction.atomic()
            atomic.__enter__()
        self._savepoints.append(atomic)
        try:
            yield
        finally:
            if atomic in self._savepoints:  # not already rolled back by `unload`
                assert self._savepoints[-1] is atomic, "savepoints left out of order"
                self._savepoints.pop()
                with self._blocker.unblock():
                    _rollback(atomic)


def _rollback(atomic: Any) -> None:
    """Leave an atomic block entered by hand, rolling back what it holds."""
    transaction.set_rollback(True)
    atomic.__exit__(None, None, None)


def uses_demo(item: pytest.Item) -> bool:
    return FIXTURE in getattr(item, "fixturenames", ())


def _rolled_back_test(item: pytest.Item) -> bool:
    """Is `item` in pytest-django's first group (database tests in a rolled-back transaction,
    before the transactional tests and those without the database)?"""
    fixtures = getattr(item, "fixturenames", ())
    if "transactional_db" in fixtures or "live_server" in fixtures:
        return False
    marker = item.get_closest_marker("django_db")
    if marker is not None:
        return not (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))
    return "db" in fixtures


def order_demo_tests_together(items: list[pytest.Item]) -> None:
    """Move the tests that use the demo to the end of pytest-django's first group (after its
    own ordering), keeping their order: one load serves them all, and the transactional
    tests (which flush the database) still come after every rolled-back one."""
    demo = [item for item in items if uses_demo(item)]
    if not demo:
        return
    rest = [item for item in items if not uses_demo(item)]
    cut = next((n for n, item in enumerate(rest) if not _rolled_back_test(item)), len(rest))
    items[:] = [*rest[:cut], *demo, *rest[cut:]]

"""Project-wide pytest fixtures."""

from __future__ import annotations

import pytest
from django.test import Client

from secpanel.testkit import World, build_world, record_second_factor
from secpanel.testkit.demodata import DemoData, order_demo_tests_together, uses_demo

_DEMO = pytest.StashKey[DemoData]()


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture(scope="session")
def _demo_data_once(request, django_db_setup, django_db_blocker) -> DemoData:
    """The one load of the demo data in this run (secpanel/testkit/demodata.py).

    Chromium starts first when the run has browser tests: Playwright started while the demo's
    transaction is open leaves the test thread on a new database connection, which the open
    transaction's locks refuse ("database table is locked" on SQLite)."""
    if any(
        item.get_closest_marker("browser") and not item.get_closest_marker("skip")
        for item in request.session.items
    ):
        request.getfixturevalue("browser")
    demo = DemoData(django_db_blocker)
    request.config.stash[_DEMO] = demo
    yield demo
    demo.unload()


@pytest.fixture(scope="module")
def demo_data(_demo_data_once):
    """The demo data as `secpanel demo-data` loads it, for this module: loaded once per run,
    whatever the module writes is rolled back after its last test (and what a test writes,
    after the test, by pytest-django). Mark the module `django_db`."""
    with _demo_data_once.savepoint():
        yield


# Browser tests drive the pages' own behaviour (scripts, htmx swaps, layout at 1366 and 375 px,
# accessibility) over views whose every query the client tests ask on both databases; CI runs
# the suite on both (.ci/run), so a browser test runs once, on SQLite, unless its subject is
# the database itself (two people saving at once: `every_database`). decisions/0020.
BROWSER_ONCE = (
    "a browser test runs on SQLite: the pages are the same code on PostgreSQL, where the "
    "client tests ask the same views (decisions/0020)"
)


def pytest_collection_modifyitems(config, items):
    order_demo_tests_together(items)
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        return
    once = pytest.mark.skip(reason=BROWSER_ONCE)
    for item in items:
        if item.get_closest_marker("browser") and not item.get_closest_marker("every_database"):
            item.add_marker(once)


# Tests that start real `secpanel` processes on copies of one migrated demo database, built
# once per test process (bench/load.py `demo_template()`): under pytest-xdist they share a
# worker, so the template is built once per run and database server. None is transactional.
REAL_PROCESS_TESTS = (
    "secpanel/backups/tests/test_killed_backup.py",
    "secpanel/backups/tests/test_refused_restores.py",
    "secpanel/backups/tests/test_round_trip.py",
    "secpanel/core/tests/test_load.py",
    "secpanel/exchange/tests/test_roundtrip.py",
    "secpanel/reports/tests/test_faults.py",
)
REAL_PROCESSES = "real-processes"


def pytest_xdist_make_scheduler(config, log):
    """`make test` runs the suite on two pytest-xdist workers, each with its own test database.

    The unit of work is a run of consecutive tests of one module in the collection order, and
    the units go out in that order. The order is pytest-django's (rolled-back tests, then the
    transactional ones, which flush the database and its migrations' rows, then the rest) with
    the demo's tests together (`order_demo_tests_together`), so on each worker no rolled-back
    test runs after a flush, the demo is loaded about once, and a module's fixtures are built
    once per run of it. The real-process tests are one unit, sent first: their subprocesses
    keep one core busy while the other worker's tests use the other."""
    from xdist.scheduler import LoadScopeScheduling

    class RunsOfModules(LoadScopeScheduling):
        def schedule(self) -> None:
            # LoadScopeScheduling.schedule, with the units above in the order above
            assert self.collection_is_completed
            if self.collection is not None:
                for node in self.nodes:
                    self._reschedule(node)
                return
            if not self._check_nodes_have_same_collection():
                self.log("**Different tests collected, aborting run**")
                return
            self.collection = list(next(iter(self.registered_collections.values())))
            if not self.collection:
                return
            self._unit_of = {}
            for unit, nodeids in units_of(self.collection).items():
                self.workqueue[unit] = dict.fromkeys(nodeids, False)
                self._unit_of.update(dict.fromkeys(nodeids, unit))
            for node in self.nodes:
                if self.workqueue:  # fewer units than workers (a run of one module)
                    self._assign_work_unit(node)
            for node in self.nodes:
                self._reschedule(node)
            if not self.workqueue:
                for node in self.nodes:
                    node.shutdown()

        def _split_scope(self, nodeid: str) -> str:
            return self._unit_of[nodeid]

    return RunsOfModules(config, log)


def units_of(collection: list[str]) -> dict[str, list[str]]:
    """The work units of `pytest_xdist_make_scheduler`, in the order they are sent out."""
    units: dict[str, list[str]] = {REAL_PROCESSES: []}
    runs: dict[str, int] = {}
    previous = ""
    for nodeid in collection:
        module = nodeid.split("::", 1)[0]
        if module.startswith(REAL_PROCESS_TESTS):
            units[REAL_PROCESSES].append(nodeid)
            continue
        if module != previous:
            runs[module] = runs.get(module, 0) + 1
            previous = module
        units.setdefault(f"{module}#{runs[module]}", []).append(nodeid)
    return {unit: nodeids for unit, nodeids in units.items() if nodeids}


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Roll the demo data back as soon as the next test does not use it."""
    try:
        return (yield)
    finally:
        demo = item.config.stash.get(_DEMO, None)
        if demo is not None and (nextitem is None or not uses_demo(nextitem)):
            demo.unload()


@pytest.fixture(autouse=True)
def _force_login_passes_the_second_factor(monkeypatch):
    """`Client.force_login` stands for a complete sign-in: for an account with a TOTP
    authenticator it also records the TOTP step in the session, as allauth does after a correct
    code (`RequireMfaMiddleware` refuses a session without it). Tests of the second factor sign
    in through the login form or `Client.login` (password only), which this does not touch."""
    force_login = Client.force_login

    def _force_login(self, user, backend=None):
        force_login(self, user, backend)
        record_second_factor(self, user)

    monkeypatch.setattr(Client, "force_login", _force_login)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session (Playwright sync API)."""
    import os

    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
    # test body (not by the live server) would otherwise be refused as "async unsafe".
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from secpanel.core.browser import chromium

    with chromium() as b:
        yield b


@pytest.fixture
def page(browser):
    # no transitions: a click lands on a collapsing menu or filter form only once it is still
    # (Bootstrap drops its transitions for prefers-reduced-motion)
    context = browser.new_context(reduced_motion="reduce")
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture
def login(page, live_server):
    """Sign in through the real login form (and the TOTP step when the account has one)."""

    def _login(username: str, password: str = "pw", on=None) -> None:
        pg = on or page  # another browser context (a second person) when given
        pg.goto(f"{live_server.url}/accounts/login/")
        pg.fill("input[name=login]", username)
        pg.fill("input[name=password]", password)
        with pg.expect_navigation():  # the form's own button (the navbar has a search button)
            pg.click("form:has(input[name=password]) button[type=submit]")
        if "/accounts/2fa/authenticate" in pg.url:
            from django.core.cache import cache

            from secpanel.core.demo import DEMO_TOTP_SECRET
            from secpanel.testkit.totp import code_with_time_to_spare

            # allauth refuses a code already used in its 30-second window; tests sign in
            # faster than that, so forget used codes (the live server shares this cache).
            cache.clear()

            pg.fill("input[name=code]", code_with_time_to_spare(DEMO_TOTP_SECRET))
            with pg.expect_navigation():
                pg.click("form:has(input[name=code]) button[type=submit]")
        assert "/accounts/" not in pg.url, f"sign-in as {username} failed: {pg.url}"

    return _login

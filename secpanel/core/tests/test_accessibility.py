"""Accessibility: axe-core (bundled by axe-playwright-python) in headless Chromium over the demo
data, one page of every view, as the public, a Party user, a body member and the secretariat.

The views come from the resolver (`all_routes()`, as the adversarial crawl finds them), so a
new page is checked without anyone remembering to add it. Parameters are filled with a real
demo record the role may read (the highest level first, so the banners' colours are checked
too); endpoints that render no page are skipped by name below, with the reason. A GET that
answers 405 (a button's POST-only endpoint) renders nothing to check. Redirects and refusals
are checked once per role: the page they land on (the sign-in page, the 403 or 404 page).

Each role has one browser context, signed in through the real form (and the two-factor step
for the secretariat: the sign-in and two-factor pages are checked on the way). A serious or
critical violation on any page fails the test, listing every one with the elements involved.

Run once per CI run, on SQLite: the pages are the same code on PostgreSQL, and the live
server shares the test's in-memory SQLite connection, so it reads the demo data loaded in the
test's open transaction (a server on PostgreSQL would have its own connection and see none).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.servers.basehttp import WSGIServer
from django.db import models

from secpanel.core.tests.test_adversarial_crawl import Route, all_routes, fill, subject_of

pytestmark = [pytest.mark.django_db]

ON_SQLITE = django_settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"

ROLES = ("anonymous", "party", "ssc.member", "secas")
FAILING_IMPACTS = {"serious", "critical"}

# Endpoints that render no page of ours, by URL name or route prefix, with the reason.
NOT_PAGES: dict[str, str] = {
    "admin/": "the Django admin's own templates (a configuration console: decisions/0004)",
    "api/v1/": "JSON (the REST API)",
    "api:schema": "the OpenAPI schema (YAML/JSON)",
    "api:docs": "the vendored Swagger UI (a third-party page around the schema)",
    ".csv": "a CSV download",
    ".ics": "an iCalendar feed",
    ".atom": "an Atom feed",
    "meetings:paper_version_download": "a file download",
    "reports:file_download": "a file download (PDF, DOCX, HTML edition)",
    "mfa_download_recovery_codes": "a text file download",
}
# A record of any classified model (the level and terms pages): checked on this one.
ANY_RECORD_MODEL = "meetings.highlight"
# Parameters that name no record (allauth's keys from e-mails: a wrong one is a page too).
PLAIN_VALUES = {
    "key": "nope-key",
    "uidb36": "zz",
    "token": "nope-token",
    "app_label": "meetings",
    "model_name": "",
}
SUB_PARAMS = {"name": "nope", "number": "1", "block": "purpose", "how": "keep", "event": "1"}
AXE_OPTIONS = {"resultTypes": ["violations"]}


def not_a_page(route: Route) -> str | None:
    for key, reason in NOT_PAGES.items():
        if (
            route.name == key
            or (key.endswith("/") and route.route.startswith(key))
            or (key.startswith(".") and route.route.removesuffix("$").endswith(key))
        ):
            return reason
    return None


def record_for(model: type[models.Model], user: Any) -> models.Model | None:
    """A demo record of `model` for `user`: one they may read, the highest level first."""
    from secpanel.core.models import ClassifiedModel

    if issubclass(model, ClassifiedModel):
        qs = model.objects.visible_to(user)
        return qs.order_by("-classification", "pk").first()
    return model._default_manager.order_by("pk").first()


def url_for(route: Route, user: Any) -> str | None:
    """One URL of `route` for `user`, its parameters filled with demo records (None: the route's
    record is not known to `subject_of`)."""
    from django.apps import apps

    params = set(route.params)
    values = {k: v for k, v in {**PLAIN_VALUES, **SUB_PARAMS}.items() if k in params}
    if not params:
        return fill(route, {})
    if {"app_label", "model_name", "pk"} <= params:
        model = apps.get_model(ANY_RECORD_MODEL)
        obj = record_for(model, user)
        values.update(model_name=str(model._meta.model_name), pk=str(obj.pk) if obj else "0")
        return fill(route, values)
    if params <= set(values):
        return fill(route, values)
    key, subject = subject_of(route)
    if subject is None:
        return None
    obj = record_for(subject, user)
    if obj is None:  # nothing the role may read: the 404 page
        values[key] = "nope" if key in ("reference", "code", "slug") else "0"
    else:
        values[key] = str(getattr(obj, key) if key in ("reference", "code", "slug") else obj.pk)
    return fill(route, values)


# --- the browser ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_server(demo_data, django_db_blocker) -> Iterator[str]:
    """A live server over the demo data. Like pytest-django's `live_server` it shares the
    test's in-memory SQLite connection, but without that fixture's transactional database
    (which would flush the demo), and it answers one request at a time: concurrent requests on
    one shared connection would interleave their savepoints inside the demo's transaction."""
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.db import connections
    from django.test.testcases import LiveServerThread, QuietWSGIRequestHandler
    from django.test.utils import modify_settings

    class OneAtATime(LiveServerThread):
        def _create_server(self, connections_override: Any = None) -> WSGIServer:
            return WSGIServer(
                (self.host, self.port), QuietWSGIRequestHandler, allow_reuse_address=False
            )

    with django_db_blocker.unblock():
        connection = connections["default"]
        assert connection.vendor == "sqlite"
        assert connection.is_in_memory_db()  # type: ignore[attr-defined]  # SQLite's wrapper
        thread = OneAtATime(
            "localhost", StaticFilesHandler, connections_override={"default": connection}
        )
        thread.daemon = True
        connection.inc_thread_sharing()
        try:
            with modify_settings(ALLOWED_HOSTS={"append": "localhost"}):
                thread.start()
                thread.is_ready.wait()
                if thread.error:
                    raise thread.error
                try:
                    yield f"http://localhost:{thread.port}"
                finally:
                    thread.terminate()
        finally:
            connection.dec_thread_sharing()


@dataclass
class Found:
    role: str
    url: str
    rule: str
    impact: str
    help: str
    nodes: list[str]

    def __str__(self) -> str:
        where = "\n      ".join(self.nodes[:4])
        more = f" (+{len(self.nodes) - 4} more)" if len(self.nodes) > 4 else ""
        head = f"[{self.impact}] {self.rule} as {self.role} on {self.url}: {self.help}{more}"
        return f"{head}\n      {where}"


@dataclass
class Run:
    checked: list[str] = field(default_factory=list)
    found: list[Found] = field(default_factory=list)
    not_html: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)


def axe_check(page: Any, role: str, run: Run) -> None:
    from axe_playwright_python.sync_playwright import Axe  # type: ignore[import-untyped]

    results = Axe().run(page, options=AXE_OPTIONS)
    run.checked.append(f"{role} {page.url}")
    for v in results.response["violations"]:
        nodes = [f"{', '.join(map(str, n['target']))}: {n['html'][:160]}" for n in v["nodes"]]
        run.found.append(Found(role, page.url, v["id"], v["impact"] or "", v["help"], nodes))


def sign_in(page: Any, base: str, username: str, role: str, run: Run) -> None:
    """Through the real form, checking the sign-in page and (secretariat) the TOTP page."""
    from django.core.cache import cache

    from secpanel.core.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET
    from secpanel.testkit.totp import code_with_time_to_spare

    page.goto(f"{base}/accounts/login/")
    axe_check(page, role, run)
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    if "/accounts/2fa/authenticate" in page.url:
        axe_check(page, role, run)
        cache.clear()  # allauth refuses a code already used in its step
        page.fill("input[name=code]", code_with_time_to_spare(DEMO_TOTP_SECRET))
        with page.expect_navigation():
            page.click("button[type=submit]")
    assert "/accounts/" not in page.url, f"sign-in as {username} failed: {page.url}"


def goto(page: Any, address: str) -> Any:
    """`page.goto`, again when Chromium's own error page for the previous answer (an error
    status with an empty body) arrives late and interrupts it."""
    from playwright.sync_api import Error as PlaywrightError

    for _ in range(3):
        try:
            return page.goto(address)
        except PlaywrightError as e:
            if "interrupted by another navigation" not in str(e):
                raise
            page.wait_for_load_state()
    return page.goto(address)


def visit(page: Any, address: str) -> tuple[Any, str | None]:
    """(the response, or None when there is no page to check; what is wrong, if anything)."""
    from playwright.sync_api import Error as PlaywrightError

    try:
        return goto(page, address), None
    except PlaywrightError as e:
        message = str(e)
        if "Download is starting" in message:
            return None, "a download"
        if "ERR_HTTP_RESPONSE_CODE_FAILURE" not in message and "chrome-error:" not in message:
            raise
    # an error status with an empty body (Chromium shows its own page): a 405 is a POST-only
    # endpoint; anything else renders no page and is reported
    status = page.request.get(address, max_redirects=0).status
    goto(page, "about:blank")
    return None, None if status == 405 else f"{status} with no page"


def crawl(browser: Any, base: str, role: str, routes: list[Route]) -> Run:
    run = Run()
    user: Any = AnonymousUser()
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    try:
        if role != "anonymous":
            user = get_user_model().objects.get(username=role)
            sign_in(page, base, role, role, run)
        seen: set[str] = set()
        for route in routes:
            if not_a_page(route):
                continue
            url = url_for(route, user)
            if url is None:
                run.unknown.append(route.label)
                continue
            view = route.view_class
            if view is not None and not hasattr(view, "get"):
                continue  # a class-based view without GET: a button's POST-only endpoint
            response, problem = visit(page, base + url)
            if problem:
                run.not_html.append(f"{route.label} ({url}: {problem})")
            if response is None:
                continue
            status = response.status if response else 0
            if status == 405:  # a button's POST-only endpoint: no page
                continue
            kind = (response.headers.get("content-type", "") if response else "").split(";")[0]
            if kind != "text/html":
                run.not_html.append(f"{route.label} ({url}: {kind})")
                continue
            landed = page.url.removeprefix(base).split("?")[0]
            key = f"status {status}" if status >= 400 else landed
            if key in seen:
                continue
            seen.add(key)
            axe_check(page, role, run)
    finally:
        context.close()
    return run


@pytest.mark.browser
# The browser first: a session browser started after the demo data was loaded is closed
# before the demo is unloaded, and closing it loses the demo's connection (an isolated run
# would then error at teardown).
@pytest.mark.usefixtures("browser", "demo_data")
@pytest.mark.skipif(
    not ON_SQLITE,
    reason="run once, on SQLite: the live server shares the in-memory connection that holds "
    "the demo data (see the module's docstring)",
)
@pytest.mark.parametrize("role", ROLES)
def test_every_page_has_no_serious_accessibility_violation(browser, demo_server, role):
    routes = all_routes()
    run = crawl(browser, demo_server, role, routes)
    assert not run.unknown, f"no record known for these routes (see subject_of): {run.unknown}"
    assert not run.not_html, f"not HTML: add them to NOT_PAGES with a reason: {run.not_html}"
    assert len(run.checked) >= 10, run.checked
    failing = [f for f in run.found if f.impact in FAILING_IMPACTS]
    report = "\n".join(map(str, failing))
    assert not failing, (
        f"{len(failing)} serious or critical axe violations on {len(run.checked)} pages:\n{report}"
    )


# --- the sign-in pages (any database) -----------------------------------------------------------


def test_the_sign_in_page_is_in_the_apps_shell_and_offers_no_sign_up(client):
    body = client.get("/accounts/login/").content.decode()
    assert 'data-classification="WHITE"' in body  # base.html's banner
    assert '<footer class="app-footer">' in body
    assert '<label class="form-label" for="id_login">' in body
    assert '<label class="form-label" for="id_password">' in body
    assert "/accounts/signup/" not in body
    assert "sign up" not in body.lower()
    assert "created by the secretariat" in body
    # the sign-in form is the page's only form with a submit button (no navbar search)
    assert body.count('type="submit"') == 1


def test_a_wrong_password_is_an_error_the_form_announces(client, world):
    response = client.post("/accounts/login/", {"login": "owner_member", "password": "wrong"})
    body = response.content.decode()
    assert response.status_code == 200
    assert '<div class="alert alert-danger" role="alert" id="form-errors">' in body
    assert "not correct" in body


def test_the_sign_up_address_says_who_creates_accounts(client):
    response = client.get("/accounts/signup/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Sign Up Closed" not in body
    assert "created by the secretariat" in body
    assert 'data-classification="WHITE"' in body

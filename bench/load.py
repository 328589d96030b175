"""secpanel under load (`make load`): the production server on loopback, many readers and
several writers at once, then the database checked for every write that was acknowledged.

    python bench/load.py [--readers 50] [--writers 10] [--duration 60]
                         [--database sqlite] [--database postgres://...] [--readme]

For each database (SQLite by default; a PostgreSQL URL names the server and a scratch name:
the database it names is never touched), the demo is built once into a scratch database
(`secpanel migrate` + `secpanel demo-data`) and copied, and `secpanel serve` (gunicorn, two
workers, DEBUG off) is started on a free port of 127.0.0.1 with its own var/ directory. Then:

- readers sign in as the public (anonymous), a Party user (`party`), a member (`ssc.member`)
  and the secretariat (`secas`, with its TOTP code), and GET a mix of the list and detail
  pages each of them can read (found by following the pages' own links first);
- writers, as the secretariat, edit a few shared actions through the real edit form (each
  save a distinct value, carrying the version the form was opened on) and create highlights
  through the new-highlight form; every save the server acknowledges (a redirect) is recorded
  with its value, every refusal as a conflict (`web.conflicts`) is counted.

Afterwards the scratch database is read directly: every acknowledged create has its row and
its history row, every acknowledged edit has exactly one history row with its value, and no
acknowledged edit was made over a version other than the one just before it in the history
(a lost update: a save that silently overwrote another person's without a conflict). Any 5xx,
connection error, unexpected status, missing write or lost update is an error; the figures
(requests, req/s, p50/p95/p99, errors, conflicts, lost updates) are printed and, with
`--readme`, written into README.md between the LOAD markers.

The scratch databases are also what the fault tests run their `secpanel` processes on
(`secpanel/reports/tests/test_faults.py`): `demo_template()` builds the demo once per
process and `scratch_copy()` copies it per test.
"""

from __future__ import annotations

import argparse
import atexit
import base64
import dataclasses
import datetime
import hashlib
import hmac
import html.parser
import itertools
import json
import os
import random
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parent.parent
SECPANEL = Path(sys.executable).with_name("secpanel")
README = ROOT / "README.md"
PASSWORD = "secpanel-demo"
SETTINGS = "secpanel.config.settings.dev"  # DEBUG off; plain HTTP on loopback (no secure cookie)
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/secpanel_load"


# --- scratch databases ---------------------------------------------------------------------


def secpanel_env(url: str, var_dir: Path, settings: str = SETTINGS, **extra: str) -> dict[str, str]:
    """The environment of a `secpanel` process on database `url` with its own var/ (media)."""
    env = {k: v for k, v in os.environ.items() if k != "SECPANEL_FAULT"}
    env.update(
        DATABASE_URL=url,
        SECPANEL_VAR_DIR=str(var_dir),
        DJANGO_SETTINGS_MODULE=settings,
        PYTHONUNBUFFERED="1",
        **extra,
    )
    return env


def run_secpanel(
    args: Sequence[str], *, url: str, var_dir: Path, timeout: float = 600, **extra: str
) -> subprocess.CompletedProcess[str]:
    """Run `secpanel ARGS` to completion (or to its death) and return what happened."""
    return subprocess.run(
        [str(SECPANEL), *args],
        env=secpanel_env(url, var_dir, **extra),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@dataclasses.dataclass
class Database:
    """A scratch database: a SQLite file or a PostgreSQL database, named by its URL."""

    url: str

    @property
    def postgres(self) -> bool:
        return self.url.startswith(("postgres://", "postgresql://"))

    @property
    def vendor(self) -> str:
        return "PostgreSQL" if self.postgres else "SQLite"

    @property
    def name(self) -> str:
        return urllib.parse.urlsplit(self.url).path.lstrip("/")

    @property
    def path(self) -> Path:
        """The SQLite file."""
        return Path("/" + self.name)

    def with_name(self, name: str) -> Database:
        """Another database on the same PostgreSQL server."""
        parts = urllib.parse.urlsplit(self.url)
        return Database(urllib.parse.urlunsplit(parts._replace(path="/" + name)))

    def connect(self, maintenance: bool = False) -> Any:
        """A DB-API connection (autocommit), to this database or the server's `postgres`."""
        if not self.postgres:
            return sqlite3.connect(self.path, isolation_level=None)
        import psycopg

        url = self.with_name("postgres").url if maintenance else self.url
        return psycopg.connect(url, autocommit=True)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Rows of `sql`, with `%s` placeholders on either database."""
        conn = self.connect()
        try:
            if not self.postgres:
                sql = sql.replace("%s", "?")
            return list(conn.execute(sql, tuple(params)).fetchall())
        finally:
            conn.close()

    def copy_to(self, target: Database) -> Database:
        """A copy of this database (which nobody may be connected to) as `target`."""
        if self.postgres:
            conn = self.connect(maintenance=True)
            try:
                conn.execute(f'DROP DATABASE IF EXISTS "{target.name}"')
                conn.execute(f'CREATE DATABASE "{target.name}" TEMPLATE "{self.name}"')
            finally:
                conn.close()
        else:
            source, copy = sqlite3.connect(self.path), sqlite3.connect(target.path)
            try:
                source.backup(copy)
            finally:
                source.close()
                copy.close()
        return target

    def create(self) -> None:
        """An empty database (a PostgreSQL one; SQLite makes its file on first use)."""
        self.drop()
        if self.postgres:
            conn = self.connect(maintenance=True)
            try:
                conn.execute(f'CREATE DATABASE "{self.name}"')
            finally:
                conn.close()

    def drop(self) -> None:
        if self.postgres:
            conn = self.connect(maintenance=True)
            try:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            finally:
                conn.close()
        else:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)


_WORK: Path | None = None
_TEMPLATES: dict[str, Database] = {}
_SCRATCH: list[Database] = []
_COUNTER = itertools.count(1)


def _work() -> Path:
    global _WORK
    if _WORK is None:
        _WORK = Path(tempfile.mkdtemp(prefix="secpanel-load-"))
    return _WORK


@atexit.register
def _clean_up() -> None:
    for db in [*_SCRATCH, *_TEMPLATES.values()]:
        try:
            db.drop()
        except Exception as exc:  # best effort at exit: say so and go on
            print(f"could not drop scratch database {db.url}: {exc}", file=sys.stderr)
    if _WORK is not None:
        shutil.rmtree(_WORK, ignore_errors=True)


def server_url(database_url: str | None) -> str:
    """Where scratch databases go: a PostgreSQL URL's server, anything else SQLite."""
    if database_url and database_url.startswith(("postgres://", "postgresql://")):
        return database_url
    return "sqlite"


def _scratch(server: str, label: str) -> Database:
    if server == "sqlite":
        return Database(f"sqlite:///{_work() / f'{label}.sqlite3'}")
    base = Database(server).name or "secpanel"
    return Database(server).with_name(f"{base}_{label}_{os.getpid()}"[:63])


def migrated_template(database_url: str | None = None) -> Database:
    """An empty database with every migration applied (`secpanel migrate`), built once per
    process for the server of `database_url` (a PostgreSQL URL; anything else means SQLite)."""
    server = server_url(database_url)
    key = f"migrated:{server}"
    if key not in _TEMPLATES:
        db = _scratch(server, "migrated")
        db.create()
        _secpanel_ok(["migrate", "--noinput", "-v", "0"], db, _work() / "template-var")
        _TEMPLATES[key] = db
    return _TEMPLATES[key]


def demo_template(database_url: str | None = None) -> Database:
    """The demo database (`secpanel migrate` + `secpanel demo-data`), built once per process
    for the server of `database_url`, from a copy of `migrated_template()`."""
    server = server_url(database_url)
    if server not in _TEMPLATES:
        db = migrated_template(database_url).copy_to(_scratch(server, "demo"))
        _secpanel_ok(["demo-data"], db, _work() / "template-var")
        _TEMPLATES[server] = db
    return _TEMPLATES[server]


def _secpanel_ok(args: list[str], db: Database, var: Path) -> None:
    done = run_secpanel(args, url=db.url, var_dir=var)
    if done.returncode != 0:
        raise RuntimeError(f"secpanel {' '.join(args)} failed:\n{done.stderr[-3000:]}")


def scratch_copy(template: Database, label: str = "scratch") -> Database:
    """A fresh copy of `template` (a `demo_template()` or `migrated_template()`), dropped at
    exit (or by `drop()`)."""
    default = template.url if template.postgres else "sqlite"
    server = next((s for s, t in _TEMPLATES.items() if t == template), default)
    server = server.removeprefix("migrated:")
    db = template.copy_to(_scratch(server, f"{label}{next(_COUNTER)}"))
    _SCRATCH.append(db)
    return db


def var_dir(label: str) -> Path:
    """A new var/ directory (media) for one `secpanel` process."""
    path = _work() / f"var-{label}-{next(_COUNTER)}"
    path.mkdir()
    return path


# --- the server ----------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(db: Database, var: Path, workers: int = 2, settings: str = SETTINGS) -> Iterator[str]:
    """`secpanel serve` on a free loopback port, on `db`; yields its base URL."""
    port = _free_port()
    log = (var / "server.log").open("w")
    server = subprocess.Popen(
        [str(SECPANEL), "serve", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)],
        env=secpanel_env(db.url, var, settings),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                raise RuntimeError(
                    f"the server stopped: {(var / 'server.log').read_text()[-3000:]}"
                )
            try:
                if requests.get(f"{base}/", timeout=30).status_code == 200:
                    break
            except (requests.ConnectionError, requests.Timeout):
                pass  # not listening yet, or its first page still warming up on a busy machine
            if time.monotonic() > deadline:
                raise RuntimeError("the server did not answer within 60 s")
            time.sleep(0.2)
        yield base
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGINT)  # gunicorn's quick stop: nothing is in flight
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
        log.close()


# --- pages and forms -----------------------------------------------------------------------


class _Forms(html.parser.HTMLParser):
    """Every POST form of a page: its action and the fields a browser would send."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, Any]] = []
        self._form: dict[str, Any] | None = None
        self._select: tuple[str, bool, list[str], list[str]] | None = None
        self._textarea: str | None = None
        self._text: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag == "form":
            self._form = {"action": a.get("action", ""), "method": a.get("method", "get").lower()}
            self._form["fields"] = []
            self._form["options"] = {}
            self.forms.append(self._form)
        if self._form is None or (not a.get("name") and tag != "option"):
            return
        fields: list[tuple[str, str]] = self._form["fields"]
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            fields.append((a["name"], a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "textarea":
            self._textarea, self._text = a["name"], []
        elif tag == "select":
            self._select = (a["name"], "multiple" in a, [], [])
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            self._select[3].append(value)
            if "selected" in a:
                self._select[2].append(value)

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._form is None:
            return
        fields: list[tuple[str, str]] = self._form["fields"]
        if tag == "textarea" and self._textarea is not None:
            text = "".join(self._text)
            fields.append((self._textarea, text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            name, multiple, chosen, options = self._select
            self._form["options"][name] = options
            if not chosen and not multiple and options:
                chosen = options[:1]  # a browser sends the first option
            fields.extend((name, value) for value in chosen)
            self._select = None
        elif tag == "form":
            self._form = None


def page_forms(body: str) -> tuple[list[dict[str, Any]], list[str]]:
    parser = _Forms()
    parser.feed(body)
    return [f for f in parser.forms if f["method"] == "post"], parser.links


def form_with(body: str, field: str) -> dict[str, Any]:
    """The page's POST form that has `field`: its `fields` (name, value) as a browser would
    send them and the `options` of each select."""
    forms, _ = page_forms(body)
    for form in forms:
        if any(name == field for name, _ in form["fields"]):
            return form
    raise LookupError(f"no form with a '{field}' field on the page")


def replace(fields: list[tuple[str, str]], **values: str) -> list[tuple[str, str]]:
    out = [(n, v) for n, v in fields if n not in values]
    return out + list(values.items())


def _csrf(body: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if match is None:
        raise LookupError("no CSRF token on the page")
    return match.group(1)


def totp_code(db: Database, username: str, at: float | None = None) -> str:
    """The current TOTP code of `username` (RFC 6238 as allauth computes it: HMAC-SHA1, 30 s,
    6 digits; what `secpanel demo-totp` prints), from their authenticator's secret in `db`."""
    rows = db.query(
        "SELECT a.data FROM mfa_authenticator a JOIN accounts_user u ON u.id = a.user_id "
        "WHERE u.username = %s AND a.type = 'totp'",
        [username],
    )
    if not rows:
        raise LookupError(f"{username} has no authenticator app")
    data = json.loads(rows[0][0]) if isinstance(rows[0][0], str) else rows[0][0]
    secret = base64.b32decode(data["secret"], casefold=True)
    if at is None:
        left = 30 - time.time() % 30
        if left < 5:  # read it with time to spare: the server checks it a moment later
            time.sleep(left + 0.05)
    counter = int(time.time() if at is None else at) // 30
    digest = hmac.new(secret, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def sign_in(base: str, username: str, code: Any = None) -> requests.Session:
    """Sign in through allauth's form (and the TOTP step, `code()` giving the code)."""
    s = requests.Session()
    page = s.get(f"{base}/accounts/login/", timeout=60)
    r = s.post(
        f"{base}/accounts/login/",
        data={"login": username, "password": PASSWORD, "csrfmiddlewaretoken": _csrf(page.text)},
        timeout=60,
    )
    if "/accounts/2fa/authenticate" in r.url:
        if code is None:
            raise RuntimeError(f"{username} needs a TOTP code")
        r = s.post(r.url, data={"code": code(), "csrfmiddlewaretoken": _csrf(r.text)}, timeout=60)
    if "/accounts/" in urllib.parse.urlsplit(r.url).path:
        raise RuntimeError(f"sign-in as {username} failed at {r.url} ({r.status_code})")
    return s


SKIP = re.compile(r"/(accounts|admin|static|media|api)/|/(edit|new|download|step|terms)/|logout")


def discover(session: requests.Session, base: str, limit: int = 60) -> tuple[list[str], int]:
    """Pages a reader can read, found by following the links of the pages themselves from
    the home page (breadth first; no forms, downloads, admin or sign-in pages). Returns the
    paths and the number of server errors met on the way."""
    seen: list[str] = []
    queue = ["/"]
    errors = 0
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        r = session.get(base + path, timeout=60, allow_redirects=False)
        errors += r.status_code >= 500
        if r.status_code != 200 or "text/html" not in r.headers.get("content-type", ""):
            continue
        seen.append(path)
        for href in page_forms(r.text)[1]:
            parts = urllib.parse.urlsplit(urllib.parse.urljoin(base + path, href))
            if parts.netloc != urllib.parse.urlsplit(base).netloc or SKIP.search(parts.path):
                continue
            link = parts.path + (f"?{parts.query}" if parts.query else "")
            if link not in seen and link not in queue:
                queue.append(link)
    return seen, errors


# --- the run -------------------------------------------------------------------------------


@dataclasses.dataclass
class Edit:
    action: int
    value: str
    seen: str  # the `seen_version` the form carried: the action's updated_at it was opened at


@dataclasses.dataclass
class Outcome:
    """What one run did and what the database says about it."""

    vendor: str
    readers: int
    writers: int
    duration: float = 0.0
    latencies: list[float] = dataclasses.field(default_factory=list)
    reads: int = 0  # readers' page reads
    forms: int = 0  # writers' form pages
    writes: int = 0  # writers' saves (POST)
    edits: list[Edit] = dataclasses.field(default_factory=list)
    created: list[str] = dataclasses.field(default_factory=list)  # highlight headings
    conflicts: int = 0
    errors: list[str] = dataclasses.field(default_factory=list)
    missing: list[str] = dataclasses.field(default_factory=list)
    lost: list[str] = dataclasses.field(default_factory=list)
    lock: threading.Lock = dataclasses.field(default_factory=threading.Lock, repr=False)

    @property
    def total(self) -> int:
        return len(self.latencies)

    @property
    def acknowledged(self) -> int:
        return len(self.edits) + len(self.created)

    def percentile(self, p: float) -> float:
        if len(self.latencies) < 2:
            return self.latencies[0] if self.latencies else 0.0
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[int(p) - 1]

    def timed(self, fn: Any, *args: Any, **kwargs: Any) -> requests.Response | None:
        """One request, its latency kept; a connection error is an error, not a latency."""
        start = time.perf_counter()
        try:
            r: requests.Response = fn(*args, timeout=60, allow_redirects=False, **kwargs)
        except requests.RequestException as exc:
            with self.lock:
                self.errors.append(f"connection: {type(exc).__name__}: {exc}"[:300])
            return None
        with self.lock:
            self.latencies.append(time.perf_counter() - start)
        return r

    def error(self, what: str) -> None:
        with self.lock:
            self.errors.append(what[:300])

    def figures(self) -> dict[str, str]:
        rate = self.total / self.duration if self.duration else 0.0
        return {
            "database": self.vendor,
            "clients": f"{self.readers} readers, {self.writers} writers, {self.duration:.0f} s",
            "requests": f"{self.total:,} ({self.reads:,} page reads, {self.forms:,} form "
            f"pages, {self.writes:,} saves)",
            "req/s": f"{rate:.1f}",
            "p50 / p95 / p99": " / ".join(
                f"{self.percentile(p) * 1000:.0f} ms" for p in (50, 95, 99)
            ),
            "acknowledged writes": f"{self.acknowledged:,} ({len(self.edits):,} edits, "
            f"{len(self.created):,} creates)",
            "refused as conflicts": f"{self.conflicts:,}",
            "errors": f"{len(self.errors)}",
            "missing writes": f"{len(self.missing)}",
            "lost updates": f"{len(self.lost)}",
        }

    @property
    def ok(self) -> bool:
        return not (self.errors or self.missing or self.lost) and self.acknowledged > 0


def _reader(
    out: Outcome, base: str, session: requests.Session, pages: list[str], seed: int, until: float
) -> None:
    rng = random.Random(seed)
    while time.monotonic() < until:
        path = rng.choice(pages)
        r = out.timed(session.get, base + path)
        if r is None:
            continue
        with out.lock:
            out.reads += 1
        if r.status_code != 200:
            out.error(f"GET {path}: {r.status_code}")


CONFLICT = "after you opened it"


def _edit(out: Outcome, base: str, s: requests.Session, action: int, value: str) -> None:
    page = out.timed(s.get, f"{base}/actions/{action}/edit/")
    if page is None:
        return
    with out.lock:
        out.forms += 1
    if page.status_code != 200:
        out.error(f"GET /actions/{action}/edit/: {page.status_code}")
        return
    fields = form_with(page.text, "update")["fields"]
    seen = dict(fields).get("seen_version", "")
    if not seen:
        out.error(f"/actions/{action}/edit/: the form carries no seen_version")
        return
    data = replace(fields, update=value, reason=f"Load test: {value}")
    r = out.timed(s.post, f"{base}/actions/{action}/edit/", data=data)
    if r is None:
        return
    with out.lock:
        out.writes += 1
    if r.status_code in (302, 303):
        with out.lock:
            out.edits.append(Edit(action, value, seen))
    elif r.status_code == 200 and CONFLICT in r.text:
        with out.lock:
            out.conflicts += 1
    else:
        out.error(f"POST /actions/{action}/edit/: {r.status_code} {_form_errors(r.text)}")


def _create(out: Outcome, base: str, s: requests.Session, heading: str) -> None:
    page = out.timed(s.get, f"{base}/highlights/new/")
    if page is None:
        return
    with out.lock:
        out.forms += 1
    if page.status_code != 200:
        out.error(f"GET /highlights/new/: {page.status_code}")
        return
    form = form_with(page.text, "heading")
    bodies = [value for value in form["options"].get("owning_body", []) if value]
    if not bodies:
        out.error("/highlights/new/: no body offered")
        return
    data = replace(
        form["fields"],
        owning_body=bodies[len(heading) % len(bodies)],
        heading=heading,
        text=f"Recorded by the load test ({heading}).",
        period="2019-05-01",
        reason="Load test",
    )
    r = out.timed(s.post, f"{base}/highlights/new/", data=data)
    if r is None:
        return
    with out.lock:
        out.writes += 1
    if r.status_code in (302, 303):
        with out.lock:
            out.created.append(heading)
    else:
        out.error(f"POST /highlights/new/: {r.status_code} {_form_errors(r.text)}")


def _form_errors(body: str) -> str:
    found = re.findall(r'class="[^"]*(?:invalid-feedback|alert-danger)[^"]*"[^>]*>\s*([^<]+)', body)
    return "; ".join(t.strip() for t in found)[:200]


def _writer(
    out: Outcome,
    base: str,
    session: requests.Session,
    actions: list[int],
    n: int,
    run: str,
    until: float,
) -> None:
    rng = random.Random(1000 + n)
    for k in itertools.count(1):
        if time.monotonic() >= until:
            return
        if k % 4 == 0:
            _create(out, base, session, f"Load {run} writer {n} highlight {k}")
        else:
            _edit(out, base, session, rng.choice(actions), f"load {run} w{n} #{k}")


def _copy(session: requests.Session) -> requests.Session:
    s = requests.Session()
    s.cookies.update(session.cookies)
    return s


def _when(value: Any) -> datetime.datetime:
    """A stored `updated_at` (a datetime, or SQLite's text in UTC) or a form's ISO token."""
    if isinstance(value, datetime.datetime):
        when = value
    else:
        when = datetime.datetime.fromisoformat(str(value))
    return when if when.tzinfo else when.replace(tzinfo=datetime.UTC)


def verify(db: Database, out: Outcome) -> None:
    """Check the database for every acknowledged write, and for lost updates."""
    for heading in out.created:
        rows = db.query("SELECT id FROM meetings_highlight WHERE heading = %s", [heading])
        history = db.query(
            "SELECT history_id FROM meetings_historicalhighlight "
            "WHERE heading = %s AND history_type = '+'",
            [heading],
        )
        if len(rows) != 1 or len(history) != 1:
            out.missing.append(f"highlight '{heading}': {len(rows)} rows, {len(history)} history")
    by_action: dict[int, list[Edit]] = {}
    for edit in out.edits:
        by_action.setdefault(edit.action, []).append(edit)
    for action, edits in by_action.items():
        history = db.query(
            'SELECT history_id, "update", updated_at FROM meetings_historicalaction '
            "WHERE id = %s ORDER BY history_id",
            [action],
        )
        current = db.query('SELECT "update" FROM meetings_action WHERE id = %s', [action])
        if current and history and current[0][0] != history[-1][1]:
            out.lost.append(f"action {action}: the row is not its latest history")
        index = {value: i for i, (_, value, _) in enumerate(history)}
        for edit in edits:
            i = index.get(edit.value)
            if i is None or sum(1 for _, v, _ in history if v == edit.value) != 1:
                out.missing.append(f"action {action}: '{edit.value}' not once in its history")
                continue
            # stored in order: made on the version just before it, or it overwrote unseen work
            if i == 0 or _when(history[i - 1][2]) != _when(edit.seen):
                out.lost.append(
                    f"action {action}: '{edit.value}' was saved over a version it had not seen"
                )


def run_load(
    db: Database,
    *,
    readers: int,
    writers: int,
    duration: float,
    shared: int = 4,
    pages_per_role: int = 60,
) -> Outcome:
    """Serve `db` and load it for `duration` seconds; then check it. `shared` actions are
    edited by every writer (conflicts are the point); readers read up to `pages_per_role`
    pages each role can read."""
    out = Outcome(vendor=db.vendor, readers=readers, writers=writers)
    var = var_dir("serve")
    run = f"{int(time.time()) % 100000}"
    with serving(db, var) as base, ThreadPoolExecutor(4) as pool:
        signing_in = {
            "party": pool.submit(sign_in, base, "party"),
            "member": pool.submit(sign_in, base, "ssc.member"),
            "secretariat": pool.submit(sign_in, base, "secas", code=lambda: totp_code(db, "secas")),
        }
        roles = {"public": requests.Session()}
        roles.update({role: future.result() for role, future in signing_in.items()})
        secas = roles["secretariat"]
        finding = {
            role: pool.submit(discover, session, base, pages_per_role)
            for role, session in roles.items()
        }
        pages: dict[str, list[str]] = {}
        for role, future in finding.items():
            pages[role], errors = future.result()
            if errors:
                out.error(f"{errors} server errors while finding the {role}'s pages")
            if not pages[role]:
                raise RuntimeError(f"no page for the {role} to read")
        listed = secas.get(f"{base}/actions/", timeout=60).text
        actions = sorted({int(pk) for pk in re.findall(r'href="/actions/(\d+)/"', listed)})
        if not actions:
            raise RuntimeError("no action for the writers to edit")
        actions = actions[:shared]
        names = list(roles)
        start = time.monotonic()
        until = start + duration
        threads = [
            threading.Thread(
                target=_reader,
                args=(out, base, _copy(roles[names[i % 4]]), pages[names[i % 4]], i, until),
            )
            for i in range(readers)
        ] + [
            threading.Thread(target=_writer, args=(out, base, _copy(secas), actions, n, run, until))
            for n in range(writers)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        out.duration = time.monotonic() - start
    verify(db, out)
    return out


# --- the command ---------------------------------------------------------------------------


def report(out: Outcome) -> str:
    lines = [f"{key:>22}: {value}" for key, value in out.figures().items()]
    for kind, items in (("error", out.errors), ("missing", out.missing), ("lost", out.lost)):
        lines.extend(f"  {kind}: {item}" for item in items[:20])
    return "\n".join(lines)


def write_readme(outcomes: list[Outcome]) -> None:
    keys = list(outcomes[0].figures())
    table = [
        "| " + " | ".join(["measure", *(o.vendor for o in outcomes)]) + " |",
        "|---" * (len(outcomes) + 1) + "|",
        *(
            "| " + " | ".join([key, *(o.figures()[key] for o in outcomes)]) + " |"
            for key in keys[1:]
        ),
    ]
    text = README.read_text()
    new = re.sub(
        r"<!-- LOAD:START -->.*<!-- LOAD:END -->",
        "<!-- LOAD:START -->\n" + "\n".join(table) + "\n<!-- LOAD:END -->",
        text,
        flags=re.S,
    )
    if new == text and "<!-- LOAD:START -->" not in text:
        raise SystemExit("README.md has no LOAD markers")
    README.write_text(new)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else "")
    parser.add_argument("--readers", type=int, default=50)
    parser.add_argument("--writers", type=int, default=10)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds")
    parser.add_argument(
        "--database",
        action="append",
        help="sqlite, or a PostgreSQL URL naming the server (a scratch database is made next "
        "to the one it names, which is not touched); repeat for both. Default: sqlite, then "
        f"$LOAD_POSTGRES_URL or {DEFAULT_POSTGRES}.",
    )
    parser.add_argument("--readme", action="store_true", help="Write the figures to README.md.")
    args = parser.parse_args(argv)
    databases = args.database or ["sqlite", os.environ.get("LOAD_POSTGRES_URL", DEFAULT_POSTGRES)]
    outcomes = []
    for url in databases:
        print(f"building the demo database ({'SQLite' if url == 'sqlite' else url}) ...")
        db = scratch_copy(demo_template(url), "load")
        print(f"{args.readers} readers, {args.writers} writers, {args.duration:.0f} s ...")
        out = run_load(db, readers=args.readers, writers=args.writers, duration=args.duration)
        print(report(out))
        outcomes.append(out)
        db.drop()
    if args.readme:
        write_readme(outcomes)
    return 0 if all(o.ok for o in outcomes) else 1


if __name__ == "__main__":
    raise SystemExit(main())

"""A secpanel installation of the tests' own: a database (a SQLite file, or a scratch
PostgreSQL database on the configured server) and a var directory (MEDIA_ROOT is its media/),
driven through real `secpanel` processes (`.venv/bin/secpanel`, dev settings). The demo itself
comes from `bench/load.py`'s `demo_template()` (built once per test process and server, shared
with the other fault tests), copied with `scratch_copy()`.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.conf import settings

BIN = Path(sys.executable).parent
SECPANEL = BIN / "secpanel"
CONFIGURED_VENDOR = (
    "postgresql" if "postgresql" in settings.DATABASES["default"]["ENGINE"] else "sqlite"
)

# Every table's rows (sorted, bytes as hex) and a digest of them, so two databases with the
# same rows give the same answer whatever order or file layout they keep them in; and, with
# `papers`, the issued files (recorded SHA-256, SHA-256 of the stored bytes) and whether each
# DOCX renders again to the same parts.
INSPECT = """
import hashlib, io, json, sys, zipfile
import django
django.setup()
from django.db import connection
tables = {}
with connection.cursor() as cursor:
    for table in sorted(connection.introspection.table_names(cursor)):
        cursor.execute("SELECT * FROM " + connection.ops.quote_name(table))
        rows = sorted(
            repr(tuple(bytes(v).hex() if isinstance(v, (bytes, memoryview)) else v for v in row))
            for row in cursor.fetchall()
        )
        tables[table] = [len(rows), hashlib.sha256("\\n".join(rows).encode()).hexdigest()]
out = {"tables": tables}
if sys.argv[1:] == ["papers"]:
    from secpanel.reports.models import IssuedFile
    from secpanel.reports.services import RENDERERS, documents_of

    def parts(blob):
        archive = zipfile.ZipFile(io.BytesIO(blob))
        return {name: archive.read(name) for name in archive.namelist()}

    files = IssuedFile.objects.unrestricted().order_by("filename")
    out["issued"] = [
        {"pk": f.pk, "filename": f.filename, "classification": int(f.classification),
         "sha256": f.sha256, "content_sha256": hashlib.sha256(bytes(f.content)).hexdigest()}
        for f in files
    ]
    out["docx_renders_the_same_parts"] = {
        f.filename: parts(bytes(f.content))
        == parts(RENDERERS["docx"](documents_of(f.version)[f.edition]))
        for f in files if f.format == "docx"
    }
print(json.dumps(out))
"""

# The demo leaves a draft May 2019 report and no uploaded file: issue and publish it (its PDF,
# DOCX and HTML stored with their SHA-256) and upload a paper version (a file in MEDIA_ROOT),
# through the services, as the Panel's secretariat.
PREPARE = """
import django
django.setup()
from django.core.files.base import ContentFile
from secpanel.accounts.models import User
from secpanel.meetings.models import Paper
from secpanel.meetings.services import paper_version_upload
from secpanel.reports.models import PanelReport
from secpanel.reports.services import report_transition
secas = User.objects.get(username="secas")
report = PanelReport.objects.unrestricted().get(reference="SECP_68_1005_16")
report_transition(actor=secas, report=report, name="issue", reason="Backup tests")
report_transition(actor=secas, report=report, name="publish", reason="Backup tests")
paper = Paper.objects.unrestricted().order_by("pk").first()
paper_version_upload(
    actor=secas, paper=paper, file=ContentFile(b"%PDF-1.4 paper " * 64, name="paper.pdf")
)
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pg_server() -> dict[str, str]:
    conf = settings.DATABASES["default"]
    return {
        "host": str(conf.get("HOST") or "127.0.0.1"),
        "port": str(conf.get("PORT") or 5432),
        "user": str(conf.get("USER") or "postgres"),
        "password": str(conf.get("PASSWORD") or ""),
    }


@dataclass
class Instance:
    """One installation: `root` is its SECPANEL_VAR_DIR (MEDIA_ROOT = root/media)."""

    vendor: str
    root: Path
    database_url: str
    pg_name: str = ""

    @classmethod
    def new(cls, vendor: str, root: Path, label: str) -> Instance:
        root.mkdir(parents=True, exist_ok=True)
        if vendor == "sqlite":
            return cls(vendor, root, f"sqlite:///{root / 'secpanel.sqlite3'}")
        pg = _pg_server()
        name = f"backup_{label}_{secrets.token_hex(4)}"
        subprocess.run(
            ["createdb", "-h", pg["host"], "-p", pg["port"], "-U", pg["user"], name],
            env={**os.environ, "PGPASSWORD": pg["password"]},
            check=True,
        )
        auth = quote(pg["user"]) + (f":{quote(pg['password'])}" if pg["password"] else "")
        url = f"postgres://{auth}@{pg['host']}:{pg['port']}/{name}"
        return cls(vendor, root, url, pg_name=name)

    def drop(self) -> None:
        if self.pg_name:
            pg = _pg_server()
            subprocess.run(
                [
                    *("dropdb", "--if-exists", "--force"),
                    *("-h", pg["host"], "-p", pg["port"], "-U", pg["user"]),
                    self.pg_name,
                ],
                env={**os.environ, "PGPASSWORD": pg["password"]},
                check=False,
            )

    @property
    def media_root(self) -> Path:
        return self.root / "media"

    @property
    def sqlite_path(self) -> Path:
        assert self.database_url.startswith("sqlite:///")
        return Path(self.database_url.removeprefix("sqlite://"))

    def env(self, fault: str = "") -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SECPANEL_", "DJANGO_"))}
        env |= {
            "DJANGO_SETTINGS_MODULE": "secpanel.config.settings.dev",
            "SECPANEL_VAR_DIR": str(self.root),
            "DATABASE_URL": self.database_url,
        }
        if fault:
            env["SECPANEL_FAULT"] = fault
        return env

    def run(
        self, *args: str, check: bool = True, fault: str = "", stdin: int | None = None
    ) -> subprocess.CompletedProcess[str]:
        """`secpanel ARGS` in this installation."""
        done = subprocess.run(
            [str(SECPANEL), *args],
            env=self.env(fault),
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL if stdin is None else stdin,
            timeout=300,
            check=False,
        )
        if check and done.returncode != 0:
            raise AssertionError(f"secpanel {' '.join(args)}: {done.returncode}\n{done.stderr}")
        return done

    def python(self, code: str, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-c", code, *args],
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def inspect(self, papers: bool = False) -> dict[str, Any]:
        """Every table's rows; with `papers`, the issued files too (see INSPECT)."""
        return dict(json.loads(self.python(INSPECT, *(["papers"] if papers else []))))

    def tables(self) -> dict[str, Any]:
        return dict(self.inspect()["tables"])

    def media(self) -> dict[str, str]:
        if not self.media_root.exists():
            return {}
        return {
            p.relative_to(self.media_root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(self.media_root.rglob("*"))
            if p.is_file()
        }

    def state(self) -> dict[str, object]:
        """What a restore must reproduce and a refused one must leave alone: every table's rows,
        every file in MEDIA_ROOT, and for SQLite the database file's own bytes."""
        state: dict[str, object] = {"tables": self.tables(), "media": self.media()}
        if self.vendor == "sqlite":  # read after `tables`, which opens it (and sets WAL mode)
            state["file"] = hashlib.sha256(self.sqlite_path.read_bytes()).hexdigest()
        return state

    def leftovers(self) -> list[str]:
        """Staging files a restore leaves beside the database or MEDIA_ROOT."""
        return sorted(
            p.name for p in self.root.iterdir() if ".restore-" in p.name or ".old-" in p.name
        )

    @contextlib.contextmanager
    def serving(self) -> Iterator[str]:
        """`secpanel serve` (gunicorn, one worker) on a free port; yields its base URL."""
        port = free_port()
        process = subprocess.Popen(
            [str(SECPANEL), "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
            env=self.env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while get(f"{base}/")[0] != 200:
                assert process.poll() is None, "secpanel serve exited"
                assert time.monotonic() < deadline, "secpanel serve did not answer"
                time.sleep(0.2)
            yield base
        finally:
            os.killpg(process.pid, signal.SIGTERM)  # the server and its worker, started here
            process.wait(timeout=30)


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return int(response.status), bytes(response.read())
    except urllib.error.HTTPError as exc:
        return int(exc.code), b""
    except OSError:
        return 0, b""


class Reader(threading.Thread):
    """GETs the given pages over and over until stopped, noting each answer and when."""

    def __init__(self, base: str, paths: list[str]) -> None:
        super().__init__(daemon=True)
        self.base = base
        self.paths = paths
        self.answers: list[tuple[float, str, int]] = []
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            for path in self.paths:
                status, _body = get(self.base + path)
                self.answers.append((time.monotonic(), path, status))

    def stop(self) -> None:
        self._stop_event.set()
        self.join(timeout=30)

    def between(self, start: float, end: float) -> list[tuple[float, str, int]]:
        return [a for a in self.answers if start <= a[0] <= end]

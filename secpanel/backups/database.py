"""The database half of a backup: a consistent snapshot while the site is serving, and its
restore. SQLite through its online backup API, PostgreSQL through pg_dump / pg_restore.

SQLite (docs/decisions/0013):
- backup: `sqlite3.Connection.backup` from a connection of our own to the configured file
  (or Django's connection, for an in-memory database) in one step, so the copy is one read
  transaction: every committed write before it, none after, whatever the web workers do
  meanwhile (WAL lets them carry on). The copy is switched to the rollback journal so it is one
  self-contained file, with no -wal or -shm beside it.
- restore: the backup's file is checked with `PRAGMA integrity_check` (opened immutable, so
  nothing is written beside it), then copied (its SHA-256 checked again) to a temporary file
  next to the target. An existing database is replaced with SQLite's backup API from that
  file into the live database: one write transaction, through SQLite's own locks and WAL, so
  a running server's connections see the old database or the new one, never a mix, and no
  stale -wal can be replayed over the new pages. A missing database is put in place with
  `os.replace` (after removing -wal/-shm/-journal files left without their database, which
  SQLite would otherwise apply to the new file).

PostgreSQL: `pg_dump --format=custom` (its own consistent snapshot: the one this module
exports, so the migration state in the manifest is read from the same snapshot), and
`pg_restore --clean --if-exists --no-owner --single-transaction` into the configured database.
Connection arguments come from `settings.DATABASES["default"]`, the password through
PGPASSWORD, never on the command line.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Mapping
from contextlib import closing
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader

from secpanel.backups.manifest import BackupError, FileEntry, copy_checked, fsync_dir

SQLITE = "sqlite"
POSTGRESQL = "postgresql"
SUPPORTED = (SQLITE, POSTGRESQL)
#: SQLite's files beside a database, which belong to that database only.
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


def vendor() -> str:
    """The configured database's vendor ("sqlite", "postgresql"); BackupError for others."""
    name = str(connection.vendor)
    if name not in SUPPORTED:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {name}.")
    return name


def settings_dict() -> Mapping[str, Any]:
    """The configured database's settings (the test database's, under the test runner)."""
    return dict(connection.settings_dict)


def describe() -> str:
    """The configured database, in words (for the restore's confirmation)."""
    conf = settings_dict()
    if vendor() == SQLITE:
        if _in_memory():
            return "the in-memory SQLite database"
        return f"the SQLite database {Path(str(conf['NAME'])).resolve()}"
    where = f"{conf.get('HOST') or 'localhost'}:{conf.get('PORT') or 5432}"
    return f"the PostgreSQL database {conf['NAME']} on {where}"


def refuse_open_transaction() -> None:
    if connection.in_atomic_block:
        raise BackupError(
            "A backup or restore cannot run inside a database transaction: its snapshot would "
            "wait for the transaction (SQLite) or not be the one the transaction sees."
        )


def _in_memory() -> bool:
    return bool(getattr(connection, "is_in_memory_db", lambda: False)())


def _latest(rows: list[tuple[Any, Any]]) -> dict[str, str]:
    """{app: latest applied migration} from (app, name) rows in the order they were applied."""
    latest: dict[str, str] = {}
    for app, name in rows:
        latest[str(app)] = str(name)
    return dict(sorted(latest.items()))


_MIGRATIONS_SQL = "SELECT app, name FROM django_migrations ORDER BY applied, id"


# --- backup ---------------------------------------------------------------------------------


def dump(target: Path) -> tuple[dict[str, str], str]:
    """Write a consistent snapshot of the configured database to `target`; return the latest
    applied migration per app, read from that same snapshot, and the server's version."""
    refuse_open_transaction()
    if vendor() == SQLITE:
        return _sqlite_dump(target), sqlite3.sqlite_version
    return _pg_dump(target)


def _sqlite_source() -> tuple[sqlite3.Connection, bool]:
    """A connection to read the snapshot from, and whether it is ours to close."""
    if _in_memory():
        # The test runner's in-memory database exists only in Django's connection.
        connection.ensure_connection()
        raw: sqlite3.Connection = connection.connection
        return raw, False
    path = Path(str(settings_dict()["NAME"])).resolve()
    if not path.is_file():
        raise BackupError(f"{path}: the configured SQLite database does not exist.")
    # mode=rw: never create an empty database where the configured one is missing.
    return sqlite3.connect(f"{path.as_uri()}?mode=rw", uri=True, timeout=20), True


def _sqlite_dump(target: Path) -> dict[str, str]:
    source, ours = _sqlite_source()
    try:
        with closing(sqlite3.connect(target)) as copy:
            source.backup(copy)  # pages=-1: the whole database in one step, one read snapshot
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            try:
                migrations = _latest(copy.execute(_MIGRATIONS_SQL).fetchall())
            except sqlite3.OperationalError:  # a database never migrated
                migrations = {}
    finally:
        if ours:
            source.close()
    for suffix in SQLITE_SIDE_FILES:
        if Path(f"{target}{suffix}").exists():  # pragma: no cover - SQLite removes them on close
            raise BackupError(f"{target.name}{suffix} left beside the copy; backup abandoned.")
    return migrations


def _pg_env_and_args(conf: Mapping[str, Any]) -> tuple[dict[str, str], list[str]]:
    """libpq's environment (PGPASSWORD, SSL options) and the connection arguments."""
    env = dict(os.environ)
    if conf.get("PASSWORD"):
        env["PGPASSWORD"] = str(conf["PASSWORD"])
    options = conf.get("OPTIONS") or {}
    for key, var in (
        ("sslmode", "PGSSLMODE"),
        ("sslrootcert", "PGSSLROOTCERT"),
        ("sslcert", "PGSSLCERT"),
        ("sslkey", "PGSSLKEY"),
    ):
        if options.get(key):
            env[var] = str(options[key])
    args = ["--no-password"]  # never wait for a password prompt
    if conf.get("HOST"):
        args += ["--host", str(conf["HOST"])]
    if conf.get("PORT"):
        args += ["--port", str(conf["PORT"])]
    if conf.get("USER"):
        args += ["--username", str(conf["USER"])]
    return env, args


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} is not installed: PostgreSQL backups need the PostgreSQL client tools "
            "(Debian: apt-get install postgresql-client), of the server's major version or newer."
        )
    return path


def _run(argv: list[str], env: Mapping[str, str], what: str) -> None:
    done = subprocess.run(argv, env=dict(env), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{what} failed (exit {done.returncode}): {done.stderr.strip()}")


def _pg_dump(target: Path) -> tuple[dict[str, str], str]:
    conf = settings_dict()
    env, args = _pg_env_and_args(conf)
    pg_dump = _tool("pg_dump")
    # One snapshot for both: the migration state is read in the transaction whose snapshot
    # pg_dump dumps (exported with pg_export_snapshot, alive while this transaction is open).
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
        snapshot, server_version = cursor.fetchone()
        try:
            cursor.execute(_MIGRATIONS_SQL)
            migrations = _latest(cursor.fetchall())
        except Exception:  # a database never migrated: the transaction is now aborted
            raise BackupError("The configured database has no django_migrations table.") from None
        _run(
            [
                pg_dump,
                *args,
                "--format=custom",
                f"--snapshot={snapshot}",
                f"--file={target}",
                f"--dbname={conf['NAME']}",
            ],
            env,
            "pg_dump",
        )
    return migrations, str(server_version)


# --- restore --------------------------------------------------------------------------------


def check_file(path: Path) -> None:
    """Is the backup's database file one this vendor can restore? Reads only: SQLite's
    integrity check on the file opened immutable (no side file is created in the backup),
    pg_restore's table of contents."""
    if vendor() == SQLITE:
        _sqlite_integrity(f"{path.resolve().as_uri()}?mode=ro&immutable=1", path.name)
    else:
        conf = settings_dict()
        env, _args = _pg_env_and_args(conf)
        _run([_tool("pg_restore"), "--list", str(path)], env, f"{path.name}: pg_restore --list")


def _sqlite_integrity(uri: str, name: str) -> None:
    try:
        with closing(sqlite3.connect(uri, uri=True)) as db:
            rows = db.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{name}: not a usable SQLite database ({exc}).") from exc
    if rows != [("ok",)]:
        found = "; ".join(str(r[0]) for r in rows[:5])
        raise BackupError(f"{name}: SQLite's integrity check failed: {found}")


class StagedDatabase:
    """The database of a backup, ready to be put in place (`apply`) or dropped (`discard`)."""

    def __init__(self, source: Path, entry: FileEntry) -> None:
        self.source = source
        self.entry = entry
        self.staged: Path | None = None
        if vendor() == SQLITE:
            self._stage_sqlite()

    def _target(self) -> Path | None:
        return None if _in_memory() else Path(str(settings_dict()["NAME"])).resolve()

    def _stage_sqlite(self) -> None:
        target = self._target()
        where = target.parent if target is not None else None
        if where is not None:
            where.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(
            prefix=f".{target.name if target else 'memory'}.restore-", dir=where
        )
        os.close(fd)
        self.staged = Path(name)
        try:  # the copy is the checked file (`check_file`): same size and SHA-256
            copy_checked(self.source, self.staged, self.entry)
        except BaseException:
            self.discard()
            raise

    def apply(self) -> None:
        """Replace the configured database with the backup's: all of it or none of it."""
        connection.close()  # this process holds nothing on the database while it is replaced
        if vendor() == POSTGRESQL:
            self._apply_pg()
            return
        assert self.staged is not None
        target = self._target()
        if target is None:
            connection.ensure_connection()
            with closing(sqlite3.connect(self.staged)) as source:
                source.backup(connection.connection)
        elif target.exists():
            with (
                closing(sqlite3.connect(self.staged)) as source,
                closing(
                    sqlite3.connect(f"{target.as_uri()}?mode=rw", uri=True, timeout=20)
                ) as live,
            ):
                # One write transaction on the live database, through its locks and WAL.
                source.backup(live)
                live.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # fold the WAL in, if no reader
        else:
            for suffix in SQLITE_SIDE_FILES:
                Path(f"{target}{suffix}").unlink(missing_ok=True)  # stale, without a database
            os.replace(self.staged, target)
            fsync_dir(target.parent)
        self.discard()

    def _apply_pg(self) -> None:
        conf = settings_dict()
        env, args = _pg_env_and_args(conf)
        _run(
            [
                _tool("pg_restore"),
                *args,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={conf['NAME']}",
                str(self.source),
            ],
            env,
            "pg_restore",
        )

    def discard(self) -> None:
        if self.staged is not None:
            self.staged.unlink(missing_ok=True)
            self.staged = None


# --- migrations ------------------------------------------------------------------------------


def migration_gaps(recorded: Mapping[str, str]) -> tuple[list[str], list[str]]:
    """Compare a backup's migration state with this code's migrations: (migrations the backup
    has that this code does not know: a backup of a newer secpanel; apps whose latest
    migration here is beyond the backup's: run `secpanel migrate` after restoring)."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    unknown = [
        f"{app}.{name}"
        for app, name in recorded.items()
        if app in loader.migrated_apps and (app, name) not in known
    ]
    behind = [
        f"{app} (backup: {recorded.get(app, 'none')}, this code: {leaf})"
        for app, leaf in sorted(loader.graph.leaf_nodes())
        if recorded.get(app) != leaf and f"{app}.{recorded.get(app)}" not in unknown
    ]
    return unknown, behind

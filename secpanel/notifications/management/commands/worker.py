"""`secpanel worker`: run the queued background tasks (e-mails) with the database backend.

A wrapper of django-tasks-db's `db_worker` on every queue. `--batch` runs what is queued and
stops (tests, cron); without it the worker waits for work until SIGINT or SIGTERM, finishing the
task in hand first."""

from __future__ import annotations

import signal
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Run queued background tasks (notification e-mails) until stopped, or once with --batch."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", action="store_true", help="Run what is queued, then stop.")
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Seconds between looks at an empty queue."
        )

    def handle(self, *args: Any, batch: bool, interval: float, **options: Any) -> None:
        # db_worker installs its own SIGINT/SIGTERM handlers (finish the task in hand, then
        # stop): put the caller's back afterwards (a test running the worker in-process)
        saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            self._run(batch=batch, interval=interval, verbosity=options.get("verbosity", 1))
        finally:
            for sig, handler in saved.items():
                signal.signal(sig, handler)

    def _run(self, *, batch: bool, interval: float, verbosity: int) -> None:
        call_command(
            "db_worker",
            queue_name="*",
            batch=batch,
            interval=interval,
            startup_delay=False,
            reload=False,
            verbosity=verbosity,
            stdout=self.stdout,
            stderr=self.stderr,
        )

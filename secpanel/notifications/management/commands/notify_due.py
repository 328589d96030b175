"""`secpanel notify-due`: the daily run of notifications (cron it once a day).

Enqueues the reminders (actions due today or overdue, consultations closing within a week),
the digests that are due and a pass over events not yet dispatched, for `secpanel worker` to
send; `--now` sends them in this process instead."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from secpanel.core.redreads import red_read_log
from secpanel.notifications import dispatch, tasks


class Command(BaseCommand):
    help = "Queue (or with --now send) today's reminders and the digests that are due."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", action="store_true", help="Send here instead of queueing.")
        parser.add_argument("--date", default="", help="The day to remind about (YYYY-MM-DD).")

    def handle(self, *args: Any, now: bool, date: str, **options: Any) -> None:
        try:
            day = datetime.date.fromisoformat(date) if date else None
        except ValueError as exc:
            raise CommandError(f"--date: {exc}") from exc
        if now:
            with red_read_log("notifications.notify_due"):
                sent = dispatch.run_all(day)
            self.stdout.write(", ".join(f"{k}: {v} sent" for k, v in sent.items()))
            return
        tasks.dispatch_events.enqueue()
        tasks.send_reminders.enqueue(day.isoformat() if day else "")
        tasks.send_digests.enqueue()
        self.stdout.write("Queued: events, reminders, digests (run `secpanel worker`).")

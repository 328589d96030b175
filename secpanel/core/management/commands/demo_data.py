"""Load the demo data: the SEC bodies, people for every role, and each app's records.

Each installed secpanel app may provide `demo.py` with `load(ctx: DemoContext) -> None`; they
run in INSTALLED_APPS order inside one transaction, so a failure leaves the database as it was.
"""

from __future__ import annotations

import importlib
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from secpanel.core.demo import DemoContext, demo_loaded


class Command(BaseCommand):
    help = "Create the demo bodies, accounts and records (April–May 2019, the seed's month)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--reset", action="store_true", help="Delete everything first.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["reset"]:
            from django.core.management import call_command

            call_command("flush", interactive=False, verbosity=0)
        elif demo_loaded():
            self.stdout.write("Demo data already present; use --reset to load it afresh.")
            return
        ctx = DemoContext()
        try:
            with transaction.atomic():
                for config in apps.get_app_configs():
                    if not config.name.startswith("secpanel."):
                        continue
                    try:
                        module = importlib.import_module(f"{config.name}.demo")
                    except ModuleNotFoundError as exc:
                        if exc.name != f"{config.name}.demo":
                            raise
                        continue
                    if not hasattr(module, "load"):
                        continue  # e.g. core.demo holds only shared helpers
                    module.load(ctx)
                    self.stdout.write(f"  loaded {config.label}")
        except Exception as exc:
            raise CommandError(f"Demo data failed, nothing was saved: {exc}") from exc
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))

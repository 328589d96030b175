"""Django's dumpdata, refused unless --raw (secpanel.backups.raw)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser
from django.core.management.commands import dumpdata

from secpanel.backups.raw import add_raw_argument, refuse_unless_raw


class Command(dumpdata.Command):
    help = (
        "Refused: use `secpanel export` or `secpanel backup`. With --raw, " + dumpdata.Command.help
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        add_raw_argument(parser, "dumpdata")

    def handle(self, *app_labels: Any, **options: Any) -> Any:
        refuse_unless_raw("dumpdata", options)
        return super().handle(*app_labels, **options)

"""Django's loaddata, refused unless --raw (secpanel.backups.raw)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser
from django.core.management.commands import loaddata

from secpanel.backups.raw import add_raw_argument, refuse_unless_raw


class Command(loaddata.Command):
    help = (
        "Refused: use `secpanel import` or `secpanel restore`. With --raw, " + loaddata.Command.help
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        add_raw_argument(parser, "loaddata")

    def handle(self, *fixture_labels: Any, **options: Any) -> Any:
        refuse_unless_raw("loaddata", options)
        return super().handle(*fixture_labels, **options)

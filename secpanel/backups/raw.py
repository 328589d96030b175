"""Django's dumpdata and loaddata read and write every row around classification, services,
history and the audit log: secpanel refuses them unless they are asked for by name (--raw)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

SAFE_PATHS = (
    "Use `secpanel export` / `secpanel import` for records (classified, through the services, "
    "audited) or `secpanel backup` / `secpanel restore` for the whole system (database and "
    "files, checked by SHA-256)."
)


def add_raw_argument(parser: CommandParser, what: str) -> None:
    parser.add_argument(
        "--raw",
        action="store_true",
        help=f"Run Django's own {what} (developers' fixtures, debugging migrations): it "
        "bypasses classification and the services and carries RED records in clear.",
    )


def refuse_unless_raw(command: str, options: dict[str, Any]) -> None:
    if not options.get("raw"):
        raise CommandError(
            f"`secpanel {command}` bypasses classification, the services and the audit log, and "
            f"carries RED records in clear; refused. {SAFE_PATHS} Pass --raw for Django's own "
            f"{command} (developers' fixtures, debugging migrations)."
        )

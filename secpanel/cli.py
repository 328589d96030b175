"""The `secpanel` command line: Django's management commands plus `serve`.

secpanel serve [--bind 127.0.0.1:8000] [--workers 2]
secpanel demo-data [--reset]
secpanel migrate | createsuperuser | ...   (any manage.py command; dashes become underscores)
"""

from __future__ import annotations

import os
import sys


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "secpanel.config.settings.dev")


def serve(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="secpanel serve")
    parser.add_argument("--bind", default=os.environ.get("SECPANEL_BIND", "127.0.0.1:8000"))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2")))
    args = parser.parse_args(argv)
    _setup()
    os.execvp(
        sys.executable,
        [
            sys.executable,
            "-m",
            "gunicorn",
            "secpanel.config.wsgi:application",
            "--bind",
            args.bind,
            "--workers",
            str(args.workers),
            "--access-logfile",
            "-",
            "--timeout",
            "60",
        ],
    )
    return 0  # pragma: no cover - execvp does not return


def main() -> int:
    argv = sys.argv[1:]
    if argv and argv[0] == "serve":
        return serve(argv[1:])
    _setup()
    from django.core.management import execute_from_command_line

    if argv and not argv[0].startswith("-"):
        argv[0] = argv[0].replace("-", "_")
    execute_from_command_line(["secpanel", *argv])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

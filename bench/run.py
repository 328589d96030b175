"""secpanel benchmarks (`make bench`): figures are written into README.md between the
BENCH markers. Runs against a throwaway SQLite database under var/bench/."""

from __future__ import annotations

import os
import re
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "bench"
shutil.rmtree(WORK, ignore_errors=True)
WORK.mkdir(parents=True)
os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'bench.sqlite3'}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "secpanel.config.settings.dev")
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

ROWS = int(os.environ.get("BENCH_ROWS", "20000"))


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def main() -> None:
    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("demo_data", verbosity=0)
    from secpanel.accounts.models import User
    from secpanel.bodies.models import Body
    from secpanel.core.classification import Classification
    from secpanel.meetings.models import Highlight
    from secpanel.reports.models import Edition, PanelReport
    from secpanel.reports.render.docx import render_docx
    from secpanel.reports.render.pdf import render_pdf
    from secpanel.reports.selectors import version_document

    bodies = list(Body.objects.all())
    levels = list(Classification)
    Highlight.objects.bulk_create(
        Highlight(
            owning_body=bodies[i % len(bodies)],
            classification=levels[i % 4],
            heading=f"Bench highlight {i}",
            text="Text",
            period=f"20{10 + i % 10}-0{1 + i % 9}-01",
        )
        for i in range(ROWS)
    )
    results: list[tuple[str, str]] = []
    for who in ("anonymous", "ssc.member", "panel.member"):
        client = Client()
        if who != "anonymous":
            client.force_login(User.objects.get(username=who))
        client.get("/highlights/")
        times = timed(lambda c=client: c.get("/highlights/"), 30)
        median = statistics.median(times)
        results.append(
            (
                f"Highlights list, {ROWS:,} rows, as {who}",
                f"{1 / median:.0f} req/s (median {median * 1000:.1f} ms, in-process)",
            )
        )
    report = PanelReport.objects.get(meeting__number=68)
    doc = version_document(report.latest_version(), Edition.PANEL)
    for name, fn in (("PDF (typst)", render_pdf), ("DOCX (python-docx)", render_docx)):
        fn(doc)
        times = timed(lambda f=fn: f(doc), 10)
        results.append(
            (
                f"Render the May 2019 Panel edition, {name}",
                f"{statistics.median(times) * 1000:.0f} ms median",
            )
        )
    from secpanel.reports.services import report_recompile

    times = timed(lambda: report_recompile(actor=report.author, report=report), 5)
    results.append(
        (
            "Compile the May 2019 report from the records",
            f"{statistics.median(times) * 1000:.0f} ms median",
        )
    )
    table = "| measure | result |\n|---|---|\n" + "\n".join(f"| {a} | {b} |" for a, b in results)
    print(table)
    readme = ROOT / "README.md"
    text = readme.read_text()
    block = f"<!-- BENCH:START -->\n{table}\n<!-- BENCH:END -->"
    text = re.sub(r"<!-- BENCH:START -->.*<!-- BENCH:END -->", block, text, flags=re.S)
    readme.write_text(text)


if __name__ == "__main__":
    main()

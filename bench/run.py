"""secpanel benchmarks (`make bench`): a decade of business served by the production server,
under real HTTP load, every figure beside its baseline from the same run.

    python bench/run.py [--records 1000000] [--database sqlite] [--database postgres://...]
                        [--seconds 5] [--readme] [--rebuild]

For each database (SQLite by default; a PostgreSQL URL names the server: the benchmark's
database is `secpanel_bench_<records>` on it, never the one the URL names):

1. **The data**: `secpanel migrate`, `secpanel demo-data` and `secpanel generate --scale
   <records>` (a deterministic decade of every register, `secpanel/generator`), built once and
   kept (SQLite: var/bench/decade-<records>.sqlite3) until `--rebuild`.
2. **Pages**: `secpanel serve` (gunicorn, 2 workers, DEBUG off) on a free loopback port; the
   public, a Party user (`party`), a body member (`ssc.member`) and a Panel member
   (`panel.member`) sign in through the login form, and `wrk` (one connection: sequential
   requests) measures p50/p95/p99 and requests/s of each page for each of them. The **floor**
   is the same page for the Panel member with classification switched off
   (`secpanel.config.settings.bench_floor`, a settings module only this benchmark uses).
   Then `wrk` with 16 connections measures a list page's throughput and errors, and the
   workers' resident memory is read from /proc.
3. **The paper**: compiling the seed's Panel paper (May 2019) from the records, and rendering both
   editions as HTML, PDF (typst) and DOCX, beside LibreOffice converting the same DOCX to PDF
   and typst compiling the same typst source without secpanel.
4. **Import**: a deterministic exchange file (a scratch copy of the demo plus `secpanel generate
   --years 8 --records 20000 --seed 1`, exported as `secas`: every register) loaded by `secpanel
   import` into an empty migrated scratch database, as a real process, beside Django's `loaddata
   --raw` writing the same registers' rows without checks, services, history or audit.

With `--readme` the figures go into README.md between the BENCH markers (one block per
database, with the machine they came from): the databases measured replace their own blocks,
the others' stay as they were (each block is dated).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load import (  # bench/ is not a package
    README,
    ROOT,
    Database,
    demo_template,
    migrated_template,
    run_secpanel,
    scratch_copy,
    serving,
    sign_in,
)

WORK = ROOT / "var" / "bench"
ROLES = ("anonymous", "party", "ssc.member", "panel.member")
FLOOR_SETTINGS = "secpanel.config.settings.bench_floor"
LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK {"p50": %d, "p95": %d, "p99": %d, "requests": %d, "seconds": %f, '
    .. '"errors": %d, "status_errors": %d}\\n',
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    summary.requests, summary.duration / 1e6,
    e.connect + e.read + e.write + e.timeout, e.status))
end
"""


# --- the data ------------------------------------------------------------------------------


def decade(server: str, records: int, rebuild: bool) -> Database:
    """The benchmark's database: the demo plus `records` generated records, built once."""
    WORK.mkdir(parents=True, exist_ok=True)
    if server == "sqlite":
        db = Database(f"sqlite:///{WORK / f'decade-{records}.sqlite3'}")
        marker = WORK / f"decade-{records}.complete"
    else:
        db = Database(server).with_name(f"secpanel_bench_{records}")
        marker = WORK / f"decade-{records}-postgres.complete"
    if marker.exists() and not rebuild:
        print(f"reusing {db.url} (--rebuild to build it again)", flush=True)
        done = run_secpanel(["migrate", "--noinput", "-v", "0"], url=db.url, var_dir=WORK)
        if done.returncode != 0:
            raise RuntimeError(f"secpanel migrate failed:\n{done.stderr[-3000:]}")
        if db.postgres:  # a database built before `generate` gathered statistics itself
            import psycopg

            with psycopg.connect(db.url, autocommit=True) as conn:
                conn.execute("ANALYZE")
        return db
    marker.unlink(missing_ok=True)
    db.create()
    var = WORK / "build-var"
    var.mkdir(exist_ok=True)
    steps = (
        ["migrate", "--noinput", "-v", "0"],
        ["demo-data"],
        ["generate", "--scale", str(records), "--progress", "on"],
    )
    for args in steps:
        print(f"{db.vendor}: secpanel {' '.join(args)}", flush=True)
        start = time.perf_counter()
        done = run_secpanel(args, url=db.url, var_dir=var, timeout=6 * 3600)
        if done.returncode != 0:
            raise RuntimeError(f"secpanel {' '.join(args)} failed:\n{done.stderr[-3000:]}")
        print(f"  {time.perf_counter() - start:.0f} s", flush=True)
    marker.write_text(time.strftime("%Y-%m-%d %H:%M:%S\n"))
    return db


# --- wrk -----------------------------------------------------------------------------------


@dataclasses.dataclass
class Figures:
    p50: float  # milliseconds
    p95: float
    p99: float
    rps: float
    requests: int
    errors: int

    def cell(self) -> str:
        if not self.requests:
            return "no answer within the run"
        return f"{self.p50:.0f} / {self.p95:.0f} / {self.p99:.0f} ms · {self.rps:.0f}/s"


def wrk(url: str, cookie: str, seconds: float, connections: int = 1) -> Figures:
    """`wrk` against `url`: latency percentiles, requests/s and errors (any connection error
    or any status other than 2xx/3xx)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA)
    try:
        args = ["wrk", "-t", str(min(connections, 2)), "-c", str(connections)]
        args += ["-d", f"{max(1, round(seconds))}s", "--timeout", "30s", "-s", script.name]
        if cookie:
            args += ["-H", f"Cookie: {cookie}"]
        out = subprocess.run([*args, url], capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(script.name)
    line = next(x for x in out.splitlines() if x.startswith("WRK "))
    got = json.loads(line[4:])
    return Figures(
        p50=got["p50"] / 1000,
        p95=got["p95"] / 1000,
        p99=got["p99"] / 1000,
        rps=got["requests"] / got["seconds"],
        requests=got["requests"],
        errors=got["errors"] + got["status_errors"],
    )


def cookies_of(base: str, role: str) -> str:
    if role == "anonymous":
        return ""
    session = sign_in(base, role)
    return "; ".join(f"{c.name}={c.value}" for c in session.cookies)


def pages(db: Database) -> list[tuple[str, str]]:
    """(label, path) of the pages measured: lists, a deep page, details, home, search."""
    white = db.query(
        "SELECT id FROM meetings_highlight WHERE classification = 1 ORDER BY id DESC LIMIT 1"
    )[0][0]
    decision = db.query(
        "SELECT id FROM meetings_decision WHERE classification = 1 ORDER BY id DESC LIMIT 1"
    )[0][0]
    return [
        ("home `/`", "/"),
        ("highlights list", "/highlights/"),
        ("highlights list, page 2,000", "/highlights/?page=2000"),
        ("decisions list", "/decisions/"),
        ("actions list", "/actions/"),
        ("modifications register", "/modifications/"),
        ("a highlight", f"/highlights/{white}/"),
        ("a decision", f"/decisions/{decision}/"),
        ("search `MP162` (a reference)", "/search/?q=MP162"),
        ("search `security` (a common word)", "/search/?q=security"),
    ]


def worker_rss_mb(base: str) -> list[float]:
    """Resident memory of the gunicorn processes serving `base` (the master and its workers
    share the command line), workers only: the master is the one whose parent is not one."""
    port = base.rsplit(":", 1)[1]
    procs: dict[int, tuple[int, float]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            status = (entry / "status").read_text()
        except OSError:
            continue
        if f"127.0.0.1:{port}" not in cmd:
            continue
        ppid = int(re.search(r"PPid:\s+(\d+)", status).group(1))  # type: ignore[union-attr]
        rss = re.search(r"VmRSS:\s+(\d+) kB", status)
        procs[int(entry.name)] = (ppid, int(rss.group(1)) / 1024 if rss else 0.0)
    return sorted(rss for ppid, rss in procs.values() if ppid in procs)


def measure_pages(db: Database, seconds: float) -> dict[str, object]:
    var = WORK / "serve-var"
    var.mkdir(exist_ok=True)
    listing = pages(db)
    table: dict[str, dict[str, Figures]] = {label: {} for label, _ in listing}
    result: dict[str, object] = {"pages": table}
    with serving(db, var) as base:
        for role in ROLES:
            cookie = cookies_of(base, role)
            for label, path in listing:
                wrk(base + path, cookie, 1)  # warm up
                table[label][role] = wrk(base + path, cookie, seconds)
                print(f"  {label:32} {role:13} {table[label][role].cell()}", flush=True)
        cookie = cookies_of(base, "ssc.member")
        load = wrk(base + "/highlights/", cookie, seconds * 2, connections=16)
        result["load"] = load
        result["rss"] = worker_rss_mb(base)
        print(f"  highlights under 16 connections: {load.cell()}, {load.errors} errors", flush=True)
    with serving(db, var, settings=FLOOR_SETTINGS) as base:
        cookie = cookies_of(base, "panel.member")
        for label, path in listing:
            wrk(base + path, cookie, 1)
            table[label]["floor"] = wrk(base + path, cookie, seconds)
            print(f"  {label:32} {'floor':13} {table[label]['floor'].cell()}", flush=True)
    return result


# --- the paper -----------------------------------------------------------------------------

PAPER_SCRIPT = r"""
import json, shutil, statistics, subprocess, sys, tempfile, time
from pathlib import Path
import django
django.setup()
import typst
from secpanel.reports.models import PanelReport
from secpanel.reports.render.docx import render_docx
from secpanel.reports.render.html import render_html
from secpanel.reports.render.pdf import FONTS, render_pdf, typst_source
from secpanel.reports.compiler import compile_report

def timed(fn, repeat):
    fn()
    out = []
    for _ in range(repeat):
        start = time.perf_counter(); fn(); out.append(time.perf_counter() - start)
    return statistics.median(out) * 1000

# the seed's paper (May 2019), the one the scale issue measured, among a decade of records
report = PanelReport.objects.unrestricted().get(meeting__number=68)
compile_ms = timed(lambda: compile_report(report, actor=report.author), 5)
public, panel, _left_out = compile_report(report, actor=report.author)
docs = [public, panel]
def render_all():
    for doc in docs:
        render_html(doc); render_pdf(doc); render_docx(doc)
render_ms = timed(render_all, 5)
tmp = Path(tempfile.mkdtemp())
docx = tmp / "paper.docx"
docx.write_bytes(render_docx(docs[1]))
source = typst_source(docs[1]).encode()
typst_ms = timed(lambda: typst.compile(source, font_paths=[str(FONTS)], ignore_system_fonts=True,
                                       format="pdf"), 5)
office = shutil.which("libreoffice") or shutil.which("soffice")
def convert():
    subprocess.run([office, "--headless", "--convert-to", "pdf", "--outdir", str(tmp), str(docx)],
                   check=True, capture_output=True)
office_ms = timed(convert, 3) if office else None
print("PAPER " + json.dumps({"reference": report.reference, "compile_ms": compile_ms,
      "render_ms": render_ms, "typst_ms": typst_ms, "libreoffice_ms": office_ms}))
"""


def measure_paper(db: Database) -> dict[str, Any]:
    var = WORK / "paper-var"
    var.mkdir(exist_ok=True)
    done = run_secpanel(["shell", "-c", PAPER_SCRIPT], url=db.url, var_dir=var, timeout=1800)
    line = next((x for x in done.stdout.splitlines() if x.startswith("PAPER ")), None)
    if line is None:
        raise RuntimeError(f"the paper measurement failed:\n{done.stderr[-3000:]}")
    return json.loads(line[6:])


# --- import --------------------------------------------------------------------------------

IMPORT_RECORDS = 20_000  # generated on top of the demo for the import's file
IMPORT_YEARS = 8  # a fixed span from the seed month, not "until today": the same file every run
IMPORT_TARGET = 10_000  # records/s (issue 16)
EXPORT_ONLY = ("reports.",)  # exported for the record, skipped by import (docs/import-format.md)


def _secpanel_timed(args: list[str], db: Database, var: Path) -> tuple[str, float]:
    """Run `secpanel ARGS` on `db` to completion: its standard output and wall-clock seconds
    (raises when it fails)."""
    start = time.perf_counter()
    done = run_secpanel(args, url=db.url, var_dir=var, timeout=3 * 3600)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"secpanel {' '.join(args[:2])} failed:\n{done.stderr[-3000:]}")
    return done.stdout, seconds


def startup_seconds(command: str, db: Database, var: Path, repeat: int = 3) -> float:
    """Median wall clock of `secpanel COMMAND --help`: Python, Django and the command loaded,
    nothing read or written. Subtracted from the timed runs, so a rate is the work's own."""
    return sorted(_secpanel_timed([command, "--help"], db, var)[1] for _ in range(repeat))[
        repeat // 2
    ]


def imported_rows(stdout: str) -> int:
    """The rows `secpanel import` loaded, from its summary ("Created N, M unchanged"): every
    row of the file but the export-only ones."""
    found = re.search(r"^Created (\d+), (\d+) unchanged", stdout, flags=re.M)
    if found is None:
        raise RuntimeError(f"secpanel import said no summary:\n{stdout[-3000:]}")
    return int(found.group(1)) + int(found.group(2))


def installed_rows(stdout: str) -> int:
    """The rows Django's loaddata wrote, from "Installed N object(s) from 1 fixture(s)"."""
    found = re.search(r"Installed (\d+) object\(s\)", stdout)
    if found is None:
        raise RuntimeError(f"secpanel loaddata said no summary:\n{stdout[-3000:]}")
    return int(found.group(1))


def first_of_each_key(document: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """`document` with every record whose model and natural key an earlier record already has
    left out, and how many were. The generator can write two records with one natural key (two
    highlights of one body, month and heading), which import refuses as the same record given
    twice; a reference is written as a key, so it still finds the first."""
    seen: set[str] = set()
    kept = []
    for record in document["records"]:
        key = json.dumps([record["model"], record["key"]], sort_keys=True)
        if key not in seen:
            seen.add(key)
            kept.append(record)
    return {**document, "records": kept}, len(document["records"]) - len(kept)


def measure_import(server: str, records: int = IMPORT_RECORDS) -> dict[str, object]:
    """`secpanel import` of a file of every register into an empty database, and Django's
    `loaddata --raw` of the same registers' rows beside it, on the server of `server` ("sqlite"
    or a PostgreSQL URL: scratch databases beside the one it names, dropped afterwards).

    The file: a scratch copy of the demo plus `secpanel generate --years 8 --records N --seed
    1`, exported as `secas` (the secretariat of every body: everything), less the records
    whose natural key an earlier one has (`first_of_each_key`: import would refuse the file).
    The baseline's fixture: `dumpdata --raw --all` of the same source database, for the models
    the file holds rows of (the importable ones). Each is loaded once into its own fresh copy of
    the migrated template (what import requires first); a rate is rows over wall clock less the
    command's start-up (`startup_seconds`)."""
    WORK.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="import-", dir=WORK))
    var = folder / "var"
    var.mkdir()
    try:
        source = scratch_copy(demo_template(server), "importsource")
        try:
            generate = ["generate", "--years", str(IMPORT_YEARS), "--records", str(records)]
            _secpanel_timed([*generate, "--seed", "1", "--progress", "off"], source, var)
            exchange = folder / "exchange.json"
            _secpanel_timed(["export", "--out", str(exchange), "--as", "secas"], source, var)
            document, repeated = first_of_each_key(json.loads(exchange.read_text("utf-8")))
            exchange.write_text(json.dumps(document), encoding="utf-8")
            counts = document["counts"]
            labels = [m for m, n in counts.items() if n and not m.startswith(EXPORT_ONLY)]
            fixture = folder / "fixture.json"
            # --all: Django's base managers, as classified managers refuse a read without a reader
            dump = ["dumpdata", "--raw", "--all", *labels, "--output", str(fixture)]
            _secpanel_timed(dump, source, var)
        finally:
            source.drop()
        target = scratch_copy(migrated_template(server), "importtarget")
        try:
            args = ["import", str(exchange), "--as", "secas", "--quiet"]
            out, seconds = _secpanel_timed(args, target, var)
            startup = startup_seconds("import", target, var)
            floor = scratch_copy(migrated_template(server), "importfloor")
            try:
                raw_out, raw_seconds = _secpanel_timed(
                    ["loaddata", "--raw", str(fixture)], floor, var
                )
                raw_startup = startup_seconds("loaddata", floor, var)
            finally:
                floor.drop()
        finally:
            target.drop()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    rows, raw_rows = imported_rows(out), installed_rows(raw_out)
    return {
        "generated": records,
        "file_rows": len(document["records"]),
        "repeated_keys_left_out": repeated,
        "records": rows,
        "seconds": seconds,
        "startup_seconds": startup,
        "records_per_s": rows / max(seconds - startup, 1e-9),
        "loaddata_rows": raw_rows,
        "loaddata_seconds": raw_seconds,
        "loaddata_startup_seconds": raw_startup,
        "loaddata_rows_per_s": raw_rows / max(raw_seconds - raw_startup, 1e-9),
    }


def import_row(imported: dict[str, object]) -> str:
    """The import's row of the measure | result | baseline table."""
    got = {k: float(v) for k, v in imported.items() if isinstance(v, int | float)}
    return (
        f"| import: `secpanel import` of {got['records']:,.0f} records (the demo and "
        f"{got['generated']:,.0f} generated, exported as secas; "
        f"{got.get('repeated_keys_left_out', 0):,.0f} with a key already given left out), "
        "into an empty database | "
        f"{got['records_per_s']:,.0f} records/s ({got['seconds'] - got['startup_seconds']:.1f} s; "
        f"start-up of {got['startup_seconds']:.1f} s left out) | target {IMPORT_TARGET:,} "
        f"records/s; Django's `loaddata --raw` of the same registers (no checks, services, "
        f"history or audit): {got['loaddata_rows_per_s']:,.0f} rows/s "
        f"({got['loaddata_rows']:,.0f} rows) |"
    )


# --- the report ----------------------------------------------------------------------------


def counts(db: Database) -> int:
    tables = [
        "meetings_highlight",
        "meetings_decision",
        "meetings_action",
        "meetings_meeting",
        "meetings_agendaitem",
        "modifications_modification",
        "documents_controlleddocument",
    ]
    return sum(db.query(f"SELECT COUNT(*) FROM {t}")[0][0] for t in tables)


def markdown(
    db: Database,
    records: int,
    got: dict[str, object],
    paper: dict[str, Any],
    imported: dict[str, object] | None = None,
) -> str:
    table = got["pages"]
    assert isinstance(table, dict)
    load = got["load"]
    assert isinstance(load, Figures)
    rss = got["rss"]
    assert isinstance(rss, list)
    head = "| page (p50 / p95 / p99, req/s, one connection) | " + " | ".join(ROLES)
    lines = [head + " | floor: classification off |", "|---" * (len(ROLES) + 2) + "|"]
    for label, by_role in table.items():
        cells = [by_role[r].cell() for r in (*ROLES, "floor")]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    errors = sum(f.errors for by_role in table.values() for f in by_role.values())
    office = paper["libreoffice_ms"]
    lines += [
        "",
        "| measure | result | baseline |",
        "|---|---|---|",
        f"| highlights list as ssc.member, 16 connections | {load.rps:.0f} req/s, p95 "
        f"{load.p95:.0f} ms, {load.errors} errors | floor above |",
        f"| errors over every page run | {errors} | 0 |",
        f"| the Panel paper {paper['reference']}: compile from the records | "
        f"{paper['compile_ms']:.0f} ms | |",
        f"| both editions rendered as HTML, PDF and DOCX | {paper['render_ms']:.0f} ms "
        f"(with the compile: {paper['compile_ms'] + paper['render_ms']:.0f} ms; target 500) | "
        f"typst alone on the same source (one edition): {paper['typst_ms']:.0f} ms; "
        + (f"LibreOffice, one DOCX to PDF: {office:.0f} ms |" if office else "no LibreOffice |"),
        f"| worker resident memory | {', '.join(f'{m:.0f} MB' for m in rss)} | 150 MB target |",
    ]
    if imported is not None:
        lines.append(import_row(imported))
    machine = f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}"
    when = time.strftime("%Y-%m-%d")
    title = (
        f"**{db.vendor}**, {records:,} generated records ({counts(db):,} rows in the main "
        f"registers), {machine}, {when}:"
    )
    return title + "\n\n" + "\n".join(lines)


def write_readme(blocks: list[str]) -> None:
    """The README's BENCH block with these databases' figures: a database measured now
    replaces its own block (each begins with its vendor in bold), the others' are kept."""
    text = README.read_text()
    found = re.search(r"<!-- BENCH:START -->\n(.*)\n<!-- BENCH:END -->", text, flags=re.S)
    kept: dict[str, str] = {}
    for old in re.split(r"\n(?=\*\*)", found.group(1)) if found else []:
        if old.startswith("**"):
            kept[old.split("**", 2)[1]] = old.strip()
    for new in blocks:
        kept[new.split("**", 2)[1]] = new.strip()
    block = "<!-- BENCH:START -->\n" + "\n\n".join(kept.values()) + "\n<!-- BENCH:END -->"
    README.write_text(re.sub(r"<!-- BENCH:START -->.*<!-- BENCH:END -->", block, text, flags=re.S))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--database", action="append", default=None)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--readme", action="store_true")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument(
        "--import-records",
        type=int,
        default=IMPORT_RECORDS,
        help="Records generated for the import's file (0: no import measure).",
    )
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        print("wrk is missing: `apt-get install wrk` (Debian's package)", file=sys.stderr)
        return 2
    blocks = []
    for server in args.database or ["sqlite"]:
        db = decade("sqlite" if server == "sqlite" else server, args.records, args.rebuild)
        print(f"{db.vendor}: pages", flush=True)
        got = measure_pages(db, args.seconds)
        print(f"{db.vendor}: the paper", flush=True)
        paper = measure_paper(db)
        imported = None
        if args.import_records:
            print(f"{db.vendor}: import", flush=True)
            imported = measure_import(server, args.import_records)
        table, load = got["pages"], got["load"]
        assert isinstance(table, dict) and isinstance(load, Figures)
        raw = {
            "pages": {
                k: {r: dataclasses.asdict(f) for r, f in v.items()} for k, v in table.items()
            },
            "load": dataclasses.asdict(load),
            "rss": got["rss"],
            "paper": paper,
            "import": imported,
        }
        (WORK / f"figures-{db.vendor.lower()}.json").write_text(json.dumps(raw, indent=1))
        blocks.append(markdown(db, args.records, got, paper, imported))
        print(blocks[-1], flush=True)
    if args.readme:
        write_readme(blocks)
    return 0


if __name__ == "__main__":
    sys.exit(main())

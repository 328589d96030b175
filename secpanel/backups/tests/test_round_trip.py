"""A backup taken while `secpanel serve` is answering restores, in a fresh installation, to the
same rows, the same files and the same papers (real processes throughout)."""

from __future__ import annotations

import hashlib
import json
import re
import time

from secpanel.backups.tests.instance import Reader, get

REFERENCE = "SECP_68_1005_16"


def test_a_backup_taken_while_serving_restores_to_the_same_rows_files_and_papers(
    source, target, tmp_path
):
    out = tmp_path / "backup"
    with source.serving() as base:
        reader = Reader(base, ["/", "/reports/published/"])
        reader.start()
        started = time.monotonic()
        done = source.run("backup", "--out", str(out))
        finished = time.monotonic()
        reader.stop()
    assert re.search(r"database\.(sqlite3|pgdump)\s+[\d,]+ bytes", done.stdout), done.stdout
    assert "media/  1 file," in done.stdout
    assert {status for _at, _path, status in reader.answers} == {200}
    assert reader.between(started, finished), "no page was read while the backup ran"
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["vendor"] == source.vendor
    assert manifest["migrations"]["reports"].startswith("00")

    target.run("restore", str(out), "--yes")

    # Every table has the same rows; MEDIA_ROOT has the same files.
    before, after = source.inspect(papers=True), target.inspect(papers=True)
    assert after["tables"] == before["tables"]
    assert after["tables"]["reports_issuedfile"][0] == 6  # two editions, three formats
    assert target.media() == source.media() != {}

    # The issued files' bytes are the ones recorded, as in the source.
    issued = after["issued"]
    assert [f["content_sha256"] for f in issued] == [f["sha256"] for f in issued]
    assert issued == before["issued"]
    recorded = {f["filename"]: f["sha256"] for f in issued}

    # Rendering the paper again from the restored records gives the same bytes, every format.
    rendered = target.run(
        "report",
        "--panel-meeting",
        "68",
        "--edition",
        "public,panel",
        "--format",
        "pdf,html,docx",
        "--out",
        str(tmp_path / "again"),
    )
    again = dict(re.findall(r"/([^/\s]+)\s+sha256=([0-9a-f]{64})", rendered.stdout))
    assert set(again) == {
        f"{REFERENCE}{s}.{x}" for s in ("", "_PANEL_RED") for x in ("pdf", "html", "docx")
    }
    assert again == {name: recorded[name] for name in again}
    # (and the parts of each DOCX, byte for byte: what the file-level check rests on)
    assert after["docx_renders_the_same_parts"] == {
        f"{REFERENCE}.docx": True,
        f"{REFERENCE}_PANEL_RED.docx": True,
    }

    # The restored installation serves, the published paper included.
    public_pdf = next(f for f in issued if f["filename"] == f"{REFERENCE}.pdf")
    with target.serving() as base:
        assert get(f"{base}/")[0] == 200
        status, body = get(f"{base}/reports/published/")
        assert status == 200
        assert REFERENCE.encode() in body
        status, body = get(f"{base}/reports/files/{public_pdf['pk']}/")
        assert status == 200
        assert hashlib.sha256(body).hexdigest() == public_pdf["sha256"]

"""`secpanel report` on the command line: the item number, recompiling, acting as any account,
readiness (`--check`), the wording list (`--phrases`), one edition when there is no Appendix A,
and errors that exit non-zero without telling whether a hidden report exists."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from secpanel.reports.models import PanelReport

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("report", *args, stdout=out)
    return out.getvalue()


def test_it_compiles_with_the_item_number_and_writes_one_edition_without_an_appendix(
    world, march_2020, tmp_path
):
    out = run(
        "--panel-meeting", "80", "--item", "12", "--edition", "public,panel",
        "--format", "html", "--out", str(tmp_path), "--as", "owner_secretariat",
    )  # fmt: skip
    report = PanelReport.objects.unrestricted().get(meeting=march_2020)
    assert report.item_number == 12 and report.reference == "SECP_80_1303_12"
    assert "no Appendix A this month" in out
    assert [p.name for p in tmp_path.iterdir()] == ["SECP_80_1303_12.html"]


def test_recompile_makes_a_new_version(world, march_2020, tmp_path):
    args = ["--panel-meeting", "80", "--format", "html", "--out", str(tmp_path)]
    run(*args, "--as", "owner_secretariat")
    run(*args, "--as", "owner_secretariat", "--recompile")
    report = PanelReport.objects.unrestricted().get(meeting=march_2020)
    assert list(report.versions.values_list("number", flat=True)) == [2, 1]


def test_a_hidden_report_is_answered_as_a_missing_one(world, march_2020, tmp_path):
    args = ["--panel-meeting", "80", "--format", "html", "--out", str(tmp_path)]
    # nobody has compiled meeting 80 yet: a Party's account is refused
    with pytest.raises(CommandError) as missing:
        run(*args, "--as", "party")
    run(*args, "--as", "owner_secretariat")  # now it exists (Amber, the Panel's)
    with pytest.raises(CommandError) as hidden:
        run(*args, "--as", "party")
    assert str(hidden.value) == str(missing.value)
    assert "SECP_80" not in str(hidden.value)
    with pytest.raises(CommandError, match="no Panel meeting 81"):
        run("--panel-meeting", "81")


def test_check_lists_what_to_settle_and_exits_non_zero(world, march_2020):
    run("--panel-meeting", "80", "--format", "html", "--as", "owner_secretariat", "--out", "/tmp")
    out = io.StringIO()
    with pytest.raises(CommandError, match="to settle before issuing"):
        call_command(
            "report", "--panel-meeting", "80", "--check", "--as", "owner_secretariat", stdout=out
        )
    text = out.getvalue()
    assert (
        "The TABASC meeting of 11 February 2020 has no minutes: the paper reports from "
        "unapproved records." in text
    )
    assert "above White and left out of the public edition" in text


def test_phrases_lists_every_generated_sentence():
    out = run("--phrases")
    assert "advice.suitable_for_pa  [default]" in out
    assert "meetings.will_meet  [default]" in out
    assert "assurance.statuses  [default]" in out

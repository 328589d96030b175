"""Django's dumpdata and loaddata are refused unless --raw: they carry RED records in clear and
write around classification, the services and the audit log."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from secpanel.backups.tests.instance import Instance
from secpanel.reports.models import NonWorkingDay


@pytest.mark.parametrize(("command", "args"), [("dumpdata", []), ("loaddata", ["fixture.json"])])
def test_the_raw_commands_refuse_on_the_command_line_and_name_the_safe_ones(
    command, args, tmp_path
):
    instance = Instance.new("sqlite", tmp_path, "raw")
    done = instance.run(command, *args, check=False)
    assert done.returncode == 1
    for safe in ("secpanel export", "secpanel import", "secpanel backup", "secpanel restore"):
        assert safe in done.stderr
    assert "--raw" in done.stderr
    assert "RED records in clear" in done.stderr
    assert done.stdout == ""
    assert not instance.sqlite_path.exists()  # refused before touching the database


def test_help_says_what_raw_is_for(tmp_path):
    done = Instance.new("sqlite", tmp_path, "raw").run("dumpdata", "--help")
    assert "--raw" in done.stdout
    assert "RED records in clear" in " ".join(done.stdout.split())


@pytest.mark.django_db
def test_call_command_refuses_too_unless_raw_is_passed(tmp_path):
    NonWorkingDay.objects.create(date=datetime.date(2031, 1, 1), name="New Year's Day")
    with pytest.raises(CommandError, match="secpanel backup"):
        call_command("dumpdata", "reports.nonworkingday")
    with pytest.raises(CommandError, match="secpanel import"):
        call_command("loaddata", str(tmp_path / "none.json"))

    out = io.StringIO()
    call_command("dumpdata", "reports.nonworkingday", raw=True, stdout=out)
    rows = json.loads(out.getvalue())
    assert [r["fields"]["name"] for r in rows] == ["New Year's Day"]

    fixture = tmp_path / "days.json"
    fixture.write_text(out.getvalue())
    NonWorkingDay.objects.all().delete()
    call_command("loaddata", str(fixture), raw=True, verbosity=0)
    assert list(NonWorkingDay.objects.values_list("name", flat=True)) == ["New Year's Day"]

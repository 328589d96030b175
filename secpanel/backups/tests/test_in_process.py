"""`backup` and `restore` through call_command on the test database itself (SQLite in memory,
or PostgreSQL), the way a developer's script would run them."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from secpanel.reports.models import NonWorkingDay


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_brings_back_the_rows_and_the_files(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media" / "papers").mkdir(parents=True)
    (tmp_path / "media" / "papers" / "kept.pdf").write_bytes(b"kept")
    NonWorkingDay.objects.create(date=datetime.date(2031, 1, 1), name="Kept")
    out = io.StringIO()
    call_command("backup", out=str(tmp_path / "b"), stdout=out)
    assert "media/  1 file, 4 bytes" in out.getvalue()

    NonWorkingDay.objects.create(date=datetime.date(2031, 1, 2), name="Added after")
    (tmp_path / "media" / "papers" / "kept.pdf").write_bytes(b"changed")
    (tmp_path / "media" / "papers" / "added.pdf").write_bytes(b"added")
    call_command("restore", str(tmp_path / "b"), yes=True, stdout=io.StringIO())

    assert list(NonWorkingDay.objects.values_list("name", flat=True)) == ["Kept"]
    files = sorted(p.name for p in (tmp_path / "media").rglob("*") if p.is_file())
    assert files == ["kept.pdf"]
    assert (tmp_path / "media" / "papers" / "kept.pdf").read_bytes() == b"kept"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b", "media"]  # nothing left behind


@pytest.mark.django_db(transaction=True)
def test_a_backup_inside_a_transaction_is_refused(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    with transaction.atomic(), pytest.raises(CommandError, match="inside a database transaction"):
        call_command("backup", out=str(tmp_path / "b"), stdout=io.StringIO())
    assert list(tmp_path.iterdir()) == []


@pytest.mark.django_db(transaction=True)
def test_a_backup_inside_media_root_is_refused(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media").mkdir()
    with pytest.raises(CommandError, match="inside MEDIA_ROOT"):
        call_command("backup", out=str(tmp_path / "media" / "b"), stdout=io.StringIO())
    with pytest.raises(CommandError, match="inside MEDIA_ROOT"):
        call_command("restore", str(tmp_path / "media" / "b"), yes=True, stdout=io.StringIO())
    assert list((tmp_path / "media").iterdir()) == []

"""A file store that cannot be written (unwritable, full, not a directory) is a clear error on
the upload form, and nothing is saved: no bytes, no version row, no history, no audit event.

The upload goes through the real page (`meetings:paper_version_create`) with the test client.
An unwritable directory is real (chmod) where the tests do not run as root; root writes
through any mode bits, so there the store's write is made to fail as the kernel would fail it.
"""

from __future__ import annotations

import datetime
import errno
import os
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from secpanel.core.models import AuditEvent
from secpanel.meetings import services
from secpanel.meetings.models import Paper, PaperVersion
from secpanel.meetings.services import paper_create, paper_version_upload

pytestmark = pytest.mark.django_db

CONTENT = b"%PDF-1.4 quarterly security report " * 2000  # 70 kB, written in several chunks
EVENT = "meetings.paper_version_uploaded"


def _message(reason: str) -> str:
    return f"The file store could not be written ({reason}); nothing was saved."


@pytest.fixture
def media(tmp_path: Path, settings: Any) -> Path:
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = root
    return root


@pytest.fixture
def paper(world: Any) -> Paper:
    return paper_create(
        actor=world.users["owner_secretariat"],
        owning_body=world.owner,
        title="Quarterly security report",
        date=datetime.date(2019, 5, 1),
    )


def _upload(world: Any, paper: Paper) -> Any:
    client = Client()
    client.force_login(world.users["owner_secretariat"])
    return client.post(
        reverse("meetings:paper_version_create", args=[paper.pk]),
        {
            "file": SimpleUploadedFile("security-report.pdf", CONTENT, "application/pdf"),
            "note": "For the May meeting",
        },
    )


def _files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _assert_no_rows(paper: Paper) -> None:
    assert not PaperVersion.objects.filter(paper=paper).exists()
    assert not PaperVersion.history.filter(paper_id=paper.pk).exists()
    assert not AuditEvent.objects.filter(kind=EVENT).exists()


def _assert_nothing_saved(paper: Paper, root: Path) -> None:
    _assert_no_rows(paper)
    assert _files(root) == []


def _assert_refused_on_the_file_field(response: Any, reason: str) -> None:
    assert response.status_code == 200  # the form again, with the error on its field
    assert response.context["form"].errors["file"] == [_message(reason)]
    assert _message(reason) in response.content.decode()


def test_a_writable_store_keeps_the_bytes_the_row_its_history_and_the_event(world, paper, media):
    response = _upload(world, paper)

    assert response.status_code == 302
    version = PaperVersion.objects.get(paper=paper)
    assert Path(version.file.path).read_bytes() == CONTENT
    assert _files(media) == [Path(version.file.path)]
    assert version.history.count() == 1
    assert AuditEvent.objects.filter(kind=EVENT).count() == 1


def test_an_unwritable_store_is_a_clear_error_on_the_file_and_saves_nothing(
    world, paper, media, monkeypatch
):
    if os.geteuid() == 0:

        def refuse(self: FileSystemStorage, name: str, content: Any) -> str:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), self.path(name))

        monkeypatch.setattr(FileSystemStorage, "_save", refuse)
    media.chmod(0o500)
    try:
        response = _upload(world, paper)
    finally:
        media.chmod(0o700)

    _assert_refused_on_the_file_field(response, "Permission denied")
    _assert_nothing_saved(paper, media)


def test_a_full_store_is_a_clear_error_and_the_partly_written_file_is_removed(
    world, paper, media, monkeypatch
):
    written: list[Path] = []

    def fill_up(self: FileSystemStorage, name: str, content: Any) -> str:
        path = Path(self.path(name))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(CONTENT[: len(CONTENT) // 2])  # the disk filled up half way
        written.append(path)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(FileSystemStorage, "_save", fill_up)
    response = _upload(world, paper)

    _assert_refused_on_the_file_field(response, "No space left on device")
    assert written and not written[0].exists()
    _assert_nothing_saved(paper, media)


def test_a_store_that_is_not_a_directory_is_a_clear_error_and_saves_nothing(
    world, paper, tmp_path, settings
):
    blocker = tmp_path / "media"
    blocker.write_bytes(b"a file where the media directory should be")
    settings.MEDIA_ROOT = blocker / "store"

    response = _upload(world, paper)

    _assert_refused_on_the_file_field(response, "Not a directory")
    _assert_no_rows(paper)
    assert _files(tmp_path) == [blocker]
    assert blocker.read_bytes() == b"a file where the media directory should be"


def test_bytes_stored_for_a_row_that_fails_to_save_are_removed(world, paper, media, monkeypatch):
    def broken(**kwargs: Any) -> None:
        raise RuntimeError("the audit log is unavailable")

    monkeypatch.setattr(services, "record_event", broken)
    with pytest.raises(RuntimeError):
        paper_version_upload(
            actor=world.users["owner_secretariat"],
            paper=paper,
            file=SimpleUploadedFile("security-report.pdf", CONTENT),
        )

    assert _files(media) == []
    assert not PaperVersion.objects.filter(paper=paper).exists()

"""RED reads are logged wherever RED content is rendered or leaves: list pages, a meeting's
page, the Panel edition preview, the CSV export, downloads — one event per page and reader,
naming every RED record read, never one per row."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from secpanel.core.classification import Classification
from secpanel.core.models import AuditEvent
from secpanel.core.redreads import red_read_log
from secpanel.meetings import services as meetings
from secpanel.meetings.models import Highlight

pytestmark = pytest.mark.django_db
R, A = Classification.RED, Classification.AMBER


def _highlights(world, n, level=R):
    return [
        meetings.highlight_create(
            actor=world.users["owner_secretariat"],
            owning_body=world.owner,
            classification=level,
            heading=f"Red canary {i}",
            text="T",
            period=datetime.date(2019, 4, 1),
        )
        for i in range(n)
    ]


def _reads():
    return list(AuditEvent.objects.filter(kind="classification.red_read").order_by("id"))


def test_a_list_page_logs_one_event_naming_every_red_row_it_showed(world):
    red = _highlights(world, 3)
    _highlights(world, 2, level=A)
    member = world.users["owner_member"]
    client = Client()
    client.force_login(member)
    assert client.get(reverse("meetings:highlight_list")).status_code == 200
    (event,) = _reads()
    assert event.actor == member
    assert sorted(event.after["records"]) == sorted(f"meetings.highlight:{h.pk}" for h in red)
    assert event.after["where"] == "GET " + reverse("meetings:highlight_list")


def test_a_page_without_red_rows_and_a_reader_without_red_write_nothing(world):
    _highlights(world, 2)
    client = Client()
    client.force_login(world.users["panel_member"])  # Amber of every body, no Red
    assert client.get(reverse("meetings:highlight_list")).status_code == 200
    client.get(reverse("meetings:highlight_list"))
    assert _reads() == []


def test_a_detail_page_names_its_record_as_the_subject(world):
    (red,) = _highlights(world, 1)
    client = Client()
    client.force_login(world.users["owner_member"])
    client.get(reverse("meetings:highlight_detail", args=[red.pk]))
    (event,) = _reads()
    assert event.subject_id == str(red.pk)


def test_the_csv_export_logs_the_red_modifications_it_wrote(world):
    from secpanel.modifications.services import modification_create

    mod = modification_create(
        actor=world.users["owner_secretariat"],
        reference="SECMP0999",
        title="Red modification",
        owning_body=world.owner,
        classification=R,
    )
    client = Client()
    client.force_login(world.users["owner_member"])
    response = client.get(reverse("modifications:export_csv"))
    assert "Red modification" in response.content.decode()
    (event,) = _reads()
    assert event.after["records"] == [f"modifications.modification:{mod.pk}"]


def test_reads_outside_a_request_are_logged_per_block_or_per_fetch(world):
    red = _highlights(world, 2)
    member = world.users["owner_member"]
    with red_read_log("export"):
        list(Highlight.objects.visible_to(member))
        list(Highlight.objects.visible_to(member).filter(pk=red[0].pk))
    (event,) = _reads()
    assert event.after["where"] == "export" and len(event.after["records"]) == 2
    list(Highlight.objects.visible_to(member))  # no log open: the fetch writes its own
    assert len(_reads()) == 2


def test_unrestricted_reads_by_services_are_not_reads_by_a_person(world):
    _highlights(world, 2)
    list(Highlight.objects.unrestricted())
    assert _reads() == []

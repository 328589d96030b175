"""Provenance as links (issue 15): in the paper preview each record a paragraph came from is a
link to its page for a reader who may read it, and "a record you cannot see" for anyone else
(no name, no address); the records left out of the public edition are listed the same way."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from secpanel.core.classification import Classification
from secpanel.reports.services import report_create
from secpanel.reports.templatetags.reports_paper import HIDDEN_SOURCE
from secpanel.reports.tests.test_composite_and_leaks import _person, _secretariat, harbour  # noqa: F401

pytestmark = pytest.mark.django_db


def _page(user, url) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _provenance(html: str) -> str:
    return " ".join(re.findall(r'<aside class="provenance[^>]*>(.*?)</aside>', html, re.S))


def test_a_source_the_reader_may_read_is_a_link_to_its_record(world, march_2020, harbour):  # noqa: F811
    report = report_create(actor=_secretariat(world), meeting=march_2020)
    outcome_url = reverse("core:record", args=["assurance", "assessmentoutcome", harbour.pk])
    secretariat = _provenance(_page(_secretariat(world), report.get_absolute_url()))
    assert f'href="{outcome_url}">an assessment outcome</a>' in secretariat
    assert HIDDEN_SOURCE not in secretariat
    # a Panel member reads the paper (Amber, the Panel's) but not the SSC's Red outcome
    member = _page(world.users["panel_member"], report.get_absolute_url())
    shown = _provenance(member)
    assert HIDDEN_SOURCE in shown and outcome_url not in member
    assert "Harbour" not in member
    # the link opens the record for the one, and is missing for the other
    client = Client()
    client.force_login(_secretariat(world))
    assert client.get(outcome_url)["Location"] == harbour.get_absolute_url()
    client.force_login(world.users["panel_member"])
    missing = reverse("core:record", args=["assurance", "assessmentoutcome", 999999])
    assert client.get(outcome_url).status_code == client.get(missing).status_code == 404


def test_records_left_out_are_linked_for_a_secretariat_who_may_read_them(
    world,
    march_2020,
    harbour,  # noqa: F811
):
    report = report_create(actor=_secretariat(world), meeting=march_2020)
    omitted = report.latest_version().omitted
    # the Red highlight and agenda item of the month, above White
    assert {o["model"] for o in omitted} == {"meetings.highlight", "meetings.agendaitem"}
    urls = [reverse("core:record", args=[*o["model"].split("."), o["pk"]]) for o in omitted]
    client = Client()
    client.force_login(_secretariat(world))
    response = client.get(report.get_absolute_url())
    html = response.content.decode()
    listed = html.split('data-testid="concern-records"', 1)[1].split("</ul>", 1)[0]
    assert all(url in listed for url in urls)
    assert ">a highlight</a>" in listed and ">an agenda item</a>" in listed  # named by kind
    assert response.context["page_classification"] == Classification.RED
    # the Panel's own secretariat, who does not run the SSC, is told how many, not which
    panel_sec = _person("panel.sec.only", (world.panel, "secretariat"), totp=True)
    theirs = _page(panel_sec, report.get_absolute_url())
    assert "left out of the public edition" in theirs
    assert not any(url in theirs for url in urls)
    assert 'data-testid="concern-records"' not in theirs

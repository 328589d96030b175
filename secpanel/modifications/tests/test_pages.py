"""Register pages: filters, pipeline counts, CSV, the timeline across bodies, and the
secretariat's forms."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse

from secpanel.core.citations import cite
from secpanel.core.classification import Classification
from secpanel.meetings.models import Highlight
from secpanel.modifications.models import EventKind, ModificationPath, ModificationStage
from secpanel.modifications.services import release_create

pytestmark = pytest.mark.django_db
S = ModificationStage


def _client(user=None):
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


@pytest.fixture
def register(make_mod, panel_secretariat):
    nov = release_create(actor=panel_secretariat, name="November 2019 SEC Release")
    return {
        "24": make_mod(stage=S.REFINEMENT),
        "55": make_mod(
            reference="SECMP0055",
            title="Incorporation of multiple Issue Resolution Proposals into the SEC",
            stage=S.REPORT_PHASE,
            target_release=nov,
        ),
        "63": make_mod(reference="SECMP0063", title="Withdrawn one", stage=S.WITHDRAWN),
        "amber": make_mod(
            reference="MP090",
            title="Amber one",
            stage=S.REFINEMENT,
            path=ModificationPath.PATH_2,
            level=Classification.AMBER,
        ),
    }


def test_filters_narrow_the_register_and_sorting_by_stage_follows_the_process(register):
    c = _client()
    url = reverse("modifications:modification_list")
    html = c.get(url + "?stage=refinement").content.decode()
    assert "SECMP0024" in html and "SECMP0055" not in html and "MP090" not in html
    html = c.get(url + "?release=november-2019-sec-release").content.decode()
    assert "SECMP0055" in html and "SECMP0024" not in html
    html = c.get(url + "?stage=open").content.decode()
    assert "SECMP0063" not in html and "SECMP0024" in html
    response = c.get(url + "?sort=stage")
    refs = [m.reference for m in response.context["object_list"]]
    assert refs == ["SECMP0024", "SECMP0055", "SECMP0063"]


def test_the_body_filter_finds_modifications_cited_by_a_bodys_records(world, register):
    highlight = Highlight.objects.create(
        owning_body=world.other,
        classification=Classification.WHITE,
        heading="Modifications Proposals support",
        text="Discussed.",
        period=datetime.date(2019, 4, 1),
    )
    cite(actor=None, source=highlight, target=register["55"])
    html = _client().get(reverse("modifications:modification_list") + "?body=tabasc").content
    assert b"SECMP0055" in html and b"SECMP0024" not in html


def test_the_pipeline_counts_only_what_the_viewer_may_read(world, register):
    url = reverse("modifications:pipeline")
    public = _client().get(url)
    counts = {row["stage"].value: row["count"] for row in public.context["rows"]}
    assert counts["refinement"] == 1 and public.context["total"] == 3
    member = _client(world.users["owner_member"]).get(url)
    counts = {row["stage"].value: row["count"] for row in member.context["rows"]}
    assert counts["refinement"] == 2 and member.context["total"] == 4
    assert '<svg class="pipeline-chart"' in member.content.decode()


def test_csv_export_has_the_visible_rows_with_the_filters(world, register):
    response = _client().get(reverse("modifications:export_csv") + "?stage=open")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["Reference", "Title", "Stage"]
    assert sorted(r[0] for r in rows[1:]) == ["SECMP0024", "SECMP0055"]
    member_rows = list(
        csv.reader(
            io.StringIO(
                _client(world.users["owner_member"])
                .get(reverse("modifications:export_csv"))
                .content.decode()
            )
        )
    )
    assert "MP090" in [r[0] for r in member_rows] and member_rows[1][-1] in {"White", "Amber"}


def test_the_timeline_merges_events_citations_and_mentions_across_bodies(world, register):
    mod = register["24"]
    ssc = Highlight.objects.create(
        owning_body=world.owner,
        classification=Classification.WHITE,
        heading="Change Items",
        text="An update was provided in relation to SECMP0024.",
        period=datetime.date(2019, 4, 1),
    )
    cite(actor=None, source=ssc, target=mod)
    Highlight.objects.create(  # only mentions it, not cited
        owning_body=world.other,
        classification=Classification.WHITE,
        heading="Modifications Proposals support",
        text="The TABASC discussed SECMP0024 business requirements.",
        period=datetime.date(2019, 4, 1),
    )
    Highlight.objects.create(  # hidden from the public
        owning_body=world.owner,
        classification=Classification.RED,
        heading="Secret SECMP0024 risk",
        text="SECMP0024 risk assessment.",
        period=datetime.date(2019, 4, 1),
    )
    url = reverse("modifications:modification_detail", args=["SECMP0024"])
    response = _client().get(url)
    html = response.content.decode()
    kinds = [(e.kind, e.how) for e in response.context["timeline"]]
    assert ("event", "event") in kinds
    assert ("highlight", "cited") in kinds and ("highlight", "mentioned") in kinds
    assert "Secret SECMP0024 risk" not in html
    assert [b.short_name for b in response.context["bodies"]] == ["SSC", "TABASC"]
    assert 'data-classification="WHITE"' in html
    member = _client(world.users["owner_member"]).get(url)
    assert "Secret SECMP0024 risk" in member.content.decode()
    assert 'data-classification="RED"' in member.content.decode()


def test_secretariat_sees_stage_buttons_and_others_do_not(world, register):
    url = reverse("modifications:modification_detail", args=["SECMP0024"])
    html = _client(world.users["owner_secretariat"]).get(url).content.decode()
    assert (
        reverse("modifications:modification_transition", args=["SECMP0024", "to_report_phase"])
        in html
    )
    html = _client(world.users["owner_member"]).get(url).content.decode()
    assert "/stage/" not in html
    transition = reverse("modifications:modification_transition", args=["SECMP0024", "withdraw"])
    assert _client(world.users["owner_member"]).get(transition).status_code == 403


def test_the_transition_form_records_the_change_and_shows_refusals(world, register):
    c = _client(world.users["owner_secretariat"])
    url = reverse("modifications:modification_transition", args=["SECMP0024", "to_report_phase"])
    response = c.post(url, {"reason": "WG concluded", "date": "2019-07-01"})
    assert response.status_code == 302
    mod = register["24"]
    mod.refresh_from_db()
    assert mod.stage == S.REPORT_PHASE
    again = c.post(url, {"reason": "twice"})
    assert "SECMP0024 is at Report Phase" in again.content.decode()
    missing = c.post(
        reverse("modifications:modification_transition", args=["SECMP0024", "to_change_board"]),
        {"reason": ""},
    )
    assert 'id="id_reason-error"' in missing.content.decode()


def test_the_reschedule_form_moves_the_date_with_a_reason(world, register):
    c = _client(world.users["owner_secretariat"])
    url = reverse("modifications:modification_reschedule", args=["SECMP0055"])
    response = c.post(
        url,
        {
            "target_release": register["55"].target_release_id,
            "implementation_date": "2019-11-07",
            "reason": "Agreed by TABASC in April 2019",
        },
    )
    assert response.status_code == 302
    event = register["55"].events.get(kind=EventKind.IMPLEMENTATION_DATE)
    assert event.to_value == "7 November 2019"


def test_secretariat_registers_a_modification_with_a_default_public_url(world):
    c = _client(world.users["owner_secretariat"])
    response = c.post(
        reverse("modifications:modification_create"),
        {
            "owning_body": world.owner.pk,
            "reference": "mp077",
            "title": "DCC Service Flagging",
            "path": ModificationPath.PATH_3,
            "classification": Classification.WHITE,
            "impacted": ["dcc", "large_suppliers"],
            "sec_sections": "Section H 'DCC Services'\n\n",
            "reason": "Raised by a Party",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    from secpanel.modifications.models import Modification

    mod = Modification.objects.unrestricted().get(reference="MP077")
    assert (
        mod.public_url == "https://smartenergycodecompany.co.uk/modifications/dcc-service-flagging"
    )
    assert mod.stage == S.DRAFT_PROPOSAL and mod.sec_sections == ["Section H 'DCC Services'"]
    assert response["Location"] == "/modifications/MP077/"


def test_a_bad_reference_is_refused_on_its_field(world):
    c = _client(world.users["owner_secretariat"])
    response = c.post(
        reverse("modifications:modification_create"),
        {
            "owning_body": world.owner.pk,
            "reference": "SECMP24",
            "title": "T",
            "path": ModificationPath.PATH_3,
            "classification": Classification.WHITE,
        },
    )
    assert 'id="id_reference-error"' in response.content.decode()


def test_release_page_lists_only_visible_modifications(world, register):
    url = reverse("modifications:release_detail", args=["november-2019-sec-release"])
    assert b"SECMP0055" in _client().get(url).content
    assert _client().get(reverse("modifications:release_list")).status_code == 200

"""Regression tests for issue 10's holes 4 (distribution edits), 7 (attaching records to
another body's records) and the membership write path."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from secpanel.core.classification import Classification
from secpanel.core.models import AuditEvent
from secpanel.core.policy import forget_access_profile
from secpanel.meetings import services as meetings
from secpanel.meetings.models import Highlight

pytestmark = pytest.mark.django_db
R = Classification.RED


def _red_highlight(world, recipient):
    return meetings.highlight_create(
        actor=world.users["owner_secretariat"],
        owning_body=world.owner,
        classification=R,
        heading="Red canary distribution",
        text="T",
        period=datetime.date(2019, 4, 1),
        distribution=[recipient],
    )


def test_removing_someone_from_a_red_distribution_on_the_page_stops_them_reading_it(world):
    recipient = world.users["red_recipient"]
    highlight = _red_highlight(world, recipient)
    url = reverse("meetings:highlight_detail", args=[highlight.pk])
    reader = Client()
    reader.force_login(recipient)
    assert reader.get(url).status_code == 200

    sec = Client()
    sec.force_login(world.users["owner_secretariat"])
    response = sec.post(
        reverse("meetings:highlight_edit", args=[highlight.pk]),
        {
            "owning_body": world.owner.pk,
            "classification": int(R),
            "heading": highlight.heading,
            "text": "T",
            "period": "2019-04-01",
            "position": highlight.position,
            "red_distribution": [],
            "reason": "Sent to her by mistake",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert list(highlight.red_distribution.all()) == []
    assert reader.get(url).status_code == 404
    event = AuditEvent.objects.get(kind="classification.distribution_changed")
    assert event.before == {"red_distribution": [recipient.pk]}
    assert event.after == {"red_distribution": []}
    assert event.reason == "Sent to her by mistake" and event.classification == R


def test_a_secretariat_cannot_attach_a_record_to_another_bodys_record(world):
    from secpanel.documents import services as documents

    scf = documents.document_create(
        actor=world.users["owner_secretariat"],
        owning_body=world.owner,
        title="Security Controls Framework",
        classification=Classification.WHITE,
    )
    other_sec = world.users["other_body_secretariat"]
    with pytest.raises(ValidationError) as exc:
        documents.version_create(
            actor=other_sec,
            owning_body=world.other,
            document=scf,
            version="9.9",
            classification=Classification.WHITE,
        )
    assert "document" in exc.value.message_dict
    # its own secretariat may
    documents.version_create(
        actor=world.users["owner_secretariat"],
        owning_body=world.owner,
        document=scf,
        version="1.16",
        classification=Classification.WHITE,
    )


def test_the_error_for_a_hidden_parent_is_the_same_as_for_a_foreign_one(world):
    from secpanel.documents import services as documents

    red = documents.document_create(
        actor=world.users["owner_secretariat"],
        owning_body=world.owner,
        title="Red procedures",
        classification=R,
    )
    white = documents.document_create(
        actor=world.users["owner_secretariat"],
        owning_body=world.owner,
        title="White procedures",
        classification=Classification.WHITE,
    )
    messages = []
    for document in (red, white):
        with pytest.raises(ValidationError) as exc:
            documents.version_create(
                actor=world.users["other_body_secretariat"],
                owning_body=world.other,
                document=document,
                version="1",
                classification=Classification.WHITE,
            )
        messages.append(exc.value.message_dict)
    assert messages[0] == messages[1]


def test_a_release_is_changed_only_by_the_panels_secretariat(world):
    from secpanel.modifications.services import release_create

    with pytest.raises(PermissionDenied):
        release_create(actor=world.users["other_body_secretariat"], name="Rogue release")


def test_only_the_bodys_secretariat_changes_its_memberships_with_a_reason(world):
    from secpanel.bodies.services import membership_add

    admin = world.users["administrator"]
    with pytest.raises(PermissionDenied):
        membership_add(
            actor=admin, user=admin, body=world.owner, role="member", reason="I want to read"
        )
    with pytest.raises(ValidationError):
        membership_add(
            actor=world.users["owner_secretariat"],
            user=world.users["party"],
            body=world.owner,
            role="observer",
        )
    membership_add(
        actor=world.users["owner_secretariat"],
        user=world.users["party"],
        body=world.owner,
        role="observer",
        reason="Invited to observe",
    )
    assert AuditEvent.objects.filter(kind="bodies.membership_added").count() == 1
    forget_access_profile(world.users["party"])
    assert Highlight.objects.visible_to(world.users["party"]).count() == 0


def test_the_membership_command_needs_a_reason_and_is_audited(world):
    with pytest.raises(CommandError):
        call_command("membership", "add", "party", world.owner.code, "observer")
    call_command(
        "membership", "add", "party", world.owner.code, "observer", reason="First observer"
    )
    event = AuditEvent.objects.get(kind="bodies.membership_added")
    assert event.actor is None and event.reason == "First observer"


def _version_page(world, body, secretariat):
    from secpanel.documents import services as documents

    doc = documents.document_create(
        actor=secretariat,
        owning_body=body,
        title="White framework",
        classification=Classification.WHITE,
    )
    version = documents.version_create(
        actor=secretariat,
        owning_body=body,
        document=doc,
        version="1.0",
        classification=Classification.WHITE,
    )
    return reverse("documents:version_detail", args=[version.pk])


def _decision(world, body, secretariat, text, level):
    return meetings.decision_record(
        actor=secretariat,
        owning_body=body,
        verb="agreed",
        text=text,
        date=datetime.date(2019, 4, 2),
        classification=level,
    )


def test_the_decision_picker_offers_only_the_bodies_you_run_and_marks_the_page(world):
    owner_sec = world.users["owner_secretariat"]
    other_sec = world.users["other_body_secretariat"]
    _decision(world, world.owner, owner_sec, "Red canary decision of the SSC", R)
    _decision(world, world.other, other_sec, "White decision of TABASC", Classification.WHITE)

    # another body's secretariat, on its own White page: none of the SSC's decisions
    client = Client()
    client.force_login(other_sec)
    html = client.get(_version_page(world, world.other, other_sec)).content.decode()
    assert "White decision of TABASC" in html
    assert "Red canary decision" not in html
    assert 'data-classification="WHITE"' in html

    # the SSC's secretariat sees its Red decision offered, and the page says Red
    client.force_login(owner_sec)
    html = client.get(_version_page(world, world.owner, owner_sec)).content.decode()
    assert "Red canary decision of the SSC" in html
    assert "White decision of TABASC" not in html
    assert 'data-classification="RED"' in html


def test_a_revision_reason_typed_while_a_record_was_red_stays_red(world):
    from secpanel.core.selectors import revisions
    from secpanel.core.services import classification_change

    sec = world.users["owner_secretariat"]
    red = meetings.highlight_create(
        actor=sec,
        owning_body=world.owner,
        classification=R,
        heading="H",
        text="T",
        period=datetime.date(2019, 4, 1),
        reason="Red canary reason",
    )
    classification_change(
        actor=sec, instance=red, level=Classification.AMBER, reason="Red canary lowering"
    )
    panel_member = world.users["panel_member"]  # reads Amber of every body, not Red
    shown = [r.disclosed_reason for r in revisions(panel_member, red)]
    assert shown == ["Withheld (Red)", "Withheld (Red)"]
    assert [r.disclosed_reason for r in revisions(sec, red)] == [
        "Red canary lowering",
        "Red canary reason",
    ]

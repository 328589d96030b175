"""The Django admin is a configuration console (docs/decisions/0004): it offers no classified
record, no audit log, no membership and no domain record whose pages or delete collector would
name classified rows. What it still offers it saves through one audited path, never deletes and
never reverts from history.

The "hole N" sections reproduce what a hostile tester found as the administrator (issue 10);
the sign-in holes are in accounts/tests/test_admin_sign_in.py."""

from __future__ import annotations

import datetime

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import models
from django.test import Client, RequestFactory
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from secpanel.bodies.models import Body, Membership
from secpanel.core.classification import Classification
from secpanel.core.models import AuditEvent, ClassifiedModel
from secpanel.core.services import classification_change
from secpanel.meetings.services import agenda_item_add, highlight_create, meeting_create

pytestmark = pytest.mark.django_db

APRIL = datetime.date(2019, 4, 1)
RED_TEXT = "Red secret text nobody outside the SSC may read"

CONFIGURATION_MODELS = {
    "accounts.User",
    "accounts.Organisation",
    "bodies.Body",
    "meetings.PaperSeries",
    "assurance.ScheduleRule",
    "assurance.ComplianceStatusOption",
    "reports.ReportConfiguration",
    "reports.ReportSection",
    "reports.NonWorkingDay",
}


def _admin(world) -> Client:
    client = Client()
    client.force_login(world.users["administrator"])
    return client


def _red_highlight(world, *, heading="Red admin highlight", level=Classification.RED):
    return highlight_create(
        actor=world.users["owner_secretariat"],
        owning_body=world.owner,
        heading=heading,
        text=RED_TEXT,
        period=APRIL,
        classification=level,
        reason="test",
    )


def _registered_admins():
    return list(admin.site._registry.items())


def _inlines(model_admin):
    return [inline(model_admin.model, admin.site) for inline in model_admin.inlines]


# --- what the admin offers -------------------------------------------------------------------


def test_no_classified_model_is_registered_in_the_admin():
    registered = [
        m.__name__
        for m in apps.get_models()
        if issubclass(m, ClassifiedModel) and m in admin.site._registry
    ]
    assert registered == []


def test_the_admin_offers_only_the_configuration_models():
    assert {m._meta.label for m, _ in _registered_admins()} == CONFIGURATION_MODELS


def test_every_admin_left_is_a_configuration_admin_without_simple_history_views():
    from secpanel.core.admin import ConfigAdmin

    for model, model_admin in _registered_admins():
        assert isinstance(model_admin, ConfigAdmin), model
        assert not isinstance(model_admin, SimpleHistoryAdmin), model
        for inline in _inlines(model_admin):
            assert not issubclass(inline.model, ClassifiedModel), inline
            assert inline.model is not Membership, inline


def test_no_form_field_left_in_the_admin_points_at_a_classified_model():
    """Hole 4, by construction: no dropdown can list classified rows if none is offered."""
    for model, model_admin in _registered_admins():
        for opts in [model._meta, *(i.model._meta for i in _inlines(model_admin))]:
            for f in opts.get_fields():
                if isinstance(f, models.ForeignKey | models.ManyToManyField | models.OneToOneField):
                    assert not issubclass(f.related_model, ClassifiedModel), f


# --- hole 1: the audit log's snapshots -----------------------------------------------------------


def test_the_admin_does_not_show_the_audit_log_or_its_snapshots_of_red_records(world):
    highlight = _red_highlight(world)
    event = AuditEvent.objects.get(kind="meetings.highlight_created", subject_id=str(highlight.pk))
    assert event.after["text"] == RED_TEXT  # the snapshot the admin used to show
    client = _admin(world)
    for url in ("/admin/core/auditevent/", f"/admin/core/auditevent/{event.pk}/change/"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert RED_TEXT not in response.content.decode()


# --- hole 2: simple-history's views --------------------------------------------------------------


def test_the_admin_has_no_history_page_of_a_hidden_red_record(world):
    highlight = _red_highlight(world)
    hid = highlight.history.get().history_id
    client = _admin(world)
    base = f"/admin/meetings/highlight/{highlight.pk}"
    for url in (f"{base}/history/", f"{base}/history/{hid}/", f"{base}/change/"):
        response = client.get(url)
        assert response.status_code == 404, url
        body = response.content.decode()
        assert highlight.heading not in body and RED_TEXT not in body


# --- hole 3: the delete collector ----------------------------------------------------------------


def test_a_body_cannot_be_deleted_in_the_admin_and_its_hidden_records_are_not_listed(world):
    highlight = _red_highlight(world)
    client = _admin(world)
    url = f"/admin/bodies/body/{world.owner.pk}/delete/"
    response = client.get(url)
    assert response.status_code == 403
    assert highlight.heading not in response.content.decode()
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 403
    assert Body.objects.filter(pk=world.owner.pk).exists()


def test_no_admin_left_may_delete_anything(world):
    request = RequestFactory().get("/admin/")
    request.user = world.users["administrator"]
    for model, model_admin in _registered_admins():
        assert not model_admin.has_delete_permission(request), model
        assert "delete_selected" not in model_admin.get_actions(request), model
        for inline in _inlines(model_admin):
            assert not inline.has_delete_permission(request), inline


# --- hole 4: foreign-key dropdowns ---------------------------------------------------------------


def test_no_admin_form_lists_a_hidden_agenda_item(world):
    secretariat = world.users["owner_secretariat"]
    meeting = meeting_create(
        actor=secretariat, body=world.owner, starts_at=timezone.now(), with_standing_items=False
    )
    agenda_item_add(
        actor=secretariat,
        meeting=meeting,
        title="Red agenda item about a vulnerability",
        classification=Classification.RED,
    )
    client = _admin(world)
    for model, _model_admin in _registered_admins():
        opts = model._meta
        for url in (
            f"/admin/{opts.app_label}/{opts.model_name}/add/",
            f"/admin/{opts.app_label}/{opts.model_name}/",
        ):
            body = client.get(url).content.decode()
            assert "Red agenda item" not in body, url
    # the admins that used to offer agenda items in a dropdown
    for url in ("/admin/meetings/decision/add/", "/admin/meetings/highlight/add/"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Red agenda item" not in response.content.decode()


# --- hole 5: simple-history's revert form --------------------------------------------------------


def test_the_admin_cannot_revert_a_hidden_red_highlight_to_an_earlier_white_version(world):
    highlight = _red_highlight(world, level=Classification.WHITE)
    white = highlight.history.get()
    classification_change(
        actor=world.users["owner_secretariat"],
        instance=highlight,
        level=Classification.RED,
        reason="raised",
    )
    client = _admin(world)
    response = client.post(
        f"/admin/meetings/highlight/{highlight.pk}/history/{white.history_id}/",
        {
            "classification": str(int(Classification.WHITE)),
            "owning_body": str(world.owner.pk),
            "heading": highlight.heading,
            "text": RED_TEXT,
            "period": APRIL.isoformat(),
            "position": "10",
            "_save": "Save",
        },
    )
    assert response.status_code == 404
    highlight.refresh_from_db()
    assert highlight.classification == Classification.RED
    assert not AuditEvent.objects.filter(kind="classification.declassified").exists()


# --- hole 6: memberships -------------------------------------------------------------------------


def test_the_admin_cannot_make_itself_a_member_of_a_body(world):
    administrator = world.users["administrator"]
    highlight = _red_highlight(world)
    client = _admin(world)
    assert client.get("/admin/bodies/membership/add/").status_code == 404
    response = client.post(
        "/admin/bodies/membership/add/",
        {"user": str(administrator.pk), "body": str(world.owner.pk), "role": "member"},
    )
    assert response.status_code == 404
    # nor through the body's page (it used to carry an inline of memberships)
    change = client.get(f"/admin/bodies/body/{world.owner.pk}/change/").content.decode()
    assert "memberships-TOTAL_FORMS" not in change
    client.post(
        f"/admin/bodies/body/{world.owner.pk}/change/",
        {
            "code": world.owner.code,
            "name": world.owner.name,
            "short_name": world.owner.short_name,
            "kind": world.owner.kind,
            "parent": str(world.panel.pk),
            "display_order": str(world.owner.display_order),
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-0-user": str(administrator.pk),
            "memberships-0-role": "member",
        },
    )
    assert not Membership.objects.filter(user=administrator).exists()
    assert client.get(highlight.get_absolute_url()).status_code == 404


# --- the admin's "view on site" shortcut ----------------------------------------------------------


def test_the_admin_view_on_site_shortcut_names_no_hidden_record(world):
    """`/admin/r/<type>/<id>/` redirected to any record's address, which for a modification is
    its reference: an administrator could list the references of hidden RED modifications."""
    from django.contrib.contenttypes.models import ContentType

    from secpanel.modifications.models import Modification
    from secpanel.modifications.services import modification_create

    hidden = modification_create(
        actor=world.users["owner_secretariat"],
        owning_body=world.owner,
        reference="SECMP0999",
        title="Red modification",
        classification=Classification.RED,
    )
    client = _admin(world)
    content_type = ContentType.objects.get_for_model(Modification)
    response = client.get(f"/admin/r/{content_type.pk}/{hidden.pk}/")
    assert response.status_code == 404
    assert "SECMP0999" not in response.get("Location", "")


# --- what is left is saved through one audited path ----------------------------------------------


def test_a_configuration_change_in_the_admin_is_validated_kept_in_history_and_audited(world):
    client = _admin(world)
    response = client.post(
        "/admin/reports/nonworkingday/add/", {"date": "2019-05-06", "name": "Early May"}
    )
    assert response.status_code == 302
    created = AuditEvent.objects.get(kind="reports.nonworkingday_created")
    assert created.actor == world.users["administrator"]
    assert created.reason == "Changed in the admin console"
    assert created.after["name"] == "Early May"

    body = world.other
    response = client.post(
        f"/admin/bodies/body/{body.pk}/change/",
        {
            "code": body.code,
            "name": body.name,
            "short_name": "TABASC (renamed)",
            "kind": body.kind,
            "parent": str(world.panel.pk),
            "display_order": str(body.display_order),
        },
    )
    assert response.status_code == 302
    updated = AuditEvent.objects.get(kind="bodies.body_updated")
    assert updated.before["short_name"] == "TABASC"
    assert updated.after["short_name"] == "TABASC (renamed)"
    record = Body.history.filter(id=body.pk).latest("history_date")
    assert record.history_user == world.users["administrator"]
    assert record.history_change_reason == "Changed in the admin console"


def test_the_admin_sets_no_password_and_keeps_no_password_hash_in_the_audit_log(world):
    client = _admin(world)
    member = world.users["owner_member"]
    page = client.get(f"/admin/accounts/user/{member.pk}/password/", follow=True)
    assert 'name="password1"' not in page.content.decode()
    # one's own password changes on the account pages (allauth), as everyone's does
    assert client.get("/admin/password_change/")["Location"] == "/accounts/password/change/"
    add = client.get("/admin/accounts/user/add/").content.decode()
    assert 'name="password1"' not in add and 'name="password"' not in add
    response = client.post(
        "/admin/accounts/user/add/",
        {"username": "new.person", "email": "new.person@example.org", "is_active": "on"},
    )
    assert response.status_code == 302
    user = type(member).objects.get(username="new.person")
    assert not user.has_usable_password()
    event = AuditEvent.objects.get(kind="accounts.user_created")
    assert "password" not in event.after


def test_the_admin_cannot_change_a_persons_e_mail_address(world):
    """A changed address plus 'forgot password' would hand the admin someone else's account."""
    client = _admin(world)
    member = world.users["owner_member"]
    response = client.post(
        f"/admin/accounts/user/{member.pk}/change/",
        {
            "username": member.username,
            "email": "attacker@example.org",
            "first_name": "",
            "last_name": "",
            "is_active": "on",
            "job_title": "Analyst",
            "organisation": str(member.organisation_id),
            "date_joined_0": member.date_joined.date().isoformat(),
            "date_joined_1": "09:00:00",
        },
    )
    assert response.status_code == 302  # the form was accepted...
    member.refresh_from_db()
    assert member.job_title == "Analyst"
    assert member.email == "owner_member@example.org"  # ...but not the new address


def test_the_admin_says_what_it_is_and_carries_the_banner(world):
    html = _admin(world).get("/admin/").content.decode()
    assert "secpanel administration" in html and "Django administration" not in html
    assert 'data-classification="WHITE"' in html and "never a classified record" in html
    assert 'href="/"' in html  # back to secpanel

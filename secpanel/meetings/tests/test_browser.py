"""End to end: the secretariat records a decision and an action on a meeting page (htmx
forms) and a member of the body sees them; a Party user does not see the AMBER action."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from secpanel.meetings.models import Action, Decision, Meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretariat_records_a_decision_and_an_action_and_a_member_sees_them(
    page, live_server, login, world
):
    meeting = Meeting.objects.create(
        body=world.owner, starts_at=timezone.make_aware(datetime.datetime(2019, 4, 10, 10))
    )
    url = f"{live_server.url}/meetings/{meeting.pk}/"
    login("owner_secretariat")
    page.goto(url)

    page.get_by_role("button", name="Record decision").click()
    form = page.locator("#slot-decision form")
    form.get_by_label("Verb").select_option("approved")
    form.get_by_label("Text").fill("The SSC approved the SCF V1.16.")
    form.get_by_label("Classification").select_option("1")
    form.get_by_role("button", name="Save").click()
    page.wait_for_url("**/decisions/*/")
    assert "The SSC approved the SCF V1.16." in page.content()

    page.goto(url)
    page.get_by_role("button", name="Add action").click()
    form = page.locator("#slot-action form")
    form.get_by_label("Text").fill("Publish SCF V1.16")
    form.get_by_role("button", name="Save").click()
    # field-level message, nothing saved
    form = page.locator("#slot-action form")
    form.locator("#id_owner_person-error").wait_for()
    assert Action.objects.unrestricted().count() == 0
    form.get_by_label("Owner person").select_option(label=str(world.users["owner_member"]))
    form.get_by_label("Due date").fill("2019-04-24")
    form.get_by_label("Classification").select_option("3")
    form.get_by_role("button", name="Save").click()
    page.wait_for_url("**/actions/*/")
    assert Decision.objects.unrestricted().get().meeting == meeting
    assert Action.objects.unrestricted().get().meeting == meeting

    page.get_by_role("button", name="Sign out").click()
    login("owner_member")
    page.goto(url)
    decisions = page.locator("[data-testid=decisions]")
    assert "The SSC approved the SCF V1.16." in decisions.inner_text()
    assert "Publish SCF V1.16" in page.locator("#actions").inner_text()
    page.goto(f"{live_server.url}/actions/mine/")
    assert "Publish SCF V1.16" in page.content()
    assert "Overdue" in page.content()

    page.get_by_role("button", name="Sign out").click()
    login("party")
    page.goto(url)
    assert "The SSC approved the SCF V1.16." in page.content()
    assert "Publish SCF V1.16" not in page.content()

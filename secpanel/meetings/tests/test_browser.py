"""End to end: the secretariat's first job (issue 15) at a desktop's and a phone's width: on a
meeting's page it adds an agenda item, records a decision and an action (htmx forms); a member
of the body sees them, a Party user does not see the AMBER action. Screenshots of each step go
to /tmp/shots/meeting-<step>-<width>.png. The decision is also recorded with the keyboard
alone, its focus visible at every stop."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from secpanel.meetings.models import Action, AgendaItem, Decision, Meeting
from secpanel.testkit.browser import WIDTHS, at_width, shot, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _meeting(world) -> Meeting:
    return Meeting.objects.create(
        body=world.owner, starts_at=timezone.make_aware(datetime.datetime(2019, 4, 10, 10))
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_secretariat_records_an_agenda_item_a_decision_and_an_action_and_a_member_sees_them(
    page, live_server, login, world, width
):
    at_width(page, width)
    meeting = _meeting(world)
    url = f"{live_server.url}/meetings/{meeting.pk}/"
    login("owner_secretariat")
    page.goto(url)
    shot(page, "meeting", "1-page", width)

    page.get_by_role("button", name="Add agenda item").click()
    form = page.locator("#slot-agenda form")
    form.get_by_label("Title").fill("SMETS1 enrolment and adoption")
    form.get_by_label("Presenter").fill("DCC")
    form.get_by_label("Classification").select_option("1")
    shot(page, "meeting", "2-agenda-form", width)
    form.get_by_role("button", name="Save").click()
    # the page reloads itself (web.views.done): the item is on it and the form is gone
    expect(page.locator("#agenda-1")).to_contain_text("SMETS1 enrolment and adoption")
    expect(page.locator("#slot-agenda form")).to_have_count(0)
    shot(page, "meeting", "3-agenda-saved", width)

    page.get_by_role("button", name="Record decision").click()
    form = page.locator("#slot-decision form")
    form.get_by_label("Verb").select_option("approved")
    form.get_by_label("Text").fill("The SSC approved the SCF V1.16.")
    form.get_by_label("Classification").select_option("1")
    shot(page, "meeting", "4-decision-form", width)
    form.get_by_role("button", name="Save").click()
    page.wait_for_url("**/decisions/*/")
    expect(page.get_by_text("The SSC approved the SCF V1.16.").first).to_be_visible()
    shot(page, "meeting", "5-decision-saved", width)

    page.goto(url)
    page.get_by_role("button", name="Add action").click()
    form = page.locator("#slot-action form")
    form.get_by_label("Text").fill("Publish SCF V1.16")
    form.get_by_role("button", name="Save").click()
    # field-level message, nothing saved
    form = page.locator("#slot-action form")
    expect(form.locator("#id_owner_person-error")).to_be_visible()
    shot(page, "meeting", "6-action-error", width)
    assert Action.objects.unrestricted().count() == 0
    form.get_by_label("Owner person").select_option(label=str(world.users["owner_member"]))
    form.get_by_label("Due date").fill("2019-04-24")
    form.get_by_label("Classification").select_option("3")
    form.get_by_role("button", name="Save").click()
    page.wait_for_url("**/actions/*/")
    shot(page, "meeting", "7-action-saved", width)
    assert AgendaItem.objects.unrestricted().get().meeting == meeting
    assert Decision.objects.unrestricted().get().meeting == meeting
    assert Action.objects.unrestricted().get().meeting == meeting

    sign_out(page)
    login("owner_member")
    page.goto(url)
    expect(page.locator("#agenda-1")).to_contain_text("SMETS1 enrolment and adoption")
    expect(page.get_by_test_id("decisions")).to_contain_text("The SSC approved the SCF V1.16.")
    expect(page.locator("#actions")).to_contain_text("Publish SCF V1.16")
    shot(page, "meeting", "8-member-sees", width)
    page.goto(f"{live_server.url}/actions/mine/")
    expect(page.get_by_text("Publish SCF V1.16").first).to_be_visible()
    expect(page.get_by_text("Overdue").first).to_be_visible()

    sign_out(page)
    login("party")
    page.goto(url)
    expect(page.get_by_test_id("decisions")).to_contain_text("The SSC approved the SCF V1.16.")
    assert "Publish SCF V1.16" not in page.content()


FOCUS_SHOWN = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return false;
    // A date field's last stop is Chromium's own calendar button inside the field (its
    // user-agent focus ring, out of the page's reach); the field itself is not ":focus" then.
    if (el.matches("input[type=date]") && !el.matches(":focus")) return "calendar button";
    const s = getComputedStyle(el);
    const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0;
    return outline || (s.boxShadow && s.boxShadow !== "none");
}"""
FOCUS_STYLE = """() => {
    const el = document.activeElement;
    const s = getComputedStyle(el);
    return [el.outerHTML.slice(0, 80), s.outlineStyle, s.outlineWidth, s.boxShadow];
}"""
FOCUSED = """() => {
    const el = document.activeElement;
    return el ? (el.getAttribute("aria-label") || el.labels?.[0]?.innerText || el.innerText
                 || el.name || "").trim() : "";
}"""


def _tab_to(page, name: str, *, back: bool = False, limit: int = 120) -> None:
    """Tab (or Shift+Tab) until the focused element is called `name`, checking at every stop
    that the focus is visible."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        assert page.evaluate(FOCUS_SHOWN), f"no visible focus on {page.evaluate(FOCUS_STYLE)}"
        if page.evaluate(FOCUSED).startswith(name):
            return
    raise AssertionError(f"{name!r} is not reachable with the keyboard")


def test_the_decision_is_recorded_with_the_keyboard_alone(page, live_server, login, world):
    meeting = _meeting(world)
    login("owner_secretariat")
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    page.keyboard.press("Tab")  # the skip link first
    _tab_to(page, "Record decision")
    page.keyboard.press("Enter")
    expect(page.locator("#slot-decision form")).to_be_visible()
    _tab_to(page, "Verb")
    page.keyboard.type("Noted")  # a closed select's type-ahead picks "Noted"
    expect(page.locator("#slot-decision select[name=verb]")).to_have_value("noted")
    _tab_to(page, "Text")
    page.keyboard.type("The SSC noted the SMETS1 update.")
    expect(page.locator("#slot-decision textarea[name=text]")).to_have_value(
        "The SSC noted the SMETS1 update."
    )
    _tab_to(page, "Classification")
    _tab_to(page, "Save")
    shot(page, "meeting", "keyboard-save-focused", 1366)
    page.keyboard.press("Enter")
    page.wait_for_url("**/decisions/*/")
    decision = Decision.objects.unrestricted().get()
    assert decision.text == "The SSC noted the SMETS1 update." and decision.meeting == meeting
    assert decision.verb == "noted"

"""Services and selectors of a body's business: references, agendas, minutes lock, papers,
decisions, actions and the contract the Panel-paper compiler reads through."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from secpanel.core.classification import Classification
from secpanel.core.models import AuditEvent
from secpanel.meetings import selectors, services
from secpanel.meetings.models import Meeting, MinutesStatus

pytestmark = pytest.mark.django_db
W, G, A, R = Classification.WHITE, Classification.GREEN, Classification.AMBER, Classification.RED


def _at(y, m, d, h=10):
    return timezone.make_aware(datetime.datetime(y, m, d, h, 0))


@pytest.fixture
def sec(world):
    return world.users["owner_secretariat"]


@pytest.fixture
def meeting(world, sec):
    return services.meeting_create(actor=sec, body=world.owner, starts_at=_at(2019, 4, 10))


def test_panel_reference_follows_the_seed_pattern(world):
    panel_meeting = Meeting.objects.create(body=world.panel, number=68, starts_at=_at(2019, 5, 10))
    ref = services.paper_reference_allocate(meeting=panel_meeting, item_number=16)
    assert ref == "SECP_68_1005_16"


def test_a_body_can_configure_its_own_reference_pattern(world, sec, meeting):
    services.paper_series_set(
        actor=sec, body=world.owner, pattern="{prefix}_{yy}{mm}{dd}_{item}", prefix="SSC"
    )
    assert services.paper_reference_allocate(meeting=meeting, item_number=3) == "SSC_190410_3"


def test_a_pattern_without_an_item_or_with_unknown_fields_is_refused(world, sec):
    with pytest.raises(ValidationError) as exc:
        services.paper_series_set(actor=sec, body=world.owner, pattern="{prefix}_{ddmm}")
    assert "item" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        services.paper_series_set(actor=sec, body=world.owner, pattern="{prefix}_{colour}_{item}")
    assert "colour" in str(exc.value)


def test_default_pattern_needs_a_meeting_number(meeting):
    with pytest.raises(ValidationError):
        services.paper_reference_allocate(meeting=meeting, item_number=1)


def test_only_the_bodys_secretariat_schedules_meetings(world):
    with pytest.raises(PermissionDenied):
        services.meeting_create(
            actor=world.users["owner_chair"], body=world.owner, starts_at=_at(2019, 4, 10)
        )


def test_new_agendas_start_with_the_standing_items_and_number_in_order(world, sec):
    services.standing_item_create(actor=sec, owning_body=world.owner, title="DCC reporting reviews")
    m = services.meeting_create(actor=sec, body=world.owner, starts_at=_at(2019, 5, 7))
    services.agenda_item_add(actor=sec, meeting=m, title="Major Incident reviews")
    services.agenda_item_add(actor=sec, meeting=m, title="Secret item", classification=R)
    items = selectors.agenda_items_for(world.users["party"], m)
    assert [(i.number, i.title, i.standing) for i in items] == [
        (1, "DCC reporting reviews", True),
        (2, "Major Incident reviews", False),
    ]
    assert len(selectors.agenda_items_for(world.users["owner_member"], m)) == 3


def test_a_taken_agenda_number_is_refused_on_its_field(sec, meeting):
    services.agenda_item_add(actor=sec, meeting=meeting, title="One", number=4)
    with pytest.raises(ValidationError) as exc:
        services.agenda_item_add(actor=sec, meeting=meeting, title="Two", number=4)
    assert "number" in exc.value.error_dict


def test_meeting_states_move_only_along_the_machine(sec, meeting):
    services.meeting_transition(actor=sec, obj=meeting, name="hold")
    with pytest.raises(ValidationError) as exc:
        services.meeting_transition(
            actor=sec, obj=Meeting.objects.get(pk=meeting.pk), name="cancel", reason="x"
        )
    assert "held" in str(exc.value)
    assert AuditEvent.objects.filter(kind="meetings.meeting_hold").count() == 1


def test_approved_minutes_are_locked_and_revisions_are_kept(sec, meeting):
    minutes = services.minutes_save(actor=sec, meeting=meeting, text="Draft 1")
    minutes = services.minutes_save(actor=sec, meeting=meeting, text="Draft 2", reason="Typos")
    minutes = services.minutes_transition(actor=sec, obj=minutes, name="approve")
    assert minutes.status == MinutesStatus.APPROVED and minutes.approved_on
    with pytest.raises(ValidationError) as exc:
        services.minutes_save(actor=sec, meeting=meeting, text="Draft 3")
    assert "locked" in str(exc.value)
    assert [h.text for h in minutes.history.order_by("history_date")] == [
        "Draft 1",
        "Draft 2",
        "Draft 2",
    ]


def test_a_paper_gets_its_reference_from_its_agenda_item_and_never_includes_higher_records(
    world, sec
):
    m = Meeting.objects.create(body=world.owner, number=7, starts_at=_at(2019, 4, 10))
    item = services.agenda_item_add(actor=sec, meeting=m, title="Report", number=5)
    paper = services.paper_create(
        actor=sec,
        owning_body=world.owner,
        agenda_item=item,
        title="Report",
        date=datetime.date(2019, 4, 3),
        classification=G,
    )
    assert paper.reference == "SSC_7_1004_5"  # the SSC has no prefix: its code
    red = services.decision_record(
        actor=sec, owning_body=world.owner, meeting=m, verb="set", text="x", classification=R
    )
    with pytest.raises(ValidationError):
        services.paper_include(actor=sec, paper=paper, record=red)
    amber = services.decision_record(
        actor=sec, owning_body=world.owner, meeting=m, verb="noted", text="y", classification=G
    )
    services.paper_include(actor=sec, paper=paper, record=amber)
    with pytest.raises(ValidationError) as exc:
        services.paper_update(actor=sec, paper=paper, classification=W, reason="Declassify")
    assert "classification" in exc.value.error_dict


def test_for_information_papers_only_note_and_need_a_recommendation_to_issue(world, sec):
    paper = services.paper_create(
        actor=sec, owning_body=world.owner, title="Update", date=datetime.date(2019, 4, 3)
    )
    with pytest.raises(ValidationError):
        services.paper_transition(actor=sec, obj=paper, name="issue")
    with pytest.raises(ValidationError) as exc:
        services.recommendation_add(actor=sec, paper=paper, verb="APPROVE", text="it")
    assert "verb" in exc.value.error_dict
    services.recommendation_add(
        actor=sec, paper=paper, verb="NOTE", text="the content of this paper."
    )
    paper = services.paper_transition(actor=sec, obj=paper, name="issue")
    paper = services.paper_transition(actor=sec, obj=paper, name="publish")
    with pytest.raises(ValidationError):
        services.paper_update(actor=sec, paper=paper, title="Changed")


def test_appendices_are_lettered_and_keep_their_own_level(world, sec):
    paper = services.paper_create(
        actor=sec,
        owning_body=world.owner,
        title="P",
        date=datetime.date(2019, 4, 3),
        classification=W,
    )
    a = services.appendix_add(actor=sec, paper=paper, title="Non-compliances", classification=R)
    b = services.appendix_add(actor=sec, paper=paper, title="Other", classification=G)
    assert (a.letter, b.letter) == ("A", "B")
    assert list(selectors.appendices_for(world.users["party"], paper)) == [b]


def test_decisions_default_to_the_meeting_date_and_must_be_of_the_meetings_body(
    world, sec, meeting
):
    decision = services.decision_record(
        actor=sec, owning_body=world.owner, meeting=meeting, verb="agreed", text="t"
    )
    assert decision.date == datetime.date(2019, 4, 10)
    with pytest.raises(ValidationError):
        services.decision_record(
            actor=sec, owning_body=world.other, meeting=meeting, verb="agreed", text="t"
        )


def test_an_action_needs_an_owner_and_overdue_means_open_and_past_due(world, sec, meeting):
    with pytest.raises(ValidationError) as exc:
        services.action_create(actor=sec, owning_body=world.owner, meeting=meeting, text="Do it")
    assert "owner_person" in exc.value.error_dict
    action = services.action_create(
        actor=sec,
        owning_body=world.owner,
        meeting=meeting,
        text="Do it",
        owner_person=world.users["owner_member"],
        due_date=datetime.date(2019, 4, 20),
    )
    assert action.raised_on == datetime.date(2019, 4, 10)
    assert action.is_overdue(datetime.date(2019, 4, 21)) and not action.is_overdue(
        datetime.date(2019, 4, 20)
    )
    action = services.action_transition(actor=sec, obj=action, name="close", update="Done")
    assert not action.is_overdue(datetime.date(2019, 5, 1))
    with pytest.raises(ValidationError) as exc:
        services.action_transition(actor=sec, obj=action, name="reopen")
    assert "reason" in exc.value.error_dict
    with pytest.raises(ValidationError):
        services.action_update(actor=sec, action=action, status="open")


def test_my_actions_are_mine_and_visible(world, sec, meeting):
    member = world.users["owner_member"]
    services.action_create(
        actor=sec, owning_body=world.owner, meeting=meeting, text="Mine", owner_person=member
    )
    services.action_create(
        actor=sec,
        owning_body=world.owner,
        meeting=meeting,
        text="Other",
        owner_person=world.users["owner_chair"],
    )
    assert [a.text for a in selectors.my_actions(member)] == ["Mine"]


def test_compiler_contract_selectors(world, sec):
    early = services.meeting_create(actor=sec, body=world.owner, starts_at=_at(2019, 4, 24))
    late = services.meeting_create(actor=sec, body=world.owner, starts_at=_at(2019, 4, 10))
    may = services.meeting_create(actor=sec, body=world.owner, starts_at=_at(2019, 5, 7))
    cancelled = services.meeting_create(actor=sec, body=world.owner, starts_at=_at(2019, 5, 2))
    services.meeting_transition(actor=sec, obj=cancelled, name="cancel", reason="No quorum")
    assert list(
        selectors.meetings_in_period(
            world.owner, datetime.date(2019, 4, 1), datetime.date(2019, 4, 30)
        )
    ) == [late, early]
    assert selectors.next_meeting(world.owner, datetime.date(2019, 5, 1)) == may
    assert selectors.next_meeting(world.owner, datetime.date(2019, 6, 1)) is None
    for pos, level in ((20, W), (10, W), (30, R)):
        services.highlight_create(
            actor=sec,
            owning_body=world.owner,
            heading=f"H{pos}",
            text="t",
            period=datetime.date(2019, 4, 15),
            position=pos,
            classification=level,
        )
    party = world.users["party"]
    assert [
        h.heading
        for h in selectors.report_highlights(party, world.owner, datetime.date(2019, 4, 1))
    ] == ["H10", "H20"]
    services.decision_record(
        actor=sec, owning_body=world.owner, meeting=late, verb="agreed", text="W", classification=W
    )
    services.decision_record(
        actor=sec, owning_body=world.owner, meeting=may, verb="agreed", text="May", classification=W
    )
    services.decision_record(
        actor=sec, owning_body=world.owner, meeting=early, verb="set", text="R", classification=R
    )
    in_april = selectors.decisions_in_period(
        party, world.owner, datetime.date(2019, 4, 1), datetime.date(2019, 4, 30)
    )
    assert [d.text for d in in_april] == ["W"]


def test_calendar_events_show_meetings_and_only_visible_action_deadlines(world, sec, meeting):
    from secpanel.meetings.calendar import events

    services.action_create(
        actor=sec,
        owning_body=world.owner,
        meeting=meeting,
        text="Hidden",
        owner_person=sec,
        due_date=datetime.date(2019, 4, 20),
        classification=R,
        reference="R-1",
    )
    services.action_create(
        actor=sec,
        owning_body=world.owner,
        meeting=meeting,
        text="Shown",
        owner_person=sec,
        due_date=datetime.date(2019, 4, 21),
        classification=W,
        reference="W-1",
    )
    found = list(
        events(world.users["party"], datetime.date(2019, 4, 1), datetime.date(2019, 4, 30))
    )
    assert [(e.kind, e.title) for e in found] == [
        ("meeting", "SSC meeting"),
        ("action", "Action due: W-1"),
    ]

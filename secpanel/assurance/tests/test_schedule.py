"""The assessment schedule: rules held as data (seeded from SCF §4.3), cases at each threshold."""

from __future__ import annotations

import datetime

import pytest

from secpanel.accounts.models import Organisation, PartyCategory
from secpanel.assurance.models import (
    AssessmentStatus,
    ScheduleRule,
    SecUser,
    UserSecurityAssessment,
    add_months,
)
from secpanel.assurance.schedule import NoRuleError, by_month, next_assessment, rule_for

pytestmark = pytest.mark.django_db

LARGE, SMALL = PartyCategory.LARGE_SUPPLIER, PartyCategory.SMALL_SUPPLIER
ELEC, GAS, OTHER = (
    PartyCategory.ELECTRICITY_NETWORK,
    PartyCategory.GAS_NETWORK,
    PartyCategory.OTHER,
)
ON = datetime.date(2019, 5, 1)


def rules():
    return list(ScheduleRule.objects.filter(active=True))


def year3(category, domestic, non_domestic=0):
    return rule_for(rules(), 3, category, domestic, non_domestic).assessment_type


@pytest.mark.parametrize(
    ("category", "domestic", "non_domestic", "expected"),
    [
        (LARGE, 250_000, 0, "self_assessment"),  # at the domestic threshold: not above it
        (LARGE, 250_001, 0, "verification"),  # one premises over it
        (SMALL, 250_001, 0, "verification"),  # size, not the category label, decides
        (SMALL, 0, 50_000, "self_assessment"),  # at the non-domestic threshold
        (SMALL, 0, 50_001, "verification"),
        (LARGE, 125_000, 25_000, "self_assessment"),  # weighted exactly 1: not above
        (LARGE, 125_000, 25_001, "verification"),  # weighted just over 1
        (ELEC, 2_000_000, 0, "self_assessment"),  # network parties: Self-Assessment in year 3
        (GAS, 0, 900_000, "self_assessment"),
        (OTHER, 300_000, 0, "self_assessment"),  # Other Users as small Supplier Parties
    ],
)
def test_year_three_type_follows_category_and_size_at_each_threshold(
    category, domestic, non_domestic, expected
):
    assert year3(category, domestic, non_domestic) == expected


@pytest.mark.parametrize("category", [LARGE, SMALL, ELEC, GAS, OTHER])
def test_year_one_is_full_and_year_two_verification_for_everyone(category):
    assert rule_for(rules(), 1, category, 10, 10).assessment_type == "full"
    # Since SECMP0059 Other Users also do a Verification assessment (not an SSA) in year 2.
    assert rule_for(rules(), 2, category, 10, 10).assessment_type == "verification"


def test_the_rules_are_data_changing_a_threshold_changes_the_answer():
    rule = ScheduleRule.objects.get(cycle_year=3, size_test="above")
    assert year3(LARGE, 200_000) == "self_assessment"
    rule.domestic_threshold = 150_000
    rule.save()
    assert year3(LARGE, 200_000) == "verification"
    rule.active = False
    rule.save()
    assert year3(LARGE, 5_000_000) == "self_assessment"


def test_no_matching_rule_is_reported_not_guessed():
    ScheduleRule.objects.filter(cycle_year=3).update(active=False)
    with pytest.raises(NoRuleError):
        rule_for(rules(), 3, LARGE, 1, 1)


def _user(world, category=LARGE, domestic=0, non_domestic=0):
    org = Organisation.objects.create(name=f"Org {category} {domestic}", party_category=category)
    return SecUser.objects.create(
        owning_body=world.owner,
        organisation=org,
        roles=["import_supplier"],
        domestic_premises=domestic,
        non_domestic_premises=non_domestic,
    )


def _a(user, kind, year, start, end=None, status=AssessmentStatus.REVIEWED, t="verification"):
    return UserSecurityAssessment(
        sec_user=user,
        owning_body=user.owning_body,
        classification=user.classification,
        assessment_type=t,
        kind=kind,
        cycle_year=year,
        fieldwork_start=start,
        fieldwork_end=end,
        status=status,
    )


def test_a_user_with_no_assessment_owes_its_initial_full_assessment_undated(world):
    entry = next_assessment(_user(world), [], rules(), ON)
    assert (entry.cycle_year, entry.assessment_type, entry.due, entry.state) == (
        1,
        "full",
        None,
        "not_scheduled",
    )


def test_next_is_due_twelve_months_after_the_previous_fieldwork_end(world):
    user = _user(world, LARGE, 400_000)
    history = [
        _a(user, "initial", 1, datetime.date(2017, 3, 6), datetime.date(2017, 3, 10), t="full"),
        _a(user, "annual", 2, datetime.date(2018, 3, 5), datetime.date(2018, 3, 9)),
    ]
    entry = next_assessment(user, history, rules(), ON)
    assert entry.label == "VUSA, year 3"
    assert entry.due == datetime.date(2019, 3, 9)
    assert entry.state == "overdue"
    assert entry.last is history[1]
    later = next_assessment(user, history, rules(), datetime.date(2019, 3, 9))
    assert later.state == "upcoming"  # due on the day itself is not yet overdue


def test_after_year_three_the_cycle_restarts_with_a_full_assessment(world):
    user = _user(world, SMALL, 10_000)
    history = [
        _a(
            user,
            "annual",
            3,
            datetime.date(2019, 1, 7),
            datetime.date(2019, 1, 11),
            t="self_assessment",
        ),
    ]
    entry = next_assessment(user, history, rules(), ON)
    assert (entry.cycle_year, entry.assessment_type) == (1, "full")
    assert entry.due == datetime.date(2020, 1, 11)


def test_ad_hoc_follow_up_and_cancelled_assessments_do_not_move_the_cycle(world):
    user = _user(world, LARGE, 10)
    history = [
        _a(user, "initial", 1, datetime.date(2018, 1, 8), datetime.date(2018, 1, 12), t="full"),
        _a(user, "ad_hoc", None, datetime.date(2018, 6, 4), datetime.date(2018, 6, 8)),
        _a(user, "follow_up", 1, datetime.date(2018, 7, 2), datetime.date(2018, 7, 6), t="full"),
        _a(
            user,
            "annual",
            2,
            datetime.date(2018, 9, 3),
            datetime.date(2018, 9, 7),
            status=AssessmentStatus.CANCELLED,
        ),
    ]
    entry = next_assessment(user, history, rules(), ON)
    assert (entry.cycle_year, entry.due) == (2, datetime.date(2019, 1, 12))


def test_an_open_assessment_of_the_owed_year_shows_as_booked(world):
    user = _user(world, LARGE, 10)
    booked = _a(user, "annual", 2, datetime.date(2019, 6, 10), status=AssessmentStatus.BOOKED)
    history = [
        _a(user, "initial", 1, datetime.date(2018, 1, 8), datetime.date(2018, 1, 12), t="full"),
        booked,
    ]
    entry = next_assessment(user, history, rules(), ON)
    assert entry.state == "booked" and entry.booked is booked


def test_add_months_clamps_to_the_end_of_the_month():
    assert add_months(datetime.date(2019, 1, 31), 1) == datetime.date(2019, 2, 28)
    assert add_months(datetime.date(2019, 11, 15), 3) == datetime.date(2020, 2, 15)
    assert add_months(datetime.date(2019, 3, 1), -1) == datetime.date(2019, 2, 1)


def test_chart_counts_entries_in_the_month_they_are_due(world):
    user = _user(world, LARGE, 10)
    h1 = [_a(user, "initial", 1, datetime.date(2018, 5, 7), datetime.date(2018, 5, 11), t="full")]
    h2 = [_a(user, "initial", 1, datetime.date(2018, 8, 6), datetime.date(2018, 8, 10), t="full")]
    entries = [next_assessment(user, h, rules(), ON) for h in (h1, h2)]
    bars = by_month(entries, datetime.date(2019, 4, 1), 6)
    assert [(b.month.month, b.overdue, b.upcoming) for b in bars if b.total] == [
        (5, 0, 1),
        (8, 0, 1),
    ]


def test_defaults_come_back_on_an_empty_table_and_leave_configured_rows_alone():
    from secpanel.assurance.defaults import ensure_defaults
    from secpanel.assurance.models import ComplianceStatusOption

    ScheduleRule.objects.all().delete()
    ComplianceStatusOption.objects.exclude(code="compliant").delete()
    ensure_defaults()
    assert ScheduleRule.objects.count() == 4
    assert ComplianceStatusOption.objects.count() == 1  # not empty: left as configured
    assert year3(LARGE, 250_001) == "verification"

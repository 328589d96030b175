"""The monthly figures (Panel paper §3.1–3.4) and Appendix A rows, and the demo's April 2019."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from secpanel.accounts import demo as accounts_demo
from secpanel.assurance import demo as assurance_demo
from secpanel.assurance import services
from secpanel.assurance.selectors import appendix_rows, monthly_figures
from secpanel.bodies import demo as bodies_demo
from secpanel.core.classification import Classification
from secpanel.core.demo import DemoContext

from .factories import reported, sec_user

pytestmark = pytest.mark.django_db
APRIL = datetime.date(2019, 4, 1)


def _outcome(world, user, day, **kw):
    a = reported(
        world,
        user,
        **{k: kw.pop(k) for k in list(kw) if k in ("assessment_type", "kind", "cycle_year")},
    )
    return services.outcome_set(
        actor=world.users["owner_secretariat"], assessment=a, decided_on=day, **kw
    )


@pytest.fixture
def april(world):
    """One of each kind of SSC decision in April 2019, plus ones on either side of it."""
    actor = world.users["owner_secretariat"]
    user = sec_user(world, name="Kittiwake Energy Ltd", distribution=[world.users["red_recipient"]])
    assurance = _outcome(
        world,
        user,
        datetime.date(2019, 4, 24),
        assessment_type="full",
        kind="initial",
        cycle_year=1,
        assurance_status="approved",
    )
    v1 = _outcome(world, user, datetime.date(2019, 4, 1), compliance_status="compliant")
    v2 = _outcome(world, user, datetime.date(2019, 4, 30), compliance_status="non-compliant")
    _outcome(world, user, datetime.date(2019, 3, 31), compliance_status="compliant")
    _outcome(world, user, datetime.date(2019, 5, 1), compliance_status="compliant")
    ssa = _outcome(
        world,
        user,
        datetime.date(2019, 4, 10),
        assessment_type="self_assessment",
        cycle_year=3,
        compliance_status="compliant",
    )
    services.finding_create(
        actor=actor, assessment=v2.assessment, obligation="G5.14", description="Access reviews"
    )
    approved = services.letter_create(actor=actor, sec_user=user, received_on=APRIL)
    services.letter_review(
        actor=actor, letter=approved, approved=True, reviewed_on=datetime.date(2019, 4, 24)
    )
    refused = services.letter_create(actor=actor, sec_user=user, received_on=APRIL)
    services.letter_review(
        actor=actor, letter=refused, approved=False, reviewed_on=datetime.date(2019, 4, 24)
    )
    services.letter_create(actor=actor, sec_user=user, received_on=APRIL)  # not yet reviewed
    return {"assurance": assurance, "v1": v1, "v2": v2, "ssa": ssa}


def test_the_month_counts_each_kind_of_decision_taken_in_it(world, april):
    f = monthly_figures(world.users["owner_member"], datetime.date(2019, 4, 17))
    assert f.month == APRIL
    assert (
        f.assurance_statuses_set,
        f.verification_reviewed,
        f.directors_letters_reviewed,
        f.directors_letters_approved,
        f.self_assessments_reviewed,
    ) == (1, 2, 2, 1, 1)
    assert f.assurance_records == (april["assurance"],)
    assert f.verification_records == (april["v1"], april["v2"])
    assert f.self_assessment_records == (april["ssa"],)
    assert {x.status for x in f.directors_letter_records} == {"approved", "not_approved"}


def test_a_month_with_nothing_decided_counts_zero(world, april):
    f = monthly_figures(world.users["owner_member"], datetime.date(2019, 2, 1))
    assert f.verification_reviewed == f.assurance_statuses_set == 0 and not f.any


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("owner_secretariat", True),
        ("owner_observer", False),  # observers of the SSC read AMBER, not RED
        ("panel_member", False),  # the Panel reads RED only when it is distributed to it
        ("red_recipient", True),  # ...as it is to this person
        ("party", False),
        ("other_body_secretariat", False),
    ],
)
def test_counts_include_only_what_the_viewer_may_read(world, april, role, sees):
    f = monthly_figures(world.users[role], APRIL)
    assert f.verification_reviewed == (2 if sees else 0)
    assert len(appendix_rows(world.users[role], APRIL)) == (6 if sees else 0)


def test_the_public_sees_nothing_of_red_records(world, april):
    f = monthly_figures(AnonymousUser(), APRIL)
    assert not f.any and appendix_rows(AnonymousUser(), APRIL) == []


def test_appendix_rows_list_party_role_outcome_and_findings_by_section(world, april):
    rows = appendix_rows(world.users["owner_chair"], APRIL)
    assert [r.section for r in rows] == [
        "Assurance Status",
        "Verification User Security Assessment",
        "Verification User Security Assessment",
        "Director's Letter",
        "Director's Letter",
        "Security Self-Assessment",
    ]
    first = rows[0]
    assert (first.party_name, first.user_role, first.assessment, first.outcome) == (
        "Kittiwake Energy Ltd",
        "Import Supplier",
        "FUSA, initial",
        "Approved",
    )
    non_compliant = rows[2]
    assert non_compliant.outcome == "Non-compliant" and non_compliant.notify_panel
    assert non_compliant.findings == ("G5.14 – Access reviews",)
    assert non_compliant.assessment == "VUSA, year 2"
    assert non_compliant.source == april["v2"]
    assert rows[-1].assessment == "SSA, year 3"


def test_findings_the_viewer_may_not_read_stay_out_of_the_appendix(world, april):
    # a finding distributed to nobody: the red_recipient still reads the outcome, not the finding
    actor = world.users["owner_secretariat"]
    services.finding_create(
        actor=actor,
        assessment=april["v1"].assessment,
        obligation="G3.9",
        description="Undisclosed",
        distribution=[],
    )
    rows = appendix_rows(world.users["red_recipient"], APRIL)
    assert all("Undisclosed" not in f for r in rows for f in r.findings)
    rows = appendix_rows(world.users["owner_member"], APRIL)
    assert any("G3.9 – Undisclosed" in r.findings for r in rows)


def test_the_demo_april_2019_gives_exactly_the_seed_papers_figures():
    ctx = DemoContext()
    accounts_demo.load(ctx)
    bodies_demo.load(ctx)
    assurance_demo.load(ctx)
    for key in ("secas", "panel_member", "panel_chair", "ssc_member"):
        f = monthly_figures(ctx.users[key], datetime.date(2019, 4, 1))
        assert (
            f.assurance_statuses_set,
            f.verification_reviewed,
            f.directors_letters_reviewed,
            f.directors_letters_approved,
            f.self_assessments_reviewed,
        ) == (1, 4, 2, 2, 0), key
    rows = appendix_rows(ctx.users["panel_member"], datetime.date(2019, 4, 1))
    assert all(r.source.classification == Classification.RED for r in rows)
    for key in ("party", "ops_member", "distributee", "auditor"):
        assert not monthly_figures(ctx.users[key], datetime.date(2019, 4, 1)).any, key

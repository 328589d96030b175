"""Withdrawing a mistaken timeline entry (decisions/0022): nothing is deleted, the entry is
marked (who, when, why, history, one typed audit event), the field it set returns to what the
previous entry in force said, and every reader of facts ignores it (search, the Atom feed, the
register's body filter, the bodies involved, the generator); the timeline strikes it through.
The Panel paper reads no entry (its modification facts are advice): the structural test below
keeps any future reader on the rule."""

from __future__ import annotations

import ast
import datetime
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from secpanel.core.classification import Classification
from secpanel.core.models import AuditEvent
from secpanel.meetings.models import Meeting
from secpanel.modifications.models import EventKind, ModificationEvent, ModificationStage
from secpanel.modifications.services import (
    modification_event_withdraw,
    modification_record_milestone,
    modification_reschedule,
    modification_transition,
)
from secpanel.testkit.feeds import ATOM, atom_entries

pytestmark = pytest.mark.django_db
S = ModificationStage
NOV_7 = datetime.date(2019, 11, 7)
DEC_5 = datetime.date(2019, 12, 5)


def _stage_entry(mod, to: str) -> ModificationEvent:
    return mod.events.get(kind=EventKind.STAGE, to_value=to)


def _withdraw_url(mod, entry) -> str:
    return reverse("modifications:modification_entry_withdraw", args=[mod.reference, entry.pk])


@pytest.fixture
def moved(make_mod, secretariat):
    """A modification moved Refinement → Report Phase by mistake (it stays in Refinement)."""
    mod = make_mod(stage=S.REFINEMENT)
    modification_transition(
        actor=secretariat, obj=mod, name="to_report_phase", reason="Consultation closed"
    )
    mod.refresh_from_db()
    assert mod.stage == S.REPORT_PHASE
    return mod


# --- the service ------------------------------------------------------------------------------


def test_withdrawing_a_stage_change_returns_the_stage_and_keeps_the_entry(moved, secretariat):
    entry = _stage_entry(moved, "Report Phase")
    audit = AuditEvent.objects.count()
    modification_event_withdraw(actor=secretariat, event=entry, reason="Recorded on the wrong MP")
    moved.refresh_from_db()
    entry.refresh_from_db()
    assert moved.stage == S.REFINEMENT  # what the "raised" entry said
    assert ModificationEvent.objects.filter(pk=entry.pk).exists()  # nothing deleted
    assert entry.withdrawn_by == secretariat and entry.withdrawn_at is not None
    assert entry.withdrawal_reason == "Recorded on the wrong MP"
    assert entry.history.first().history_change_reason == "Recorded on the wrong MP"
    assert entry.history.first().history_user == secretariat
    assert moved.history.first().history_change_reason.startswith("Timeline entry withdrawn")
    typed = AuditEvent.objects.get(kind="modifications.timeline_entry_withdrawn")
    assert typed.before["entry"] == entry.pk and typed.before["stage"] == S.REPORT_PHASE
    assert typed.after == {"stage": S.REFINEMENT} and typed.reason == "Recorded on the wrong MP"
    # the typed event and the modification's own update, nothing else
    assert AuditEvent.objects.count() == audit + 2
    assert list(moved.events.in_force().values_list("kind", flat=True)) == [EventKind.RAISED]


def test_the_stage_returns_to_the_previous_entry_in_force_not_to_a_withdrawn_one(
    make_mod, secretariat
):
    mod = make_mod(stage=S.DRAFT_PROPOSAL)
    modification_transition(actor=secretariat, obj=mod, name="start_development", reason="One")
    modification_transition(actor=secretariat, obj=mod, name="refine", reason="Two")
    refine = _stage_entry(mod, "Refinement Process")
    modification_event_withdraw(actor=secretariat, event=refine, reason="Too early")
    mod.refresh_from_db()
    assert mod.stage == S.DEVELOPMENT
    modification_transition(actor=secretariat, obj=mod, name="to_report_phase", reason="Three")
    report = _stage_entry(mod, "Report Phase")
    modification_event_withdraw(actor=secretariat, event=report, reason="Not yet")
    mod.refresh_from_db()
    assert mod.stage == S.DEVELOPMENT  # the Development entry, skipping the withdrawn one


def test_an_entry_with_a_later_one_of_its_kind_is_refused_and_nothing_changes(
    make_mod, secretariat
):
    mod = make_mod(stage=S.DRAFT_PROPOSAL)
    modification_transition(actor=secretariat, obj=mod, name="start_development", reason="One")
    modification_transition(actor=secretariat, obj=mod, name="refine", reason="Two")
    first = _stage_entry(mod, "Development Stage")
    audit = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        modification_event_withdraw(actor=secretariat, event=first, reason="Mistake")
    assert "withdraw that one first" in exc.value.messages[0]
    first.refresh_from_db()
    mod.refresh_from_db()
    assert first.withdrawn_at is None and mod.stage == S.REFINEMENT
    assert AuditEvent.objects.count() == audit


def test_withdrawing_an_implementation_date_returns_the_previous_date(make_mod, secretariat):
    mod = make_mod(implementation_date=NOV_7)
    modification_reschedule(
        actor=secretariat, modification=mod, implementation_date=DEC_5, reason="TABASC agreed"
    )
    entry = mod.events.get(kind=EventKind.IMPLEMENTATION_DATE, to_value="5 December 2019")
    modification_event_withdraw(actor=secretariat, event=entry, reason="Typed the wrong month")
    mod.refresh_from_db()
    assert mod.implementation_date == NOV_7
    # and the first date, withdrawn too, leaves none (what it replaced)
    first = mod.events.get(kind=EventKind.IMPLEMENTATION_DATE, to_value="7 November 2019")
    modification_event_withdraw(actor=secretariat, event=first, reason="Never agreed")
    mod.refresh_from_db()
    assert mod.implementation_date is None


def test_a_field_changed_since_the_entry_is_refused_as_unsafe(moved, secretariat):
    entry = _stage_entry(moved, "Report Phase")
    # the stage moved outside the timeline (a bulk import, a repair): the entry no longer
    # says what the modification holds
    type(moved).objects.unrestricted().filter(pk=moved.pk).update(stage=S.CHANGE_BOARD)
    with pytest.raises(ValidationError) as exc:
        modification_event_withdraw(actor=secretariat, event=entry, reason="Mistake")
    assert "cannot be undone safely" in exc.value.messages[0]


def test_a_milestone_is_withdrawn_without_changing_anything_else(make_mod, secretariat):
    mod = make_mod(stage=S.REFINEMENT, implementation_date=NOV_7)
    milestone = modification_record_milestone(
        actor=secretariat, modification=mod, label="DCC Preliminary Assessment requested"
    )
    modification_event_withdraw(actor=secretariat, event=milestone, reason="Not requested")
    mod.refresh_from_db()
    assert (mod.stage, mod.implementation_date) == (S.REFINEMENT, NOV_7)
    assert not mod.events.in_force().filter(pk=milestone.pk).exists()


def test_the_entry_that_registered_it_and_a_withdrawn_one_are_refused(moved, secretariat):
    raised = moved.events.get(kind=EventKind.RAISED)
    with pytest.raises(ValidationError, match="cannot be withdrawn"):
        modification_event_withdraw(actor=secretariat, event=raised, reason="Mistake")
    entry = _stage_entry(moved, "Report Phase")
    modification_event_withdraw(actor=secretariat, event=entry, reason="Mistake")
    with pytest.raises(ValidationError, match="already withdrawn"):
        modification_event_withdraw(actor=secretariat, event=entry, reason="Again")


@pytest.mark.parametrize("reason", ["", "   "])
def test_the_reason_is_required(moved, secretariat, reason):
    entry = _stage_entry(moved, "Report Phase")
    with pytest.raises(ValidationError) as exc:
        modification_event_withdraw(actor=secretariat, event=entry, reason=reason)
    assert "reason" in exc.value.message_dict
    entry.refresh_from_db()
    assert entry.withdrawn_at is None


@pytest.mark.parametrize(
    "role", ["owner_member", "owner_chair", "party", "panel_member", "other_body_secretariat"]
)
def test_only_the_owning_bodys_secretariat_may_withdraw(world, moved, role):
    entry = _stage_entry(moved, "Report Phase")
    with pytest.raises(PermissionDenied):
        modification_event_withdraw(actor=world.users[role], event=entry, reason="Mistake")
    moved.refresh_from_db()
    assert moved.stage == S.REPORT_PHASE


# --- the readers: one rule ----------------------------------------------------------------------


def test_search_the_feed_and_the_body_filter_no_longer_use_the_withdrawn_entry(
    world, make_mod, secretariat
):
    mod = make_mod(stage=S.REFINEMENT)
    meeting = Meeting.objects.create(
        body=world.other,
        number=55,
        starts_at=datetime.datetime(2019, 4, 11, 10, tzinfo=datetime.UTC),
    )
    modification_record_milestone(
        actor=secretariat,
        modification=mod,
        label="Quokkafirmware walkthrough held",
        meeting=meeting,
        reason="At TABASC",
    )
    public = Client()
    link = f'href="{mod.get_absolute_url()}"'
    feed_title = f"{mod.reference}: Quokkafirmware walkthrough held"
    by_tabasc = reverse("modifications:modification_list") + f"?body={world.other.code}"

    def feed_titles() -> list[str]:
        entries = atom_entries(public.get(reverse("feeds:modifications_atom")).content)
        return [e.findtext(f"{ATOM}title") for e in entries]

    assert link in public.get("/search/", {"q": "quokkafirmware"}).content.decode()
    assert feed_title in feed_titles()
    assert mod.reference in public.get(by_tabasc).content.decode()
    involved = f'?body={world.other.code}" data-testid="body"'
    assert involved in public.get(mod.get_absolute_url()).content.decode()

    entry = mod.events.get(kind=EventKind.MILESTONE)
    modification_event_withdraw(actor=secretariat, event=entry, reason="Another MP's walkthrough")

    assert link not in public.get("/search/", {"q": "quokkafirmware"}).content.decode()
    assert feed_title not in feed_titles()
    assert mod.reference not in public.get(by_tabasc).content.decode()
    assert involved not in public.get(mod.get_absolute_url()).content.decode()


def test_the_generator_reads_where_a_modification_stood_from_entries_in_force(
    make_mod, secretariat
):
    from secpanel.generator.modifications import origin

    mod = make_mod(stage=S.REFINEMENT)  # raised in March 2018
    modification_transition(
        actor=secretariat,
        obj=mod,
        name="to_report_phase",
        reason="Consultation closed",
        date=datetime.date(2019, 1, 10),  # before the generated history starts
    )
    assert origin(mod)[0] == S.REPORT_PHASE
    modification_event_withdraw(
        actor=secretariat, event=_stage_entry(mod, "Report Phase"), reason="Mistake"
    )
    assert origin(mod)[0] == S.REFINEMENT


# Where entries are read whatever their state: the writer, the timeline that shows withdrawn
# entries struck through (and the one entry a withdrawal is about), and the exchange's copy.
READS_EVERY_ENTRY = {
    ("modifications/services.py", "withdrawal_of"),
    ("modifications/services.py", "modification_event_withdraw"),
    ("modifications/selectors.py", "timeline_entry_or_404"),
    ("modifications/selectors.py", "modification_timeline"),
}


def _entry_reads(tree: ast.AST) -> list[tuple[str, int, bool]]:
    """(enclosing function, line, filtered by the rule) of every `ModificationEvent.objects` or
    `<x>.events` queryset expression in a module."""
    found: list[tuple[str, int, bool]] = []

    def is_entries(node: ast.Attribute) -> bool:
        owner = node.value.id if isinstance(node.value, ast.Name) else ""
        if node.attr == "objects":
            return owner == "ModificationEvent"
        return node.attr == "events" and owner not in ("self", "calendar", "module")

    def visit(node: ast.AST, function: str, ruled: bool) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            function = node.name
        if isinstance(node, ast.Attribute) and is_entries(node):
            found.append((function, node.lineno, ruled))
            return
        for child in ast.iter_child_nodes(node):
            if isinstance(node, ast.Attribute):  # a method further along the same chain
                visit(child, function, ruled or node.attr in ("in_force", "withdrawn"))
            elif isinstance(node, ast.Call) and child is node.func:
                visit(child, function, ruled)
            else:
                visit(child, function, False)

    visit(tree, "", False)
    return found


def test_every_reader_of_timeline_entries_uses_the_one_rule():
    root = Path(__file__).resolve().parents[2]
    unruled = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if "/tests/" in rel or "/migrations/" in rel or rel.startswith("testkit/"):
            continue
        for function, line, ruled in _entry_reads(ast.parse(path.read_text())):
            if not ruled and (rel, function) not in READS_EVERY_ENTRY:
                unruled.append(f"{rel}:{line} in {function}()")
    assert unruled == [], "read entries through .in_force() (decisions/0022): " + ", ".join(unruled)


def test_the_rule_check_catches_a_reader_without_it():
    plain = ast.parse("def f(m):\n    return ModificationEvent.objects.filter(kind='stage')\n")
    ruled = ast.parse("def f(m):\n    return m.events.in_force().filter(kind='stage')\n")
    assert _entry_reads(plain) == [("f", 2, False)]
    assert _entry_reads(ruled) == [("f", 2, True)]


# --- the pages ----------------------------------------------------------------------------------


def _as(world, role) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


def test_the_confirmation_says_what_will_happen_and_who_sees_it(world, moved):
    entry = _stage_entry(moved, "Report Phase")
    page = _as(world, "owner_secretariat").get(_withdraw_url(moved, entry)).content.decode()
    assert "What will happen" in page
    assert "returns to Refinement Process" in page
    assert "Everyone, the public included" in page
    moved.refresh_from_db()
    assert moved.stage == S.REPORT_PHASE  # the GET changes nothing


def test_an_empty_reason_is_a_400_with_the_fields_message(world, moved):
    entry = _stage_entry(moved, "Report Phase")
    response = _as(world, "owner_secretariat").post(_withdraw_url(moved, entry), {"reason": " "})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_reason-error"' in html and "Say why the entry is withdrawn" in html
    entry.refresh_from_db()
    assert entry.withdrawn_at is None


def test_a_refused_withdrawal_is_a_400_saying_why(world, moved):
    raised = moved.events.get(kind=EventKind.RAISED)
    client = _as(world, "owner_secretariat")
    page = client.get(_withdraw_url(moved, raised)).content.decode()
    assert 'data-testid="refusal"' in page and "cannot be withdrawn" in page
    response = client.post(_withdraw_url(moved, raised), {"reason": "Mistake"})
    assert response.status_code == 400 and "cannot be withdrawn" in response.content.decode()


def test_the_withdrawal_through_the_page_strikes_the_entry_through_for_every_reader(world, moved):
    entry = _stage_entry(moved, "Report Phase")
    response = _as(world, "owner_secretariat").post(
        _withdraw_url(moved, entry), {"reason": "Recorded against the wrong MP"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{moved.get_absolute_url()}#entry-{entry.pk}"
    html = Client().get(moved.get_absolute_url()).content.decode()  # the public
    assert "<del>Stage: Refinement Process → Report Phase</del>" in html
    today = entry.__class__.objects.get(pk=entry.pk).withdrawn_at
    assert f"Withdrawn on {today:%-d %B %Y}: Recorded against the wrong MP" in html
    assert 'data-testid="stage">Refinement Process<' in html


@pytest.mark.parametrize(
    ("role", "status"),
    [("owner_member", 403), ("party", 403), ("other_body_secretariat", 403)],
)
def test_readers_who_may_not_write_are_refused(world, moved, role, status):
    entry = _stage_entry(moved, "Report Phase")
    client = _as(world, role)
    assert client.get(_withdraw_url(moved, entry)).status_code == status
    assert client.post(_withdraw_url(moved, entry), {"reason": "x"}).status_code == status
    entry.refresh_from_db()
    assert entry.withdrawn_at is None


def test_anonymous_is_sent_to_sign_in(moved):
    entry = _stage_entry(moved, "Report Phase")
    response = Client().post(_withdraw_url(moved, entry), {"reason": "x"})
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_a_hidden_modification_and_another_ones_entry_are_not_found(world, make_mod, moved):
    amber = make_mod(reference="SECMP0031", title="Amber one", level=Classification.AMBER)
    hidden = amber.events.get(kind=EventKind.RAISED)
    party = _as(world, "party")
    assert party.get(_withdraw_url(amber, hidden)).status_code == 404
    missing = reverse("modifications:modification_entry_withdraw", args=["SECMP0099", hidden.pk])
    assert party.get(missing).status_code == 404
    secretariat = _as(world, "owner_secretariat")
    assert secretariat.get(_withdraw_url(moved, hidden)).status_code == 404  # not moved's entry

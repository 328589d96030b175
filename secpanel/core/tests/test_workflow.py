"""The one state-machine mechanism: checks, availability, registry and the drawn graphs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command

from secpanel.core.workflow import StateMachine, Transition, available, check, registered
from secpanel.reports.models import PanelReport, ReportStatus

DOC = Path(settings.BASE_DIR) / "docs" / "state-machines.md"


def _machine(**kwargs: object) -> StateMachine:
    """An unregistered machine over a real field (the report's status)."""
    return StateMachine(
        name="test.report",
        model=PanelReport,
        field="status",
        initial=ReportStatus.DRAFT,
        transitions={
            "issue": Transition(ReportStatus.DRAFT, ReportStatus.ISSUED, "Issue"),
            "withdraw": Transition(
                (ReportStatus.ISSUED, ReportStatus.PUBLISHED),
                ReportStatus.DRAFT,
                "Withdraw",
                needs_reason=True,
            ),
        },
        **kwargs,
    )


def test_the_committed_graphs_are_what_the_command_draws(tmp_path: Path) -> None:
    out = tmp_path / "state-machines.md"
    call_command("state_machines", output=str(out))
    assert DOC.read_text() == out.read_text(), (
        "docs/state-machines.md is stale: run `secpanel state-machines` and commit it."
    )
    assert out.read_text().count("```mermaid\nstateDiagram-v2") == len(registered())


def test_check_refuses_a_move_from_the_wrong_state_naming_the_current_state() -> None:
    machine = _machine()
    report = PanelReport(
        status=ReportStatus.DRAFT, reference="SECP_68_1005_16", title="Sub-Committee Report"
    )
    with pytest.raises(ValidationError) as exc:
        check(machine, report, "withdraw", reason="typo")
    assert exc.value.message_dict == {
        "status": [
            "SECP_68_1005_16 – Sub-Committee Report is draft: “Withdraw” is only possible "
            "from Issued, Published."
        ]
    }
    assert check(machine, report, "issue").target == ReportStatus.ISSUED
    with pytest.raises(ValidationError) as exc:
        check(machine, report, "shred")
    assert exc.value.message_dict == {"status": ["There is no transition called “shred”."]}


def test_check_asks_for_a_reason_and_guards_refuse_with_their_sentence() -> None:
    report = PanelReport(status=ReportStatus.ISSUED, reference="R1")
    with pytest.raises(ValidationError) as exc:
        check(_machine(), report, "withdraw", reason=" ")
    assert list(exc.value.message_dict) == ["reason"]
    assert check(_machine(), report, "withdraw", reason="wrong figures").target == "draft"

    def not_r1(obj: PanelReport, t: Transition) -> str | None:
        return f"{obj.reference} is frozen." if obj.reference == "R1" else None

    guarded = _machine(guards=(not_r1,))
    assert available(guarded, report) == []
    with pytest.raises(ValidationError) as exc:
        check(guarded, report, "withdraw", reason="x")
    assert exc.value.message_dict == {"status": ["R1 is frozen."]}
    assert [n for n, _ in available(_machine(), report)] == ["withdraw"]


def test_every_registered_machine_uses_valid_states_of_its_field() -> None:
    machines = registered()
    assert {m.name for m in machines} >= {
        "assurance.assessment",
        "assurance.directors_letter",
        "documents.consultation",
        "documents.version",
        "meetings.action",
        "meetings.meeting",
        "meetings.minutes",
        "meetings.paper",
        "modifications.modification",
        "operations.forecast",
        "operations.incident",
        "operations.performance",
        "programmes.criterion",
        "programmes.dmc",
        "programmes.phase",
        "reports.report",
        "smki.custodian",
        "smki.exercise",
    }
    for machine in machines:
        states = set(machine.choices())
        assert states, f"{machine.name}: {machine.field} has no choices"
        if machine.initial is not None:
            assert machine.initial in states, machine.name
        for name, t in machine.items():
            assert t.target in states, f"{machine.name}.{name} → {t.target}"
            assert set(t.source) <= states, f"{machine.name}.{name} from {t.source}"
            assert t.style, f"{machine.name}.{name} has no style"


def test_no_app_declares_its_own_transition_class() -> None:
    root = Path(settings.BASE_DIR) / "secpanel"
    own = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if re.search(r"^class Transition\b", path.read_text(), re.M)
    ]
    assert own == ["core/workflow.py"]


@pytest.mark.django_db
def test_apply_moves_once_stamps_the_date_and_writes_one_event(world) -> None:
    import datetime

    from secpanel.core.classification import Classification
    from secpanel.core.models import AuditEvent
    from secpanel.meetings import services
    from secpanel.meetings.models import Action

    sec = world.users["owner_secretariat"]
    action = services.action_create(
        actor=sec,
        owning_body=world.owner,
        text="Write the note",
        owner_person=world.users["owner_member"],
        raised_on=datetime.date(2019, 4, 1),
        due_date=datetime.date(2019, 5, 1),
        classification=Classification.AMBER,
    )
    before = AuditEvent.objects.count()
    services.action_transition(
        actor=sec, obj=action, name="close", reason="Done", on=datetime.date(2019, 4, 30)
    )
    stored = Action.objects.unrestricted().get(pk=action.pk)
    assert stored.status == "closed" and stored.closed_on == datetime.date(2019, 4, 30)
    new = list(AuditEvent.objects.order_by("id")[before:].values_list("kind", flat=True))
    assert new == ["meetings.action_close"]
    with pytest.raises(ValidationError):
        services.action_transition(actor=sec, obj=action, name="close", reason="Again")
    services.action_transition(actor=sec, obj=action, name="reopen", reason="Not done")
    assert Action.objects.unrestricted().get(pk=action.pk).closed_on is None


@pytest.mark.django_db
def test_apply_refuses_someone_who_does_not_run_the_body(world) -> None:
    import datetime

    from django.core.exceptions import PermissionDenied

    from secpanel.core.classification import Classification
    from secpanel.meetings import services

    action = services.action_create(
        actor=world.users["owner_secretariat"],
        owning_body=world.owner,
        text="Write the note",
        owner_person=world.users["owner_member"],
        raised_on=datetime.date(2019, 4, 1),
        due_date=datetime.date(2019, 5, 1),
        classification=Classification.WHITE,
    )
    with pytest.raises(PermissionDenied):
        services.action_transition(
            actor=world.users["other_body_secretariat"], obj=action, name="close"
        )

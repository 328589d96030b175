"""The one state-machine mechanism of the project (conventions.md, "State machines").

An app declares each machine once, in its `workflow.py`:

    ACTION = register(StateMachine(
        name="meetings.action", model=Action, field="status", initial="open",
        transitions={"close": Transition(source="open", target="closed", label="Close")},
    ))

and its `<noun>_transition` service calls `check(machine, obj, name, reason=...)` before it
writes the state field (plus the app's own side effects: dates, decisions, audit events).
`available(machine, obj)` lists the moves possible now (the app adds who may make them).
`secpanel state-machines` draws every registered machine into docs/state-machines.md.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar, cast

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models, transaction
from django.utils import timezone

from secpanel.accounts.types import Actor
from secpanel.core.citations import cite
from secpanel.core.models import ClassifiedModel
from secpanel.core.services import classified_update, require_attachable, require_manager

Guard = Callable[[Any, "Transition"], "str | None"]


@dataclass(frozen=True)
class Transition:
    """One allowed move of a state field: from any of `source` (a value or a tuple of values)
    to `target`.

    needs_reason / needs_decision: `check` refuses the move without a reason / the decision
    (a meetings.Decision) that made it. style: the button's Bootstrap colour (empty: the
    machine's default). manual: False for moves another service makes (no button).
    date_field: the date field the app's service stamps with the day of the move. guard:
    `(obj, transition) -> refusal sentence or None` for conditions beyond the current state.
    """

    source: str | tuple[str, ...]
    target: str
    label: str
    needs_reason: bool = False
    needs_decision: bool = False
    style: str = ""
    manual: bool = True
    date_field: str = ""
    guard: Guard | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.source, tuple):
            object.__setattr__(self, "source", (self.source,))
        object.__setattr__(self, "source", tuple(str(s) for s in self.source))
        object.__setattr__(self, "target", str(self.target))


@dataclass(frozen=True, eq=False)
class StateMachine(Mapping[str, Transition]):
    """A named machine over `model.field`: its transitions by name (it reads as that dict).

    `refused` and `unknown` are the sentences `check` raises, formatted with `obj`, `noun`,
    `label` / `label_lower` (the transition's), `state` / `state_lower` (the current state's
    display), `allowed` (the source states' displays) and `name`. `guards` apply to every move
    after the transition's own guard. `initial` defaults to the field's default.
    """

    name: str
    model: type[models.Model]
    field: str
    transitions: Mapping[str, Transition]
    initial: str | None = None
    noun: str = ""
    default_style: str = "primary"
    refused: str = "{obj} is {state_lower}: “{label}” is only possible from {allowed}."
    unknown: str = "There is no transition called “{name}”."
    guards: tuple[Guard, ...] = ()

    def __post_init__(self) -> None:
        moves = {
            n: t if t.style else replace(t, style=self.default_style)
            for n, t in self.transitions.items()
        }
        object.__setattr__(self, "transitions", moves)
        if self.initial is None:
            default = self._field().default
            if isinstance(default, str) and default in self.choices():
                object.__setattr__(self, "initial", str(default))
        if not self.noun:
            object.__setattr__(self, "noun", str(self.model._meta.verbose_name))

    def __getitem__(self, name: str) -> Transition:
        return self.transitions[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.transitions)

    def __len__(self) -> int:
        return len(self.transitions)

    def __repr__(self) -> str:
        return f"<StateMachine {self.name}>"

    def choices(self) -> dict[str, str]:
        """The field's states, value → display."""
        return {str(k): str(v) for k, v in self._field().flatchoices}

    def _field(self) -> models.Field[Any, Any]:
        """The model's state field (a concrete field, never a relation)."""
        return cast("models.Field[Any, Any]", self.model._meta.get_field(self.field))

    def display(self, value: str) -> str:
        return self.choices().get(str(value), str(value))

    def state_of(self, obj: Any) -> str:
        return str(getattr(obj, self.field))


_REGISTRY: dict[str, StateMachine] = {}


def register(machine: StateMachine) -> StateMachine:
    """Add `machine` to the registry (drawn by `secpanel state-machines`); returns it."""
    known = _REGISTRY.get(machine.name)
    if known is not None and (known.model, known.transitions) != (
        machine.model,
        machine.transitions,
    ):
        raise ImproperlyConfigured(f"Two state machines are called {machine.name}.")
    _REGISTRY[machine.name] = machine
    return machine


def registered() -> list[StateMachine]:
    """Every registered machine, by name (after importing each app's workflow module)."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("workflow")
    return [_REGISTRY[n] for n in sorted(_REGISTRY)]


def _message(
    template: str, machine: StateMachine, obj: Any, name: str, t: Transition | None
) -> str:
    state = machine.state_of(obj)
    shown = machine.display(state)
    label = t.label if t else name
    return template.format(
        obj=obj,
        noun=machine.noun,
        name=name,
        label=label,
        label_lower=label.lower(),
        state=shown,
        state_lower=shown.lower(),
        allowed=", ".join(machine.display(s) for s in t.source) if t else "",
    )


def refusal(machine: StateMachine, obj: Any, name: str) -> str | None:
    """Why move `name` is not possible for `obj` now (a sentence naming the current state),
    or None if it is: wrong state, then the transition's guard, then the machine's guards."""
    transition = machine.transitions.get(name)
    if transition is None:
        return _message(machine.unknown, machine, obj, name, None)
    if machine.state_of(obj) not in transition.source:
        return _message(machine.refused, machine, obj, name, transition)
    for guard in (transition.guard, *machine.guards):
        problem = guard(obj, transition) if guard is not None else None
        if problem:
            return problem
    return None


def check(
    machine: StateMachine, obj: Any, name: str, *, reason: str | None = None, decision: Any = None
) -> Transition:
    """The transition `name` if `obj` may take it now, else ValidationError on the state field
    (or on `reason` / `decision` when the move needs one and none was given; pass `reason` to
    have it checked)."""
    problem = refusal(machine, obj, name)
    if problem:
        raise ValidationError({machine.field: problem})
    transition = machine.transitions[name]
    if transition.needs_reason and reason is not None and not reason.strip():
        raise ValidationError({"reason": f"Say why (“{transition.label}” needs a reason)."})
    if transition.needs_decision and decision is None:
        raise ValidationError(
            {"decision": f"“{transition.label}” needs the decision that made it."}
        )
    return transition


def available(
    machine: StateMachine, obj: Any, *, manual_only: bool = True
) -> list[tuple[str, Transition]]:
    """The moves `obj` may take now, in declaration order (the caller decides who may)."""
    return [
        (n, t)
        for n, t in machine.transitions.items()
        if (t.manual or not manual_only) and refusal(machine, obj, n) is None
    ]


_Record = TypeVar("_Record", bound=ClassifiedModel)


def apply(
    machine: StateMachine,
    *,
    actor: Actor,
    obj: _Record,
    name: str,
    reason: str = "",
    decision: Any = None,
    on: datetime.date | None = None,
    extra: Mapping[str, Any] | None = None,
    guard: Callable[[_Record, Transition], None] | None = None,
) -> _Record:
    """Move a classified record along transition `name`: the one writer of a state field.

    In one transaction: lock the row, `check` the move on the locked row (state, guards,
    reason, decision), run the caller's `guard(current, transition)`, stamp the transition's
    `date_field` with `on` (or the date already there, or today), and save through
    `core.services.classified_update` (the owning body's secretariat only; a decision must be
    one the actor may read and whose body they run) as ONE audit event
    `<machine name>_<name>` (`assurance.assessment_report`), as high as the decision it
    names. The decision is cited from the record. `extra` are further field changes the move
    makes (an approving decision's id).
    """

    model = type(obj)
    with transaction.atomic():
        current = model.objects.unrestricted().select_for_update().get(pk=obj.pk)
        require_manager(actor, current)
        transition = check(machine, current, name, reason=reason, decision=decision)
        if decision is not None:
            require_attachable(actor, type(decision), decision.pk, "decision")
        if guard is not None:
            guard(current, transition)
        changes: dict[str, Any] = {machine.field: transition.target, **(extra or {})}
        if transition.date_field:
            changes[transition.date_field] = (
                on or getattr(current, transition.date_field) or timezone.localdate()
            )
        obj = classified_update(
            actor=actor,
            instance=obj,
            changes=changes,
            reason=reason or transition.label,
            event_kind=f"{machine.name}_{name}",
            event_level=getattr(decision, "classification", None),
        )
        if decision is not None:
            cite(actor=actor, source=decision, target=obj, note=transition.label)
    return obj


# --- drawing -------------------------------------------------------------------------------


def _node(value: str) -> str:
    return "s_" + re.sub(r"\W", "_", value)


def _text(text: str) -> str:
    return text.replace(":", "#58;").replace(";", "#59;").replace('"', "#quot;")


def _describe(guard: Guard | None) -> str:
    """A guard's docstring, first line (how the graphs name a condition)."""
    doc = (getattr(guard, "__doc__", None) or "").strip()
    return doc.splitlines()[0].rstrip(".") if doc else getattr(guard, "__name__", "guard")


def mermaid(machine: StateMachine) -> str:
    """A Mermaid `stateDiagram-v2` of `machine`: every state of the field, every move."""
    lines = ["stateDiagram-v2"]
    for value, shown in machine.choices().items():
        lines.append(f'    state "{_text(shown)}" as {_node(value)}')
    if machine.initial is not None:
        lines.append(f"    [*] --> {_node(machine.initial)}")
    for transition in machine.transitions.values():
        for source in transition.source:
            lines.append(
                f"    {_node(source)} --> {_node(transition.target)} : {_text(transition.label)}"
            )
    return "\n".join(lines)


def document() -> str:
    """docs/state-machines.md: every registered machine, drawn and tabulated."""
    out = [
        "# State machines",
        "",
        "Generated by `secpanel state-machines` from the declarations in each app's",
        "`workflow.py` (`secpanel.core.workflow`); do not edit by hand. A test fails when this",
        "file and the declarations disagree.",
        "",
    ]
    for machine in registered():
        model = machine.model
        out += [
            f"## {machine.name}",
            "",
            f"`{model.__module__}.{model.__name__}.{machine.field}`"
            + (f", initial state `{machine.initial}`." if machine.initial else "."),
            "",
            "```mermaid",
            mermaid(machine),
            "```",
            "",
            "| Move | From | To | Label | Needs |",
            "| --- | --- | --- | --- | --- |",
        ]
        for name, t in machine.transitions.items():
            needs = [
                w
                for w, on in (
                    ("reason", t.needs_reason),
                    ("decision", t.needs_decision),
                    (_describe(t.guard), t.guard is not None),
                    (f"date → `{t.date_field}`", bool(t.date_field)),
                    ("(automatic)", not t.manual),
                )
                if on
            ]
            sources = ", ".join(machine.display(s) for s in t.source)
            out.append(
                f"| `{name}` | {sources} | {machine.display(t.target)} | {t.label} | "
                f"{', '.join(needs) or '—'} |"
            )
        if machine.guards:
            out += ["", *(f"Every move: {_describe(g)}." for g in machine.guards)]
        out.append("")
    return "\n".join(out)

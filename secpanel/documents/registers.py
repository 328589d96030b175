"""Small shared kit for the register apps (documents, testing, smki, operations).

- `register_machine` and `apply_transition`: a `core.workflow.StateMachine` per record type
  (declared in the app's `workflow.py`), driven only through a service (conventions.md,
  "State machines").
- `RegisterForm`: a ClassifiedForm whose choices of related classified records (and decisions)
  are limited to what the user may read, so a select never leaks a hidden record's name.
- `RegisterDetailView` and `TransitionView`: a record's page with its "Discussed in" list and
  transition buttons, and the POST endpoint behind those buttons.

(The machine mechanism itself is `secpanel.core.workflow`; this adds the registers' way of
applying a move: history, the decision cited, the audit event.)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views import View

from secpanel.core.citations import cited_by
from secpanel.core.classification import Classification
from secpanel.core.forms import ClassifiedForm
from secpanel.core.models import ClassifiedModel
from secpanel.core.parents import visible_parent
from secpanel.core.policy import can_manage_body, managed_body_ids
from secpanel.core.selectors import get_visible_or_404
from secpanel.core.services import classified_create, classified_update
from secpanel.core.views import ClassifiedDetailView, RecordFormView
from secpanel.core.workflow import StateMachine, Transition, apply, available, register

__all__ = ["Machine", "Transition", "apply_transition", "register_machine"]

Machine = StateMachine
REFUSED = "Cannot “{label}” while the status is {state}."


def register_machine(
    name: str,
    model: type[models.Model],
    transitions: Mapping[str, Transition],
    field: str = "status",
) -> StateMachine:
    """Declare (and register) a register record's machine: outline buttons by default, and
    the registers' refusal sentence."""
    return register(
        StateMachine(
            name=name,
            model=model,
            field=field,
            transitions=transitions,
            default_style="outline-primary",
            refused=REFUSED,
        )
    )


def available_transitions(
    user: Any, obj: ClassifiedModel, machine: StateMachine
) -> list[tuple[str, Transition]]:
    """The moves `user` may make on `obj` now (secretariat of its owning body only)."""
    if not can_manage_body(user, obj.owning_body_id):
        return []
    return available(machine, obj)


def apply_transition(
    *,
    actor: Any,
    obj: ClassifiedModel,
    name: str,
    reason: str,
    machine: StateMachine,
    extra: Mapping[str, Any] | None = None,
    decision: Any = None,
    check: Callable[[ClassifiedModel, Transition], None] | None = None,
) -> ClassifiedModel:
    """Move `obj` along transition `name` of `machine`: `core.workflow.apply`, with the
    register's own `check(current, transition)` as its guard."""
    return apply(
        machine,
        actor=actor,
        obj=obj,
        name=name,
        reason=reason,
        decision=decision,
        extra=extra,
        guard=check,
    )


def decisions_for(user: Any) -> models.QuerySet:
    """Decisions of the bodies the user runs that they may read, newest first (for "which
    decision made this move")."""
    from secpanel.meetings.models import Decision

    return (
        Decision.objects.visible_to(user)
        .filter(owning_body_id__in=sorted(managed_body_ids(user)))
        .select_related("owning_body")
        .order_by("-date", "-id")
    )


class RegisterForm(ClassifiedForm):
    """A register's record form (choices of classified records are narrowed by ClassifiedForm)."""


class RegisterDetailView(ClassifiedDetailView):
    """A register record's page: "Discussed in" (citations the viewer may read), the
    transition buttons the viewer may use, and a banner at the highest level shown.

    Subclasses may set `machine`, `parents` ({context name: foreign key attribute, or a path of
    them joined by "__"}: the record at its end, or None when the viewer may not read it or any
    record on the way, so a page never names a hidden parent: `core.parents`) and
    override `related(obj)` -> {context name: iterable of visible records shown on the page}.
    """

    machine: StateMachine | None = None
    parents: Mapping[str, str] = {}

    def related(self, obj: Any) -> dict[str, Any]:
        return {}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        obj = self.object
        user = self.request.user
        related = {k: list(v) for k, v in self.related(obj).items()}
        ctx.update(related)
        for name, attr in self.parents.items():
            parent = visible_parent(user, obj, attr)
            ctx[name] = parent
            related[name] = [parent] if parent is not None else []
        ctx["discussed_in"] = cited_by(user, obj)
        levels = [obj.classification]
        for rows in related.values():
            levels.extend(getattr(r, "classification", None) for r in rows)
        levels.extend(getattr(r, "classification", None) for r in ctx["discussed_in"])
        ctx["page_classification"] = Classification.high_water(levels)
        if self.machine is not None:
            ctx["transitions"] = available_transitions(user, obj, self.machine)
            if any(t.needs_decision for _, t in ctx["transitions"]):
                choices = list(decisions_for(user)[:100])
                ctx["decision_choices"] = choices
                # the picker shows the decisions' text: the page is as high as they are
                ctx["page_classification"] = Classification.high_water(
                    [ctx["page_classification"], *(d.classification for d in choices)]
                )
        return ctx


class TransitionView(LoginRequiredMixin, View):
    """POST `name`, `reason` (and `decision` for moves that need one) → the app's service."""

    model: type[ClassifiedModel]
    service: Callable[..., Any]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = get_visible_or_404(self.model, request.user, pk=pk)
        decision = None
        if request.POST.get("decision"):
            from secpanel.meetings.models import Decision

            decision = get_visible_or_404(Decision, request.user, pk=request.POST["decision"])
        try:
            type(self).service(
                actor=request.user,
                obj=obj,
                name=request.POST.get("name", ""),
                reason=request.POST.get("reason", ""),
                decision=decision,
            )
        except ValidationError as exc:
            for msgs in getattr(exc, "message_dict", {"": exc.messages}).values():
                for msg in msgs:
                    messages.error(request, msg)
        except PermissionDenied as exc:
            messages.error(request, str(exc) or "Your role does not allow this change.")
        else:
            messages.success(request, f"Updated {obj}.")
        return redirect(obj.get_absolute_url())


class RegisterFormView(RecordFormView):
    """Create through `create` (a service), edit through `classified_update`."""

    create: Any = None
    prefill: tuple[str, ...] = ()

    def initial(self) -> dict[str, Any]:
        """Prefill the parent named in the query string (?phase=3), and take its owning body
        and level as defaults, if the user may read it."""
        found: dict[str, Any] = {}
        for key in self.prefill:
            value = self.request.GET.get(key, "")
            if not value.isdigit():
                continue
            related = self.model._meta.get_field(key).related_model
            parent = related.objects.visible_to(self.request.user).filter(pk=value).first()
            if parent is None:
                continue
            found[key] = parent.pk
            found.setdefault("owning_body", parent.owning_body_id)
            found.setdefault("classification", parent.classification)
        return found

    def save(self, form: Any, instance: Any) -> Any:
        data = form.changes()
        reason = form.cleaned_data["reason"]
        distribution = form.cleaned_data.get("red_distribution", [])
        if instance is None:
            create = type(self).create
            if create is None:
                return classified_create(
                    actor=self.request.user,
                    instance=self.model(**data),
                    reason=reason,
                    distribution=distribution,
                )
            return create(actor=self.request.user, reason=reason, distribution=distribution, **data)
        return classified_update(
            actor=self.request.user,
            instance=instance,
            changes=data,
            reason=reason,
            distribution=distribution,
        )

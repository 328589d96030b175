"""The register pages (documents, programmes, smki, operations), built on `web.views`.

- `RegisterDetailView`: a record's page with its "Discussed in" list, the parents and related
  records the viewer may read, the transition buttons they may use, and a banner at the
  highest level shown.
- `RegisterTransitionView`: the POST behind those buttons (`name`, `reason`, `decision`).
- `RegisterFormView`: create through the app's `create` service, edit through
  `classified_update`; `?<parent>=<pk>` prefills the parent.

The machinery under them (machines, moves, decisions to cite) is `core.registers`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from secpanel.accounts.types import Actor
from secpanel.core.citations import cited_by
from secpanel.core.classification import Classification
from secpanel.core.models import ClassifiedModel
from secpanel.core.parents import visible_parent
from secpanel.core.registers import available_transitions
from secpanel.core.selectors import get_visible_or_404
from secpanel.core.services import classified_update
from secpanel.core.workflow import StateMachine
from secpanel.meetings.models import Decision
from secpanel.meetings.selectors import citable_decisions
from secpanel.web.views import ClassifiedDetailView, ServiceFormView, TransitionView


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
                choices = list(citable_decisions(user)[:100])
                ctx["decision_choices"] = choices
                # the picker shows the decisions' text: the page is as high as they are
                ctx["page_classification"] = Classification.high_water(
                    [ctx["page_classification"], *(d.classification for d in choices)]
                )
        return ctx


class RegisterTransitionView(TransitionView):
    """The register buttons' POST: `name` (the button), `reason` and, for moves that need one,
    `decision` (a decision the user may read: hidden or missing is a 404, like the record)."""

    def arguments(self, form: Any, obj: Any) -> dict[str, Any]:
        pk = form.cleaned_data.get("decision")
        decision = get_visible_or_404(Decision, self.request.user, pk=pk) if pk else None
        return {**super().arguments(form, obj), "decision": decision}


def _register_update(
    *, actor: Actor, instance: ClassifiedModel, reason: str, distribution: Any, **changes: Any
) -> ClassifiedModel:
    """A register record's edit: `classified_update` (no app has an update service of its own)."""
    return classified_update(
        actor=actor, instance=instance, changes=changes, reason=reason, distribution=distribution
    )


class RegisterFormView(ServiceFormView):
    """Create through the app's `create` service, edit through `classified_update`; a parent
    named in the query string is prefilled."""

    model: type[ClassifiedModel]
    update = _register_update
    prefill: tuple[str, ...] = ()

    def initial(self, obj: Any) -> dict[str, Any]:
        """Prefill the parent named in the query string (?phase=3), and take its owning body
        and level as defaults, if the user may read it."""
        found: dict[str, Any] = {}
        for key in self.prefill:
            value = self.request.GET.get(key, "")
            if not value.isdigit():
                continue
            field = self.model._meta.get_field(key)  # a foreign key to a classified parent
            related = cast("type[ClassifiedModel]", field.related_model)
            parent = related.objects.visible_to(self.request.user).filter(pk=value).first()
            if parent is None:
                continue
            found[key] = parent.pk
            found.setdefault("owning_body", parent.owning_body_id)
            found.setdefault("classification", parent.classification)
        return found

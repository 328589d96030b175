"""Thin views over the modifications selectors and services."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views import View

from secpanel.core.classification import Classification
from secpanel.core.policy import can_manage_body, managed_body_ids
from secpanel.core.views import ClassifiedDetailView, ClassifiedListView, RecordFormView
from secpanel.modifications import selectors, services
from secpanel.modifications.forms import (
    HoldForm,
    MilestoneForm,
    ModificationForm,
    RegisterFilterForm,
    ReleaseForm,
    RescheduleForm,
    TransitionForm,
)
from secpanel.modifications.models import Modification, Release
from secpanel.modifications.workflow import TRANSITIONS, available_transitions, refusal


def _filters(request: HttpRequest) -> tuple[RegisterFilterForm, dict[str, Any]]:
    form = RegisterFilterForm(request.GET or None)
    return form, form.filters() if request.GET else {}


class ModificationListView(ClassifiedListView):
    """The register: filter by stage, path, release and body; sort; export."""

    model = Modification
    template_name = "modifications/modification_list.html"

    def get_template_names(self) -> list[str]:
        if self.request.htmx:
            return ["modifications/partials/register_table.html"]
        return [self.template_name]

    def get_queryset(self) -> QuerySet[Modification]:
        self.filter_form, self.filters = _filters(self.request)
        return selectors.modification_list(self.request.user, **self.filters)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        ctx.update(
            filter_form=self.filter_form,
            query=query.urlencode(),
            stage_counts=selectors.stage_counts(self.request.user, **self.filters),
        )
        return ctx


class PipelineView(View):
    """Counts per stage, as a chart and a table (only what the viewer may read is counted)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        form, filters = _filters(request)
        counts = selectors.stage_counts(request.user, **filters)
        top = max((n for _s, n in counts), default=0) or 1
        rows = [
            {"stage": s, "count": n, "width": round(n * 100 / top, 1), "bar": round(n * 360 / top)}
            for s, n in counts
        ]
        visible = selectors.modification_list(request.user, **filters)
        return render(
            request,
            "modifications/pipeline.html",
            {
                "rows": rows,
                "total": sum(n for _s, n in counts),
                "filter_form": form,
                "query": request.GET.urlencode(),
                "chart_height": 30 * len(rows) + 10,
                "page_classification": Classification.high_water(
                    visible.values_list("classification", flat=True).distinct()
                ),
            },
        )


CSV_COLUMNS = [
    ("reference", "Reference"),
    ("title", "Title"),
    ("stage", "Stage"),
    ("on_hold", "On hold"),
    ("path", "Path"),
    ("urgent", "Urgent"),
    ("proposer", "Proposer"),
    ("lead_analyst", "Lead analyst"),
    ("date_raised", "Date raised"),
    ("target_release", "Target release"),
    ("implementation_date", "Implementation date"),
    ("public_url", "Public page"),
    ("classification", "Classification"),
]


def _csv_value(mod: Modification, name: str) -> str:
    if name == "stage":
        return mod.get_stage_display()
    if name == "path":
        return mod.get_path_display()
    if name == "classification":
        return Classification(mod.classification).label
    if name in ("on_hold", "urgent"):
        return "yes" if getattr(mod, name) else "no"
    value = getattr(mod, name)
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def export_csv(request: HttpRequest) -> HttpResponse:
    """The register as CSV, with the same filters; hidden modifications are not in it."""
    _form, filters = _filters(request)
    mods = list(selectors.modification_list(request.user, **filters))
    level = Classification.high_water(m.classification for m in mods)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="modifications-{stamp}-{level.label.lower()}.csv"'
    )
    response["X-Classification"] = level.label
    writer = csv.writer(response)
    writer.writerow([label for _n, label in CSV_COLUMNS])
    for mod in mods:
        writer.writerow([_csv_value(mod, name) for name, _l in CSV_COLUMNS])
    return response


class ModificationDetailView(ClassifiedDetailView):
    """A modification, its timeline across bodies, and the secretariat's actions."""

    model = Modification
    template_name = "modifications/modification_detail.html"

    def get_object(self, queryset: QuerySet | None = None) -> Modification:
        return selectors.get_modification_or_404(self.request.user, self.kwargs["reference"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        timeline = selectors.modification_timeline(self.request.user, self.object)
        kwargs["page_classification"] = Classification.high_water(
            [self.object.classification, *(e.classification for e in timeline)]
        )
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            timeline=timeline,
            bodies=selectors.touching_bodies(timeline),
            transitions=available_transitions(self.request.user, self.object),
        )
        return ctx


class _ModificationFormMixin:
    def get_instance(self) -> Modification | None:
        if "reference" not in self.kwargs:
            return None
        return selectors.get_modification_or_404(self.request.user, self.kwargs["reference"])


class ModificationFormView(_ModificationFormMixin, RecordFormView):
    """Register a modification or edit its descriptive fields."""

    model = Modification
    form_class = ModificationForm

    def save(self, form: ModificationForm, instance: Modification | None) -> Modification:
        data = form.changes()
        reason = form.cleaned_data["reason"]
        distribution = form.cleaned_data.get("red_distribution", [])
        if instance is None:
            return services.modification_create(
                actor=self.request.user, reason=reason, distribution=distribution, **data
            )
        return services.modification_update(
            actor=self.request.user,
            modification=instance,
            reason=reason,
            distribution=distribution,
            **data,
        )


class _ChangeView(LoginRequiredMixin, View):
    """A small form that changes one tracked thing of a modification through its service."""

    form_class: type = TransitionForm
    template_name = "modifications/change_form.html"
    title = ""

    def modification(self) -> Modification:
        mod = selectors.get_modification_or_404(self.request.user, self.kwargs["reference"])
        if not can_manage_body(self.request.user, mod.owning_body_id):
            raise PermissionDenied("Only the secretariat of the owning body can change this.")
        return mod

    def initial(self, mod: Modification) -> dict[str, Any]:
        return {}

    def context(self, mod: Modification) -> dict[str, Any]:
        return {}

    def apply(self, mod: Modification, data: dict[str, Any]) -> Any:
        raise NotImplementedError

    def render_form(self, form: Any, mod: Modification) -> HttpResponse:
        ctx = {
            "form": form,
            "object": mod,
            "title": self.title,
            "page_classification": Classification.high_water(
                [mod.classification, form.choices_level()]
            ),
            **self.context(mod),
        }
        return render(self.request, self.template_name, ctx)

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        mod = self.modification()
        form = self.form_class(initial=self.initial(mod), user=request.user)
        return self.render_form(form, mod)

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        mod = self.modification()
        form = self.form_class(request.POST, user=request.user)
        if form.is_valid():
            try:
                self.apply(mod, form.cleaned_data)
            except ValidationError as exc:
                form.add_service_error(exc)
            else:
                messages.success(request, f"{mod.reference}: {self.title.lower()} recorded.")
                return redirect(mod.get_absolute_url())
        return self.render_form(form, mod)


def _links(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "reason": data.get("reason", ""),
        "date": data.get("date"),
        "meeting": data.get("meeting"),
        "decision": data.get("decision"),
    }


class TransitionView(_ChangeView):
    form_class = TransitionForm

    def modification(self) -> Modification:
        if self.kwargs["name"] not in TRANSITIONS:
            raise Http404("No such stage change.")
        mod = super().modification()
        self.transition = TRANSITIONS[self.kwargs["name"]]
        self.title = self.transition.label
        return mod

    def context(self, mod: Modification) -> dict[str, Any]:
        return {"transition": self.transition, "refusal": refusal(mod, self.kwargs["name"])}

    def apply(self, mod: Modification, data: dict[str, Any]) -> Any:
        return services.modification_transition(
            actor=self.request.user, obj=mod, name=self.kwargs["name"], **_links(data)
        )


class RescheduleView(_ChangeView):
    form_class = RescheduleForm
    title = "Change release or implementation date"

    def initial(self, mod: Modification) -> dict[str, Any]:
        return {
            "target_release": mod.target_release_id,
            "implementation_date": mod.implementation_date,
        }

    def apply(self, mod: Modification, data: dict[str, Any]) -> Any:
        return services.modification_reschedule(
            actor=self.request.user,
            modification=mod,
            target_release=data.get("target_release"),
            implementation_date=data.get("implementation_date"),
            **_links(data),
        )


class HoldView(_ChangeView):
    form_class = HoldForm

    def modification(self) -> Modification:
        mod = super().modification()
        self.title = "Take off hold" if mod.on_hold else "Put on hold"
        return mod

    def apply(self, mod: Modification, data: dict[str, Any]) -> Any:
        return services.modification_set_on_hold(
            actor=self.request.user, modification=mod, on_hold=not mod.on_hold, **_links(data)
        )


class MilestoneView(_ChangeView):
    form_class = MilestoneForm
    title = "Add a milestone"

    def apply(self, mod: Modification, data: dict[str, Any]) -> Any:
        return services.modification_record_milestone(
            actor=self.request.user, modification=mod, label=data["label"], **_links(data)
        )


# --- releases ------------------------------------------------------------------------------


def release_list(request: HttpRequest) -> HttpResponse:
    """Every release with the number of modifications in it the viewer may read."""
    releases = list(selectors.release_list())
    rows = [(r, selectors.release_modifications(request.user, r).count()) for r in releases]
    return render(
        request,
        "modifications/release_list.html",
        {"rows": rows, "can_create": bool(managed_body_ids(request.user))},
    )


def release_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A release and the modifications in it that the viewer may read."""
    release = get_object_or_404(selectors.release_list(), slug=slug)
    mods = list(selectors.release_modifications(request.user, release))
    return render(
        request,
        "modifications/release_detail.html",
        {
            "release": release,
            "modifications": mods,
            "can_edit": bool(managed_body_ids(request.user)),
            "page_classification": Classification.high_water(m.classification for m in mods),
        },
    )


class ReleaseFormView(LoginRequiredMixin, View):
    """Create or edit a release (secretariat)."""

    def get_instance(self) -> Release | None:
        if "slug" not in self.kwargs:
            return None
        return get_object_or_404(selectors.release_list(), slug=self.kwargs["slug"])

    def render_form(self, form: ReleaseForm, instance: Release | None) -> HttpResponse:
        title = f"Edit {instance}" if instance else "New release"
        return render(self.request, "core/record_form.html", {"form": form, "title": title})

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        if not managed_body_ids(request.user):
            raise PermissionDenied
        instance = self.get_instance()
        return self.render_form(ReleaseForm(instance=instance), instance)

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        instance = self.get_instance()
        form = ReleaseForm(request.POST, instance=instance)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "reason"}
            if not data.get("slug"):
                data.pop("slug", None)
            reason = form.cleaned_data["reason"]
            try:
                if instance is None:
                    saved = services.release_create(actor=request.user, reason=reason, **data)
                else:
                    saved = services.release_update(
                        actor=request.user,
                        release=Release.objects.get(pk=instance.pk),
                        reason=reason,
                        **data,
                    )
            except ValidationError as exc:
                form.add_service_error(exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"Saved {saved}.")
                return redirect(saved.get_absolute_url())
        return self.render_form(form, instance)

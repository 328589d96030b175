"""Thin views over the modifications selectors and services."""

from __future__ import annotations

import csv
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views import View

from secpanel.core.classification import Classification
from secpanel.core.params import choice_param
from secpanel.core.policy import can_manage_body, managed_body_ids
from secpanel.modifications import selectors, services
from secpanel.modifications.forms import (
    AdviceForm,
    HoldForm,
    MilestoneForm,
    ModificationForm,
    RegisterFilterForm,
    ReleaseForm,
    RescheduleForm,
    TransitionForm,
    WithdrawEntryForm,
)
from secpanel.modifications.models import Modification, Release
from secpanel.modifications.workflow import TRANSITIONS, available_transitions, refusal
from secpanel.web import conflicts
from secpanel.web.views import ClassifiedDetailView, ClassifiedListView, ServiceFormView


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

    def get(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        """`?format=csv` is the register's CSV (`export_csv`: the same filters and rows), as
        on every register list (decisions/0021)."""
        if choice_param(request, "format", ["csv"], "") == "csv":
            return export_csv(request)
        return super().get(request, *args, **kwargs)

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
            can_advise=bool(managed_body_ids(self.request.user)),
        )
        return ctx


if TYPE_CHECKING:
    _FormViewBase = ServiceFormView
else:
    _FormViewBase = object


class _ModificationFormMixin(_FormViewBase):
    def get_object(self) -> Modification | None:
        if "reference" not in self.kwargs:
            return None
        return selectors.get_modification_or_404(self.request.user, self.kwargs["reference"])


class ModificationFormView(_ModificationFormMixin, ServiceFormView):
    """Register a modification or edit its descriptive fields."""

    model = Modification
    form_class = ModificationForm
    create = services.modification_create
    update = services.modification_update
    update_arg = "modification"


class _ChangeView(ServiceFormView):
    """A small form that changes one tracked thing of a modification through its service."""

    form_class: type = TransitionForm
    template_name = "modifications/change_form.html"
    partial_name = None
    #: the form carries the modification's version (web.conflicts): a change that sets a
    #: value from what the form showed (dates, on hold or not) is refused over a newer save
    versioned = False

    def get_form(self, obj: Modification, data: Any = None, files: Any = None) -> Any:
        form = super().get_form(obj, data, files)
        if self.versioned:
            conflicts.attach(form, obj)
        return form

    def get_object(self) -> Modification:
        mod = selectors.get_modification_or_404(self.request.user, self.kwargs["reference"])
        if not can_manage_body(self.request.user, mod.owning_body_id):
            raise PermissionDenied("Only the secretariat of the owning body can change this.")
        return mod

    def message(self, saved: Any, obj: Modification) -> str:
        return f"{obj.reference}: {self.title.lower()} recorded."

    def success_url(self, saved: Any, obj: Modification) -> str:
        return obj.get_absolute_url()


def _links(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "reason": data.get("reason", ""),
        "date": data.get("date"),
        "meeting": data.get("meeting"),
        "decision": data.get("decision"),
    }


class TransitionView(_ChangeView):
    form_class = TransitionForm

    def get_object(self) -> Modification:
        if self.kwargs["name"] not in TRANSITIONS:
            raise Http404("No such stage change.")
        mod = super().get_object()
        self.transition = TRANSITIONS[self.kwargs["name"]]
        self.title = self.transition.label
        return mod

    def extra_context(self, obj: Modification) -> dict[str, Any]:
        return {"transition": self.transition, "refusal": refusal(obj, self.kwargs["name"])}

    def save(self, form: TransitionForm, obj: Modification) -> Any:
        return services.modification_transition(
            actor=self.request.user, obj=obj, name=self.kwargs["name"], **_links(form.cleaned_data)
        )


class RescheduleView(_ChangeView):
    form_class = RescheduleForm
    versioned = True
    title = "Change release or implementation date"

    def initial(self, obj: Modification) -> dict[str, Any]:
        return {
            "target_release": obj.target_release_id,
            "implementation_date": obj.implementation_date,
        }

    def save(self, form: RescheduleForm, obj: Modification) -> Any:
        data = form.cleaned_data
        return services.modification_reschedule(
            actor=self.request.user,
            modification=obj,
            target_release=data.get("target_release"),
            implementation_date=data.get("implementation_date"),
            **_links(data),
        )


class HoldView(_ChangeView):
    form_class = HoldForm
    versioned = True  # the button toggles: a stale "Put on hold" must not take it off

    def get_object(self) -> Modification:
        mod = super().get_object()
        self.title = "Take off hold" if mod.on_hold else "Put on hold"
        return mod

    def save(self, form: HoldForm, obj: Modification) -> Any:
        return services.modification_set_on_hold(
            actor=self.request.user,
            modification=obj,
            on_hold=not obj.on_hold,
            **_links(form.cleaned_data),
        )


class MilestoneView(_ChangeView):
    form_class = MilestoneForm
    title = "Add a milestone"

    def save(self, form: MilestoneForm, obj: Modification) -> Any:
        data = form.cleaned_data
        return services.modification_record_milestone(
            actor=self.request.user, modification=obj, label=data["label"], **_links(data)
        )


def _who_sees(mod: Modification) -> str:
    """Who will see a withdrawn entry of `mod` (everyone who may read the modification)."""
    level = Classification(mod.classification)
    if level == Classification.WHITE:
        return f"Everyone, the public included: {mod.reference} is White."
    if level == Classification.GREEN:
        return f"Everyone signed in, SEC Parties included: {mod.reference} is Green."
    if level == Classification.AMBER:
        return (
            f"The members and secretariat of {mod.owning_body.short_name} and the Panel's "
            f"members: {mod.reference} is Amber."
        )
    return (
        f"Only those who may read {mod.reference} (Red): the members and secretariat of "
        f"{mod.owning_body.short_name} and the people on its distribution."
    )


class WithdrawEntryView(ServiceFormView):
    """Withdraw a mistaken timeline entry (decisions/0022): a confirmation page saying what will
    happen and who will see it, then `services.modification_event_withdraw`. The owning body's
    secretariat only (403 for others who may read the modification; 404 for hidden and
    missing, the entry included); an empty reason is a 400 with the field's message."""

    form_class = WithdrawEntryForm
    template_name = "modifications/withdraw_entry.html"
    partial_name = None
    title = "Withdraw a timeline entry"
    refused = "Only the secretariat of the owning body can withdraw a timeline entry."

    def get_object(self) -> Modification:
        mod = selectors.get_modification_or_404(self.request.user, self.kwargs["reference"])
        self.entry = selectors.timeline_entry_or_404(mod, self.kwargs["event"])
        return mod

    def extra_context(self, obj: Modification) -> dict[str, Any]:
        return {
            "entry": self.entry,
            "withdrawal": services.withdrawal_of(obj, self.entry),
            "who_sees": _who_sees(obj),
        }

    def render_form(self, form: Any, obj: Modification) -> HttpResponse:
        response = super().render_form(form, obj)
        if form.is_bound and form.errors:
            response.status_code = 400  # bad input: the form again, saying what to fix
        return response

    def save(self, form: WithdrawEntryForm, obj: Modification) -> Any:
        return services.modification_event_withdraw(
            actor=self.request.user, event=self.entry, reason=form.cleaned_data["reason"]
        )

    def message(self, saved: Any, obj: Modification) -> str:
        return f"{obj.reference}: the entry “{saved.summary}” is withdrawn."

    def success_url(self, saved: Any, obj: Modification) -> str:
        return f"{obj.get_absolute_url()}#entry-{saved.pk}"


class AdviceView(ServiceFormView):
    """Record what a body advised on a modification (support, concerns, an agreed date
    change, suitable for Preliminary Assessment...): it reaches the Panel paper by itself.
    Any body's secretariat may advise on a modification it can read."""

    form_class = AdviceForm
    title = "Record advice"
    refused = "Only a body's secretariat can record its advice."
    success_message = "Advice recorded."

    def get_object(self) -> Modification:
        return selectors.get_modification_or_404(self.request.user, self.kwargs["reference"])

    def may_write(self, obj: Modification) -> bool:
        return bool(managed_body_ids(self.request.user))

    def form_kwargs(self, obj: Modification) -> dict[str, Any]:
        return {"user": self.request.user}

    def extra_context(self, obj: Modification) -> dict[str, Any]:
        return {"object": obj, "title": f"{obj.reference}: record advice"}

    def save(self, form: AdviceForm, obj: Modification) -> Any:
        return services.advice_record(
            actor=self.request.user,
            modification=obj,
            reason=form.cleaned_data.get("reason", ""),
            distribution=form.cleaned_data.get("red_distribution") or (),
            **form.changes(),
        )

    def success_url(self, saved: Any, obj: Modification) -> str:
        return obj.get_absolute_url()


# --- releases ------------------------------------------------------------------------------


def release_list(request: HttpRequest) -> HttpResponse:
    """Every release with the number of modifications in it the viewer may read."""
    rows = selectors.release_rows(request.user)
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


class ReleaseFormView(ServiceFormView):
    """Create or edit a release (a public record: any secretariat sees the form, the service
    lets the Panel's save it)."""

    model = Release
    form_class = ReleaseForm
    refused = ""  # the 403 page's general sentence

    def get_object(self) -> Release | None:
        if "slug" not in self.kwargs:
            return None
        return get_object_or_404(selectors.release_list(), slug=self.kwargs["slug"])

    def may_write(self, obj: Release | None) -> bool:
        return bool(managed_body_ids(self.request.user))

    def get_title(self, obj: Release | None) -> str:
        return f"Edit {obj}" if obj else "New release"

    def save(self, form: ReleaseForm, obj: Release | None) -> Release:
        data = {k: v for k, v in form.cleaned_data.items() if k != "reason"}
        if not data.get("slug"):
            data.pop("slug", None)
        reason = form.cleaned_data["reason"]
        if obj is None:
            return services.release_create(actor=self.request.user, reason=reason, **data)
        return services.release_update(actor=self.request.user, release=obj, reason=reason, **data)

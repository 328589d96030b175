"""The secretariat's editing pages (page or htmx fragment), each calling one service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.http import require_POST

from secpanel.core.params import int_param
from secpanel.core.policy import can_manage_body
from secpanel.core.selectors import get_visible_or_404, visible
from secpanel.core.views import RecordFormView, done
from secpanel.meetings import services
from secpanel.meetings.forms import (
    ActionForm,
    AgendaItemForm,
    AppendixForm,
    AttendanceForm,
    DecisionForm,
    HighlightForm,
    MeetingForm,
    MinutesForm,
    PaperForm,
    PaperVersionForm,
    RecommendationForm,
    TransitionForm,
)
from secpanel.meetings.models import (
    Action,
    AgendaItem,
    Attendance,
    Decision,
    Highlight,
    Meeting,
    Minutes,
    Paper,
    PaperAppendix,
)


def _distribution(form: forms.Form) -> Any:
    return (
        form.cleaned_data.get("red_distribution", None)
        if "red_distribution" in form.fields
        else None
    )


def _meeting_from(request: HttpRequest, kwargs: dict[str, Any]) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=kwargs["meeting_pk"])
    if not can_manage_body(request.user, meeting.body_id):
        raise Http404("No such page.")
    return meeting


# --- meetings (public records: their own small form view) -----------------------------------


@method_decorator(login_required, name="dispatch")
class MeetingFormView(View):
    template_name = "core/record_form.html"
    partial_name = "core/partials/record_form.html"

    def _instance(self) -> Meeting | None:
        if "pk" not in self.kwargs:
            return None
        meeting = get_object_or_404(Meeting, pk=self.kwargs["pk"])
        if not can_manage_body(self.request.user, meeting.body_id):
            raise Http404("No such page.")
        return meeting

    def _render(self, form: MeetingForm, instance: Meeting | None) -> HttpResponse:
        ctx = {
            "form": form,
            "object": instance,
            "title": "Edit meeting" if instance else "New meeting",
        }
        return render(
            self.request, self.partial_name if self.request.htmx else self.template_name, ctx
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        instance = self._instance()
        initial = {}
        body = int_param(request, "body", None)
        if instance is None and body is not None:
            initial["body"] = body
        return self._render(
            MeetingForm(instance=instance, initial=initial, user=request.user), instance
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        instance = self._instance()
        form = MeetingForm(request.POST, instance=instance, user=request.user)
        if form.is_valid():
            data = form.changes()
            reason = form.cleaned_data["reason"]
            try:
                if instance is None:
                    saved = services.meeting_create(actor=request.user, reason=reason, **data)
                else:
                    data.pop("body", None)
                    saved = services.meeting_update(
                        actor=request.user,
                        meeting=Meeting.objects.get(pk=instance.pk),
                        reason=reason,
                        **data,
                    )
            except ValidationError as exc:
                form.add_service_error(exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"Saved {saved}.")
                return done(request, saved.get_absolute_url())
        return self._render(form, instance)


# --- records on a meeting ----------------------------------------------------------------------


class _OnMeeting(RecordFormView):
    """A create form for a record that hangs off a meeting (from the URL)."""

    def get_instance(self) -> models.Model | None:
        if "meeting_pk" in self.kwargs:
            self.meeting = _meeting_from(self.request, self.kwargs)
        return super().get_instance()


class AgendaItemFormView(_OnMeeting):
    model = AgendaItem
    form_class = AgendaItemForm

    def save(self, form: AgendaItemForm, instance: AgendaItem | None) -> Any:
        data = form.changes()
        reason = form.cleaned_data["reason"]
        if instance is None:
            return services.agenda_item_add(
                actor=self.request.user,
                meeting=self.meeting,
                reason=reason,
                distribution=_distribution(form) or (),
                **data,
            )
        return services.agenda_item_update(
            actor=self.request.user,
            item=instance,
            reason=reason,
            distribution=_distribution(form),
            **data,
        )


class AttendanceFormView(_OnMeeting):
    model = Attendance
    form_class = AttendanceForm
    title = "Record attendance"

    def save(self, form: AttendanceForm, instance: Attendance | None) -> Any:
        return services.attendance_record(
            actor=self.request.user,
            meeting=self.meeting,
            reason=form.cleaned_data["reason"],
            **form.changes(),
        )


class MinutesFormView(RecordFormView):
    """Write or revise a meeting's draft minutes (one set per meeting)."""

    model = Minutes
    form_class = MinutesForm

    def get_instance(self) -> Minutes | None:
        self.meeting = _meeting_from(self.request, self.kwargs)
        if not can_manage_body(self.request.user, self.meeting.body_id):
            # Only the body's secretariat writes minutes, and it reads all of them: nobody
            # else learns here whether minutes exist.
            raise Http404("No such record.")
        return visible(Minutes.objects.filter(meeting=self.meeting), self.request.user).first()

    def save(self, form: MinutesForm, instance: Minutes | None) -> Any:
        data = form.changes()
        return services.minutes_save(
            actor=self.request.user,
            meeting=self.meeting,
            text=data["text"],
            classification=data["classification"],
            distribution=_distribution(form),
            reason=form.cleaned_data["reason"],
        )


# --- decisions, actions, papers, highlights ----------------------------------------------------


class _Prefilled(RecordFormView):
    """Create forms that may be opened from a meeting page (?meeting=<pk>)."""

    def initial(self) -> dict[str, Any]:
        pk = int_param(self.request, "meeting", None)
        meeting = Meeting.objects.filter(pk=pk).first() if pk is not None else None
        if meeting is None:
            return {}
        return {"meeting": meeting.pk, "owning_body": meeting.body_id}


class DecisionFormView(_Prefilled):
    model = Decision
    form_class = DecisionForm

    def save(self, form: DecisionForm, instance: Decision | None) -> Any:
        data = form.changes()
        reason = form.cleaned_data["reason"]
        if instance is None:
            return services.decision_record(
                actor=self.request.user,
                reason=reason,
                distribution=_distribution(form) or (),
                **data,
            )
        if data.get("date") is None:
            data.pop("date")
        return services.decision_update(
            actor=self.request.user,
            decision=instance,
            reason=reason,
            distribution=_distribution(form),
            **data,
        )


class ActionFormView(_Prefilled):
    model = Action
    form_class = ActionForm

    def save(self, form: ActionForm, instance: Action | None) -> Any:
        data = form.changes()
        reason = form.cleaned_data["reason"]
        if instance is None:
            return services.action_create(
                actor=self.request.user,
                reason=reason,
                distribution=_distribution(form) or (),
                **data,
            )
        if data.get("raised_on") is None:
            data.pop("raised_on")
        return services.action_update(
            actor=self.request.user,
            action=instance,
            reason=reason,
            distribution=_distribution(form),
            **data,
        )


class PaperFormView(_Prefilled):
    model = Paper
    form_class = PaperForm

    def save(self, form: PaperForm, instance: Paper | None) -> Any:
        data = form.changes()
        reason = form.cleaned_data["reason"]
        if instance is None:
            return services.paper_create(
                actor=self.request.user,
                reason=reason,
                distribution=_distribution(form) or (),
                **data,
            )
        return services.paper_update(
            actor=self.request.user,
            paper=instance,
            reason=reason,
            distribution=_distribution(form),
            **data,
        )


class HighlightFormView(_Prefilled):
    model = Highlight
    form_class = HighlightForm

    def save(self, form: HighlightForm, instance: Highlight | None) -> Any:
        data = form.changes()
        reason = form.cleaned_data["reason"]
        distribution = _distribution(form)
        if instance is None:
            return services.highlight_create(
                actor=self.request.user, reason=reason, distribution=distribution or (), **data
            )
        return services.highlight_update(
            actor=self.request.user,
            highlight=instance,
            reason=reason,
            distribution=distribution,
            **data,
        )


class AppendixFormView(RecordFormView):
    model = PaperAppendix
    form_class = AppendixForm
    title = "New appendix"

    def get_instance(self) -> PaperAppendix | None:
        self.paper = get_visible_or_404(Paper, self.request.user, pk=self.kwargs["paper_pk"])
        if not can_manage_body(self.request.user, self.paper.owning_body_id):
            raise Http404("No such page.")
        return None

    def save(self, form: AppendixForm, instance: PaperAppendix | None) -> Any:
        data = form.changes()
        return services.appendix_add(
            actor=self.request.user,
            paper=self.paper,
            reason=form.cleaned_data["reason"],
            distribution=_distribution(form) or (),
            **data,
        )


class _PaperChild(LoginRequiredMixin, View):
    """A small form on a paper (recommendation, file version)."""

    form_class: type[forms.Form]
    title = ""

    def _paper(self) -> Paper:
        paper = get_visible_or_404(Paper, self.request.user, pk=self.kwargs["paper_pk"])
        if not can_manage_body(self.request.user, paper.owning_body_id):
            raise Http404("No such page.")
        return paper

    def _render(self, form: forms.Form, paper: Paper) -> HttpResponse:
        ctx = {"form": form, "title": self.title, "page_classification": paper.classification}
        name = "core/partials/record_form.html" if self.request.htmx else "core/record_form.html"
        return render(self.request, name, ctx)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self._render(self.form_class(), self._paper())

    def apply(self, paper: Paper, data: dict[str, Any]) -> None:
        raise NotImplementedError

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        paper = self._paper()
        form = self.form_class(request.POST, request.FILES)
        if form.is_valid():
            try:
                self.apply(paper, form.cleaned_data)
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for field, errors in exc.error_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "Saved.")
                return done(request, paper.get_absolute_url())
        return self._render(form, paper)


class RecommendationFormView(_PaperChild):
    form_class = RecommendationForm
    title = "New recommendation"

    def apply(self, paper: Paper, data: dict[str, Any]) -> None:
        services.recommendation_add(
            actor=self.request.user, paper=paper, verb=data["verb"], text=data["text"]
        )


class PaperVersionFormView(_PaperChild):
    form_class = PaperVersionForm
    title = "Upload a version"

    def apply(self, paper: Paper, data: dict[str, Any]) -> None:
        services.paper_version_upload(
            actor=self.request.user, paper=paper, file=data["file"], note=data["note"]
        )


# --- transitions -------------------------------------------------------------------------------


def _transition(
    request: HttpRequest,
    obj: Any,
    name: str,
    service: Callable[..., Any],
    **extra: Any,
) -> HttpResponse:
    form = TransitionForm(request.POST)
    if not form.is_valid():  # a reason too long, a value sent twice: no move, say why
        for field, errors in form.errors.items():
            label = field.capitalize() if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else error)
        return redirect(obj.get_absolute_url())
    reason = form.cleaned_data.get("reason", "")
    try:
        service(actor=request.user, obj=obj, name=name, reason=reason, **extra)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    except PermissionDenied as exc:
        messages.error(request, str(exc) or "Your role does not allow this.")
    else:
        messages.success(request, "Done.")
    return redirect(obj.get_absolute_url())


@require_POST
@login_required
def meeting_transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    if not can_manage_body(request.user, meeting.body_id):
        raise Http404("No such page.")
    return _transition(request, meeting, name, services.meeting_transition)


@require_POST
@login_required
def minutes_transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    minutes = get_visible_or_404(Minutes, request.user, pk=pk)
    return _transition(request, minutes, name, services.minutes_transition)


@require_POST
@login_required
def paper_transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    paper = get_visible_or_404(Paper, request.user, pk=pk)
    return _transition(request, paper, name, services.paper_transition)


@require_POST
@login_required
def action_transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    action = get_visible_or_404(Action, request.user, pk=pk)
    update = request.POST.get("update", "")
    return _transition(request, action, name, services.action_transition, update=update)

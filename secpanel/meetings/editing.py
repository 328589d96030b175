"""The secretariat's editing pages (page or htmx fragment), each calling one service."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from secpanel.core.params import int_param
from secpanel.core.policy import can_manage_body
from secpanel.core.selectors import get_visible_or_404, visible
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
from secpanel.web.views import ServiceFormView, TransitionView


def _distribution(form: forms.BaseForm) -> Any:
    return (
        form.cleaned_data.get("red_distribution", None)
        if "red_distribution" in form.fields
        else None
    )


def _meeting_run_by(request: HttpRequest, pk: Any) -> Meeting:
    """A meeting of a body the user runs (any other, and a missing one: 404)."""
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    if not can_manage_body(request.user, meeting.body_id):
        raise Http404("No such page.")
    return meeting


def _paper_run_by(request: HttpRequest, pk: Any) -> Paper:
    """A paper the user may read, of a body they run (any other, and a missing one: 404)."""
    paper = get_visible_or_404(Paper, request.user, pk=pk)
    if not can_manage_body(request.user, paper.owning_body_id):
        raise Http404("No such page.")
    return paper


# --- meetings (public records) ------------------------------------------------------------------


class MeetingFormView(ServiceFormView):
    """Schedule a meeting, or change one of a body the user runs (any other: 404)."""

    model = Meeting
    form_class = MeetingForm

    def get_object(self) -> Meeting | None:
        if "pk" not in self.kwargs:
            return None
        return _meeting_run_by(self.request, self.kwargs["pk"])

    def may_write(self, obj: Meeting | None) -> bool:
        # a meeting is public: the form offers only the user's bodies, the service checks
        return True

    def initial(self, obj: Meeting | None) -> dict[str, Any]:
        body = int_param(self.request, "body", None)
        return {"body": body} if body is not None else {}

    def save(self, form: MeetingForm, obj: Meeting | None) -> Meeting:
        data = form.changes()
        reason = form.cleaned_data["reason"]
        if obj is None:
            return services.meeting_create(actor=self.request.user, reason=reason, **data)
        data.pop("body", None)
        return services.meeting_update(actor=self.request.user, meeting=obj, reason=reason, **data)


# --- records on a meeting ----------------------------------------------------------------------


class _OnMeeting(ServiceFormView):
    """A create form for a record that hangs off a meeting (from the URL)."""

    def get_object(self) -> models.Model | None:
        if "meeting_pk" in self.kwargs:
            self.meeting = _meeting_run_by(self.request, self.kwargs["meeting_pk"])
        return super().get_object()


class AgendaItemFormView(_OnMeeting):
    model = AgendaItem
    form_class = AgendaItemForm
    create = services.agenda_item_add
    update = services.agenda_item_update
    update_arg = "item"

    def changes(self, form: AgendaItemForm, obj: AgendaItem | None) -> dict[str, Any]:
        return form.changes() if obj is not None else {"meeting": self.meeting, **form.changes()}


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


class MinutesFormView(ServiceFormView):
    """Write or revise a meeting's draft minutes (one set per meeting)."""

    model = Minutes
    form_class = MinutesForm

    def get_object(self) -> Minutes | None:
        # Only the body's secretariat writes minutes, and it reads all of them: nobody else
        # learns here whether minutes exist (404 before the minutes are looked for).
        self.meeting = _meeting_run_by(self.request, self.kwargs["meeting_pk"])
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


class _Prefilled(ServiceFormView):
    """Create forms that may be opened from a meeting page (?meeting=<pk>)."""

    kept_if_empty = ""  # a date an edit leaves as it was when the form leaves it empty

    def initial(self, obj: models.Model | None) -> dict[str, Any]:
        pk = int_param(self.request, "meeting", None)
        meeting = Meeting.objects.filter(pk=pk).first() if pk is not None else None
        if meeting is None:
            return {}
        return {"meeting": meeting.pk, "owning_body": meeting.body_id}

    def changes(self, form: Any, obj: models.Model | None) -> dict[str, Any]:
        data = form.changes()
        if obj is not None and self.kept_if_empty and data.get(self.kept_if_empty) is None:
            data.pop(self.kept_if_empty, None)
        return data


class DecisionFormView(_Prefilled):
    model = Decision
    form_class = DecisionForm
    create = services.decision_record
    update = services.decision_update
    update_arg = "decision"
    kept_if_empty = "date"


class ActionFormView(_Prefilled):
    model = Action
    form_class = ActionForm
    create = services.action_create
    update = services.action_update
    update_arg = "action"
    kept_if_empty = "raised_on"


class PaperFormView(_Prefilled):
    model = Paper
    form_class = PaperForm
    create = services.paper_create
    update = services.paper_update
    update_arg = "paper"


class HighlightFormView(_Prefilled):
    model = Highlight
    form_class = HighlightForm
    create = services.highlight_create
    update = services.highlight_update
    update_arg = "highlight"


class AppendixFormView(ServiceFormView):
    model = PaperAppendix
    form_class = AppendixForm
    title = "New appendix"
    create = services.appendix_add

    def get_object(self) -> PaperAppendix | None:
        self.paper = _paper_run_by(self.request, self.kwargs["paper_pk"])
        return None

    def changes(self, form: AppendixForm, obj: None) -> dict[str, Any]:
        return {"paper": self.paper, **form.changes()}


class _PaperChild(ServiceFormView):
    """A small form on a paper (recommendation, file version), back to the paper."""

    success_message = "Saved."

    def get_object(self) -> Paper:
        return _paper_run_by(self.request, self.kwargs["paper_pk"])

    def form_kwargs(self, obj: Paper) -> dict[str, Any]:
        return {}

    def success_url(self, saved: Any, obj: Paper) -> str:
        return obj.get_absolute_url()


class RecommendationFormView(_PaperChild):
    form_class = RecommendationForm
    title = "New recommendation"

    def save(self, form: RecommendationForm, obj: Paper) -> Any:
        data = form.cleaned_data
        return services.recommendation_add(
            actor=self.request.user, paper=obj, verb=data["verb"], text=data["text"]
        )


class PaperVersionFormView(_PaperChild):
    form_class = PaperVersionForm
    title = "Upload a version"

    def save(self, form: PaperVersionForm, obj: Paper) -> Any:
        data = form.cleaned_data
        return services.paper_version_upload(
            actor=self.request.user, paper=obj, file=data["file"], note=data["note"]
        )


# --- transitions -------------------------------------------------------------------------------


class _Move(TransitionView):
    """A move named in the address (`.../step/<name>/`), with a reason."""

    form_class = TransitionForm
    success_message = "Done."


class MeetingTransitionView(_Move):
    service = services.meeting_transition

    def get_object(self) -> Meeting:
        return _meeting_run_by(self.request, self.kwargs["pk"])


class MinutesTransitionView(_Move):
    model = Minutes
    service = services.minutes_transition


class PaperTransitionView(_Move):
    model = Paper
    service = services.paper_transition


class ActionTransitionView(_Move):
    model = Action
    service = services.action_transition

    def arguments(self, form: TransitionForm, obj: Action) -> dict[str, Any]:
        return {**super().arguments(form, obj), "update": form.cleaned_data.get("update", "")}

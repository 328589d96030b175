"""Helpers shared by the assurance views."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import View

from secpanel.assurance.models import (
    AssessmentOutcome,
    DirectorsLetter,
    Finding,
    UserSecurityAssessment,
)
from secpanel.core.classification import Classification
from secpanel.core.parents import attach_visible_parents
from secpanel.core.policy import can_manage_body
from secpanel.core.selectors import get_visible_or_404
from secpanel.core.views import done


def _high_water(ctx: dict[str, Any], *groups: Any) -> None:
    levels = [ctx.get("page_classification")]
    for group in groups:
        levels.extend(getattr(o, "classification", None) for o in group)
    ctx["page_classification"] = Classification.high_water(levels)


# What a record's page shows of the records it points at, as `visible_<name>` on the record:
# only those the reader may read (a hidden User, assessment or decision looks like none).
# Templates never follow `record.sec_user` / `.assessment` / `.decision` themselves.
PARENTS: dict[type, dict[str, str]] = {
    UserSecurityAssessment: {"visible_sec_user": "sec_user"},
    AssessmentOutcome: {
        "visible_assessment": "assessment",
        "visible_sec_user": "assessment__sec_user",
        "visible_decision": "decision",
        "visible_meeting": "decision__meeting",
    },
    Finding: {"visible_assessment": "assessment", "visible_sec_user": "assessment__sec_user"},
    DirectorsLetter: {
        "visible_sec_user": "sec_user",
        "visible_assessment": "assessment",
        "visible_meeting": "decision__meeting",
    },
}


def _with_parents(ctx: dict[str, Any], user: Any, rows: Any) -> None:
    """Set the visible parents on `rows` (records of one model) and raise the page's level to
    the highest of them."""
    rows = [r for r in rows if r is not None]
    if rows:
        _high_water(ctx, attach_visible_parents(user, rows, **PARENTS[type(rows[0])]))


class _PlainFormView(LoginRequiredMixin, View):
    """A service-backed form that is not a model form (outcome, review), on the record form
    page; service errors land on their fields."""

    model: type
    title = ""

    def get_object(self) -> Any:
        obj = get_visible_or_404(self.model, self.request.user, pk=self.kwargs["pk"])
        if not can_manage_body(self.request.user, obj.owning_body_id):
            raise Http404("No such record.")
        return obj

    def make_form(self, obj: Any, data: Any = None) -> Any:
        raise NotImplementedError

    def save(self, form: Any, obj: Any) -> Any:
        raise NotImplementedError

    def render_form(self, form: Any, obj: Any) -> HttpResponse:
        is_htmx = bool(self.request.htmx)
        ctx = {
            "form": form,
            "object": obj,
            "title": f"{self.title}: {obj}",
            "page_classification": obj.classification,
        }
        template = "core/partials/record_form.html" if is_htmx else "core/record_form.html"
        return render(self.request, template, ctx)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        return self.render_form(self.make_form(obj), obj)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        form = self.make_form(obj, request.POST)
        if form.is_valid():
            try:
                saved = self.save(form, obj)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            except PermissionDenied as exc:
                form.add_error(None, str(exc) or "Your role does not allow this change.")
            else:
                messages.success(request, f"Saved {saved}.")
                return done(request, obj.get_absolute_url())
        return self.render_form(form, obj)

"""Generic views for classified records. Every classified page is built on these two, so the
read path is always `visible_to(user)` and the page banner always shows its highest level."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views import View
from django.views.generic import DetailView, ListView

from secpanel.core.classification import Classification
from secpanel.core.forms import ClassifiedForm
from secpanel.core.models import AuditEvent, ClassifiedModel
from secpanel.core.policy import can_declassify, can_manage_body, managed_body_ids
from secpanel.core.selectors import get_visible_or_404, visible
from secpanel.core.services import classification_change


class ClassifiedListView(ListView):
    """A list of classified records the user may read; hidden rows are in no count."""

    paginate_by = 50

    def base_queryset(self) -> models.QuerySet:
        return self.model.objects.all()

    def get_queryset(self) -> models.QuerySet:
        return visible(self.base_queryset(), self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["page_classification"] = Classification.high_water(
            o.classification for o in ctx["object_list"]
        )
        ctx["can_create"] = bool(managed_body_ids(self.request.user))
        return ctx


class ClassifiedDetailView(DetailView):
    """One classified record, or 404 if it is missing or hidden."""

    def base_queryset(self) -> models.QuerySet:
        return self.model.objects.all()

    def get_object(self, queryset: models.QuerySet | None = None) -> models.Model:
        return get_visible_or_404(self.base_queryset(), self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault("page_classification", Classification(self.object.classification))
        ctx["can_edit"] = can_manage_body(self.request.user, self.object.owning_body_id)
        ctx["can_classify"] = ctx["can_edit"] or can_declassify(
            self.request.user, self.object.owning_body_id
        )
        return ctx


def home(request: HttpRequest) -> HttpResponse:
    from secpanel.bodies.selectors import bodies_of, body_list
    from secpanel.meetings.selectors import recent_highlights

    highlights = list(recent_highlights(request.user, limit=8))
    return render(
        request,
        "core/home.html",
        {
            "bodies": body_list(),
            "my_bodies": bodies_of(request.user),
            "highlights": highlights,
            "page_classification": Classification.high_water(h.classification for h in highlights),
        },
    )


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # The same page for missing and hidden: it never says what was asked for.
    return render(request, "404.html", status=404)


class RecordFormView(LoginRequiredMixin, View):
    """Create or edit one classified record through its service, as a page or an htmx fragment.

    Subclasses set `model`, `form_class` and implement `save(form, instance)` by calling the
    app's service (which validates, audits and keeps history). An htmx request gets the form
    partial back with field errors, or an `HX-Redirect` to the saved record.
    """

    model: type[models.Model]
    form_class: type[ClassifiedForm]
    template_name = "core/record_form.html"
    partial_name = "core/partials/record_form.html"
    title = ""

    def get_instance(self) -> models.Model | None:
        if "pk" not in self.kwargs:
            return None
        return get_visible_or_404(self.model, self.request.user, pk=self.kwargs["pk"])

    def initial(self) -> dict[str, Any]:
        """Initial values for a *new* record (ignored when editing an existing one)."""
        return {}

    def save(self, form: ClassifiedForm, instance: models.Model | None) -> models.Model:
        raise NotImplementedError

    def render_form(self, form: ClassifiedForm, instance: models.Model | None) -> HttpResponse:
        is_htmx = self.request.headers.get("HX-Request") == "true"
        verbose = self.model._meta.verbose_name
        ctx = {
            "form": form,
            "object": instance,
            "title": self.title or (f"Edit {verbose}" if instance else f"New {verbose}"),
            "page_classification": getattr(instance, "classification", None),
        }
        return render(self.request, self.partial_name if is_htmx else self.template_name, ctx)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        instance = self.get_instance()
        initial = self.initial() if instance is None else {}
        form = self.form_class(instance=instance, initial=initial, user=request.user)
        return self.render_form(form, instance)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        instance = self.get_instance()
        form = self.form_class(request.POST, request.FILES, instance=instance, user=request.user)
        if form.is_valid():
            try:
                saved = self.save(form, instance)
            except ValidationError as exc:
                form.add_service_error(exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc) or "Your role does not allow this change.")
            else:
                messages.success(request, f"Saved {saved}.")
                url = saved.get_absolute_url()
                if request.headers.get("HX-Request") == "true":
                    response = HttpResponse(status=204)
                    response["HX-Redirect"] = url
                    return response
                return redirect(url)
        return self.render_form(form, instance)


def _classified_model(app_label: str, model_name: str) -> type[ClassifiedModel]:
    from django.apps import apps as django_apps

    try:
        model = django_apps.get_model(app_label, model_name)
    except LookupError as exc:
        raise Http404("No such record.") from exc
    if not issubclass(model, ClassifiedModel):
        raise Http404("No such record.")
    return model


class ClassificationForm(forms.Form):
    level = forms.TypedChoiceField(
        choices=Classification.choices,
        coerce=int,
        label="Classification",
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    reason = forms.CharField(
        max_length=500,
        required=False,
        label="Reason",
        help_text="Required to lower the level; kept in the record's history and audit log.",
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
    )


@login_required
def classification_edit(
    request: HttpRequest, app_label: str, model_name: str, pk: int
) -> HttpResponse:
    """Raise or lower one record's level (lowering: chair or secretariat, with a reason)."""
    model = _classified_model(app_label, model_name)
    obj = get_visible_or_404(model, request.user, pk=pk)
    if not (
        can_declassify(request.user, obj.owning_body_id)
        or can_manage_body(request.user, obj.owning_body_id)
    ):
        raise PermissionDenied("Only a chair or the secretariat of the owning body can do this.")
    form = ClassificationForm(request.POST or None, initial={"level": obj.classification})
    if request.method == "POST" and form.is_valid():
        try:
            classification_change(
                actor=request.user,
                instance=obj,
                level=Classification(form.cleaned_data["level"]),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            for messages_ in exc.message_dict.values():
                for message in messages_:
                    form.add_error("reason", message)
        except PermissionDenied as exc:
            form.add_error("level", str(exc))
        else:
            messages.success(request, f"Classification of {obj} saved.")
            url = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else "/"
            return redirect(url)
    return render(
        request,
        "core/classification_edit.html",
        {
            "form": form,
            "object": obj,
            "page_classification": obj.classification,
        },
    )


def audit_log(request: HttpRequest) -> HttpResponse:
    """The typed audit log, for auditors only (read-only; subjects shown by type and id)."""
    if not getattr(request.user, "is_auditor", False) or not request.user.is_active:
        raise Http404("No such page.")
    events = AuditEvent.objects.select_related("actor", "subject_type")
    kind = request.GET.get("kind", "").strip()
    if kind:
        events = events.filter(kind__startswith=kind)
    paginator = Paginator(events, 100)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "core/audit_log.html",
        {
            "page_obj": page,
            "paginator": paginator,
            "is_paginated": page.has_other_pages(),
            "kind": kind,
            # the badges name levels only, but the page is marked as high as the highest
            "page_classification": Classification.high_water(e.classification for e in page),
        },
    )

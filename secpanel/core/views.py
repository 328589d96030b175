"""Generic views for classified records. Every classified page is built on these two, so the
read path is always `visible_to(user)` and the page banner always shows its highest level."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View
from django.views.generic import DetailView, ListView
from django_htmx.http import HttpResponseClientRedirect

from secpanel.core.bounds import PAGE_MAX
from secpanel.core.classification import Classification
from secpanel.core.forms import BoundedForm, ClassifiedForm
from secpanel.core.models import AuditEvent, ClassifiedModel
from secpanel.core.params import BadParameter, int_param, text_param
from secpanel.core.policy import can_declassify, can_manage_body, managed_body_ids
from secpanel.core.selectors import disclose_audit_events, get_visible_or_404, visible
from secpanel.core.services import REASON_NEEDED, classification_change


class ClassifiedListView(ListView):
    """A list of classified records the user may read; hidden rows are in no count."""

    paginate_by = 50

    def base_queryset(self) -> models.QuerySet:
        return self.model.objects.all()

    def get_queryset(self) -> models.QuerySet:
        return visible(self.base_queryset(), self.request.user)

    def paginate_queryset(self, queryset: Any, page_size: int) -> tuple[Any, Any, Any, bool]:
        """`?page=` is a whole number (a 400 otherwise); past the last page shows the last."""
        number = int_param(self.request, self.page_kwarg, 1, max_value=PAGE_MAX)
        paginator = self.get_paginator(
            queryset,
            page_size,
            orphans=self.get_paginate_orphans(),
            allow_empty_first_page=self.get_allow_empty(),
        )
        page = paginator.get_page(number)
        return (paginator, page, page.object_list, page.has_other_pages())

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


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The 400 page, in the site's shell. It names the query parameter a page could not use
    (`core.params.BadParameter`); other bad requests (Django's own) get the general sentence."""
    message = str(exception) if isinstance(exception, BadParameter) else ""
    return render(request, "400.html", {"message": message}, status=400)


def _check_distribution_applied(form: ClassifiedForm, saved: models.Model) -> None:
    """A form that asks who is on a record's RED distribution must be obeyed: a service that
    drops the field would say "Saved" while the person removed still reads the record."""
    if "red_distribution" not in form.fields or not isinstance(saved, ClassifiedModel):
        return
    asked = {u.pk for u in form.cleaned_data.get("red_distribution") or ()}
    stored = set(saved.red_distribution.values_list("pk", flat=True))
    if asked != stored:
        raise ImproperlyConfigured(
            f"{type(saved).__name__}'s service did not apply the RED distribution it was given."
        )


def done(request: HttpRequest, url: str) -> HttpResponse:
    """After a successful form: go to `url` (htmx follows it with a client-side redirect)."""
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


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

    def may_write(self, instance: models.Model | None) -> bool:
        """May the user use this form at all? Checked before the form is shown or validated,
        so someone without the authority never learns from a field error (a reference that is
        taken, a number already used) that a record they cannot read exists: they get the
        permission refusal, the same whatever they typed. Default: the secretariat of the
        record's owning body; for a new record, of at least one body (the form offers only
        those); the service checks the body chosen."""
        user = self.request.user
        if instance is None:
            return bool(managed_body_ids(user))
        return can_manage_body(user, getattr(instance, "owning_body_id", None))

    def _require_authority(self, instance: models.Model | None) -> None:
        if not self.may_write(instance):
            raise PermissionDenied("Your role does not allow this change.")

    def save(self, form: ClassifiedForm, instance: models.Model | None) -> models.Model:
        raise NotImplementedError

    def render_form(self, form: ClassifiedForm, instance: models.Model | None) -> HttpResponse:
        is_htmx = bool(self.request.htmx)
        verbose = self.model._meta.verbose_name
        ctx = {
            "form": form,
            "object": instance,
            "title": self.title or (f"Edit {verbose}" if instance else f"New {verbose}"),
            "page_classification": Classification.high_water(
                [getattr(instance, "classification", None), form.choices_level()]
            ),
        }
        return render(self.request, self.partial_name if is_htmx else self.template_name, ctx)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        instance = self.get_instance()
        self._require_authority(instance)
        initial = self.initial() if instance is None else {}
        form = self.form_class(instance=instance, initial=initial, user=request.user)
        return self.render_form(form, instance)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        instance = self.get_instance()
        self._require_authority(instance)  # before validation: no field error for the refused
        form = self.form_class(request.POST, request.FILES, instance=instance, user=request.user)
        if form.is_valid():
            try:
                saved = self.save(form, instance)
            except ValidationError as exc:
                form.add_service_error(exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc) or "Your role does not allow this change.")
            else:
                _check_distribution_applied(form, saved)
                messages.success(request, f"Saved {saved}.")
                return done(request, saved.get_absolute_url())
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


class ClassificationForm(BoundedForm):
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
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
            for name, messages_ in errors.items():
                for message in messages_:
                    # a level refused (below what the record carries) is shown on the level,
                    # a missing reason and anything else on the reason
                    on_level = name == "classification" and message != REASON_NEEDED
                    form.add_error("level" if on_level else "reason", message)
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
            "terms_url": reverse(
                "core:sensitive_terms", args=[app_label, model._meta.model_name, obj.pk]
            )
            if can_manage_body(request.user, obj.owning_body_id)
            else "",
        },
    )


class SensitiveTermForm(BoundedForm):
    term = forms.CharField(
        max_length=200,
        label="Term",
        help_text="A word or phrase that would reveal this record (at least three characters).",
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    reason = forms.CharField(
        max_length=500,
        label="Why is it sensitive?",
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}),
    )


@login_required
def sensitive_terms(request: HttpRequest, app_label: str, model_name: str, pk: int) -> HttpResponse:
    """The terms that would reveal one record (`core.leaks`): those the record declares and
    those its body's secretariat added. Secretariat of the owning body only."""
    from django.contrib.contenttypes.models import ContentType

    from secpanel.core.models import SensitiveTerm
    from secpanel.core.services import sensitive_term_add, sensitive_term_remove

    model = _classified_model(app_label, model_name)
    obj = get_visible_or_404(model, request.user, pk=pk)
    if not can_manage_body(request.user, obj.owning_body_id):
        raise PermissionDenied("Only the secretariat of the owning body can do this.")
    added = SensitiveTerm.objects.filter(
        subject_type=ContentType.objects.get_for_model(model), subject_id=obj.pk
    ).select_related("added_by")
    form = SensitiveTermForm(request.POST if request.POST.get("action") == "add" else None)
    remove_error = ""
    if request.method == "POST":
        try:
            if request.POST.get("action") == "remove":
                term = added.filter(pk=request.POST.get("term_id")).first()
                if term is None:
                    raise Http404("No such term.")
                sensitive_term_remove(
                    actor=request.user, term=term, reason=request.POST.get("reason", "")
                )
                messages.success(request, "Term withdrawn.")
                return redirect(request.path)
            if form.is_valid():
                sensitive_term_add(
                    actor=request.user,
                    term=form.cleaned_data["term"],
                    subject=obj,
                    reason=form.cleaned_data["reason"],
                )
                messages.success(request, "Term added.")
                return redirect(request.path)
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
            for name, messages_ in errors.items():
                for message in messages_:
                    if request.POST.get("action") == "remove":
                        remove_error = message
                    else:
                        form.add_error(name if name in form.fields else None, message)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
    return render(
        request,
        "core/sensitive_terms.html",
        {
            "object": obj,
            "declared": sorted(obj.sensitive_terms()),
            "added": list(added),
            "form": form,
            "remove_error": remove_error,
            "guarded": obj.classification >= Classification.AMBER,
            "page_classification": obj.classification,
        },
    )


def audit_log(request: HttpRequest) -> HttpResponse:
    """The typed audit log, for auditors only (read-only; subjects shown by type and id)."""
    if not getattr(request.user, "is_auditor", False) or not request.user.is_active:
        raise Http404("No such page.")
    events = AuditEvent.objects.select_related("actor", "subject_type")
    kind = text_param(request, "kind", max_length=100)
    if kind:
        events = events.filter(kind__startswith=kind)
    paginator = Paginator(events, 100)
    page = paginator.get_page(int_param(request, "page", 1, max_value=PAGE_MAX))
    # reasons and snapshots are as high as their event: shown only to readers of that level
    disclose_audit_events(request.user, list(page))  # the same instances the page shows
    return render(
        request,
        "core/audit_log.html",
        {
            "page_obj": page,
            "paginator": paginator,
            "is_paginated": page.has_other_pages(),
            "kind": kind,
            # the badges name levels only, but the page is marked as high as the highest, so
            # at least as high as any reason shown in full
            "page_classification": Classification.high_water(e.classification for e in page),
        },
    )

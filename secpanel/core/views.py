"""Core's own pages: the 404 and 400 pages, a record's classification and sensitive terms, the
audit log. (The view classes every app builds on are `secpanel.web.views`.)"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from secpanel.accounts.types import AuthenticatedHttpRequest
from secpanel.core.bounds import PAGE_MAX
from secpanel.core.classification import Classification
from secpanel.core.forms import BoundedForm
from secpanel.core.models import AuditEvent, ClassifiedModel
from secpanel.core.params import BadParameter, int_param, text_param
from secpanel.core.policy import can_declassify, can_manage_body
from secpanel.core.selectors import disclose_audit_events, get_visible_or_404
from secpanel.core.services import REASON_NEEDED, classification_change


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # The same page for missing and hidden: it never says what was asked for.
    return render(request, "404.html", status=404)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The 400 page, in the site's shell. It names the query parameter a page could not use
    (`core.params.BadParameter`); other bad requests (Django's own) get the general sentence."""
    message = str(exception) if isinstance(exception, BadParameter) else ""
    return render(request, "400.html", {"message": message}, status=400)


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
    )
    reason = forms.CharField(
        max_length=500,
        required=False,
        label="Reason",
        help_text="Required to lower the level; kept in the record's history and audit log.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


@login_required
def classification_edit(
    request: AuthenticatedHttpRequest, app_label: str, model_name: str, pk: int
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
    )
    reason = forms.CharField(
        max_length=500,
        label="Why is it sensitive?",
        widget=forms.Textarea(attrs={"rows": 2}),
    )


@login_required
def sensitive_terms(
    request: AuthenticatedHttpRequest, app_label: str, model_name: str, pk: int
) -> HttpResponse:
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
                # no term_id: `pk=None` matches no row (the 404 below)
                term = added.filter(pk=request.POST.get("term_id")).first()  # type: ignore[misc]
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

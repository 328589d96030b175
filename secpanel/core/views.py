"""Core's own pages: the 404 and 400 pages, a record's classification and sensitive terms, the
audit log. (The view classes every app builds on are `secpanel.web.views`.)"""

from __future__ import annotations

import datetime
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from secpanel.accounts.types import AuthenticatedHttpRequest
from secpanel.core.bounds import PAGE_MAX
from secpanel.core.classification import Classification
from secpanel.core.forms import BoundedForm
from secpanel.core.models import AuditEvent, ClassifiedModel
from secpanel.core.params import BadParameter, int_param
from secpanel.core.policy import can_declassify, can_manage_body
from secpanel.core.selectors import (
    disclose_audit_events,
    get_visible_or_404,
    public_record_model,
)
from secpanel.core.services import REASON_NEEDED, classification_change
from secpanel.web import conflicts


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


def record(request: HttpRequest, app_label: str, model_name: str, pk: int) -> HttpResponse:
    """Open any classified record by its kind and id (the links of the audit log and of a
    paper's provenance, which name records of every register): a redirect to its page for a
    reader who may read it, 404 for a hidden record as for a missing one. A record public by
    nature with a page (a meeting, a release) opens for everyone."""
    from django.apps import apps as django_apps
    from django.shortcuts import get_object_or_404

    try:
        plain = django_apps.get_model(app_label, model_name)
    except LookupError as exc:
        raise Http404("No such record.") from exc
    obj: Any
    if public_record_model(plain):  # a meeting, a release: public by nature
        obj = get_object_or_404(plain._default_manager, pk=pk)
    else:
        obj = get_visible_or_404(_classified_model(app_label, model_name), request.user, pk=pk)
    url = getattr(obj, "get_absolute_url", None)
    if url is None:
        raise Http404("No such record.")
    return redirect(url())


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
    conflicts.attach(form, obj)  # a level chosen on an older version is not set over a newer one
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                conflicts.check(form, obj)
                classification_change(
                    actor=request.user,
                    instance=obj,
                    level=Classification(form.cleaned_data["level"]),
                    reason=form.cleaned_data["reason"],
                )
        except ValidationError as exc:
            errors: dict[str, list[str]] = {}
            if getattr(exc, "code", None) == "conflict":
                form.add_error(None, exc)
            else:
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


AUDIT_PAGE = 100


class _KindField(forms.ChoiceField):
    """An event kind or a namespace of kinds; "meetings." is the namespace "meetings"."""

    def to_python(self, value: Any) -> str:
        return str(super().to_python(value)).rstrip(".")


class AuditFilterForm(BoundedForm):
    """The audit log's filters (a GET form): who, what kind of event, what kind of record,
    between which days. A value the log cannot use is an error on its field (the page
    answers 400)."""

    actor = forms.CharField(max_length=150, required=False, label="Actor", help_text="A username.")
    kind = _KindField(required=False, label="Event kind")
    subject_type = forms.ChoiceField(required=False, label="Record type")
    start = forms.DateField(
        required=False, label="From", widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        required=False, label="To", widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, kinds: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from django.apps import apps as django_apps

        # every app's namespace, whether or not it has written an event yet, and any other
        # namespace the log holds ("classification.")
        namespaces = sorted(
            {c.label for c in django_apps.get_app_configs() if c.name.startswith("secpanel.")}
            | {k.partition(".")[0] for k in kinds if "." in k}
        )
        choices: list[Any] = [("", "Any kind")]
        choices.append(("Every event of", [(ns, f"{ns}.*") for ns in namespaces]))
        choices.append(("One kind", [(k, k) for k in kinds]))
        cast("forms.ChoiceField", self.fields["kind"]).choices = choices
        cast("forms.ChoiceField", self.fields["subject_type"]).choices = [
            ("", "Any record"),
            *_subject_types(),
        ]

    def clean_actor(self) -> Any:
        from django.contrib.auth import get_user_model

        username = self.cleaned_data["actor"].strip()
        if not username:
            return None
        actor = get_user_model()._default_manager.filter(username=username).first()
        if actor is None:
            raise ValidationError(f"No account is named “{username}”.")
        return actor

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", "The last day comes before the first.")
        return data


def _subject_types() -> list[tuple[str, str]]:
    """The kinds of record events can be about: every model of secpanel's apps, by label."""
    from django.apps import apps as django_apps

    found = [
        (m._meta.label_lower, f"{m._meta.verbose_name} ({m._meta.label_lower})")
        for m in django_apps.get_models()
        if m.__module__.startswith("secpanel.") and not m.__name__.startswith("Historical")
    ]
    return sorted(found, key=lambda c: c[0])


def _event_kinds() -> list[str]:
    """Every kind of event the log holds (one read of the kind index)."""
    kinds = AuditEvent.objects.order_by("kind").values_list("kind", flat=True).distinct()
    return list(kinds)


def _filtered(events: Any, data: dict[str, Any]) -> Any:
    from django.apps import apps as django_apps
    from django.contrib.contenttypes.models import ContentType

    if data.get("actor") is not None:
        events = events.filter(actor=data["actor"])
    kind = data.get("kind") or ""
    if kind and "." in kind:
        events = events.filter(kind=kind)
    elif kind:
        events = events.filter(kind__startswith=f"{kind}.")
    if data.get("subject_type"):
        model = django_apps.get_model(data["subject_type"])
        events = events.filter(subject_type=ContentType.objects.get_for_model(model))
    tz = timezone.get_current_timezone()
    if data.get("start"):
        first = datetime.datetime.combine(data["start"], datetime.time.min, tz)
        events = events.filter(at__gte=first)
    if data.get("end"):
        after = data["end"] + datetime.timedelta(days=1)
        events = events.filter(at__lt=datetime.datetime.combine(after, datetime.time.min, tz))
    return events


def audit_log(request: HttpRequest) -> HttpResponse:
    """The typed audit log, for auditors only (read-only), newest first, 100 a page: filtered
    by actor, kind of event, kind of record and days (a bad value is an error on its field and
    a 400). A subject is a link to its record when the reader may read it now. No count of
    the table: a page reads one row more than it shows to know whether there is another."""
    if not getattr(request.user, "is_auditor", False) or not request.user.is_active:
        raise Http404("No such page.")
    number = int_param(request, "page", 1, max_value=PAGE_MAX)
    fields = ("actor", "kind", "subject_type", "start", "end")
    asked = {name: request.GET.getlist(name) for name in fields if name in request.GET}
    form = AuditFilterForm(request.GET or None, kinds=_event_kinds())
    events = AuditEvent.objects.select_related("actor", "subject_type")
    status = 200
    if asked and not form.is_valid():
        status = 400
        rows: list[AuditEvent] = []
    else:
        if asked:
            events = _filtered(events, form.cleaned_data)
        start = (number - 1) * AUDIT_PAGE
        rows = list(events[start : start + AUDIT_PAGE + 1])
    has_next = len(rows) > AUDIT_PAGE
    rows = rows[:AUDIT_PAGE]
    # reasons and snapshots are as high as their event: shown only to readers of that level
    disclose_audit_events(request.user, rows)  # the same instances the page shows
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "core/audit_log.html",
        {
            "form": form,
            "events": rows,
            "number": number,
            "previous": number - 1 if number > 1 else None,
            "next": number + 1 if has_next else None,
            "query": query.urlencode(),
            # the badges name levels only, but the page is marked as high as the highest, so
            # at least as high as any reason shown in full
            "page_classification": Classification.high_water(e.classification for e in rows),
        },
        status=status,
    )

"""Pages of the Panel paper: list, create, preview (per edition, with provenance), edit
wording, recompile, issue, publish, download."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from secpanel.core.classification import Classification
from secpanel.core.policy import can_manage_body, managed_body_ids
from secpanel.core.redreads import note_shown
from secpanel.core.selectors import get_visible_or_404
from secpanel.core.views import ClassifiedDetailView, ClassifiedListView
from secpanel.reports import selectors, services
from secpanel.reports.forms import ReportCreateForm
from secpanel.reports.models import Edition, IssuedFile, PanelReport


def _errors(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [f"{m}" for msgs in exc.message_dict.values() for m in msgs]
    return list(exc.messages)


class ReportListView(ClassifiedListView):
    model = PanelReport
    template_name = "reports/report_list.html"

    def base_queryset(self) -> QuerySet[PanelReport]:
        return PanelReport.objects.select_related("meeting", "meeting__body")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["can_create"] = any(b.kind == "panel" for b in _managed_bodies(self.request.user))
        return ctx


def _managed_bodies(user: Any) -> list[Any]:
    from secpanel.bodies.models import Body

    return list(Body.objects.filter(pk__in=managed_body_ids(user)))


class PublishedListView(ClassifiedListView):
    model = IssuedFile
    template_name = "reports/published_list.html"

    def base_queryset(self) -> QuerySet[IssuedFile]:
        return IssuedFile.objects.select_related("report").defer("content")


class ReportDetailView(ClassifiedDetailView):
    model = PanelReport
    template_name = "reports/report_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        report = self.object
        user = self.request.user
        editions = selectors.editions_for(user, report)
        edition = self.request.GET.get("edition", Edition.PUBLIC)
        if edition not in editions:
            edition = Edition.PUBLIC
        version = report.latest_version()
        doc = selectors.version_document(version, edition) if version else None
        level = Classification.RED if edition == Edition.PANEL else report.classification
        if doc is not None:
            note_shown(user, report, level)
        files = selectors.files_of(user, report)
        file_levels = [f.classification for f in files]
        ctx.update(
            {
                "editions": [(e, Edition(e).label) for e in editions],
                "edition": edition,
                "version": version,
                "versions": report.versions.select_related("created_by"),
                "doc": doc,
                "files": files,
                "transitions": services.available_transitions(user, report),
                "can_edit": can_manage_body(user, report.owning_body_id)
                and report.status == "draft",
                # the page lists the issued files too: as high as the highest of them
                "page_classification": Classification.high_water([level, *file_levels]),
            }
        )
        return ctx


@login_required
def report_create(request: HttpRequest) -> HttpResponse:
    # Refused before the form is read: whatever was asked, someone who may not compile a
    # report gets the same answer, never whether one already exists.
    if not any(b.kind == "panel" for b in _managed_bodies(request.user)):
        raise PermissionDenied("Only the Panel's secretariat can compile the report.")
    form = ReportCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_create(
                actor=request.user,
                meeting=form.cleaned_data["meeting"],
                item_number=form.cleaned_data["item_number"],
                paper_date=form.cleaned_data["paper_date"],
                action=form.cleaned_data["action"],
            )
        except ValidationError as exc:
            for message in _errors(exc):
                form.add_error(None, message)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Compiled {report.reference}.")
            return redirect(report)
    return render(request, "reports/report_create.html", {"form": form})


@login_required
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_visible_or_404(PanelReport, request.user, pk=pk)
    if not can_manage_body(request.user, report.owning_body_id):
        raise PermissionDenied("Only the Panel's secretariat can edit the report.")
    version = report.latest_version()
    doc = selectors.version_document(version, Edition.PUBLIC)
    editable = [b for b in doc.body if b.kind in ("paragraph", "subheading")]
    errors: dict[str, list[str]] = {}
    note = ""
    if request.method == "POST":
        note = request.POST.get("note", "")
        edits = {
            b.key: request.POST[f"block-{b.key}"]
            for b in editable
            if f"block-{b.key}" in request.POST and request.POST[f"block-{b.key}"] != b.text
        }
        try:
            new = services.report_edit(actor=request.user, report=report, edits=edits, note=note)
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"note": exc.messages}
            for b in editable:
                if f"block-{b.key}" in request.POST:
                    b.text = request.POST[f"block-{b.key}"]
        else:
            messages.success(request, f"Saved version {new.number}.")
            return redirect(report)
    return render(
        request,
        "reports/report_edit.html",
        {
            "report": report,
            "version": version,
            "blocks": editable,
            "errors": errors,
            "note": note,
            "page_classification": Classification(report.classification),
        },
    )


@login_required
@require_POST
def report_recompile(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_visible_or_404(PanelReport, request.user, pk=pk)
    try:
        version = services.report_recompile(actor=request.user, report=report)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(
            request, " ".join(_errors(exc)) if isinstance(exc, ValidationError) else str(exc)
        )
    else:
        messages.success(request, f"Recompiled as version {version.number}.")
    return redirect(report)


@login_required
@require_POST
def report_transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    report = get_visible_or_404(PanelReport, request.user, pk=pk)
    try:
        services.report_transition(
            actor=request.user, report=report, name=name, reason=request.POST.get("reason", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(_errors(exc)))
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{report.reference} is now {report.get_status_display()}.")
    return redirect(report)


def file_download(request: HttpRequest, pk: int) -> HttpResponse:
    f = get_visible_or_404(IssuedFile, request.user, pk=pk)
    if not f.content:
        raise Http404("No such record.")
    response = HttpResponse(bytes(f.content), content_type=f.content_type)
    response["Content-Disposition"] = f'attachment; filename="{f.filename}"'
    response["X-Content-SHA256"] = f.sha256
    return response

"""Pages of the Panel paper: list, create, preview (per edition, with provenance), edit
wording, recompile, issue, publish, download."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from secpanel.accounts.types import AuthenticatedHttpRequest, Reader
from secpanel.core.classification import Classification
from secpanel.core.policy import can_manage_body, managed_body_ids
from secpanel.core.redreads import note_shown
from secpanel.core.selectors import get_visible_or_404
from secpanel.reports import lists, selectors, services
from secpanel.reports.document import Block
from secpanel.reports.forms import ReportCreateForm, ReportEditForm
from secpanel.reports.models import Edition, IssuedFile, PanelReport, ReportVersion
from secpanel.reports.readiness import readiness
from secpanel.web import conflicts
from secpanel.web.views import (
    ClassifiedDetailView,
    ClassifiedListView,
    ServiceFormView,
    TransitionView,
)


def _errors(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [f"{m}" for msgs in exc.message_dict.values() for m in msgs]
    return list(exc.messages)


class ReportListView(ClassifiedListView):
    model = PanelReport
    template_name = "reports/report_list.html"
    filterset_class = lists.ReportFilters
    table_class = lists.ReportTable
    csv_name = "panel-reports"
    select_related = ("meeting", "meeting__body")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["can_create"] = any(b.kind == "panel" for b in _managed_bodies(self.request.user))
        return ctx


def _managed_bodies(user: Reader) -> list[Any]:
    from secpanel.bodies.models import Body

    return list(Body.objects.filter(pk__in=managed_body_ids(user)))


class PublishedListView(ClassifiedListView):
    model = IssuedFile
    template_name = "reports/published_list.html"
    filterset_class = lists.PublishedFilters
    table_class = lists.PublishedTable
    csv_name = "published-papers"

    def base_queryset(self) -> QuerySet[IssuedFile]:
        return IssuedFile.objects.select_related("report__meeting__body").defer("content")


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
        latest = report.latest_version()
        version = latest
        asked = self.request.GET.get("version", "")
        if asked.isdigit():  # an older version, opened read-only
            version = report.versions.filter(number=int(asked)).first() or latest
        doc = selectors.version_document(version, edition) if version else None
        level = Classification.RED if edition == Edition.PANEL else report.classification
        if doc is not None:
            note_shown(user, report, level)
        files = selectors.files_of(user, report)
        file_levels = [f.classification for f in files]
        concerns = (
            readiness(user, report)
            if can_manage_body(user, report.owning_body_id) and report.status == "draft"
            else []
        )
        ctx.update(
            {
                "editions": [(e, Edition(e).label) for e in editions],
                "edition": edition,
                "version": version,
                "versions": report.versions.select_related("created_by"),
                "doc": doc,
                "files": files,
                "transitions": services.available_transitions(user, report),
                "latest": latest,
                "can_edit": can_manage_body(user, report.owning_body_id)
                and report.status == "draft",
                "concerns": concerns,
                # the records the paragraphs came from that the reader may read (links)
                "readable": selectors.readable_sources(user, doc.all_sources()) if doc else {},
                "wording_edits": list(report.edits.order_by("-needs_review", "key"))
                if can_manage_body(user, report.owning_body_id)
                else [],
                # the page lists the issued files too: as high as the highest of them
                # and as the records named by its concerns
                "page_classification": Classification.high_water(
                    [level, *file_levels, *(c.level for c in concerns)]
                ),
            }
        )
        return ctx


class ReportCreateView(ServiceFormView):
    """Compile a new report for a Panel meeting (the Panel's secretariat only)."""

    model = PanelReport
    form_class = ReportCreateForm
    template_name = "reports/report_create.html"
    partial_name = None
    refused = "Only the Panel's secretariat can compile the report."

    def may_write(self, obj: None) -> bool:
        # Refused before the form is read: whatever was asked, someone who may not compile a
        # report gets the same answer, never whether one already exists.
        return any(b.kind == "panel" for b in _managed_bodies(self.request.user))

    def form_kwargs(self, obj: None) -> dict[str, Any]:
        return {}

    def save(self, form: ReportCreateForm, obj: None) -> PanelReport:
        data = form.cleaned_data
        return services.report_create(
            actor=self.request.user,
            meeting=data["meeting"],
            item_number=data["item_number"],
            paper_date=data["paper_date"],
            action=data["action"],
        )

    def message(self, saved: PanelReport, obj: None) -> str:
        return f"Compiled {saved.reference}."


class ReportEditView(ServiceFormView):
    """Edit the wording of the latest version's paragraphs and subheadings: a new version."""

    model = PanelReport
    form_class = ReportEditForm
    template_name = "reports/report_edit.html"
    partial_name = None
    refused = "Only the Panel's secretariat can edit the report."

    def get_object(self) -> PanelReport:
        report = super().get_object()
        self.report, self.version = report, report.latest_version()
        return report

    def form_kwargs(self, obj: PanelReport) -> dict[str, Any]:
        doc = selectors.version_document(self.version, Edition.PUBLIC)
        return {"blocks": [b for b in doc.body if b.kind in ("paragraph", "subheading")]}

    def extra_context(self, obj: PanelReport) -> dict[str, Any]:
        return {"report": obj, "version": self.version}

    def get_form(self, obj: PanelReport, data: Any = None, files: Any = None) -> Any:
        form = super().get_form(obj, data, files)
        # the version the wording was read from: a save over a newer one is refused
        conflicts.attach(form, obj, token=str(self.version.number))
        return form

    def check_version(self, form: ReportEditForm, obj: PanelReport) -> None:
        def current() -> str:
            latest = obj.latest_version()
            return str(latest.number) if latest is not None else ""

        conflicts.check(form, obj, current=current, merge=self._merge)

    def _merge(self, form: Any, seen: str) -> list[str]:
        """Take into the form the wording a colleague changed in a block this person left as
        it was; keep this person's wording where both changed it. Says who saved what."""
        report = self.report
        latest = cast("ReportVersion", report.latest_version())
        opened = report.versions.filter(number=int(seen)).first() if seen.isdigit() else None
        was = _block_texts(opened)
        now = _block_texts(latest)
        data = form.data.copy()
        taken: list[str] = []
        clashed: list[str] = []
        for n, block in enumerate(form.blocks, start=1):
            name = f"block-{block.key}"
            theirs, before = now.get(block.key), was.get(block.key)
            if name not in data or theirs is None or theirs == before:
                continue
            if _same(data[name], before):
                data[name] = theirs
                taken.append(str(n))
            else:
                clashed.append(str(n))
        form.data = data
        who = latest.created_by.get_full_name() or latest.created_by.username
        stamp = timezone.localtime(latest.created_at).strftime("%-d %B %Y at %H:%M")
        parts = [
            f"{who} saved version {latest.number} on {stamp}, after you opened version {seen}."
        ]
        if taken:
            parts.append(f"Their wording of block {', '.join(taken)} is now in the form below.")
        if clashed:
            parts.append(
                f"You both changed block {', '.join(clashed)}: your wording is kept below; "
                "check it against theirs."
            )
        return parts

    def save(self, form: ReportEditForm, obj: PanelReport) -> Any:
        return services.report_edit(
            actor=self.request.user, report=obj, edits=form.edits(), note=form.cleaned_data["note"]
        )

    def message(self, saved: Any, obj: PanelReport) -> str:
        return f"Saved version {saved.number}."

    def success_url(self, saved: Any, obj: PanelReport) -> str:
        return obj.get_absolute_url()


def _block_texts(version: ReportVersion | None) -> dict[str, str]:
    if version is None:
        return {}
    return {b.key: b.text for b in selectors.version_document(version, Edition.PUBLIC).body}


def _same(sent: str, text: str | None) -> bool:
    return text is not None and sent.replace("\r\n", "\n") == text.replace("\r\n", "\n")


@login_required
@require_POST
def report_recompile(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
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


def _managed_report(request: AuthenticatedHttpRequest, pk: int) -> PanelReport:
    """A report the user may read *and* whose body they run; anything else looks missing."""
    report = get_visible_or_404(PanelReport, request.user, pk=pk)
    if not can_manage_body(request.user, report.owning_body_id):
        raise Http404("No such record.")
    return report


def _outcome(request: HttpRequest, action: Any, success: str) -> None:
    try:
        action()
    except (ValidationError, PermissionDenied) as exc:
        messages.error(
            request, " ".join(_errors(exc)) if isinstance(exc, ValidationError) else str(exc)
        )
    else:
        messages.success(request, success)


@login_required
@require_POST
def edit_settle(request: AuthenticatedHttpRequest, pk: int, block: str, how: str) -> HttpResponse:
    """Keep a flagged wording edit against the records as they are now, or drop it."""
    report = _managed_report(request, pk)
    if how not in ("keep", "drop"):
        raise Http404("No such record.")
    keep = how == "keep"
    _outcome(
        request,
        lambda: services.edit_settle(
            actor=request.user,
            report=report,
            key=block,
            keep=keep,
            note=request.POST.get("note", "")[:300],
        ),
        "Kept the wording." if keep else "Back to the wording of the records.",
    )
    return redirect(report)


@login_required
@require_POST
def report_restore(request: AuthenticatedHttpRequest, pk: int, number: int) -> HttpResponse:
    report = _managed_report(request, pk)
    _outcome(
        request,
        lambda: services.report_restore(actor=request.user, report=report, number=number),
        f"Restored version {number} as a new version.",
    )
    return redirect(report)


def report_compare(request: HttpRequest, pk: int) -> HttpResponse:
    """Two versions of a report side by side, block by block (public edition)."""
    from django.shortcuts import render

    report = get_visible_or_404(PanelReport, request.user, pk=pk)
    versions = {v.number: v for v in report.versions.select_related("created_by")}
    if not versions:
        raise Http404("No such record.")
    numbers = sorted(versions)

    def pick(name: str, default: int) -> int:
        raw = request.GET.get(name, "")
        return int(raw) if raw.isdigit() and int(raw) in versions else default

    a = pick("a", numbers[-2] if len(numbers) > 1 else numbers[-1])
    b = pick("b", numbers[-1])
    left = {x.key: x for x in selectors.version_document(versions[a], Edition.PUBLIC).body}
    right = selectors.version_document(versions[b], Edition.PUBLIC).body
    rows: list[tuple[Block | None, Block | None, bool]] = []  # (old, new, changed)
    seen: set[str] = set()
    for block in right:
        old = left.get(block.key)
        seen.add(block.key)
        rows.append((old, block, old is None or old.text != block.text or old.items != block.items))
    rows.extend((old, None, True) for key, old in left.items() if key not in seen)
    note_shown(request.user, report, report.classification)
    return render(
        request,
        "reports/report_compare.html",
        {
            "object": report,
            "a": versions[a],
            "b": versions[b],
            "numbers": numbers,
            "rows": rows,
            "changed": sum(1 for *_, c in rows if c),
            "page_classification": report.classification,
        },
    )


CONSEQUENCES = {
    "issue": [
        "Both editions of version {version} are rendered as PDF, DOCX and HTML and kept with "
        "their SHA-256 and the record versions they were built from.",
        "The wording can no longer be edited or recompiled.",
        "The public edition stays Amber (the Panel and its secretariat) until it is published.",
        "{panel}",
    ],
    "publish": [
        "The public edition becomes White: anyone, signed in or not, can download it under "
        "Published and from the Panel meeting's page. This cannot be undone.",
        "The Panel edition stays as it is; it is never published.",
        "Every edition's text is checked again against the sensitive terms first; a match "
        "refuses the whole step.",
    ],
}


class ReportTransitionView(TransitionView):
    """Issue or publish the report (`<pk>/<name>/`): GET asks for confirmation, saying what
    will happen and who will see it; POST does it."""

    model = PanelReport
    service = services.report_transition
    obj_arg = "report"

    def get(self, request: AuthenticatedHttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from django.shortcuts import render

        report = self.get_object()
        name = self.kwargs["name"]
        moves = dict(services.available_transitions(request.user, report))
        if name not in CONSEQUENCES:
            raise Http404("No such record.")
        if name not in moves:
            if not can_manage_body(request.user, report.owning_body_id):
                raise PermissionDenied("Only the Panel's secretariat can issue or publish.")
            messages.error(request, f"{report.reference} is {report.get_status_display()}.")
            return redirect(report)
        concerns = readiness(request.user, report) if name == "issue" else []
        version = report.latest_version()
        has_appendix = bool(version and selectors.version_document(version, Edition.PANEL).appendix)
        panel = (
            "The Panel edition, with Appendix A, is Red: its named recipients only."
            if has_appendix
            else "There is no Appendix A this month: no Panel edition (_PANEL_RED) is issued."
        )
        return render(
            request,
            "reports/report_confirm.html",
            {
                "object": report,
                "name": name,
                "transition": moves[name],
                "consequences": [
                    c.format(version=version.number if version else "", panel=panel)
                    for c in CONSEQUENCES[name]
                ],
                "concerns": concerns,
                "page_classification": Classification.high_water(
                    [report.classification, *(c.level for c in concerns)]
                ),
            },
        )

    def message(self, obj: PanelReport) -> str:
        return f"{obj.reference} is now {obj.get_status_display()}."


def file_download(request: HttpRequest, pk: int) -> HttpResponse:
    f = get_visible_or_404(IssuedFile, request.user, pk=pk)
    if not f.content:
        raise Http404("No such record.")
    response = HttpResponse(bytes(f.content), content_type=f.content_type)
    response["Content-Disposition"] = f'attachment; filename="{f.filename}"'
    response["X-Content-SHA256"] = f.sha256
    return response

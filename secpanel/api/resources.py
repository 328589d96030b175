"""Every register the API serves, declared once: its model, address, filters and the page
views whose forms and services its writes go through (so the API and the pages cannot drift:
one form, one service, one set of checks)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import models

from secpanel.assurance.models import (
    AssessmentOutcome,
    DirectorsLetter,
    Finding,
    SecUser,
    UserSecurityAssessment,
)
from secpanel.assurance.views import register as assurance_views
from secpanel.bodies.models import Body
from secpanel.documents import views as document_views
from secpanel.documents.models import (
    Consultation,
    ConsultationResponse,
    ControlledDocument,
    DocumentVersion,
)
from secpanel.meetings import editing
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
    StandingItem,
)
from secpanel.modifications import views as modification_views
from secpanel.modifications.models import Modification, ModificationAdvice
from secpanel.operations import views as operations_views
from secpanel.operations.models import ForecastingReturn, MajorIncident, PerformanceReview
from secpanel.programmes import views as programme_views
from secpanel.programmes.models import DeviceModelCombination, ExitCriterion, Programme, TestPhase
from secpanel.reports.models import IssuedFile, PanelReport
from secpanel.smki import views as smki_views
from secpanel.smki.models import KeyCustodian, RecoveryExercise


@dataclass(frozen=True)
class Resource:
    """One register under `/api/v1/<name>/`.

    `lookup` is the field a record is found by (and the page views' URL keyword);
    `filters` are django-filter lookups (`{"status": ["exact"]}`); `create` / `edit` are the
    pages' `ServiceFormView`s; `moves` is a page `TransitionView` (a move named in the
    address) or a `ServiceFormView` taking `name` (a modification's stage change)."""

    name: str
    model: type[models.Model]
    lookup: str = "pk"
    filters: dict[str, list[str]] = field(default_factory=dict)
    select_related: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    ordering: str = "-pk"
    create: Any = None
    edit: Any = None
    moves: Any = None

    @property
    def classified(self) -> bool:
        from secpanel.core.models import ClassifiedModel

        return issubclass(self.model, ClassifiedModel)


BODY = {"owning_body__code": ["exact"], "classification": ["exact"]}
MEETING = {**BODY, "meeting": ["exact"]}


def _with(base: dict[str, list[str]], **more: list[str]) -> dict[str, list[str]]:
    return {**base, **more}


RESOURCES: tuple[Resource, ...] = (
    Resource("bodies", Body, lookup="code", ordering="display_order", filters={"kind": ["exact"]}),
    Resource(
        "meetings",
        Meeting,
        select_related=("body",),
        ordering="-starts_at",
        filters={"body__code": ["exact"], "status": ["exact"], "starts_at": ["gte", "lte"]},
    ),
    Resource("standing-items", StandingItem, filters=BODY, select_related=("owning_body",)),
    Resource("agenda-items", AgendaItem, filters=MEETING, select_related=("owning_body",)),
    Resource("attendance", Attendance, filters=MEETING, select_related=("owning_body", "person")),
    Resource(
        "minutes",
        Minutes,
        filters=MEETING,
        select_related=("owning_body",),
        moves=editing.MinutesTransitionView,
    ),
    Resource(
        "papers",
        Paper,
        filters=_with(MEETING, reference=["exact"], status=["exact"]),
        select_related=("owning_body", "author"),
        create=editing.PaperFormView,
        edit=editing.PaperFormView,
        moves=editing.PaperTransitionView,
    ),
    Resource(
        "paper-appendices",
        PaperAppendix,
        filters=_with(BODY, paper=["exact"]),
        select_related=("owning_body",),
    ),
    Resource(
        "decisions",
        Decision,
        filters=_with(MEETING, for_panel=["exact"]),
        select_related=("owning_body",),
        create=editing.DecisionFormView,
        edit=editing.DecisionFormView,
    ),
    Resource(
        "actions",
        Action,
        filters=_with(MEETING, status=["exact"], due_date=["gte", "lte"]),
        select_related=("owning_body", "owner_person", "owner_organisation"),
        create=editing.ActionFormView,
        edit=editing.ActionFormView,
        moves=editing.ActionTransitionView,
    ),
    Resource(
        "highlights",
        Highlight,
        filters=MEETING,
        select_related=("owning_body",),
        create=editing.HighlightFormView,
        edit=editing.HighlightFormView,
    ),
    Resource(
        "modifications",
        Modification,
        lookup="reference",
        filters=_with(BODY, stage=["exact"], reference=["exact"]),
        select_related=("owning_body", "proposer_organisation", "working_group", "target_release"),
        create=modification_views.ModificationFormView,
        edit=modification_views.ModificationFormView,
        moves=modification_views.TransitionView,
    ),
    Resource(
        "modification-advice",
        ModificationAdvice,
        filters=_with(BODY, modification=["exact"]),
        select_related=("owning_body",),
    ),
    Resource(
        "sec-users",
        SecUser,
        filters=BODY,
        select_related=("owning_body", "organisation"),
        create=assurance_views.SecUserFormView,
        edit=assurance_views.SecUserFormView,
    ),
    Resource(
        "assessments",
        UserSecurityAssessment,
        filters=_with(BODY, status=["exact"], sec_user=["exact"]),
        select_related=("owning_body",),
        create=assurance_views.AssessmentFormView,
        edit=assurance_views.AssessmentFormView,
        moves=assurance_views.AssessmentTransitionView,
    ),
    Resource(
        "assessment-outcomes",
        AssessmentOutcome,
        filters=_with(BODY, assessment=["exact"]),
        select_related=("owning_body", "compliance_status"),
    ),
    Resource(
        "findings",
        Finding,
        filters=_with(BODY, assessment=["exact"]),
        select_related=("owning_body",),
        edit=assurance_views.FindingFormView,
    ),
    Resource(
        "directors-letters",
        DirectorsLetter,
        filters=BODY,
        select_related=("owning_body",),
        create=assurance_views.LetterFormView,
        edit=assurance_views.LetterFormView,
    ),
    Resource(
        "documents",
        ControlledDocument,
        filters=BODY,
        select_related=("owning_body",),
        create=document_views.DocumentFormView,
        edit=document_views.DocumentFormView,
    ),
    Resource(
        "document-versions",
        DocumentVersion,
        filters=_with(BODY, document=["exact"], status=["exact"]),
        select_related=("owning_body",),
        create=document_views.VersionFormView,
        edit=document_views.VersionFormView,
        moves=document_views.VersionTransitionView,
    ),
    Resource(
        "consultations",
        Consultation,
        filters=_with(BODY, status=["exact"]),
        select_related=("owning_body",),
        create=document_views.ConsultationFormView,
        edit=document_views.ConsultationFormView,
        moves=document_views.ConsultationTransitionView,
    ),
    Resource(
        "consultation-responses",
        ConsultationResponse,
        filters=_with(BODY, consultation=["exact"]),
        select_related=("owning_body", "respondent"),
        # who submitted it is a person's login: the page names them only to the body's
        # secretariat and the respondent's colleagues (decisions/0018)
        exclude=("submitted_by",),
        # the secretariat's form, or a SEC Party's own for its person (decisions/0018)
        create=document_views.ResponseFormView,
        edit=document_views.ResponseFormView,
    ),
    Resource(
        "programmes",
        Programme,
        filters=BODY,
        select_related=("owning_body",),
        create=programme_views.ProgrammeFormView,
        edit=programme_views.ProgrammeFormView,
    ),
    Resource(
        "test-phases",
        TestPhase,
        filters=_with(BODY, programme=["exact"], status=["exact"]),
        select_related=("owning_body",),
        create=programme_views.PhaseFormView,
        edit=programme_views.PhaseFormView,
        moves=programme_views.PhaseTransitionView,
    ),
    Resource(
        "exit-criteria",
        ExitCriterion,
        filters=_with(BODY, phase=["exact"]),
        select_related=("owning_body",),
        create=programme_views.CriterionFormView,
        edit=programme_views.CriterionFormView,
        moves=programme_views.CriterionTransitionView,
    ),
    Resource(
        "device-model-combinations",
        DeviceModelCombination,
        filters=_with(BODY, programme=["exact"]),
        select_related=("owning_body",),
        create=programme_views.DmcFormView,
        edit=programme_views.DmcFormView,
        moves=programme_views.DmcTransitionView,
    ),
    Resource(
        "recovery-exercises",
        RecoveryExercise,
        filters=_with(BODY, status=["exact"]),
        select_related=("owning_body",),
        create=smki_views.ExerciseFormView,
        edit=smki_views.ExerciseFormView,
        moves=smki_views.ExerciseTransitionView,
    ),
    Resource(
        "key-custodians",
        KeyCustodian,
        filters=_with(BODY, exercise=["exact"]),
        select_related=("owning_body",),
        create=smki_views.CustodianFormView,
        edit=smki_views.CustodianFormView,
        moves=smki_views.CustodianTransitionView,
    ),
    Resource(
        "incidents",
        MajorIncident,
        filters=_with(BODY, review_status=["exact"]),
        select_related=("owning_body",),
        create=operations_views.IncidentFormView,
        edit=operations_views.IncidentFormView,
        moves=operations_views.IncidentTransitionView,
    ),
    Resource(
        "performance-reviews",
        PerformanceReview,
        filters=BODY,
        select_related=("owning_body",),
        create=operations_views.PerformanceFormView,
        edit=operations_views.PerformanceFormView,
        moves=operations_views.PerformanceTransitionView,
    ),
    Resource(
        "forecasting-returns",
        ForecastingReturn,
        filters=BODY,
        select_related=("owning_body", "party"),
        create=operations_views.ForecastFormView,
        edit=operations_views.ForecastFormView,
        moves=operations_views.ForecastTransitionView,
    ),
    Resource(
        "panel-reports",
        PanelReport,
        filters=_with(BODY, status=["exact"]),
        select_related=("owning_body", "author"),
        exclude=("configuration",),
    ),
    Resource(
        "issued-files",
        IssuedFile,
        filters=_with(BODY, report=["exact"], edition=["exact"]),
        select_related=("owning_body",),
        exclude=("record_versions", "content_bodies"),
    ),
)

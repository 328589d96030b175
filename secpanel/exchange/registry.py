"""What `secpanel export` writes and `secpanel import` reads: one declarative entry per model.

Each `Spec` names a model, its natural key (how a row is found again in another database), the
fields carried and, through the model's own foreign keys, its references to other models by
*their* natural keys. Adding a register to the exchange is one entry in `SPECS`, placed after
every model it refers to (the file is written, checked and loaded in this order).

docs/import-format.md documents the format; this table is its source.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models

from secpanel.core.models import ClassifiedModel

#: The three fields every classified row carries, before its own.
CLASSIFIED_FIELDS = ("classification", "owning_body", "red_distribution")


@dataclass(frozen=True)
class KeyPart:
    """One part of a natural key: `name` in the key, taken from the row's `field`.

    `date_of`: the part is the local date of a date-time field (a meeting's date from its
    start). A part whose field is a foreign key is the referenced row's own key."""

    name: str
    field: str
    date_of: bool = False

    @property
    def lookup(self) -> str:
        """The ORM lookup that finds the part in the database."""
        return f"{self.field}__date" if self.date_of else self.field


def _parts(names: Iterable[str | KeyPart]) -> tuple[KeyPart, ...]:
    return tuple(n if isinstance(n, KeyPart) else KeyPart(n, n) for n in names)


@dataclass(frozen=True)
class Spec:
    """How one model is exported and imported.

    - `label`: `app_label.model_name`, as rows name their model.
    - `fields`: the fields carried, in order (a classified model's `classification`,
      `owning_body` and `red_distribution` come first by themselves).
    - `key`: the natural key's parts; `key_when_blank` = (field, parts): the key used
      instead when that field is blank (a paper without a reference).
    - `scope` (export): `visible` (classified: `visible_to(reader)`), `public` (every row:
      bodies, memberships, meetings, releases), `referenced` (only the rows other exported
      rows name: accounts, organisations), `children` (the rows of exported parents, through
      the foreign key `parent`), `citations` (both ends exported).
    - `authority` (import): the body whose secretariat the importing account must be:
      `owning_body`, `body` (a meeting), `parent` (a recommendation: its paper's body),
      `panel` (a release), `directory` (created by the command as a server administrator).
    - `config`: foreign keys to configuration (not exchanged, found by this field in the
      target database): `{"compliance_status": "code"}`.
    - `importable`: False for records loaded only by their own process (Panel reports).
    - `tree`: a foreign key to the model itself; rows are ordered parents first.
    """

    label: str
    fields: tuple[str, ...]
    key: tuple[KeyPart, ...]
    scope: str = "visible"
    authority: str = "owning_body"
    parent: str = ""
    key_when_blank: tuple[str, tuple[KeyPart, ...]] | None = None
    config: dict[str, str] = field(default_factory=dict)
    importable: bool = True
    tree: str = ""

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.label)

    @property
    def classified(self) -> bool:
        return issubclass(self.model, ClassifiedModel)

    @property
    def all_fields(self) -> tuple[str, ...]:
        return (CLASSIFIED_FIELDS if self.classified else ()) + self.fields

    @property
    def directory(self) -> bool:
        return self.authority == "directory"

    def key_parts(self, fields: dict[str, Any]) -> tuple[KeyPart, ...]:
        """The parts of this row's key (the alternative key when its field is blank)."""
        if self.key_when_blank is not None:
            blank_field, parts = self.key_when_blank
            if fields.get(blank_field) in ("", None):
                return parts
        return self.key

    def model_field(self, name: str) -> models.Field[Any, Any]:
        f = self.model._meta.get_field(name)
        assert isinstance(f, models.Field)
        return f


def _spec(
    label: str,
    fields: str,
    key: Iterable[str | KeyPart],
    **options: Any,
) -> Spec:
    blank = options.pop("key_when_blank", None)
    if blank is not None:
        options["key_when_blank"] = (blank[0], _parts(blank[1]))
    return Spec(label=label, fields=tuple(fields.split()), key=_parts(key), **options)


# In dependency order: every model after the models it refers to.
SPECS: tuple[Spec, ...] = (
    # -- the directory: created by the command as a server administrator --------------------
    _spec(
        "accounts.organisation",
        "name short_name party_category",
        ["name"],
        scope="referenced",
        authority="directory",
    ),
    _spec(
        "bodies.body",
        "code name short_name kind parent description display_order paper_reference_prefix",
        ["code"],
        scope="public",
        authority="directory",
        tree="parent",
    ),
    _spec(
        "accounts.user",
        "username first_name last_name email organisation job_title",
        ["username"],
        scope="referenced",
        authority="directory",
    ),
    _spec(
        "bodies.membership",
        "user body role start_date end_date",
        ["user", "body", "role", "start_date"],
        scope="public",
        authority="directory",
    ),
    # -- meetings ----------------------------------------------------------------------------
    _spec(
        "modifications.release",
        "name slug planned_date actual_date sec_version ad_hoc notes",
        ["slug"],
        scope="public",
        authority="panel",
    ),
    _spec(
        "meetings.meeting",
        "body number starts_at ends_at location online status",
        ["body", KeyPart("date", "starts_at", date_of=True)],
        scope="public",
        authority="body",
    ),
    _spec("meetings.standingitem", "title position active", ["owning_body", "title"]),
    _spec(
        "meetings.agendaitem",
        "meeting number title action presenter standing notes",
        ["meeting", "number"],
    ),
    _spec(
        "meetings.attendance",
        "meeting person name role status",
        ["meeting", "person", "name", "role"],
    ),
    _spec("meetings.minutes", "meeting text status approved_on", ["meeting"]),
    _spec(
        "meetings.paper",
        "reference meeting agenda_item title action author team date summary status",
        ["reference"],
        key_when_blank=("reference", ["reference", "owning_body", "date", "title"]),
    ),
    _spec("meetings.paperappendix", "paper letter title text", ["paper", "letter"]),
    _spec(
        "meetings.recommendation",
        "paper position verb text",
        ["paper", "position"],
        scope="children",
        parent="paper",
        authority="parent",
    ),
    _spec(
        "meetings.paperversion",
        "paper number file note uploaded_by",
        ["paper", "number"],
        scope="children",
        parent="paper",
        authority="parent",
    ),
    _spec(
        "meetings.decision",
        "meeting agenda_item date verb text for_panel",
        ["owning_body", "date", "verb", "text"],
    ),
    _spec(
        "meetings.action",
        "reference meeting agenda_item text owner_person owner_organisation raised_on due_date "
        "status closed_on update for_panel",
        ["owning_body", "reference"],
        key_when_blank=("reference", ["owning_body", "reference", "raised_on", "text"]),
    ),
    _spec(
        "meetings.highlight",
        "period heading text meeting position",
        ["owning_body", "period", "heading"],
    ),
    # -- modifications -----------------------------------------------------------------------
    _spec(
        "modifications.modification",
        "reference title slug proposer proposer_organisation lead_analyst date_raised path "
        "urgent stage on_hold pa_requested pa_received pa_cost ia_requested ia_received ia_cost "
        "working_group consultations target_release implementation_date public_url issue "
        "solution latest_update impacted sec_sections",
        ["reference"],
    ),
    _spec(
        "modifications.modificationevent",
        "modification date kind from_value to_value reason meeting decision actor withdrawn_at "
        "withdrawn_by withdrawal_reason",
        ["modification", "date", "kind", "from_value", "to_value"],
        scope="children",
        parent="modification",
        authority="parent",
    ),
    _spec(
        "modifications.modificationadvice",
        "modification kind date meeting decision new_date text",
        ["owning_body", "modification", "kind", "date"],
    ),
    # -- assurance ---------------------------------------------------------------------------
    _spec(
        "assurance.secuser",
        "organisation roles domestic_premises non_domestic_premises "
        "uses_shared_resource_provider shared_resource_provider live_since notes",
        ["owning_body", "organisation"],
    ),
    _spec(
        "assurance.usersecurityassessment",
        "sec_user assessment_type kind cycle_year phase user_cio status booked_on "
        "fieldwork_start fieldwork_end report_on response_due response_received_on "
        "ssc_review_on notes",
        ["sec_user", "assessment_type", "kind", "cycle_year", "phase", "fieldwork_start"],
    ),
    _spec(
        "assurance.assessmentoutcome",
        "assessment decision decided_on kind assurance_status conditions compliance_status "
        "notify_panel notes",
        ["assessment"],
        config={"compliance_status": "code"},
    ),
    _spec(
        "assurance.finding",
        "assessment obligation description potential remediation_due closed_on",
        ["assessment", "obligation", "description"],
    ),
    _spec(
        "assurance.directorsletter",
        "sec_user assessment received_on status decision reviewed_on summary",
        ["sec_user", "received_on"],
    ),
    # -- documents ---------------------------------------------------------------------------
    _spec(
        "documents.controlleddocument",
        "title short_name description public_url",
        ["owning_body", "title"],
    ),
    _spec(
        "documents.documentversion",
        "document version status issued_on approved_on approved_by_decision summary",
        ["document", "version"],
    ),
    _spec(
        "documents.consultation",
        "title kind document_version modification_ref opens_on closes_on status outcome public_url",
        ["owning_body", "title", "closes_on"],
    ),
    _spec(
        "documents.consultationresponse",
        "consultation respondent respondent_name received_on summary",
        ["consultation", "respondent", "respondent_name", "received_on"],
    ),
    # -- programmes --------------------------------------------------------------------------
    _spec(
        "programmes.programme",
        "name short_name kind target_date description",
        ["owning_body", "name"],
    ),
    _spec(
        "programmes.testphase",
        "programme phase region status planned_start planned_end risk_notes",
        ["programme", "phase", "region"],
    ),
    _spec("programmes.exitcriterion", "phase text status decision decided_on", ["phase", "text"]),
    _spec(
        "programmes.devicemodelcombination",
        "programme name csp installation_type status decision decided_on notes",
        ["owning_body", "name"],
    ),
    # -- smki --------------------------------------------------------------------------------
    _spec(
        "smki.recoveryexercise",
        "title environment planned_date date_is_estimate scope status outcome",
        ["owning_body", "title"],
    ),
    _spec(
        "smki.keycustodian",
        "exercise name organisation role notification notified_on",
        ["exercise", "name"],
    ),
    # -- operations --------------------------------------------------------------------------
    _spec(
        "operations.majorincident",
        "reference title dcc_incident occurred_on resolved_on summary review_status "
        "review_notes reviewed_on",
        ["owning_body", "reference"],
    ),
    _spec(
        "operations.performancereview",
        "period report_ref received_on measures_below_target status summary",
        ["owning_body", "period"],
    ),
    _spec(
        "operations.forecastingreturn",
        "party period due_on received_on status notes",
        ["owning_body", "party", "period"],
    ),
    # -- links between records: both ends exported -------------------------------------------
    _spec(
        "core.citation",
        "source target note",
        ["source", "target"],
        scope="citations",
        authority="source",
    ),
    # -- the Panel paper: export only (a report is compiled, not loaded) ---------------------
    _spec(
        "reports.panelreport",
        "reference meeting item_number title action paper_date period_start period_end "
        "author status configuration",
        ["reference"],
        config={"configuration": "name"},
        importable=False,
    ),
    _spec(
        "reports.reportversion",
        "report number note created_by",
        ["report", "number"],
        scope="children",
        parent="report",
        authority="parent",
        importable=False,
    ),
    _spec(
        "reports.issuedfile",
        "report version edition format filename sha256 issued_at",
        ["version", "edition", "format"],
        importable=False,
    ),
)

BY_LABEL: dict[str, Spec] = {s.label: s for s in SPECS}


def spec_for(model: type[models.Model]) -> Spec | None:
    """The spec of `model`, or None when it is not exchanged."""
    return BY_LABEL.get(model._meta.label_lower)


def reference_target(spec: Spec, name: str) -> type[models.Model] | None:
    """The model a field of `spec` refers to (foreign key or many-to-many), else None."""
    if spec.label == "core.citation" and name in ("source", "target"):
        return None
    f = spec.model._meta.get_field(name)
    if (f.many_to_one or f.one_to_one or f.many_to_many) and f.related_model is not None:
        target = f.related_model
        assert isinstance(target, type)
        return target
    return None


def check_registry() -> list[str]:
    """Problems in `SPECS` (a test asserts there are none): unknown fields, references to
    models not exchanged and not configuration, models listed after what refers to them."""
    problems: list[str] = []
    seen: set[str] = set()
    for spec in SPECS:
        for name in spec.all_fields:
            if name in ("source", "target") and spec.label == "core.citation":
                continue
            try:
                spec.model._meta.get_field(name)
            except Exception:  # FieldDoesNotExist
                problems.append(f"{spec.label}: no field {name}")
                continue
            target = reference_target(spec, name)
            if target is None or name in spec.config:
                continue
            label = target._meta.label_lower
            if label not in BY_LABEL:
                problems.append(f"{spec.label}.{name}: {label} is not exchanged")
            elif label not in seen and label != spec.label:
                problems.append(f"{spec.label}.{name}: {label} comes later")
        for part in spec.key:
            if part.field not in spec.all_fields:
                problems.append(f"{spec.label}: key part {part.name} is not a field")
        seen.add(spec.label)
    return problems

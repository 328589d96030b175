"""Shared plumbing models: the classified-record base and the typed audit log."""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from typing import Any, Self, TypeVar, cast

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst, get_text_list
from simple_history.models import HistoricalRecords

from secpanel.accounts.types import Actor, Reader
from secpanel.core.classification import Classification
from secpanel.core.policy import access_profile


class UnscopedRead(RuntimeError):
    """A classified queryset was read without saying for whom (the chokepoint, structurally)."""


_unrestricted_depth: contextvars.ContextVar[int] = contextvars.ContextVar(
    "secpanel_unrestricted", default=0
)


@contextlib.contextmanager
def unrestricted_reads() -> Iterator[None]:
    """Let Django's own machinery read classified rows inside the block (uniqueness and
    constraint validation of a record being saved by a service). Not for application reads:
    those say `visible_to(user)` or `unrestricted()` on the queryset itself."""
    token = _unrestricted_depth.set(_unrestricted_depth.get() + 1)
    try:
        yield
    finally:
        _unrestricted_depth.reset(token)


_M = TypeVar("_M", bound=models.Model)


class ClassifiedQuerySet(models.QuerySet[_M]):
    """The one read path for classified records.

    A queryset of a classified model refuses to read rows (iterate, get, count, exists,
    aggregate, update, delete) until it is narrowed with `visible_to(user)` or explicitly
    opened with `unrestricted()`. The scope survives chaining (`filter`, `select_related`,
    slicing, reverse relations), so `meeting.decisions.visible_to(user)` is the way to read a
    meeting's decisions and `meeting.decisions.all()` fails loudly. Where `unrestricted()` may
    appear is pinned by `core/tests/test_chokepoint.py` (services, the compiler, demo loaders,
    management commands, tests).
    """

    _secpanel_scope: str | None = None
    _secpanel_reader: Reader | None = None

    def visible_to(self, user: Reader | None) -> Self:
        profile = access_profile(user)
        qs = self.filter(profile.visibility_q(self.model))
        qs._secpanel_scope = f"reader:{profile.user_id or 'anonymous'}"
        qs._secpanel_reader = user if profile.user_id is not None else None
        return qs

    def unrestricted(self) -> Self:
        """Every row, whoever asks: only for writes' own reads, the compiler's provenance and
        tooling. Never for what a person is shown."""
        qs = self._chain()  # type: ignore[attr-defined]  # private API, not in django-stubs
        qs._secpanel_scope = "unrestricted"
        return qs

    @property
    def scoped(self) -> bool:
        return self._secpanel_scope is not None

    def _require_scope(self) -> None:
        if self._secpanel_scope is None and not _unrestricted_depth.get():
            raise UnscopedRead(
                f"{self.model.__name__} rows read without a reader: narrow the queryset with "
                "visible_to(user), or call unrestricted() in a service."
            )

    def _clone(self) -> Self:
        clone = super()._clone()  # type: ignore[misc]  # private API, not in django-stubs
        clone._secpanel_scope = self._secpanel_scope
        clone._secpanel_reader = self._secpanel_reader
        return clone

    def _fetch_all(self) -> None:
        if self._result_cache is not None:
            return
        self._require_scope()
        super()._fetch_all()
        if self._secpanel_reader is not None:
            from secpanel.core.redreads import note

            # filled by the fetch above (mypy keeps the `is not None` narrowing from before it)
            note(self._secpanel_reader, cast("list[Any]", self._result_cache))

    def _iterator(self, use_chunked_fetch: bool, chunk_size: int | None) -> Any:
        self._require_scope()
        rows = super()._iterator(use_chunked_fetch, chunk_size)  # type: ignore[misc]  # private
        if self._secpanel_reader is None:
            return rows
        return self._noted(rows)

    def _noted(self, rows: Iterator[Any]) -> Iterator[Any]:
        from secpanel.core.redreads import note

        for row in rows:
            note(self._secpanel_reader, [row])
            yield row

    def count(self) -> int:
        if self._result_cache is None:
            self._require_scope()
        return super().count()

    def exists(self) -> bool:
        if self._result_cache is None:
            self._require_scope()
        return super().exists()

    def aggregate(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        self._require_scope()
        return super().aggregate(*args, **kwargs)

    def update(self, **kwargs: Any) -> int:
        self._require_scope()
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        self._require_scope()
        return super().delete()

    def explain(self, *, format: str | None = None, **options: Any) -> str:
        self._require_scope()
        return super().explain(format=format, **options)

    def raw(self, *args: Any, **kwargs: Any) -> Any:
        self._require_scope()
        return super().raw(*args, **kwargs)


ClassifiedManager = models.Manager.from_queryset(ClassifiedQuerySet)


class ClassifiedModel(models.Model):
    """A record under the Panel Information Policy.

    Every classified record has a level, an owning body and (for RED) an explicit distribution
    list of named people. Reads go through `Model.objects.visible_to(user)` or
    `core.selectors.get_visible_or_404`; writes go through `core.services`, which keep history
    (django-simple-history, with actor and reason) and a typed audit event.
    """

    classification = models.PositiveSmallIntegerField(
        choices=Classification.choices,
        default=Classification.AMBER,
        db_index=True,
        help_text="Panel Information Policy level. Lowering it needs a recorded reason.",
    )
    owning_body = models.ForeignKey(
        "bodies.Body",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The body that owns it.",
    )
    red_distribution = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        help_text="People outside the owning body who may read it when it is RED.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(inherit=True)
    #: Set by the service saving it: simple-history's actor and reason for this revision.
    _history_user: Actor
    _change_reason: str
    objects = ClassifiedManager()

    class Meta:
        abstract = True

    @property
    def level(self) -> Classification:
        return Classification(self.classification)

    # -- composite records and sensitive terms (core.services, core.leaks) -------------------
    #: Field paths (`organisation__name`, `assessment__sec_user__organisation__name`) whose
    #: values identify what an AMBER or RED record is about. `core.leaks.scan` refuses them in
    #: text meant for a lower audience. Empty: the record declares no terms.
    sensitive_fields: tuple[str, ...] = ()

    #: Paths of foreign keys to classified records (`document`, `assessment__sec_user`) that
    #: `__str__` reads. Where the reader may not read one, pages name the record by
    #: `name_without_parents()` instead (`core.parents.record_name`, `{% record_name %}`).
    name_follows: tuple[str, ...] = ()

    def name_without_parents(self) -> str:
        """The record's name without what `name_follows` leads to."""
        return f"{capfirst(self._meta.verbose_name)} {self.pk}"

    def content_body_ids(self) -> set[int]:
        """The bodies whose content this record carries. Lowering its level needs a chair or
        the secretariat of every one of them. Composite records (a paper with appendices, an
        issued file of the Panel paper) override it."""
        return {self.owning_body_id}

    def classification_floor(self) -> Classification:
        """The lowest level this record may ever have, given what it contains. Nobody, whatever
        their role, may set it lower."""
        return Classification.WHITE

    def classification_floor_message(self, floor: Classification) -> str:
        """Why the record cannot go below `floor` (shown on the `classification` field)."""
        return (
            f"This {self._meta.verbose_name} carries {floor.label} content; it can never be "
            f"below {floor.label}."
        )

    def sensitive_terms(self) -> set[str]:
        """The words that would reveal this record (default: the values of
        `sensitive_fields`). Only AMBER and RED records' terms are guarded."""
        terms: set[str] = set()
        for path in self.sensitive_fields:
            value: Any = self
            for part in path.split("__"):
                value = getattr(value, part, None) if value is not None else None
            if value:
                terms.add(str(value).strip())
        return terms

    def validate_unique(self, exclude: Any = None) -> None:
        # Uniqueness is a fact about every row, whoever saves: Django reads the table itself.
        with unrestricted_reads():
            super().validate_unique(exclude=exclude)

    def validate_constraints(self, exclude: Any = None) -> None:
        with unrestricted_reads():
            super().validate_constraints(exclude=exclude)

    def unique_error_message(self, model_class: Any, unique_check: Any) -> ValidationError:
        """A value another record holds. Django's sentence ("Modification with this Reference
        already exists.") would confirm that a record exists which the person saving may not
        be able to read; this one is the same whether they can read it or not. That the value
        is taken is unavoidable where it must be unique, and only a body's secretariat gets
        this far (`web.views.ServiceFormView.may_write` refuses everyone else first)."""
        opts = model_class._meta
        labels = [str(opts.get_field(name).verbose_name) for name in unique_check]
        if len(labels) == 1:
            message = f"That {labels[0]} is not available: choose another."
        else:
            message = (
                f"That combination of {get_text_list(labels, 'and')} is not available: "
                "choose another."
            )
        return ValidationError(message, code="unique")


class AuditEvent(models.Model):
    """A typed, namespaced event (`classification.declassified`, `meetings.highlight_created`).

    Written in the same transaction as the change it describes. Holds ids and field snapshots;
    its subject's text is only shown to those who may read the subject.
    """

    kind = models.CharField(max_length=100, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    subject_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject_id = models.CharField(max_length=64, blank=True)
    classification = models.PositiveSmallIntegerField(
        choices=Classification.choices,
        null=True,
        blank=True,
        help_text="The subject's level at the time of the event.",
    )
    reason = models.TextField(blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["subject_type", "subject_id"])]

    #: Set on the instance by `core.selectors.disclose_audit_events` for the page showing it.
    disclosed: bool
    withheld: str
    subject_url: str

    def __str__(self) -> str:
        return f"{self.kind} by {self.actor_id} at {self.at:%Y-%m-%d %H:%M}"


class Citation(models.Model):
    """Record A cites record B: a highlight cites SECMP0024, a decision approves a document
    version, an action follows up an incident. Read through `core.citations`, which only ever
    returns the ends the viewer may read."""

    source_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    source_id = models.PositiveBigIntegerField()
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source_type", "source_id", "target_type", "target_id"],
                name="unique_citation",
            )
        ]
        indexes = [
            models.Index(fields=["target_type", "target_id"]),
            models.Index(fields=["source_type", "source_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.source_type_id}:{self.source_id} → {self.target_type_id}:{self.target_id}"


class SensitiveTerm(models.Model):
    """A word or phrase the secretariat declares sensitive, on top of what records declare
    themselves (`ClassifiedModel.sensitive_fields`): a project's code name, a person named in
    a RED record. Either about one record (`subject`: the term is as sensitive as that record
    is now) or free-standing (`owning_body` and `level`, Amber or Red).

    Read only by `core.leaks` (which refuses the term in text meant for a lower audience) and
    by the secretariat of the body on the record's terms page; written only through
    `core.services.sensitive_term_add` / `sensitive_term_remove` (history and audit event).
    """

    term = models.CharField(max_length=200)
    subject_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    owning_body = models.ForeignKey(
        "bodies.Body",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="For a free-standing term: the body whose content it reveals.",
    )
    level = models.PositiveSmallIntegerField(
        choices=Classification.choices,
        null=True,
        blank=True,
        help_text="For a free-standing term: the level of what it reveals (Amber or Red).",
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()
    #: Set by the service saving it: simple-history's actor and reason for this revision.
    _history_user: Actor
    _change_reason: str

    class Meta:
        ordering = ["term", "id"]
        indexes = [models.Index(fields=["subject_type", "subject_id"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(subject_type__isnull=False, subject_id__isnull=False)
                | models.Q(
                    subject_type__isnull=True,
                    subject_id__isnull=True,
                    owning_body__isnull=False,
                    level__gte=Classification.AMBER,
                ),
                name="sensitive_term_has_a_subject_or_a_body_and_level",
            )
        ]

    def __str__(self) -> str:
        return f"sensitive term #{self.pk}"

"""The import: an exchange file loaded through the services, all or nothing.

1. **Check** every row, writing nothing: its model, its fields (each read as the field stores
   it: dates, choices, lengths, levels), its references (to a row earlier in the file or a
   record already here, by natural key), its key (not twice in the file), and that the
   importing account is secretariat of the body each record belongs to.
2. **Load**, in one transaction, in the file's order: a row whose natural key is already here
   is left as it is ("unchanged"); every other row is created through the services
   (`core.services.classified_create`, `plain_save`, `bodies.services.membership_add`,
   `core.citations.cite`), which validate it again (`full_clean`), keep history and write
   the audit event, with the reason "Imported from <file> (import <uuid>)". The directory
   (organisations, bodies, accounts, memberships) is created as a server administrator (no
   actor), as `secpanel membership` does; every other record as the importing account.

Any error in either pass is reported with its row, model, key and field, and nothing is
written. `dry_run` does both passes and rolls the transaction back.
"""

from __future__ import annotations

import datetime
import os
import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, cast

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from secpanel.accounts.models import User
from secpanel.accounts.types import Actor
from secpanel.bodies.models import Body, BodyKind, Membership
from secpanel.bodies.services import membership_add
from secpanel.core.citations import cite
from secpanel.core.faults import fault_point
from secpanel.core.models import ClassifiedModel
from secpanel.core.policy import can_manage_body, forget_access_profile
from secpanel.core.services import classified_create, plain_save
from secpanel.exchange.registry import BY_LABEL, Spec, reference_target
from secpanel.exchange.selectors import FORMAT, VERSION
from secpanel.exchange.values import (
    as_key,
    canonical,
    decode_level,
    decode_scalar,
    describe,
    local_date,
)

#: Killed here (SIGKILL) when armed: half of the rows to create are written, inside the
#: transaction (`core.faults`; the fault test checks the database is as it was).
FAULT_AFTER_ROWS = "import.after_rows"


class ImportFileError(Exception):
    """The file cannot be read as an exchange file at all (not JSON, not this format)."""


@dataclass(frozen=True)
class Ref:
    """A reference to a row: its model and canonical key."""

    label: str
    canon: str


@dataclass
class Row:
    """One row of the file, as checked."""

    number: int
    spec: Spec
    key: dict[str, Any]
    canon: str
    values: dict[str, Any] = field(default_factory=dict)  # attname -> value as stored
    refs: dict[str, Ref | None] = field(default_factory=dict)  # reference field -> row
    many: dict[str, list[Ref]] = field(default_factory=dict)  # red_distribution
    body: str | None = None  # the body whose secretariat must act (code)
    existing: Any = None  # the pk of the record already here (unchanged)
    pk: Any = None  # the pk once created (or the existing one)
    failed: bool = False

    @property
    def where(self) -> str:
        return f"row {self.number} ({self.spec.label} {describe(self.key)})"


@dataclass
class Outcome:
    """What an import did (or, with `dry_run`, would do)."""

    import_id: str
    reason: str
    dry_run: bool
    created: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)  # export-only rows
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def reason_for(source_name: str, import_id: str) -> str:
    """ "Imported from <file> (import <uuid>)", within history's 100 characters."""
    name = os.path.basename(source_name) or "file"
    if len(name) > 40:
        name = name[:39] + "…"
    return f"Imported from {name} (import {import_id})"


class Importer:
    """Checks and loads one exchange document as `actor_username` (see the module)."""

    def __init__(
        self,
        document: Any,
        *,
        actor_username: str,
        source_name: str,
        dry_run: bool = False,
        progress: Callable[[Iterable[Row]], Iterable[Row]] | None = None,
    ) -> None:
        self.document = document
        self.actor_username = actor_username
        self.import_id = str(uuid.uuid4())
        self.outcome = Outcome(
            import_id=self.import_id,
            reason=reason_for(source_name, self.import_id),
            dry_run=dry_run,
        )
        self.progress = progress or (lambda rows: rows)
        self.rows: list[Row] = []
        self.file_rows: dict[str, dict[str, Row]] = {}
        self.all_keys: dict[str, dict[str, int]] = {}  # every key in the file -> row number
        self.found: dict[tuple[str, str], Any] = {}  # database look-ups by key
        self.actor_bodies: set[str] = set()
        self.panel_code: str | None = None

    # -- the whole run ----------------------------------------------------------------------
    def run(self) -> Outcome:
        records = self._records()
        self._prepare(records)
        for number, raw in enumerate(records, start=1):
            self._check(number, raw)
        if self.outcome.errors:
            return self.outcome
        self._load()
        return self.outcome

    def _records(self) -> list[Any]:
        doc = self.document
        if not isinstance(doc, dict) or doc.get("format") != FORMAT:
            raise ImportFileError(f'Not a secpanel exchange file (no "format": "{FORMAT}").')
        if doc.get("version") != VERSION:
            raise ImportFileError(
                f"This file is version {doc.get('version')!r}; this secpanel reads {VERSION}."
            )
        records = doc.get("records")
        if not isinstance(records, list):
            raise ImportFileError('The file has no "records" list.')
        return records

    def _prepare(self, records: list[Any]) -> None:
        """What the rows are checked against: every key in the file (to say "comes later"),
        the importing account's bodies here, the Panel's code."""
        for number, raw in enumerate(records, start=1):
            spec, fields = self._shape(raw)
            if spec is None or fields is None:
                continue
            try:
                key = self._key_of(spec, fields)
            except (KeyError, ValidationError):
                continue
            self.all_keys.setdefault(spec.label, {}).setdefault(canonical(key), number)
        named = any(
            isinstance(raw, dict)
            and raw.get("model") == "accounts.user"
            and isinstance(raw.get("fields"), dict)
            and raw["fields"].get("username") == self.actor_username
            for raw in records
        )
        if not named and not User.objects.filter(username=self.actor_username).exists():
            raise ImportFileError(
                f"No account {self.actor_username!r} here or in the file to import as."
            )
        today = timezone.localdate()
        self.actor_bodies = set(
            Membership.objects.filter(user__username=self.actor_username, role="secretariat")
            .exclude(start_date__gt=today)
            .exclude(end_date__lt=today)
            .values_list("body__code", flat=True)
        )
        self.panel_code = (
            Body.objects.filter(kind=BodyKind.PANEL).values_list("code", flat=True).first()
        )

    @staticmethod
    def _shape(raw: Any) -> tuple[Spec | None, dict[str, Any] | None]:
        if not isinstance(raw, dict):
            return None, None
        spec = BY_LABEL.get(str(raw.get("model")))
        fields = raw.get("fields")
        return spec, fields if isinstance(fields, dict) else None

    @staticmethod
    def _key_of(spec: Spec, fields: dict[str, Any]) -> dict[str, Any]:
        """The row's natural key, from its fields; a KeyError names a missing part, a
        ValidationError (by field) a part that cannot be read."""
        key: dict[str, Any] = {}
        for part in spec.key_parts(fields):
            value = fields[part.field]
            try:
                key[part.name] = local_date(value) if part.date_of else value
            except ValidationError as exc:
                raise ValidationError({part.field: exc.messages}) from exc
        return key

    # -- pass 1: check ----------------------------------------------------------------------
    def _check(self, number: int, raw: Any) -> None:
        errors = self.outcome.errors
        spec, fields = self._shape(raw)
        if spec is None or fields is None:
            model = raw.get("model") if isinstance(raw, dict) else None
            what = f"no model {model!r}" if spec is None else 'no "fields" object'
            errors.append(f"row {number}: {what}.")
            return
        try:
            key = self._key_of(spec, fields)
        except KeyError as exc:
            errors.append(f"row {number} ({spec.label}): {exc.args[0]}: part of its key: give it.")
            return
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                errors.append(f"row {number} ({spec.label}): {name}: {' '.join(messages)}")
            return
        canon = canonical(key)
        row = Row(number=number, spec=spec, key=key, canon=canon)
        if not spec.importable:
            self.outcome.skipped[spec.label] += 1
            return
        problems: list[tuple[str, str]] = []
        given_key = raw.get("key")
        if given_key is not None and canonical(given_key) != canon:
            problems.append(("key", f"does not match the fields (they give {canon})."))
        for name in fields:
            if name not in spec.all_fields:
                problems.append((name, f"not a field of {spec.label}."))
        for name in spec.all_fields:
            if name in fields:
                try:
                    self._read_field(row, name, fields[name])
                except ValidationError as exc:
                    problems.append((name, " ".join(exc.messages)))
        earlier = self.file_rows.setdefault(spec.label, {}).get(canon)
        if earlier is not None:
            problems.append(("key", f"the same {spec.label} as row {earlier.number}."))
        if not problems:
            problems.extend(self._check_authority(row, fields))
        if not problems:
            problems.extend(self._check_existing(row))
        for name, message in problems:
            errors.append(f"{row.where}: {name}: {message}")
        row.failed = bool(problems)
        if earlier is None:
            self.file_rows[spec.label][canon] = row
        self.rows.append(row)
        if not row.failed and spec.label == "bodies.membership":
            self._note_membership(fields)
        if not row.failed and spec.label == "bodies.body" and fields.get("kind") == "panel":
            self.panel_code = self.panel_code or fields.get("code")

    def _read_field(self, row: Row, name: str, value: Any) -> None:
        spec = row.spec
        if name == "classification":
            row.values["classification"] = decode_level(value)
            return
        if spec.label == "core.citation" and name in ("source", "target"):
            if not isinstance(value, dict) or value.get("model") not in BY_LABEL:
                raise ValidationError('Give {"model": "<app>.<model>", "key": ...}.')
            row.refs[name] = self._resolve(value["model"], value.get("key"))
            return
        f = spec.model_field(name)
        target = reference_target(spec, name)
        if target is not None and f.many_to_many:
            if not isinstance(value, list):
                raise ValidationError("Give a list.")
            refs = [self._resolve(target._meta.label_lower, v) for v in value]
            row.many[name] = refs
            return
        if target is not None:
            if value is None:
                if not f.null:
                    raise ValidationError("This field cannot be empty.")
                row.refs[name] = None
                return
            if name in spec.config:
                pk = (
                    target._default_manager.filter(**{spec.config[name]: value})
                    .values_list("pk", flat=True)
                    .first()
                )
                if pk is None:
                    raise ValidationError(
                        f"no {target._meta.verbose_name} {value!r} is configured here."
                    )
                row.values[f.attname] = pk
                return
            row.refs[name] = self._resolve(target._meta.label_lower, value)
            return
        row.values[f.attname] = decode_scalar(f, value)

    def _resolve(self, label: str, reference: Any) -> Ref:
        """The row `reference` names: earlier in the file, or a record already here."""
        spec = BY_LABEL[label]
        key = self._as_key(spec, reference)
        noun = spec.model._meta.verbose_name
        if key is None:
            raise ValidationError(f"{reference!r} is not a {noun} key.")
        canon = canonical(key)
        in_file = self.file_rows.get(label, {}).get(canon)
        if in_file is not None:
            if in_file.failed:
                raise ValidationError(
                    f"names {label} {describe(key)} of row {in_file.number}, which has errors."
                )
            return Ref(label, canon)
        if self._find(spec, key) is not None:
            return Ref(label, canon)
        later = self.all_keys.get(label, {}).get(canon)
        if later is not None:
            raise ValidationError(
                f"names {label} {describe(key)} of row {later}, which comes later in the file: "
                "a row can only name rows before it."
            )
        raise ValidationError(f"no {noun} {describe(key)} here or earlier in the file.")

    @staticmethod
    def _as_key(spec: Spec, reference: Any) -> dict[str, Any] | None:
        shapes = [spec.key]
        if spec.key_when_blank is not None:
            shapes.append(spec.key_when_blank[1])
        for parts in shapes:
            key = as_key([p.name for p in parts], reference)
            if key is not None:
                return key
        return None

    def _find(self, spec: Spec, key: dict[str, Any]) -> Any:
        """The pk of the record with this key already here (None: none, or it cannot be here
        because a row it names is new in the file)."""
        memo = (spec.label, canonical(key))
        if memo in self.found:
            return self.found[memo]
        pk = self._lookup(spec, key)
        self.found[memo] = pk
        return pk

    def _lookup(self, spec: Spec, key: dict[str, Any]) -> Any:
        shapes = [spec.key] + ([spec.key_when_blank[1]] if spec.key_when_blank else [])
        parts = next((p for p in shapes if sorted(x.name for x in p) == sorted(key)), None)
        if parts is None:
            return None
        model = spec.model
        filters: dict[str, Any] = {}
        if spec.label == "core.citation":
            for name in ("source", "target"):
                end = key[name]
                end_spec = BY_LABEL.get(str(end.get("model"))) if isinstance(end, dict) else None
                if end_spec is None:
                    return None
                pk = self._pk_here(end_spec, end.get("key"))
                if pk is None:
                    return None
                filters[f"{name}_type"] = ContentType.objects.get_for_model(end_spec.model)
                filters[f"{name}_id"] = pk
            return model._default_manager.filter(**filters).values_list("pk", flat=True).first()
        for part in parts:
            value = key[part.name]
            f = spec.model_field(part.field)
            target = reference_target(spec, part.field)
            if target is not None:
                if value is None:
                    filters[f"{f.attname}__isnull"] = True
                    continue
                pk = self._pk_here(BY_LABEL[target._meta.label_lower], value)
                if pk is None:
                    return None
                filters[f.attname] = pk
            elif part.date_of:
                try:
                    filters[part.lookup] = datetime.date.fromisoformat(value)
                except (TypeError, ValueError):
                    return None
            else:
                try:
                    filters[part.lookup] = f.to_python(value)
                except ValidationError:
                    return None
        return _manager(model).filter(**filters).values_list("pk", flat=True).first()

    def _pk_here(self, spec: Spec, reference: Any) -> Any:
        """The pk of a referenced row already in the database (an unchanged row of the file
        counts), or None."""
        key = self._as_key(spec, reference)
        if key is None:
            return None
        in_file = self.file_rows.get(spec.label, {}).get(canonical(key))
        if in_file is not None:
            return in_file.existing
        return self._find(spec, key)

    def _check_authority(self, row: Row, fields: dict[str, Any]) -> list[tuple[str, str]]:
        """The importing account must be secretariat of the body each record belongs to."""
        spec = row.spec
        authority = spec.authority
        if authority == "directory":
            return []
        where = authority
        if authority in ("owning_body", "body"):
            row.body = fields.get(authority)
        elif authority == "panel":
            row.body, where = self.panel_code, "owning_body"
        elif authority == "parent":
            row.body, where = self._body_of(row.refs.get(spec.parent)), spec.parent
        elif authority == "source":
            row.body = self._body_of(row.refs.get("source"))
        if row.body is None:
            return [(where, "names no body whose secretariat could record it.")]
        if row.body not in self.actor_bodies:
            return [(where, f"{self.actor_username} is not secretariat of {row.body}.")]
        return []

    def _body_of(self, ref: Ref | None) -> str | None:
        """The code of the body a referenced row belongs to."""
        if ref is None:
            return None
        in_file = self.file_rows.get(ref.label, {}).get(ref.canon)
        if in_file is not None:
            return in_file.body
        spec = BY_LABEL[ref.label]
        pk = self.found.get((ref.label, ref.canon))
        if pk is None:
            return None
        path = "owning_body__code" if spec.classified else "body__code"
        if not spec.classified and "body" not in spec.fields:
            return None
        return cast(
            "str | None", _manager(spec.model).filter(pk=pk).values_list(path, flat=True).first()
        )

    def _check_existing(self, row: Row) -> list[tuple[str, str]]:
        """Is the row already here? Then it is left as it is, provided it is the same body's
        (a reference held by another body's record is "not available", as on the forms)."""
        pk = self._find(row.spec, row.key)
        if pk is None:
            return []
        spec = row.spec
        if spec.classified:
            body = (
                _manager(spec.model)
                .filter(pk=pk)
                .values_list("owning_body__code", flat=True)
                .first()
            )
            if body != row.body:
                first = spec.key[0].field
                label = spec.model_field(first).verbose_name
                return [(first, f"That {label} is not available: choose another.")]
        row.existing = pk
        return []

    def _note_membership(self, fields: dict[str, Any]) -> None:
        """A secretariat seat of the importing account, in the file: it may record that
        body's records once the directory is loaded."""
        if fields.get("user") != self.actor_username or fields.get("role") != "secretariat":
            return
        today = timezone.localdate().isoformat()
        start, end = fields.get("start_date"), fields.get("end_date")
        if (start is None or start <= today) and (end is None or end >= today):
            self.actor_bodies.add(str(fields.get("body")))

    # -- pass 2: load -----------------------------------------------------------------------
    def _load(self) -> None:
        outcome = self.outcome
        to_create = sum(1 for row in self.rows if row.existing is None)
        fault_after = max(1, to_create // 2)
        with transaction.atomic():
            actor: Actor | None = None
            written = 0
            for row in self.progress(self.rows):
                if row.existing is not None:
                    row.pk = row.existing
                    outcome.unchanged[row.spec.label] += 1
                    continue
                if not row.spec.directory and actor is None:
                    actor = User.objects.get(username=self.actor_username)
                    forget_access_profile(actor)
                try:
                    with transaction.atomic():
                        row.pk = self._create(row, actor)
                except ValidationError as exc:
                    row.failed = True
                    outcome.errors.extend(_messages(row, exc))
                    continue
                except PermissionDenied as exc:
                    row.failed = True
                    where = "owning_body" if row.spec.classified else row.spec.authority
                    outcome.errors.append(f"{row.where}: {where}: {exc}")
                    continue
                outcome.created[row.spec.label] += 1
                written += 1
                if written == fault_after:
                    fault_point(FAULT_AFTER_ROWS)
            if outcome.errors or outcome.dry_run:
                transaction.set_rollback(True)

    def _pk(self, ref: Ref) -> Any:
        row = self.file_rows.get(ref.label, {}).get(ref.canon)
        if row is not None:
            if row.failed or row.pk is None:
                raise ValidationError(f"names row {row.number}, which was not loaded.")
            return row.pk
        return self.found[(ref.label, ref.canon)]

    def _create(self, row: Row, actor: Actor | None) -> Any:
        spec = row.spec
        model = spec.model
        attrs = dict(row.values)
        reason = self.outcome.reason
        for name, ref in row.refs.items():
            if spec.label == "core.citation":
                continue
            f = model._meta.get_field(name)
            assert isinstance(f, models.ForeignKey | models.OneToOneField)
            attrs[f.attname] = self._pk(ref) if ref is not None else None
        if spec.directory:
            return self._create_directory(row, attrs, reason)
        assert actor is not None
        if spec.label == "core.citation":
            source, target = (self._instance(row.refs[n]) for n in ("source", "target"))
            self._require_secretariat(actor, row)
            return cite(actor=actor, source=source, target=target, note=attrs.get("note", "")).pk
        if spec.classified:
            people = [self._pk(ref) for ref in row.many.get("red_distribution", [])]
            instance = cast("ClassifiedModel", model(**attrs))
            return classified_create(
                actor=actor, instance=instance, reason=reason, distribution=people
            ).pk
        self._require_secretariat(actor, row)
        return plain_save(actor=actor, instance=model(**attrs), reason=reason).pk

    def _create_directory(self, row: Row, attrs: dict[str, Any], reason: str) -> Any:
        """Organisations, bodies, accounts and memberships: by the command, as a server
        administrator (no actor), like `secpanel membership`."""
        label = row.spec.label
        if label == "bodies.membership":
            membership = membership_add(
                actor=None,
                user=User.objects.get(pk=attrs["user_id"]),
                body=Body.objects.get(pk=attrs["body_id"]),
                role=attrs.get("role", ""),
                start_date=attrs.get("start_date"),
                end_date=attrs.get("end_date"),
                reason=reason,
                bootstrap=True,
            )
            return membership.pk
        instance = row.spec.model(**attrs)
        if isinstance(instance, User):
            instance.set_unusable_password()  # passwords never travel; a reset sets one
        return plain_save(actor=None, instance=instance, reason=reason).pk

    def _instance(self, ref: Ref | None) -> models.Model:
        assert ref is not None
        return _manager(BY_LABEL[ref.label].model).get(pk=self._pk(ref))

    def _require_secretariat(self, actor: Actor, row: Row) -> None:
        body = Body.objects.filter(code=row.body).values_list("pk", flat=True).first()
        if not can_manage_body(actor, body):
            raise PermissionDenied(f"{actor.username} is not secretariat of {row.body}.")


def _manager(model: type[models.Model]) -> models.QuerySet[Any]:
    """Every row of `model`: the import's own look-ups of what it writes (a service's read)."""
    if issubclass(model, ClassifiedModel):
        return model.objects.unrestricted()
    return model._default_manager.all()


def _messages(row: Row, exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [
            f"{row.where}: {name}: {' '.join(ValidationError(errs).messages)}"
            for name, errs in exc.error_dict.items()
        ]
    return [f"{row.where}: {' '.join(exc.messages)}"]


def import_document(
    document: Any,
    *,
    actor_username: str,
    source_name: str,
    dry_run: bool = False,
    progress: Callable[[Iterable[Row]], Iterable[Row]] | None = None,
) -> Outcome:
    """Check and load an exchange document (see the module); raises `ImportFileError` when it
    is not one. The outcome's `errors` name every bad row; with errors nothing is written."""
    return Importer(
        document,
        actor_username=actor_username,
        source_name=source_name,
        dry_run=dry_run,
        progress=progress,
    ).run()

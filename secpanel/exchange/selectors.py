"""The export: every record a reader may read, as rows of the exchange format.

Classified rows are read only through `visible_to(reader)`; plain rows are public (bodies,
memberships, meetings, releases), parts of an exported parent (a paper's recommendations, a
modification's events, a report's versions) or the accounts and organisations the exported
rows name. A reference to a record the reader may not read never leaves: a reference that may
be empty is emptied, a row that cannot be without it is left out (docs/import-format.md).

Every foreign key is read as its id (`attname`) and written as the key of a row this export
holds; nothing follows a forward foreign key to a record the reader has not been given.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, cast

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from secpanel.accounts.types import Reader
from secpanel.core.models import Citation, ClassifiedModel, ClassifiedQuerySet
from secpanel.core.policy import access_profile
from secpanel.exchange.registry import SPECS, Spec, reference_target
from secpanel.exchange.values import (
    as_reference,
    canonical,
    encode_level,
    encode_scalar,
    local_date,
)

FORMAT = "secpanel-exchange"
VERSION = 1


@dataclass
class Export:
    """What one reader may read, as exchange rows (`document()` is the JSON file)."""

    reader: str | None
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    #: Rows left out because they cannot be without a record the reader may not read.
    left_out: int = 0
    #: References emptied because they name a record the reader may not read.
    emptied: int = 0

    def records(self) -> list[dict[str, Any]]:
        return [row for spec in SPECS for row in self.rows.get(spec.label, [])]

    def document(self) -> dict[str, Any]:
        counts = {label: len(rows) for label, rows in self.rows.items() if rows}
        return {
            "format": FORMAT,
            "version": VERSION,
            "exported_at": timezone.now().astimezone(datetime.UTC).isoformat(),
            "exported_as": self.reader,
            "counts": counts,
            "records": self.records(),
        }


class _Collector:
    """Reads the rows in dependency order, keeping their ids to write references as keys."""

    def __init__(self, reader: Reader | None) -> None:
        self.reader = reader
        # an inactive account reads as the public (core.policy), and is exported as the public
        self.signed_in = not access_profile(reader).anonymous
        self.objects: dict[str, dict[Any, models.Model]] = defaultdict(dict)
        self.keys: dict[tuple[str, Any], dict[str, Any]] = {}
        self.wanted: dict[str, set[Any]] = defaultdict(set)  # referenced-scope rows to read
        self.config: dict[tuple[str, str], dict[Any, Any]] = {}
        self.left_out = 0
        self.emptied = 0

    # -- reading ----------------------------------------------------------------------------
    def read(self, spec: Spec) -> list[models.Model]:
        model = spec.model
        if spec.scope == "visible":
            qs = cast("ClassifiedQuerySet[Any]", model._default_manager.all())
            rows = list(qs.visible_to(self.reader).prefetch_related("red_distribution"))
        elif spec.scope == "public":
            rows = list(model._default_manager.all())
        elif spec.scope == "children":
            parent = spec.model_field(spec.parent)
            target = reference_target(spec, spec.parent)
            assert target is not None
            ids = set(self.objects[target._meta.label_lower])
            rows = list(model._default_manager.filter(**{f"{parent.attname}__in": sorted(ids)}))
        elif spec.scope == "referenced":
            ids = self.wanted[spec.label]
            rows = list(model._default_manager.filter(pk__in=sorted(ids)))
        elif spec.scope == "citations":
            rows = self._citations()
        else:  # pragma: no cover - the registry's own test checks the scopes
            raise ValueError(spec.scope)
        kept = [row for row in rows if self._references_kept(spec, row)]
        for row in kept:
            self.objects[spec.label][row.pk] = row
        return kept

    def _citations(self) -> list[models.Model]:
        """Citations whose two ends are both exported (read by id, kept by both ends)."""
        kept: list[models.Model] = []
        for citation in Citation.objects.order_by("id"):
            ends = [
                (citation.source_type_id, citation.source_id),
                (citation.target_type_id, citation.target_id),
            ]
            if all(self._exported_end(type_id, pk) for type_id, pk in ends):
                kept.append(citation)
        return kept

    def _exported_end(self, type_id: int, pk: Any) -> bool:
        model = ContentType.objects.get_for_id(type_id).model_class()
        return model is not None and pk in self.objects.get(model._meta.label_lower, {})

    def _references_kept(self, spec: Spec, row: models.Model) -> bool:
        """Empty the references to records not exported (the reader may not read them); False
        when the row cannot be without one. Notes the accounts and organisations named."""
        for name in spec.all_fields:
            target = reference_target(spec, name)
            if target is None or name in spec.config:
                continue
            f = spec.model._meta.get_field(name)
            label = target._meta.label_lower
            if f.many_to_many:
                ids = [u.pk for u in getattr(row, name).all()]
                self.wanted[label].update(ids)
                continue
            assert isinstance(f, models.ForeignKey | models.OneToOneField)
            pk = getattr(row, f.attname)
            if pk is None:
                continue
            target_spec = next(s for s in SPECS if s.label == label)
            if target_spec.scope == "referenced":
                self.wanted[label].add(pk)
            elif pk not in self.objects.get(label, {}) and label != spec.label:
                if not f.null:
                    self.left_out += 1
                    return False
                setattr(row, f.attname, None)
                self.emptied += 1
        return True

    # -- writing ----------------------------------------------------------------------------
    def key(self, spec: Spec, row: models.Model) -> dict[str, Any]:
        found = self.keys.get((spec.label, row.pk))
        if found is not None:
            return found
        names = {p.field for p in spec.key}
        if spec.key_when_blank is not None:
            names |= {spec.key_when_blank[0], *(p.field for p in spec.key_when_blank[1])}
        fields = {name: self.value(spec, row, name) for name in names}
        key = {
            p.name: local_date(fields[p.field]) if p.date_of else fields[p.field]
            for p in spec.key_parts(fields)
        }
        self.keys[(spec.label, row.pk)] = key
        return key

    def reference(self, label: str, pk: Any) -> Any:
        spec = next(s for s in SPECS if s.label == label)
        return as_reference(self.key(spec, self.objects[label][pk]))

    def value(self, spec: Spec, row: models.Model, name: str) -> Any:
        if spec.label == "core.citation" and name in ("source", "target"):
            citation = cast("Citation", row)
            type_id = getattr(citation, f"{name}_type_id")
            model = ContentType.objects.get_for_id(type_id).model_class()
            assert model is not None
            label = model._meta.label_lower
            return {"model": label, "key": self.reference(label, getattr(citation, f"{name}_id"))}
        if name == "classification":
            return encode_level(cast("ClassifiedModel", row).classification)
        target = reference_target(spec, name)
        f = spec.model._meta.get_field(name)
        if target is not None and f.many_to_many:
            label = target._meta.label_lower
            return sorted(self.reference(label, u.pk) for u in getattr(row, name).all())
        if target is not None:
            assert isinstance(f, models.ForeignKey | models.OneToOneField)
            pk = getattr(row, f.attname)
            if pk is None:
                return None
            if name in spec.config:
                return self._config_value(target, spec.config[name], pk)
            return self.reference(target._meta.label_lower, pk)
        if spec.label == "accounts.user" and name == "email" and not self.signed_in:
            return ""  # e-mail addresses go to signed-in readers only
        return encode_scalar(getattr(row, name))

    def _config_value(self, model: type[models.Model], field_name: str, pk: Any) -> Any:
        table = self.config.get((model._meta.label_lower, field_name))
        if table is None:
            table = dict(model._default_manager.values_list("pk", field_name))
            self.config[(model._meta.label_lower, field_name)] = table
        return table.get(pk)

    def rows(self, spec: Spec) -> list[dict[str, Any]]:
        out = []
        for row in self.objects.get(spec.label, {}).values():
            out.append(
                {
                    "model": spec.label,
                    "key": self.key(spec, row),
                    "fields": {name: self.value(spec, row, name) for name in spec.all_fields},
                }
            )
        if spec.tree:
            depth = self._depths(spec)
            out.sort(key=lambda r: (depth[canonical(r["key"])], canonical(r["key"])))
        else:
            out.sort(key=lambda r: canonical(r["key"]))
        return out

    def _depths(self, spec: Spec) -> dict[str, int]:
        """How far each row of a tree is from its root (parents are written first)."""
        f = spec.model._meta.get_field(spec.tree)
        assert isinstance(f, models.ForeignKey)
        objects = self.objects[spec.label]
        depths: dict[str, int] = {}
        for obj in objects.values():
            depth, current = 0, obj
            while getattr(current, f.attname) is not None and depth <= len(objects):
                current = objects[getattr(current, f.attname)]
                depth += 1
            depths[canonical(self.key(spec, obj))] = depth
        return depths


def export_for(reader: Reader | None) -> Export:
    """Everything `reader` may read (None or anonymous: the public), as exchange rows.

    Run it inside `core.redreads.red_read_log(...)`: every RED row read is noted there."""
    collector = _Collector(reader)
    later = [s for s in SPECS if s.scope == "referenced"]
    for spec in SPECS:
        if spec.scope != "referenced":
            collector.read(spec)
    # Accounts name their organisation: read the accounts first, then the organisations.
    for spec in sorted(later, key=lambda s: s.label != "accounts.user"):
        collector.read(spec)
    name = getattr(reader, "username", None) if collector.signed_in else None
    result = Export(reader=name, left_out=collector.left_out, emptied=collector.emptied)
    for spec in SPECS:
        result.rows[spec.label] = collector.rows(spec)
    return result

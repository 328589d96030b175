"""Read representations, generated from the models: a record's fields, its classification by
name, its owning body by code, its version (for `seen_version`), and each reference to another
classified record as that record's id only when the reader may read it (else null: a hidden
record is not even named by number). One query per referenced model per page, never per row.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django.db import models
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from secpanel.core.classification import Classification
from secpanel.core.models import ClassifiedModel
from secpanel.core.selectors import visible

VISIBLE = "_visible_targets"
#: never sent: who may read a RED record is the secretariat's business, file bytes have their
#: own download, and bookkeeping of other apps is not part of the record
EXCLUDED = {"red_distribution", "content", "password", "digest"}


def guarded_fields(model: type[models.Model]) -> list[models.ForeignKey]:
    """The model's foreign keys to classified records (other than itself's body)."""
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.ForeignKey)
        and isinstance(f.related_model, type)
        and issubclass(f.related_model, ClassifiedModel)
    ]


def visible_targets(
    rows: Iterable[models.Model], fields: list[models.ForeignKey], user: Any
) -> dict[str, set[Any]]:
    """For each guarded field, the ids among `rows` that `user` may read."""
    rows = list(rows)
    out: dict[str, set[Any]] = {}
    for field in fields:
        ids = {getattr(r, field.attname) for r in rows} - {None}
        target = field.related_model
        assert isinstance(target, type) and issubclass(target, ClassifiedModel)
        out[field.name] = (
            set(visible(target, user).filter(pk__in=ids).values_list("pk", flat=True))
            if ids
            else set()
        )
    return out


def _context(field: serializers.Field) -> dict[str, Any]:
    """The serializer tree's shared context (a dict; typed as a read-only mapping)."""
    return cast("dict[str, Any]", field.context)


class GuardedListSerializer(serializers.ListSerializer):
    def to_representation(self, data: Any) -> list[Any]:
        rows = list(data.all() if isinstance(data, models.Manager) else data)
        child = self.child
        assert isinstance(child, RecordSerializer)
        _context(self)[VISIBLE] = visible_targets(
            rows, guarded_fields(child.Meta.model), self.context["request"].user
        )
        return super().to_representation(rows)


@extend_schema_field({"type": "integer", "nullable": True, "readOnly": True})
class GuardedReference(serializers.Field):
    """The id of a classified record this one refers to, or null when the reader may not
    read it (or there is none)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.update(read_only=True, allow_null=True)
        super().__init__(**kwargs)

    def get_attribute(self, instance: Any) -> Any:
        return instance

    def to_representation(self, instance: Any) -> Any:
        field = instance._meta.get_field(self.field_name)
        value = getattr(instance, field.attname)
        shown = self.context.get(VISIBLE)
        if shown is None:  # one record: work it out for this one
            shown = visible_targets(
                [instance], guarded_fields(type(instance)), self.context["request"].user
            )
            _context(self)[VISIBLE] = shown
        return value if value in shown.get(self.field_name or "", ()) else None


@extend_schema_field(OpenApiTypes.STR)
class VersionField(serializers.Field):
    """The version the record is at (`web.conflicts.token_of`): send it back as
    `seen_version` with a change, and a save over a newer version is refused (409)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.update(read_only=True)
        super().__init__(**kwargs)

    def get_attribute(self, instance: Any) -> Any:
        return instance.updated_at

    def to_representation(self, value: Any) -> str:
        return value.isoformat() if value is not None else ""


class ClassificationField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=[c.name for c in Classification], read_only=True, **kwargs)

    def to_representation(self, value: Any) -> str:
        return Classification(value).name


class RecordSerializer(serializers.ModelSerializer):
    """The base of every generated serializer."""

    class Meta:
        model: type[models.Model]
        list_serializer_class = GuardedListSerializer

    def to_representation(self, instance: Any) -> Any:
        if not isinstance(self.parent, GuardedListSerializer):
            _context(self).pop(VISIBLE, None)  # a single record works its own out
        return super().to_representation(instance)


def _field_names(model: type[models.Model], exclude: Iterable[str]) -> list[str]:
    skip = EXCLUDED | set(exclude)
    names = [f.name for f in model._meta.concrete_fields if f.name not in skip]
    return names


def serializer_for(
    model: type[models.Model],
    *,
    exclude: Iterable[str] = (),
    extra: dict[str, serializers.Field] | None = None,
) -> type[RecordSerializer]:
    """A read-only serializer of `model`'s fields (see the module's docstring)."""
    names = _field_names(model, exclude)
    attrs: dict[str, Any] = {}
    for f in model._meta.concrete_fields:
        if f.name not in names:
            continue
        if f.name == "classification":
            attrs["classification"] = ClassificationField()
        elif f.name == "owning_body":
            attrs["owning_body"] = serializers.SlugRelatedField(slug_field="code", read_only=True)
        elif isinstance(f, models.ForeignKey):
            related = f.related_model
            if isinstance(related, type) and issubclass(related, ClassifiedModel):
                attrs[f.name] = GuardedReference()
            elif getattr(related, "USERNAME_FIELD", None):
                attrs[f.name] = serializers.SlugRelatedField(
                    slug_field="username", read_only=True, allow_null=f.null
                )
            elif related is not None and any(g.name == "code" for g in related._meta.fields):
                attrs[f.name] = serializers.SlugRelatedField(
                    slug_field="code", read_only=True, allow_null=f.null
                )
    if issubclass(model, ClassifiedModel):
        attrs["version"] = VersionField()
        names.append("version")
    attrs.update(extra or {})
    names.extend(k for k in (extra or {}) if k not in names)
    meta = type(
        "Meta",
        (RecordSerializer.Meta,),
        {"model": model, "fields": names},
    )
    attrs["Meta"] = meta
    return type(f"{model.__name__}Serializer", (RecordSerializer,), attrs)


class ErrorSerializer(serializers.Serializer):
    """What a refused request says: `detail`, and for a form, the fields' messages."""

    detail = serializers.CharField()
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()), required=False
    )

"""Which index rows a reader may see: the Panel Information Policy (`core.policy`) applied to
the row's level and owning body, and, for a RED row, the record's own distribution list
(read live from the record's table, so a change to the list needs no re-index).

The same rule as `AccessProfile.visibility_q`, written over the index's columns. The search
page then reads the rows it shows through `Model.objects.visible_to(user)` as well
(`search.selectors`), so a row the index got wrong is dropped, never shown.
"""

from __future__ import annotations

from functools import cache
from typing import Any, cast

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Exists, OuterRef, Q

from secpanel.accounts.types import Reader
from secpanel.core.classification import Classification
from secpanel.core.models import ClassifiedModel
from secpanel.core.policy import access_profile, classification_off


@cache
def indexed_models() -> tuple[type[ClassifiedModel], ...]:
    """Every concrete classified model (not simple-history's copies), in a stable order."""
    found = [
        m
        for m in apps.get_models()
        if issubclass(m, ClassifiedModel)
        and not m._meta.abstract
        and not m.__name__.startswith("Historical")
    ]
    return tuple(sorted(found, key=lambda m: m._meta.label_lower))


def _named_on_distribution(user_id: int) -> Q:
    """Rows of records whose RED distribution names `user_id` (one EXISTS per model)."""
    q = Q(pk__in=[])
    types = ContentType.objects.get_for_models(*indexed_models())
    for model, ct in types.items():
        dist = cast("models.ManyToManyField[Any, Any]", model._meta.get_field("red_distribution"))
        through: Any = dist.remote_field.through
        named = through.objects.filter(
            **{dist.m2m_field_name(): OuterRef("object_id"), dist.m2m_reverse_field_name(): user_id}
        )
        q |= Q(content_type_id=ct.pk) & Q(Exists(named))
    return q


def readable_q(user: Reader | None) -> Q:
    """The filter on `SearchEntry` keeping the rows `user` may read."""
    profile = access_profile(user)
    if classification_off():  # the benchmark's floor only
        return Q()
    if profile.anonymous:
        return Q(classification=Classification.WHITE)
    q = Q(classification__lte=Classification.GREEN)
    if profile.full_bodies:
        q |= Q(owning_body_id__in=sorted(profile.full_bodies))
    if profile.panel_member:
        q |= Q(classification=Classification.AMBER)
    elif profile.amber_bodies:
        q |= Q(classification=Classification.AMBER, owning_body_id__in=sorted(profile.amber_bodies))
    assert profile.user_id is not None
    q |= Q(classification=Classification.RED) & _named_on_distribution(profile.user_id)
    return q

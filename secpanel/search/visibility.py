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
from django.db import connection, models
from django.db.models import Q
from django.db.models.expressions import RawSQL

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


@cache
def _distribution_lists() -> tuple[tuple[type[ClassifiedModel], str], ...]:
    """(model, `SELECT <record> FROM <through> WHERE <user> = %s`) for every indexed model:
    the SQL of who is named on its RED distribution, written once per process (names of
    tables and columns only; the user is a parameter)."""
    qn = connection.ops.quote_name
    lists = []
    for model in indexed_models():
        dist = cast("models.ManyToManyField[Any, Any]", model._meta.get_field("red_distribution"))
        through: Any = dist.remote_field.through
        record = through._meta.get_field(dist.m2m_field_name()).column
        person = through._meta.get_field(dist.m2m_reverse_field_name()).column
        table = qn(through._meta.db_table)
        lists.append((model, f"SELECT {qn(record)} FROM {table} WHERE {qn(person)} = %s"))
    return tuple(lists)


def _named_on_distribution(user_id: int) -> Q:
    """Rows of records whose RED distribution names `user_id`: per kind of record, its
    `object_id` in that kind's list for the user (an uncorrelated subquery the database runs
    once, not an EXISTS per row; raw SQL, so building it costs no expression resolving)."""
    q = Q(pk__in=[])
    types = ContentType.objects.get_for_models(*indexed_models())
    for model, sql in _distribution_lists():
        q |= Q(content_type_id=types[model].pk, object_id__in=RawSQL(sql, [user_id]))
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

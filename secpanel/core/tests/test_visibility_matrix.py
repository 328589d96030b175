"""Every role × every level × every page of every classified model (hidden = 404, absent from
lists and counts). Apps plug in through `<app>/tests/matrix.py: TARGETS`."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.test import Client

from secpanel.core.classification import Classification
from secpanel.core.models import ClassifiedModel
from secpanel.core.testing import EXPECTED, ROLES, MatrixTarget


def _targets() -> list[MatrixTarget]:
    found: list[MatrixTarget] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("secpanel."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.matrix")
        except ModuleNotFoundError:
            continue
        found.extend(module.TARGETS)
    return found


TARGETS = _targets()


def test_every_classified_model_is_in_the_matrix():
    concrete = {
        m
        for m in apps.get_models()
        if issubclass(m, ClassifiedModel)
        and not m._meta.abstract
        and not m.__name__.startswith("Historical")
    }
    covered = {t.model for t in TARGETS}
    assert concrete - covered == set(), "classified models missing from the visibility matrix"


def _client_for(world, role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(world.users[role])  # an inactive account's session is refused
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("target", TARGETS, ids=lambda t: t.name)
def test_role_sees_exactly_what_the_policy_allows(world, target: MatrixTarget, role: str):
    records = {}
    for level in Classification:
        marker = f"MARK-{target.name}-{level.name}-x"
        obj = target.make(world, level, marker)
        if level == Classification.RED:
            obj.red_distribution.add(world.users["red_recipient"])
        records[level] = (obj, marker)
    allowed = EXPECTED[role]
    client = _client_for(world, role)

    # the queryset itself
    model = target.model
    user = world.users.get(role)
    from django.contrib.auth.models import AnonymousUser

    visible_ids = set(
        model.objects.visible_to(user or AnonymousUser()).values_list("pk", flat=True)
    )
    assert visible_ids == {records[lv][0].pk for lv in allowed}

    if target.detail_url is not None:
        for level, (obj, marker) in records.items():
            response = client.get(target.detail_url(obj))
            expected = 200 if level in allowed else 404
            assert response.status_code == expected, (role, level.name, response.status_code)
            if expected == 404:
                assert marker not in response.content.decode()

    for url in target.list_urls(world):
        response = client.get(url)
        assert response.status_code == 200, (role, url)
        html = response.content.decode()
        for level, (_obj, marker) in records.items():
            assert (marker in html) == (level in allowed), (role, url, level.name)
        paginator = response.context.get("paginator") if response.context else None
        if paginator is not None:
            assert paginator.count == len(allowed), (role, url)
        # the banner shows the highest level on the page
        top = Classification.high_water(allowed)
        assert f'data-classification="{top.name}"' in html, (role, url, top.name)

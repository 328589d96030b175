"""Every role × every level × every page of every classified model, for records of several
bodies (hidden = 404, absent from lists and counts). Apps plug in through
`<app>/tests/matrix.py: TARGETS`; the owning bodies are `testkit.matrix.OWNERS` (the SSC, the
Ops Group, TAG, TSIRS, a sub-group of TABASC, and the Panel itself), so a rule that holds only
for one body fails.

The rule is checked for every owner × every model × every role, through `visible_to`. The
surfaces (the record's page, the API's record and list, search and every list page) are asked
for every model with records of the SSC and of the Panel (the two tables of
`expected_levels`), and of one of the other three owners in turn (`surfaces_owners`): each
model's surfaces meet three bodies and each body's records meet a third of the models' or more.
Every surface reads through `visible_to(reader)` (the chokepoint's structural tests) or, for
search, through the index's own copy of the rule (`readable_by`), which keeps no per-model
code, so the cross product of the two would ask the same question again (decisions/0020).
Likewise every role asks the queryset and search (the two places the rule over a role's seats
is written), and the page, the API and the lists are asked by one role of each set of levels
the roles may read, in turn (`page_roles`)."""

from __future__ import annotations

import importlib
import importlib.util

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from secpanel.api.resources import RESOURCES
from secpanel.core.classification import Classification
from secpanel.core.models import ClassifiedModel
from secpanel.search.tests.matrix import search_problems
from secpanel.testkit import (
    OWNERS,
    ROLES,
    FeedTarget,
    MatrixTarget,
    World,
    build_world,
    expected_levels,
)


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
API_RESOURCE = {r.model: r for r in RESOURCES}


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
    served = {r.model for r in RESOURCES}
    assert concrete - served == set(), "classified models the API does not serve"


def _api_problems(client: Client, where: str, target: MatrixTarget, records, allowed) -> list[str]:
    """The API's record and list of `target` (`/api/v1/<name>/`): 200 or 404 exactly as the
    page, nothing of a hidden record in a 404 or in the list."""
    resource = API_RESOURCE.get(target.model)
    if resource is None:
        return [f"{where}: no API resource"]
    problems = []
    base = f"/api/v1/{resource.name}/"
    for level, (obj, marker) in records.items():
        key = getattr(obj, resource.lookup)
        response = client.get(f"{base}{key}/")
        expected = 200 if level in allowed else 404
        if response.status_code != expected:
            problems.append(f"{where} {level.name}: API {response.status_code}")
        elif expected == 404 and marker in response.content.decode():
            problems.append(f"{where} {level.name}: API 404 names the record")
    response = client.get(base, {"page_size": 200})
    if response.status_code != 200:
        return [*problems, f"{where} API list: {response.status_code}"]
    body = response.content.decode()
    listed = {row["id"] for row in response.json()["results"]}
    mine = {obj.pk: level for level, (obj, _marker) in records.items()}
    shown = {mine[pk] for pk in listed if pk in mine}
    if shown != set(allowed):
        problems.append(f"{where} API list: shows {sorted(s.name for s in shown)}")
    for level, (_obj, marker) in records.items():
        if level not in allowed and marker in body:
            problems.append(f"{where} API list: names {level.name}")
    return problems


def _client_for(world: World, role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(world.users[role])  # an inactive account's session is refused
    return client


def surfaces_owners(target: MatrixTarget) -> set[str]:
    """The owners whose records of `target` are asked for through every surface: the SSC, the
    Panel, and one of the other owners in turn by the model's place in `TARGETS`."""
    others = [o for o in OWNERS if o not in ("ssc", "panel")]
    return {"ssc", "panel", others[TARGETS.index(target) % len(others)]}


def page_roles(target: MatrixTarget, owner: str) -> set[str]:
    """The roles that ask for `target`'s pages, API and lists of `owner`'s records: one role
    of each set of levels `expected_levels` gives, in turn by the model's place in `TARGETS`
    (so each role of a set asks for some models' pages). Every role asks the queryset and
    search, whose index keeps its own copy of the rule over the role's seats."""
    alike: dict[frozenset[Classification], list[str]] = {}
    for role in ROLES:
        alike.setdefault(frozenset(expected_levels(role, owner)), []).append(role)
    turn = TARGETS.index(target)
    return {roles[turn % len(roles)] for roles in alike.values()}


def matrix_problems(
    world: World,
    target: MatrixTarget,
    *,
    surfaces: bool = True,
    pages_for: set[str] | None = None,
) -> list[str]:
    """What each role reads of `target`'s records owned by `world.owner`, one at every level,
    against `expected_levels`: through the queryset and, with `surfaces`, search and (for the
    roles of `pages_for`, every role when None) the record's page, the API and every list
    page. Returns one line per difference (none: the policy holds for this body)."""
    owner = world.owner.code
    records = {}
    for level in Classification:
        marker = f"MARK-{target.name}-{level.name}-x"
        obj = target.make(world, level, marker)
        if level == Classification.RED:
            obj.red_distribution.add(world.users["red_recipient"])
        records[level] = (obj, marker)
    problems: list[str] = []
    for role in ROLES:
        allowed = expected_levels(role, owner)
        where = f"{owner} {target.name} {role}"

        # the queryset itself
        user = world.users.get(role) or AnonymousUser()
        visible = set(target.model.objects.visible_to(user).values_list("pk", flat=True))
        readable = {records[level][0].pk for level in allowed}
        if visible != readable:
            problems.append(f"{where}: visible_to gives {len(visible)} of {len(readable)}")
        if not surfaces:
            continue
        client = _client_for(world, role)  # signed in only to ask the surfaces
        problems.extend(search_problems(client, where, records, allowed))  # /search/
        if pages_for is not None and role not in pages_for:
            continue

        if target.detail_url is not None:
            for level, (obj, marker) in records.items():
                response = client.get(target.detail_url(obj))
                expected = 200 if level in allowed else 404
                if response.status_code != expected:
                    problems.append(f"{where} {level.name}: page {response.status_code}")
                elif expected == 404 and marker in response.content.decode():
                    problems.append(f"{where} {level.name}: 404 page names the record")

        problems.extend(_api_problems(client, where, target, records, allowed))

        for url in target.list_urls(world):
            response = client.get(url)
            if response.status_code != 200:
                problems.append(f"{where} {url}: {response.status_code}")
                continue
            html = response.content.decode()
            for level, (_obj, marker) in records.items():
                if (marker in html) != (level in allowed):
                    shown = "shows" if marker in html else "hides"
                    problems.append(f"{where} {url}: {shown} {level.name}")
            paginator = response.context.get("paginator") if response.context else None
            if paginator is not None and paginator.count != len(allowed):
                problems.append(f"{where} {url}: counts {paginator.count}, not {len(allowed)}")
            # the banner shows the highest level on the page
            top = Classification.high_water(allowed)
            if f'data-classification="{top.name}"' not in html:
                problems.append(f"{where} {url}: banner below {top.name}")
    return problems


@pytest.mark.django_db
@pytest.mark.parametrize("target", TARGETS, ids=lambda t: t.name)
@pytest.mark.parametrize("owner", OWNERS)
def test_each_role_sees_exactly_what_the_policy_allows(owner: str, target: MatrixTarget):
    surfaces = owner in surfaces_owners(target)
    problems = matrix_problems(
        build_world(owner=owner), target, surfaces=surfaces, pages_for=page_roles(target, owner)
    )
    assert problems == [], "\n".join(problems)


def _feed_targets() -> list[FeedTarget]:
    found: list[FeedTarget] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("secpanel."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.matrix")
        except ModuleNotFoundError:
            continue
        found.extend(getattr(module, "FEEDS", []))
    return found


FEED_TARGETS = _feed_targets()


def feed_problems(world: World, target: FeedTarget) -> list[str]:
    """Every feed of `target` for every role: the public feeds list exactly the White record
    (whoever asks), the private feed under a role's own key exactly what the role may read,
    and an inactive person's key answers 404."""
    from secpanel.feeds.models import FeedToken, key_digest
    from secpanel.testkit.feeds import feed_paths

    owner = world.owner.code
    records = {}
    for level in Classification:
        obj = target.make(world, level, f"MARK-{target.name}-{level.name}-x")
        if level == Classification.RED:
            obj.red_distribution.add(world.users["red_recipient"])
        records[level] = target.listed(obj)
    problems: list[str] = []

    def listed(client: Client, url: str, where: str) -> set[Classification] | None:
        response = client.get(url)
        if response.status_code != 200:
            problems.append(f"{where} {url}: {response.status_code}")
            return None
        paths = set(feed_paths(response.content, response["Content-Type"]))
        return {level for level, path in records.items() if path in paths}

    for role in ROLES:
        where = f"{owner} {target.name} {role}"
        client = _client_for(world, role)
        for url in target.public_urls(world):
            shown = listed(client, url, where)
            if shown is not None and shown != {Classification.WHITE}:
                problems.append(f"{where} {url}: shows {sorted(s.name for s in shown)}")
        if role == "anonymous":
            continue
        key = f"spf_matrix-{role}"
        FeedToken.objects.get_or_create(
            user=world.users[role], revoked_at=None, defaults={"digest": key_digest(key)}
        )
        url = target.private_url(key)
        if not world.users[role].is_active:
            status = Client().get(url).status_code
            if status != 404:
                problems.append(f"{where} {url}: an inactive person's key answers {status}")
            continue
        shown = listed(Client(), url, where)  # the key alone, no session
        allowed = expected_levels(role, owner)
        if shown is not None and shown != allowed:
            problems.append(f"{where} private: shows {sorted(s.name for s in shown)}")
    return problems


def test_every_feed_is_in_the_matrix():
    """Each feed (and each app's calendar events) has a target: a new calendar provider or
    feed must be added to `<app>/tests/matrix.py: FEEDS`."""
    names = {t.name for t in FEED_TARGETS}
    assert {n.split()[-1] for n in names if not n.startswith("calendar")} == {"atom"}
    assert {n for n in names if n.endswith("atom")} == {
        "papers atom",
        "decisions atom",
        "modifications atom",
    }
    providers = {
        c.name.removeprefix("secpanel.")
        for c in apps.get_app_configs()
        if c.name.startswith("secpanel.")
        and importlib.util.find_spec(f"{c.name}.calendar") is not None
        and hasattr(importlib.import_module(f"{c.name}.calendar"), "events")
    }
    covered = {t.model._meta.app_label for t in FEED_TARGETS if t.name.startswith("calendar")}
    assert providers - covered == set(), "calendar providers missing from the feed matrix"


@pytest.mark.django_db
@pytest.mark.parametrize("target", FEED_TARGETS, ids=lambda t: t.name)
@pytest.mark.parametrize("owner", OWNERS)
def test_each_role_reads_exactly_what_the_policy_allows_in_every_feed(
    owner: str, target: FeedTarget
):
    problems = feed_problems(build_world(owner=owner), target)
    assert problems == [], "\n".join(problems)


@pytest.mark.django_db
@pytest.mark.parametrize("owner", ["ssc", "ops-group"])
def test_a_rule_that_holds_only_for_the_ssc_fails_the_matrix(owner, monkeypatch):
    """The control: a policy under which a body's own members read its Amber and Red records
    only when the body is the SSC passes for SSC records, and fails for the Ops Group's."""
    from secpanel.core import policy

    # mypy reads a property on its class as the getter itself
    full_bodies = policy.AccessProfile.full_bodies.fget  # type: ignore[attr-defined]
    world = build_world(owner=owner)
    ssc = world.bodies.get("ssc")

    def ssc_only(profile: policy.AccessProfile) -> set[int]:
        return {b for b in full_bodies(profile) if ssc is not None and b == ssc.pk}

    monkeypatch.setattr(policy.AccessProfile, "full_bodies", property(ssc_only))
    highlight = next(t for t in TARGETS if t.name == "highlight")
    problems = matrix_problems(world, highlight)
    if owner == "ssc":
        assert problems == []
    else:
        assert any("owner_member RED: page 404" in p for p in problems), problems


def test_every_model_and_every_owner_meet_on_the_surfaces():
    """The sample of `surfaces_owners` covers: each model's surfaces are asked with three
    owners' records, and each owner's records on the surfaces of a third of the models or more."""
    per_owner = {owner: 0 for owner in OWNERS}
    for target in TARGETS:
        chosen = surfaces_owners(target)
        assert len(chosen) == 3 and chosen <= set(OWNERS), target.name
        for owner in chosen:
            per_owner[owner] += 1
    assert min(per_owner.values()) >= len(TARGETS) // 3, per_owner


@pytest.mark.parametrize("owner", OWNERS)
def test_every_role_asks_for_pages_of_some_models_and_every_set_of_levels_for_all(owner):
    """The sample of `page_roles`: for every model each set of levels a role may read is
    represented, and every role asks for the pages of some models."""
    asked: set[str] = set()
    for target in TARGETS:
        chosen = page_roles(target, owner)
        levels = {frozenset(expected_levels(role, owner)) for role in chosen}
        assert levels == {frozenset(expected_levels(role, owner)) for role in ROLES}
        asked |= chosen
    assert asked == set(ROLES)

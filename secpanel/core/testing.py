"""Test support shared by every app: a small world of bodies and people in every role, and the
visibility matrix each app plugs its models and pages into (see docs/testing.md).

The expected table below is written out by hand from the product brief, not derived from
`core.policy`: if the policy drifts from the brief, the matrix fails.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from secpanel.core.classification import Classification

W, G, A, R = Classification.WHITE, Classification.GREEN, Classification.AMBER, Classification.RED

# role -> the levels of a record owned by the SSC that the role may read
EXPECTED: dict[str, set[Classification]] = {
    "anonymous": {W},
    "party": {W, G},
    "administrator": {W, G},
    "auditor": {W, G},
    "owner_chair": {W, G, A, R},
    "owner_member": {W, G, A, R},
    "owner_alternate": {W, G, A, R},
    "owner_observer": {W, G, A},
    "owner_secretariat": {W, G, A, R},
    "former_owner_member": {W, G},
    "future_owner_member": {W, G},
    "other_body_member": {W, G},
    "other_body_secretariat": {W, G},
    "panel_member": {W, G, A},
    "panel_secretariat_only": {W, G},
    "red_recipient": {W, G, R},
    "inactive_owner_member": {W},
}
ROLES = sorted(EXPECTED)


@dataclass
class World:
    """Bodies and one account per matrix role. Records under test are owned by `owner`."""

    panel: Any
    owner: Any
    other: Any
    users: dict[str, Any] = field(default_factory=dict)


def build_world() -> World:
    from allauth.mfa.totp.internal.auth import TOTP

    from secpanel.accounts.models import Organisation, PartyCategory, User
    from secpanel.bodies.models import Body, Membership

    panel = Body.objects.create(
        code="panel",
        name="SEC Panel",
        short_name="Panel",
        kind="panel",
        display_order=1,
        paper_reference_prefix="SECP",
    )
    owner = Body.objects.create(
        code="ssc",
        name="Security Sub-Committee",
        short_name="SSC",
        kind="sub_committee",
        parent=panel,
        display_order=20,
    )
    other = Body.objects.create(
        code="tabasc",
        name="TABASC",
        short_name="TABASC",
        kind="sub_committee",
        parent=panel,
        display_order=40,
    )
    org = Organisation.objects.create(
        name="Test Supplier Ltd", party_category=PartyCategory.LARGE_SUPPLIER
    )
    world = World(panel=panel, owner=owner, other=other)
    today = datetime.date.today()
    year = datetime.timedelta(days=365)
    seats: dict[str, list[tuple[Any, str, datetime.date | None, datetime.date | None]]] = {
        "owner_chair": [(owner, "chair", None, None)],
        "owner_member": [(owner, "member", today - year, None)],
        "owner_alternate": [(owner, "alternate", None, today + year)],
        "owner_observer": [(owner, "observer", None, None)],
        "owner_secretariat": [(owner, "secretariat", None, None)],
        "former_owner_member": [(owner, "member", today - 2 * year, today - year)],
        "future_owner_member": [(owner, "member", today + year, None)],
        "other_body_member": [(other, "member", None, None)],
        "other_body_secretariat": [(other, "secretariat", None, None)],
        "panel_member": [(panel, "member", None, None)],
        "panel_secretariat_only": [(panel, "observer", None, None)],
        "inactive_owner_member": [(owner, "member", None, None)],
    }
    for role in ROLES:
        if role == "anonymous":
            continue
        user = User.objects.create_user(
            username=role,
            password="pw",
            email=f"{role}@example.org",
            organisation=org,
            is_staff=role == "administrator",
            is_superuser=role == "administrator",
            is_auditor=role == "auditor",
            is_active=role != "inactive_owner_member",
        )
        for body, seat, start, end in seats.get(role, []):
            Membership.objects.create(
                user=user, body=body, role=seat, start_date=start, end_date=end
            )
        if role in ("administrator", "owner_secretariat", "other_body_secretariat"):
            TOTP.activate(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
        world.users[role] = user
    return world


@dataclass(frozen=True)
class MatrixTarget:
    """One classified model and the pages that show it.

    `make(world, level, marker)` creates a record owned by `world.owner` at `level` whose
    pages contain the text `marker`. `list_urls(world)` are pages that list such records (each
    must not mention hidden ones); `detail_url(obj)` is the record's own page (404 if hidden).
    """

    name: str
    model: type
    make: Callable[[World, Classification, str], Any]
    detail_url: Callable[[Any], str] | None
    list_urls: Callable[[World], list[str]] = lambda world: []


def record_second_factor(client: Any, user: Any) -> None:
    """Mark `client`'s session as having passed the TOTP step, the way allauth does after a
    correct code (`allauth.mfa.base.internal.flows.post_authentication` records an "mfa"
    authentication in the session). Does nothing for an account without a TOTP authenticator.

    conftest.py calls it after every `Client.force_login`, so that a forced login in a test
    stands for a complete sign-in; tests of the second factor itself sign in through the real
    login form or `Client.login` (password only)."""
    from allauth.account.internal.flows.login import record_authentication
    from allauth.mfa.models import Authenticator
    from django.http import HttpRequest

    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is None:
        return
    request = HttpRequest()
    request.session = client.session
    record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)
    request.session.save()

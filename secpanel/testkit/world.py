"""A small world of bodies and one account per matrix role (`testkit.matrix.ROLES`).

`build_world()` is the `world` fixture of conftest.py: the Panel, the SSC (`owner`, whose
records the tests make) and TABASC (`other`). `build_world(owner=...)` makes another body of
`BODIES` the owner, for the visibility matrix.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

# code -> (name, short name, kind, parent code, display order, paper reference prefix)
BODIES: dict[str, tuple[str, str, str, str | None, int, str]] = {
    "panel": ("SEC Panel", "Panel", "panel", None, 1, "SECP"),
    "ops-group": ("Operations Group", "Ops Group", "sub_committee", "panel", 10, ""),
    "ssc": ("Security Sub-Committee", "SSC", "sub_committee", "panel", 20, ""),
    "tabasc": ("TABASC", "TABASC", "sub_committee", "panel", 40, ""),
    "tag": ("Testing Advisory Group", "TAG", "sub_committee", "panel", 50, ""),
    "tsirs": (
        "Technical Specification Issue Resolution Sub Group",
        "TSIRS",
        "sub_group",
        "tabasc",
        80,
        "",
    ),
}
ROLES_WITH_TOTP = ("administrator", "owner_secretariat", "other_body_secretariat")
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@dataclass
class World:
    """Bodies and one account per matrix role. Records under test are owned by `owner`."""

    panel: Any
    owner: Any
    other: Any
    users: dict[str, Any] = field(default_factory=dict)
    bodies: dict[str, Any] = field(default_factory=dict)


def _body(code: str, made: dict[str, Any]) -> Any:
    """The body `code` of `BODIES`, made (with its parents) on first use."""
    from secpanel.bodies.models import Body

    if code not in made:
        name, short_name, kind, parent, order, prefix = BODIES[code]
        made[code] = Body.objects.create(
            code=code,
            name=name,
            short_name=short_name,
            kind=kind,
            parent=_body(parent, made) if parent else None,
            display_order=order,
            paper_reference_prefix=prefix,
        )
    return made[code]


def build_world(owner: str = "ssc") -> World:
    """The Panel, the `owner` body (a code of `BODIES`) and another body (TABASC, or the SSC
    when TABASC is the owner), and one account per role; the seats are taken on the owner."""
    from allauth.mfa.totp.internal.auth import TOTP

    from secpanel.accounts.models import Organisation, PartyCategory, User
    from secpanel.bodies.models import Membership
    from secpanel.testkit.matrix import ROLES

    made: dict[str, Any] = {}
    panel = _body("panel", made)
    owner_body = _body(owner, made)
    other = _body("ssc" if owner == "tabasc" else "tabasc", made)
    org = Organisation.objects.create(
        name="Test Supplier Ltd", party_category=PartyCategory.LARGE_SUPPLIER
    )
    world = World(panel=panel, owner=owner_body, other=other, bodies=made)
    today = datetime.date.today()
    year = datetime.timedelta(days=365)
    seats: dict[str, list[tuple[Any, str, datetime.date | None, datetime.date | None]]] = {
        "owner_chair": [(owner_body, "chair", None, None)],
        "owner_member": [(owner_body, "member", today - year, None)],
        "owner_alternate": [(owner_body, "alternate", None, today + year)],
        "owner_observer": [(owner_body, "observer", None, None)],
        "owner_secretariat": [(owner_body, "secretariat", None, None)],
        "former_owner_member": [(owner_body, "member", today - 2 * year, today - year)],
        "future_owner_member": [(owner_body, "member", today + year, None)],
        "other_body_member": [(other, "member", None, None)],
        "other_body_secretariat": [(other, "secretariat", None, None)],
        "panel_member": [(panel, "member", None, None)],
        "panel_secretariat_only": [(panel, "observer", None, None)],
        "inactive_owner_member": [(owner_body, "member", None, None)],
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
        if role in ROLES_WITH_TOTP:
            TOTP.activate(user, TOTP_SECRET)
        world.users[role] = user
    return world

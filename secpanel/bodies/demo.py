"""The SEC's bodies and who sits on them (people are fictional; the structure is real)."""

from __future__ import annotations

from secpanel.bodies.models import Body, BodyKind, Membership
from secpanel.core.demo import DemoContext, d

# key, code, name, short name, kind, parent key, order, paper prefix
BODIES = [
    ("panel", "panel", "SEC Panel", "Panel", BodyKind.PANEL, None, 1, "SECP"),
    (
        "ops",
        "ops-group",
        "Operations Group",
        "Ops Group",
        BodyKind.SUB_COMMITTEE,
        "panel",
        10,
        "OPSG",
    ),
    ("ssc", "ssc", "Security Sub-Committee", "SSC", BodyKind.SUB_COMMITTEE, "panel", 20, "SSC"),
    (
        "pma",
        "smki-pma",
        "SMKI Policy Management Authority",
        "SMKI PMA",
        BodyKind.SUB_COMMITTEE,
        "panel",
        30,
        "SMKI_PMA",
    ),
    (
        "tabasc",
        "tabasc",
        "Technical Architecture and Business Architecture Sub-Committee",
        "TABASC",
        BodyKind.SUB_COMMITTEE,
        "panel",
        40,
        "TABASC",
    ),
    ("tag", "tag", "Testing Advisory Group", "TAG", BodyKind.SUB_COMMITTEE, "panel", 50, "TAG"),
    (
        "cb",
        "change-board",
        "Change Board",
        "Change Board",
        BodyKind.SUB_COMMITTEE,
        "panel",
        60,
        "CB",
    ),
    (
        "csc",
        "change-sub-committee",
        "Change Sub-Committee",
        "CSC",
        BodyKind.SUB_COMMITTEE,
        "panel",
        70,
        "CSC",
    ),
    (
        "tsirs",
        "tsirs",
        "Technical Specification Issue Resolution Sub Group",
        "TSIRS",
        BodyKind.SUB_GROUP,
        "tabasc",
        80,
        "",
    ),
    (
        "dq",
        "data-quality",
        "SECAS Data Quality Sub Group",
        "Data Quality Sub Group",
        BodyKind.SUB_GROUP,
        "ops",
        90,
        "",
    ),
    (
        "wg24",
        "secmp0024-wg",
        "SECMP0024 Working Group",
        "SECMP0024 WG",
        BodyKind.WORKING_GROUP,
        "csc",
        95,
        "",
    ),
]

DESCRIPTIONS = {
    "panel": "The SEC Panel oversees the Smart Energy Code and delegates work to its "
    "sub-committees.",
    "ops": "Oversees the DCC's operational performance, incidents and forecasting.",
    "ssc": "Sets User security assurance and reviews User Security Assessments.",
    "pma": "Governs the Smart Metering Key Infrastructure policy and recovery.",
    "tabasc": "Keeps the business and technical architecture of smart metering under review.",
    "tag": "Advises on testing of DCC releases and programmes.",
}

# person key -> [(body key, role)]
SEATS = {
    "ssc_chair": [("ssc", "chair")],
    "ssc_member": [("ssc", "member")],
    "ops_member": [("ops", "member"), ("dq", "member")],
    "tabasc_member": [("tabasc", "chair"), ("tsirs", "member")],
    "tag_member": [("tag", "member")],
    "pma_member": [("pma", "member")],
    "panel_member": [("panel", "member")],
    "panel_chair": [("panel", "chair")],
    "secas": [(b[0], "secretariat") for b in BODIES],
    "secas_ops": [("ops", "secretariat")],
}


def load(ctx: DemoContext) -> None:
    for key, code, name, short, kind, parent, order, prefix in BODIES:
        ctx.bodies[key] = Body.objects.create(
            code=code,
            name=name,
            short_name=short,
            kind=kind,
            parent=ctx.bodies[parent] if parent else None,
            display_order=order,
            paper_reference_prefix=prefix,
            description=DESCRIPTIONS.get(key, ""),
        )
    for person, seats in SEATS.items():
        for body, role in seats:
            Membership.objects.create(
                user=ctx.users[person], body=ctx.bodies[body], role=role, start_date=d(2018, 1, 1)
            )

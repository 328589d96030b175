"""Demo organisations and accounts: one login for each role (see README)."""

from __future__ import annotations

from allauth.mfa.totp.internal.auth import TOTP

from secpanel.accounts.models import Organisation, PartyCategory, User
from secpanel.core.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, DemoContext

ORGANISATIONS = [
    ("secas", "SECAS (Code Administrator and Secretariat)", "SECAS", PartyCategory.NON_PARTY),
    ("dcc", "Data Communications Company", "DCC", PartyCategory.DCC),
    ("northwind", "Northwind Energy Supply Ltd", "Northwind", PartyCategory.LARGE_SUPPLIER),
    ("harbour", "Harbour Power Ltd", "Harbour", PartyCategory.SMALL_SUPPLIER),
    ("fenland", "Fenland Networks plc", "Fenland", PartyCategory.ELECTRICITY_NETWORK),
    ("ridgeway", "Ridgeway Gas Distribution Ltd", "Ridgeway", PartyCategory.GAS_NETWORK),
    ("meterworks", "Meterworks Services Ltd", "Meterworks", PartyCategory.OTHER),
]

# key, username, first, last, organisation, title, staff, auditor, needs TOTP
PEOPLE = [
    ("party", "party", "Priya", "Shah", "harbour", "Regulation Manager", False, False, False),
    ("ssc_chair", "ssc.chair", "Gordon", "Hale", "meterworks", "SSC Chair", False, False, False),
    (
        "ssc_member",
        "ssc.member",
        "Amelia",
        "Okafor",
        "northwind",
        "Security Lead",
        False,
        False,
        False,
    ),
    (
        "ops_member",
        "ops.member",
        "Tom",
        "Bradley",
        "fenland",
        "Operations Manager",
        False,
        False,
        False,
    ),
    (
        "tabasc_member",
        "tabasc.member",
        "Nadia",
        "Kowalski",
        "ridgeway",
        "Architect",
        False,
        False,
        False,
    ),
    ("tag_member", "tag.member", "Owen", "Price", "northwind", "Test Manager", False, False, False),
    (
        "pma_member",
        "pma.member",
        "Hannah",
        "Li",
        "meterworks",
        "PKI Specialist",
        False,
        False,
        False,
    ),
    (
        "panel_member",
        "panel.member",
        "Margaret",
        "Ellis",
        "northwind",
        "Panel Member",
        False,
        False,
        False,
    ),
    ("panel_chair", "panel.chair", "David", "Osei", None, "Panel Chair", False, False, False),
    (
        "distributee",
        "red.recipient",
        "Laura",
        "Finch",
        "fenland",
        "Named RED recipient",
        False,
        False,
        False,
    ),
    ("secas", "secas", "Rebecca", "Jones", "secas", "SECAS Team", False, False, True),
    ("secas_ops", "secas.ops", "Sam", "Turner", "secas", "SECAS Team", False, False, True),
    ("admin", "admin", "Alex", "Morgan", "secas", "Administrator", True, False, True),
    ("auditor", "auditor", "Chris", "Webb", None, "Internal Auditor", False, True, False),
]


def load(ctx: DemoContext) -> None:
    for key, name, short, category in ORGANISATIONS:
        ctx.organisations[key] = Organisation.objects.create(
            name=name, short_name=short, party_category=category
        )
    for key, username, first, last, org, title, staff, auditor, totp in PEOPLE:
        user = User.objects.create_user(
            username=username,
            email=f"{username}@example.org",
            password=DEMO_PASSWORD,
            first_name=first,
            last_name=last,
            organisation=ctx.organisations.get(org) if org else None,
            job_title=title,
            is_staff=staff,
            is_superuser=staff,
            is_auditor=auditor,
        )
        if totp:
            TOTP.activate(user, DEMO_TOTP_SECRET)
        ctx.users[key] = user

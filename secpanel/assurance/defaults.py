"""The register's default configuration (the data migration 0002 seeds the same rows).

`ensure_defaults()` puts them back when the tables are empty (a flushed database: the demo
loader and transactional tests call it); it never touches configured rows.
"""

from __future__ import annotations

from secpanel.assurance.models import ComplianceStatusOption, ScheduleRule

SUPPLIERS = ["large_supplier", "small_supplier"]
SOURCE = "SCF Part 1 §4.3 (v1.16, SECMP0059) as inferred in domain.md §3.5"

# cycle_year, party categories, size test, assessment type, position
RULES = [
    (1, [], "any", "full", 10),
    (2, [], "any", "verification", 10),
    (3, SUPPLIERS, "above", "verification", 10),
    (3, [], "any", "self_assessment", 20),
]

# code, label, the SSC notifies the Panel, position
STATUSES = [
    ("compliant", "Compliant", False, 10),
    ("potentially-non-compliant", "Potentially non-compliant", True, 20),
    ("non-compliant", "Non-compliant", True, 30),
]


def ensure_defaults() -> None:
    """Seed the schedule rules and the Compliance Status list if either table is empty."""
    if not ScheduleRule.objects.exists():
        for year, categories, size, kind, position in RULES:
            ScheduleRule.objects.create(
                cycle_year=year,
                party_categories=categories,
                size_test=size,
                assessment_type=kind,
                position=position,
                source=SOURCE,
            )
    if not ComplianceStatusOption.objects.exists():
        for code, label, notifies, position in STATUSES:
            ComplianceStatusOption.objects.create(
                code=code, label=label, notifies_panel=notifies, position=position
            )

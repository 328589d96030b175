"""Seed the configurable data: the Compliance Status list and the assessment schedule rules.

Schedule (domain.md §3.5; SCF Part 1 §4.3 as inferred, to be confirmed): three-year cycle, a
Full assessment in year 1, a Verification assessment in year 2 (Other Users too since
SECMP0059), and in year 3 a Verification assessment for Supplier Parties above 250,000 domestic
/ 50,000 non-domestic premises (weighted for mixed portfolios), a Self-Assessment for everyone
else; each due within 12 months of the previous fieldwork end.
"""

from django.db import migrations

SUPPLIERS = ["large_supplier", "small_supplier"]
SOURCE = "SCF Part 1 §4.3 (v1.16, SECMP0059) as inferred in domain.md §3.5"

RULES = [
    # cycle_year, categories, size test, type, position
    (1, [], "any", "full", 10),
    (2, [], "any", "verification", 10),
    (3, SUPPLIERS, "above", "verification", 10),
    (3, [], "any", "self_assessment", 20),
]

STATUSES = [
    ("compliant", "Compliant", False, 10),
    ("potentially-non-compliant", "Potentially non-compliant", True, 20),
    ("non-compliant", "Non-compliant", True, 30),
]


def seed(apps, schema_editor):
    ScheduleRule = apps.get_model("assurance", "ScheduleRule")
    ComplianceStatusOption = apps.get_model("assurance", "ComplianceStatusOption")
    for year, categories, size, kind, position in RULES:
        ScheduleRule.objects.create(
            cycle_year=year,
            party_categories=categories,
            size_test=size,
            domestic_threshold=250_000,
            non_domestic_threshold=50_000,
            assessment_type=kind,
            due_months=12,
            position=position,
            source=SOURCE,
        )
    for code, label, notifies, position in STATUSES:
        ComplianceStatusOption.objects.create(
            code=code, label=label, notifies_panel=notifies, position=position
        )


def unseed(apps, schema_editor):
    apps.get_model("assurance", "ScheduleRule").objects.all().delete()
    apps.get_model("assurance", "ComplianceStatusOption").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("assurance", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]

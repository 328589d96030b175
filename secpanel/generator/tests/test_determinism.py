"""The same seed writes the same history: two runs, each into the demo as loaded (each rolled
back), compared record by record through the export's natural keys. And the calendar the
history follows."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction

from secpanel.accounts.models import User
from secpanel.core.redreads import red_read_log
from secpanel.exchange.selectors import export_for
from secpanel.generator import Options, generate
from secpanel.generator import calendar as cal

pytestmark = pytest.mark.django_db

# A fixed month (the first after the seed): the history does not depend on the day it is run.
OPTIONS = Options(start=datetime.date(2019, 6, 1), until=datetime.date(2019, 6, 30), seed=11)
#: Rendered files embed the time they were made; everything else must be equal.
VOLATILE = {"reports.issuedfile": {"sha256", "issued_at"}}


def _records() -> list[tuple[str, str, dict]]:
    with red_read_log("test"):
        rows = export_for(User.objects.get(username="secas")).records()
    found = []
    for row in rows:
        fields = {k: v for k, v in row["fields"].items() if k not in VOLATILE.get(row["model"], ())}
        found.append((row["model"], repr(row["key"]), fields))
    return found


def _run_and_roll_back() -> tuple[dict[str, int], list[tuple[str, str, dict]]]:
    with transaction.atomic():
        result = generate(OPTIONS, progress=False)
        records = _records()
        transaction.set_rollback(True)
    return result.created, records


def test_the_same_seed_writes_the_same_history(demo_data):
    first_counts, first = _run_and_roll_back()
    second_counts, second = _run_and_roll_back()
    assert first_counts == second_counts
    assert sum(first_counts.values()) > 100
    assert [(m, k) for m, k, _ in first] == [(m, k) for m, k, _ in second]
    assert first == second


def test_the_calendar_follows_the_seed_months_pattern():
    # the seed: Panel 68 on Friday 10 May 2019, so 69 in June 2019 and 158 in November 2026
    assert cal.panel_number(datetime.date(2019, 6, 1)) == 69
    assert cal.panel_number(datetime.date(2026, 11, 1)) == 158
    november = {s.body: s.day for s in cal.slots_in(datetime.date(2026, 11, 1))}
    assert november["panel"] == datetime.date(2026, 11, 13)  # second Friday
    assert november["ops-group"] == datetime.date(2026, 11, 3)  # first Tuesday
    assert [s.day for s in cal.slots_in(datetime.date(2026, 11, 1)) if s.body == "ssc"] == [
        datetime.date(2026, 11, 11),
        datetime.date(2026, 11, 25),
    ]
    assert "smki-pma" not in {s.body for s in cal.slots_in(datetime.date(2026, 8, 1))}
    # a bank holiday moves a meeting to the next working day
    holiday = frozenset({datetime.date(2026, 11, 3)})
    moved = {s.body: s.day for s in cal.slots_in(datetime.date(2026, 11, 1), holiday)}
    assert moved["ops-group"] == datetime.date(2026, 11, 4)
    assert cal.release_name(cal.first_release_after(datetime.date(2026, 11, 27))) == (
        "June 2027 SEC Release"
    )

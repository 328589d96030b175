"""`secpanel import`: checked first, loaded through the services, all or nothing, idempotent."""

from __future__ import annotations

import copy
import io
import json
import re

import pytest
from django.core.management import CommandError, call_command

from secpanel.accounts.models import User
from secpanel.bodies.models import Membership
from secpanel.core.classification import Classification
from secpanel.core.models import AuditEvent
from secpanel.meetings.models import Decision, Highlight, Meeting
from secpanel.modifications.models import Modification, ModificationAdvice

pytestmark = pytest.mark.django_db

MEETING = {"body": "ssc", "date": "2019-05-08"}


def _rows():
    return [
        {
            "model": "meetings.meeting",
            "fields": {
                "body": "ssc",
                "number": 41,
                "starts_at": "2019-05-08T09:00:00+00:00",
                "ends_at": None,
                "location": "London",
                "online": False,
                "status": "held",
            },
        },
        {
            "model": "modifications.modification",
            "fields": {
                "classification": "AMBER",
                "owning_body": "ssc",
                "red_distribution": [],
                "reference": "SECMP0101",
                "title": "A test modification",
                "stage": "development",
                "impacted": ["all"],
            },
        },
        {
            "model": "modifications.modificationadvice",
            "fields": {
                "classification": "WHITE",
                "owning_body": "ssc",
                "red_distribution": [],
                "modification": "SECMP0101",
                "kind": "support",
                "date": "2019-05-08",
                "meeting": MEETING,
            },
        },
        {
            "model": "meetings.decision",
            "fields": {
                "classification": "RED",
                "owning_body": "ssc",
                "red_distribution": ["panel_member"],
                "meeting": MEETING,
                "date": "2019-05-08",
                "verb": "agreed",
                "text": "Agreed the test plan.",
            },
        },
        {
            "model": "meetings.highlight",
            "fields": {
                "classification": "WHITE",
                "owning_body": "ssc",
                "red_distribution": [],
                "period": "2019-05-01",
                "heading": "Testing",
                "text": "The SSC agreed a plan.",
                "meeting": MEETING,
            },
        },
    ]


def _write(tmp_path, rows, name="records.json"):
    path = tmp_path / name
    doc = {"format": "secpanel-exchange", "version": 1, "records": rows}
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def _import(path, *args, user="owner_secretariat"):
    out, err = io.StringIO(), io.StringIO()
    call_command("import", str(path), "--as", user, "--quiet", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _failing(path, *args, user="owner_secretariat"):
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import", str(path), "--as", user, "--quiet", *args, stderr=err)
    return err.getvalue()


def _counts():
    return {
        "meetings": Meeting.objects.count(),
        "modifications": Modification.objects.unrestricted().count(),
        "advice": ModificationAdvice.objects.unrestricted().count(),
        "decisions": Decision.objects.unrestricted().count(),
        "highlights": Highlight.objects.unrestricted().count(),
        "events": AuditEvent.objects.count(),
        "history": Modification.history.count() + Decision.history.count(),
        "users": User.objects.count(),
        "memberships": Membership.objects.count(),
    }


def test_a_file_is_loaded_through_the_services_with_history_and_audit_naming_the_import(
    world, tmp_path
):
    out, _ = _import(_write(tmp_path, _rows()))
    assert "Created 5, 0 unchanged" in out
    import_id = re.search(r"\(import ([0-9a-f-]{36})\)", out).group(1)
    reason = f"Imported from records.json (import {import_id})"

    modification = Modification.objects.unrestricted().get(reference="SECMP0101")
    assert modification.owning_body == world.owner
    assert modification.classification == Classification.AMBER
    assert modification.stage == "development"
    decision = Decision.objects.unrestricted().get(text="Agreed the test plan.")
    assert decision.classification == Classification.RED
    assert list(decision.red_distribution.all()) == [world.users["panel_member"]]
    assert decision.meeting.date.isoformat() == "2019-05-08"
    advice = ModificationAdvice.objects.unrestricted().get()
    assert advice.modification == modification
    assert advice.meeting == decision.meeting

    secretariat = world.users["owner_secretariat"]
    history = modification.history.get()
    assert (history.history_change_reason, history.history_user) == (reason, secretariat)
    assert decision.history.get().history_change_reason == reason
    events = AuditEvent.objects.filter(reason=reason)
    assert {e.kind for e in events} == {
        "meetings.meeting_created",
        "modifications.modification_created",
        "modifications.modificationadvice_created",
        "meetings.decision_created",
        "meetings.highlight_created",
    }
    assert {e.actor for e in events} == {secretariat}


def test_a_second_import_of_the_same_file_changes_nothing(world, tmp_path):
    path = _write(tmp_path, _rows())
    _import(path)
    before = _counts()
    out, _ = _import(path)
    assert "Created 0, 5 unchanged" in out
    assert _counts() == before


def test_a_dry_run_reports_and_writes_nothing(world, tmp_path):
    before = _counts()
    out, _ = _import(_write(tmp_path, _rows()), "--dry-run")
    assert "Would create 5, 0 unchanged" in out
    assert "nothing was written" in out
    assert _counts() == before


def _broken(index, field, value):
    rows = copy.deepcopy(_rows())
    rows[index]["fields"][field] = value
    return rows


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (
            _broken(1, "classification", "PURPLE"),
            "row 2 (modifications.modification SECMP0101): classification: 'PURPLE' is not a "
            "level: use one of WHITE, GREEN, AMBER, RED.",
        ),
        (
            _broken(3, "date", "31/02/2019"),
            "row 4 (meetings.decision ssc 31/02/2019 agreed Agreed the test plan.): date: "
            "'31/02/2019' is not a date (2019-05-10).",
        ),
        (
            _broken(0, "starts_at", "next Tuesday"),
            "row 1 (meetings.meeting): starts_at: 'next Tuesday' is not a date and time",
        ),
        (
            _broken(2, "modification", "SECMP9999"),
            "row 3 (modifications.modificationadvice ssc SECMP9999 support 2019-05-08): "
            "modification: no modification SECMP9999 here or earlier in the file.",
        ),
        (
            _broken(4, "position", "first"),
            "row 5 (meetings.highlight ssc 2019-05-01 Testing): position: "
            "“first” value must be an integer.",
        ),
    ],
    ids=["bad-level", "decision-date", "meeting-date", "missing-modification", "bad-number"],
)
def test_one_bad_row_imports_nothing_and_names_its_row_and_field(world, tmp_path, rows, expected):
    before = _counts()
    err = _failing(_write(tmp_path, rows))
    assert expected in err
    assert _counts() == before


def test_every_bad_row_is_reported_not_only_the_first(world, tmp_path):
    rows = _broken(1, "classification", "PURPLE")
    rows[4]["fields"]["period"] = "May"
    err = _failing(_write(tmp_path, rows))
    assert "row 2 (modifications.modification SECMP0101): classification:" in err
    assert "row 5 (meetings.highlight ssc May Testing): period: 'May' is not a date" in err
    # the advice names the modification of the bad row: it says so rather than "missing"
    assert "row 3 (modifications.modificationadvice ssc SECMP0101 support 2019-05-08): " in err
    assert "modification: names modifications.modification SECMP0101 of row 2" in err


def test_a_model_rule_broken_in_the_services_rolls_everything_back(world, tmp_path):
    """What only the model's `clean` knows (advice of kind "other" needs its text) is found
    in the load, through the services; the rows before it are rolled back."""
    rows = _broken(2, "kind", "other")
    before = _counts()
    err = _failing(_write(tmp_path, rows))
    assert "row 3 (modifications.modificationadvice ssc SECMP0101 other 2019-05-08): text: " in err
    assert "Say what the advice was." in err
    assert _counts() == before


def test_records_of_a_body_the_account_does_not_run_fail_naming_each_row(world, tmp_path):
    before = _counts()
    err = _failing(_write(tmp_path, _rows()), user="other_body_secretariat")
    for number in range(1, 6):
        assert f"row {number} (" in err
    assert "owning_body: other_body_secretariat is not secretariat of ssc." in err
    assert "row 1 (meetings.meeting ssc 2019-05-08): body: other_body_secretariat" in err
    assert _counts() == before


def test_a_reference_another_body_holds_is_not_available(world, tmp_path):
    Modification.objects.create(reference="SECMP0101", title="TABASC's", owning_body=world.other)
    err = _failing(_write(tmp_path, _rows()))
    assert (
        "row 2 (modifications.modification SECMP0101): reference: That reference is not "
        "available: choose another." in err
    )


def test_a_row_may_only_name_rows_before_it(world, tmp_path):
    rows = _rows()
    rows[1], rows[2] = rows[2], rows[1]
    err = _failing(_write(tmp_path, rows))
    assert "modification: names modifications.modification SECMP0101 of row 3, which comes " in err


def test_the_directory_is_created_by_the_command_without_an_actor(world, tmp_path):
    rows = [
        {
            "model": "accounts.organisation",
            "fields": {"name": "Imported Ltd", "short_name": "", "party_category": "dcc"},
        },
        {
            "model": "accounts.user",
            "fields": {
                "username": "new.person",
                "first_name": "New",
                "last_name": "Person",
                "email": "new@example.org",
                "organisation": "Imported Ltd",
                "job_title": "",
            },
        },
        {
            "model": "bodies.membership",
            "fields": {
                "user": "new.person",
                "body": "ssc",
                "role": "secretariat",
                "start_date": "2018-01-01",
                "end_date": None,
            },
        },
        # the new secretariat records a meeting of the SSC in the same file
        _rows()[0],
    ]
    out, _ = _import(_write(tmp_path, rows, "people.json"), user="new.person")
    assert "Created 4, 0 unchanged" in out
    person = User.objects.get(username="new.person")
    assert not person.has_usable_password()
    assert person.organisation.name == "Imported Ltd"
    seat = AuditEvent.objects.get(kind="bodies.membership_added")
    assert seat.actor is None and seat.reason.startswith("Imported from people.json (import ")
    assert AuditEvent.objects.get(kind="accounts.user_created").actor is None
    assert AuditEvent.objects.get(kind="meetings.meeting_created").actor == person


def test_a_file_that_is_not_an_exchange_file_is_refused(world, tmp_path):
    path = tmp_path / "x.json"
    path.write_text('{"records": []}', encoding="utf-8")
    with pytest.raises(CommandError, match="Not a secpanel exchange file"):
        call_command("import", str(path), "--as", "owner_secretariat")
    path.write_text("not json", encoding="utf-8")
    with pytest.raises(CommandError, match="is not JSON"):
        call_command("import", str(path), "--as", "owner_secretariat")

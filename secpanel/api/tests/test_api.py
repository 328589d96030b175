"""The API as its users meet it: tokens, reads through `visible_to`, writes through the pages'
forms and services, the refusals (400 per field, 403, 404, 409), limits and the reference."""

from __future__ import annotations

import datetime
import json
import re

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone

from secpanel.api import services
from secpanel.api.models import ApiToken, TokenScope
from secpanel.core.classification import Classification
from secpanel.core.models import AuditEvent
from secpanel.core.services import classified_create
from secpanel.meetings.models import Highlight

pytestmark = pytest.mark.django_db


def _highlight(world, level, heading="Heading", actor=None):
    return classified_create(
        actor=actor or world.users["owner_secretariat"],
        instance=Highlight(
            owning_body=world.owner,
            heading=heading,
            text="Text",
            period=datetime.date(2026, 10, 1),
            position=10,
            classification=level,
        ),
        reason="test",
    )


def _key(user, scope=TokenScope.READ, days=30):
    return services.token_create(actor=user, user=user, name="t", scope=scope, days=days)[1]


def _api(key=None):
    c = Client()
    if key:
        c.defaults["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    return c


def _post(client, url, body, method="post"):
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


def test_a_token_reads_as_its_user_and_never_more(world):
    hidden = _highlight(world, Classification.AMBER, "SECRET-AMBER")
    shown = _highlight(world, Classification.GREEN, "ROUTINE-GREEN")
    party = _api(_key(world.users["party"]))
    listing = party.get("/api/v1/highlights/")
    assert listing.status_code == 200
    ids = [row["id"] for row in listing.json()["results"]]
    assert ids == [shown.pk] and "SECRET-AMBER" not in listing.content.decode()
    assert party.get(f"/api/v1/highlights/{hidden.pk}/").status_code == 404
    assert party.get("/api/v1/highlights/999999/").status_code == 404
    member = _api(_key(world.users["owner_member"]))
    row = member.get(f"/api/v1/highlights/{hidden.pk}/").json()
    assert row["classification"] == "AMBER" and row["owning_body"] == world.owner.code
    assert "red_distribution" not in row


def test_a_reference_to_a_record_the_reader_may_not_read_is_null(world):
    from secpanel.meetings.models import Action, AgendaItem, Meeting

    meeting = Meeting.objects.create(body=world.owner, starts_at=timezone.now(), location="L")
    sec = world.users["owner_secretariat"]
    item = classified_create(
        actor=sec,
        instance=AgendaItem(
            owning_body=world.owner,
            meeting=meeting,
            number=3,
            title="Hidden item",
            classification=Classification.AMBER,
        ),
    )
    action = classified_create(
        actor=sec,
        instance=Action(
            owning_body=world.owner,
            meeting=meeting,
            agenda_item=item,
            reference="SSC01/01",
            text="Do it",
            due_date=datetime.date(2026, 12, 1),
            raised_on=datetime.date(2026, 11, 1),
            owner_person=world.users["owner_member"],
            classification=Classification.GREEN,
        ),
    )
    as_party = _api(_key(world.users["party"])).get(f"/api/v1/actions/{action.pk}/").json()
    as_member = _api(_key(world.users["owner_member"])).get(f"/api/v1/actions/{action.pk}/")
    assert as_party["agenda_item"] is None and as_party["meeting"] == meeting.pk
    assert as_member.json()["agenda_item"] == item.pk


def test_a_bad_revoked_or_expired_key_is_401_and_a_read_only_key_cannot_write(world):
    user = world.users["owner_secretariat"]
    assert _api("sp_not-a-key").get("/api/v1/highlights/").status_code == 401
    key = _key(user)
    token = ApiToken.objects.get(user=user)
    body = {
        "owning_body": world.owner.pk,
        "heading": "H",
        "text": "T",
        "period": "2026-10-01",
        "position": 1,
        "classification": "GREEN",
        "reason": "r",
    }
    refused = _post(_api(key), "/api/v1/highlights/", body)
    assert refused.status_code == 403 and "read-only" in refused.json()["detail"]
    assert Highlight.objects.unrestricted().count() == 0
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())
    assert _api(key).get("/api/v1/highlights/").status_code == 401
    key2 = _key(user)
    services.token_revoke(actor=user, token=ApiToken.objects.get(prefix=key2[:9]))
    assert _api(key2).get("/api/v1/highlights/").status_code == 401


def test_a_write_goes_through_the_pages_form_and_service(world):
    sec = world.users["owner_secretariat"]
    client = _api(_key(sec, TokenScope.WRITE))
    body = {
        "owning_body": world.owner.pk,
        "heading": "SMETS1 Update",
        "text": "Text",
        "period": "2026-10-01",
        "position": 10,
        "classification": "AMBER",
        "reason": "From the minutes",
    }
    made = _post(client, "/api/v1/highlights/", body)
    assert made.status_code == 201, made.content
    row = made.json()
    h = Highlight.objects.unrestricted().get(pk=row["id"])
    assert h.classification == Classification.AMBER and row["classification"] == "AMBER"
    assert h.history.get().history_change_reason == "From the minutes"
    assert h.history.get().history_user == sec
    assert AuditEvent.objects.filter(kind="meetings.highlight_created", actor=sec).exists()

    # PATCH: only what is sent changes; the reason is kept in history; the version read
    # must be named
    blind = _post(
        client,
        f"/api/v1/highlights/{h.pk}/",
        {"heading": "SMETS1 update (revised)", "reason": "Typo"},
        method="patch",
    )
    assert blind.status_code == 400 and "seen_version" in blind.json()["errors"]
    changed = _post(
        client,
        f"/api/v1/highlights/{h.pk}/",
        {"heading": "SMETS1 update (revised)", "reason": "Typo", "seen_version": row["version"]},
        method="patch",
    )
    assert changed.status_code == 200, changed.content
    h.refresh_from_db()
    assert h.heading == "SMETS1 update (revised)" and h.text == "Text"
    assert h.history.first().history_change_reason == "Typo"


def test_bad_input_is_400_with_each_fields_message_and_nothing_saved(world):
    client = _api(_key(world.users["owner_secretariat"], TokenScope.WRITE))
    bad = _post(
        client,
        "/api/v1/highlights/",
        {
            "owning_body": world.owner.pk,
            "heading": "",
            "text": "T",
            "period": "not a date",
            "classification": "PURPLE",
        },
    )
    assert bad.status_code == 400
    errors = bad.json()["errors"]
    assert {"heading", "period", "classification"} <= set(errors)
    assert "Enter a valid date." in errors["period"]
    assert Highlight.objects.unrestricted().count() == 0
    assert (
        client.post("/api/v1/highlights/", "[1,", content_type="application/json").status_code
        == 400
    )
    assert _post(client, "/api/v1/highlights/", [1, 2]).status_code == 400


def test_who_may_not_write_gets_403_and_a_hidden_record_404(world):
    amber = _highlight(world, Classification.AMBER)
    member = _api(_key(world.users["owner_member"], TokenScope.WRITE))
    assert (
        _post(
            member,
            f"/api/v1/highlights/{amber.pk}/",
            {"heading": "x", "reason": "r"},
            method="patch",
        ).status_code
        == 403
    )
    other_sec = _api(_key(world.users["other_body_secretariat"], TokenScope.WRITE))
    assert (
        _post(
            other_sec,
            f"/api/v1/highlights/{amber.pk}/",
            {"heading": "x", "reason": "r"},
            method="patch",
        ).status_code
        == 404
    )
    amber.refresh_from_db()
    assert amber.heading == "Heading"


def test_saving_over_a_newer_version_is_409_and_names_who_saved(world):
    h = _highlight(world, Classification.GREEN)
    sec = world.users["owner_secretariat"]
    client = _api(_key(sec, TokenScope.WRITE))
    seen = client.get(f"/api/v1/highlights/{h.pk}/").json()["version"]
    first = _post(
        client,
        f"/api/v1/highlights/{h.pk}/",
        {"text": "Mine", "reason": "a", "seen_version": seen},
        method="patch",
    )
    assert first.status_code == 200, first.content
    second = _post(
        client,
        f"/api/v1/highlights/{h.pk}/",
        {"text": "Theirs", "reason": "b", "seen_version": seen},
        method="patch",
    )
    assert second.status_code == 409
    assert "after you opened it" in second.json()["detail"]
    h.refresh_from_db()
    assert h.text == "Mine"


def test_a_transition_goes_through_the_service(world):
    from secpanel.meetings.models import Action, ActionStatus, Meeting

    meeting = Meeting.objects.create(body=world.owner, starts_at=timezone.now(), location="L")
    sec = world.users["owner_secretariat"]
    action = classified_create(
        actor=sec,
        instance=Action(
            owning_body=world.owner,
            meeting=meeting,
            reference="SSC01/02",
            text="Do it",
            due_date=datetime.date(2026, 12, 1),
            raised_on=datetime.date(2026, 11, 1),
            owner_person=world.users["owner_member"],
            classification=Classification.GREEN,
        ),
    )
    client = _api(_key(sec, TokenScope.WRITE))
    unknown = _post(client, f"/api/v1/actions/{action.pk}/transitions/fly/", {"reason": "r"})
    assert unknown.status_code == 400
    done = _post(client, f"/api/v1/actions/{action.pk}/transitions/close/", {"reason": "Done"})
    assert done.status_code == 200, done.content
    assert done.json()["status"] == ActionStatus.CLOSED
    assert AuditEvent.objects.filter(kind__endswith="_close", actor=sec).exists()


def test_red_reads_through_the_api_are_logged(world):
    red = _highlight(world, Classification.RED, "RED-ONE")
    reader = world.users["owner_member"]
    response = _api(_key(reader)).get(f"/api/v1/highlights/{red.pk}/")
    assert response.status_code == 200
    assert AuditEvent.objects.filter(kind="classification.red_read", actor=reader).count() == 1


def test_rate_limits_answer_429(world):
    client = _api()
    with override_settings(SECPANEL_API_RATES={"anon": "3/minute", "user": "5/minute"}):
        from django.core.cache import cache

        cache.clear()
        codes = [client.get("/api/v1/bodies/").status_code for _ in range(5)]
    assert codes[:3] == [200, 200, 200] and codes[3:] == [429, 429]


def test_the_schema_and_reference_are_served_without_any_cdn(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    text = schema.content.decode()
    assert "/api/v1/modifications/{reference}/" in text and "tokenAuth" in text
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "swagger-ui" in html and not re.search(r"https?://(?!127\.0\.0\.1)", html)


def test_the_schema_is_the_same_for_every_reader_and_generated_once(world, monkeypatch):
    """`SchemaView` keeps the document it generated: safe only while the document does not
    depend on who asks. Generated afresh here, it is byte for byte the same for the public, a
    member and the secretariat; asked for again, it is not generated again."""
    from drf_spectacular.generators import SchemaGenerator

    from secpanel.api.schema import SchemaView

    monkeypatch.setattr(SchemaView, "_generated", {})
    made = []
    get_schema = SchemaGenerator.get_schema

    def counted(self, *args, **kwargs):
        made.append(1)
        return get_schema(self, *args, **kwargs)

    monkeypatch.setattr(SchemaGenerator, "get_schema", counted)
    bodies = []
    for role in (None, "owner_member", "owner_secretariat"):
        monkeypatch.setattr(SchemaView, "_generated", {})  # generate it for this reader
        c = Client()
        if role:
            c.force_login(world.users[role])
        bodies.append(c.get("/api/schema/").content)
    assert len(made) == 3 and bodies[0] == bodies[1] == bodies[2]
    again = Client().get("/api/schema/?format=json")
    assert again.status_code == 200 and len(made) == 3
    assert again.json()["paths"].keys() >= {"/api/v1/modifications/{reference}/"}


def test_the_token_page_makes_shows_once_and_revokes(world):
    user = world.users["owner_member"]
    c = Client()
    c.force_login(user)
    made = c.post("/api/tokens/", {"name": "sync", "scope": "read", "days": 30})
    assert made.status_code == 200
    key = re.search(r'id="new-key">(sp_[^<]+)<', made.content.decode()).group(1)
    assert _api(key).get("/api/v1/highlights/").status_code == 200
    token = ApiToken.objects.get(user=user)
    assert key not in c.get("/api/tokens/").content.decode()  # shown once
    assert c.post("/api/tokens/", {"name": "x", "scope": "read", "days": 9999}).status_code == 400
    # someone else's token is not theirs to revoke: it is not there
    other = Client()
    other.force_login(world.users["party"])
    assert other.post("/api/tokens/", {"revoke": token.pk}).status_code == 404
    assert c.post("/api/tokens/", {"revoke": token.pk}).status_code == 302
    assert _api(key).get("/api/v1/highlights/").status_code == 401
    assert AuditEvent.objects.filter(kind="api.token_revoked", actor=user).exists()
    assert Client().get("/api/tokens/").status_code == 302  # sign in first


def test_secpanel_token_prints_a_working_key_once(world, capsys):
    call_command("token", "create", world.users["party"].username, "--name", "script")
    key = capsys.readouterr().out.strip()
    assert key.startswith("sp_") and _api(key).get("/api/v1/bodies/").status_code == 200
    token = ApiToken.objects.get()
    assert token.digest != key and key not in json.dumps(
        list(ApiToken.objects.values()), default=str
    )
    call_command("token", "revoke", str(token.pk))
    assert _api(key).get("/api/v1/bodies/").status_code == 401


@pytest.mark.parametrize("name", ["highlights", "actions", "decisions", "papers"])
def test_a_list_costs_the_same_queries_for_one_row_or_many(world, name):
    """Constant in the number of rows: references are checked once per referenced model per
    page, never once per row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from secpanel.meetings.models import Action, AgendaItem, Decision, Meeting, Paper

    sec = world.users["owner_secretariat"]
    meeting = Meeting.objects.create(body=world.owner, starts_at=timezone.now(), location="L")
    item = classified_create(
        actor=sec,
        instance=AgendaItem(
            owning_body=world.owner,
            meeting=meeting,
            number=1,
            title="T",
            classification=Classification.GREEN,
        ),
    )

    def add(n):
        for i in range(n):
            level = Classification.GREEN
            if name == "highlights":
                _highlight(world, level, f"H{i}")
            elif name == "actions":
                classified_create(
                    actor=sec,
                    instance=Action(
                        owning_body=world.owner,
                        meeting=meeting,
                        agenda_item=item,
                        reference=f"A{n}-{i}",
                        text="t",
                        due_date=datetime.date(2026, 12, 1),
                        raised_on=datetime.date(2026, 11, 1),
                        owner_person=sec,
                        classification=level,
                    ),
                )
            elif name == "decisions":
                classified_create(
                    actor=sec,
                    instance=Decision(
                        owning_body=world.owner,
                        meeting=meeting,
                        agenda_item=item,
                        text=f"d{i}",
                        verb="agreed",
                        date=meeting.date,
                        classification=level,
                    ),
                )
            else:
                classified_create(
                    actor=sec,
                    instance=Paper(
                        owning_body=world.owner,
                        meeting=meeting,
                        agenda_item=item,
                        title=f"p{i}",
                        date=datetime.date(2026, 11, 1),
                        classification=level,
                    ),
                )

    client = _api(_key(world.users["owner_member"]))

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/api/v1/{name}/").status_code == 200
        return len(ctx.captured_queries)

    count()  # the token's first use is stamped once (`last_used_at`): not part of a page
    add(1)
    one = count()
    add(15)
    assert count() == one


def test_a_filter_by_a_hidden_parent_answers_nothing(world):
    from secpanel.programmes.models import PhaseKind, Programme, TestPhase

    sec = world.users["owner_secretariat"]
    hidden = classified_create(
        actor=sec,
        instance=Programme(
            owning_body=world.owner, name="Hidden programme", classification=Classification.AMBER
        ),
    )
    classified_create(
        actor=sec,
        instance=TestPhase(
            owning_body=world.owner,
            programme=hidden,
            phase=PhaseKind.values[0],
            classification=Classification.GREEN,
        ),
    )
    party = _api(_key(world.users["party"]))
    member = _api(_key(world.users["owner_member"]))
    url = f"/api/v1/test-phases/?programme={hidden.pk}"
    assert [r["programme"] for r in member.get(url).json()["results"]] == [hidden.pk]
    assert party.get(url).json()["results"] == []
    assert len(party.get("/api/v1/test-phases/").json()["results"]) == 1  # the phase itself
    assert party.get("/api/v1/test-phases/?programme=abc").status_code == 400
    assert party.get(f"/api/v1/test-phases/?programme={10**30}").status_code == 400


def test_the_api_root_lists_every_register(client):
    from secpanel.api.resources import RESOURCES

    root = client.get("/api/v1/")
    assert root.status_code == 200
    assert set(root.json()) == {r.name for r in RESOURCES}

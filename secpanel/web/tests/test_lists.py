"""Register lists that work the same way (decisions/0021): filter, sort, pages, CSV.

Records are made through the services as the owning body's secretariat; every list reads
`visible_to(user)` first, so a filter, a sort, a page or the CSV never reaches a hidden row."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from secpanel.core.classification import Classification
from secpanel.meetings import services as meetings
from secpanel.operations import services as operations
from secpanel.web.pagination import ListPaginator

pytestmark = pytest.mark.django_db

W, G, A, R = (
    Classification.WHITE,
    Classification.GREEN,
    Classification.AMBER,
    Classification.RED,
)


def client_for(world, role: str) -> Client:
    client = Client(raise_request_exception=False)
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


def at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


@pytest.fixture
def decisions(world):
    """Decisions of the owner (SSC) and the other body (TABASC) at every level, one a day
    from 1 April 2019; the RED one is the owner's, named to nobody."""
    made = {}
    for body, sec in (
        (world.owner, world.users["owner_secretariat"]),
        (world.other, world.users["other_body_secretariat"]),
    ):
        meeting = meetings.meeting_create(
            actor=sec, body=body, number=1, starts_at=at(datetime.date(2019, 4, 1))
        )
        for i, level in enumerate((W, G, A, R) if body == world.owner else (W, G)):
            made[(body.code, level)] = meetings.decision_record(
                actor=sec,
                owning_body=body,
                verb="agreed",
                text=f"{body.short_name} decision {level.label} canary-{body.code}-{level.label}",
                meeting=meeting,
                date=datetime.date(2019, 4, 1),
                classification=level,
            )
            del i
    return made


def texts(response) -> list[str]:
    return [str(row.record.text) for row in response.context["rows"]]


def csv_rows(response) -> list[dict[str, str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode())))


URL = "meetings:decision_list"


def test_a_filter_by_body_and_by_level_narrows_the_list(world, decisions):
    member = client_for(world, "owner_member")
    everything = member.get(reverse(URL))
    assert everything.status_code == 200 and len(everything.context["rows"]) == 6
    by_body = member.get(reverse(URL), {"body": world.other.code})
    assert {r.record.owning_body_id for r in by_body.context["rows"]} == {world.other.pk}
    assert len(by_body.context["rows"]) == 2
    amber = member.get(reverse(URL), {"level": int(A)})
    assert [r.record.classification for r in amber.context["rows"]] == [A]
    words = member.get(reverse(URL), {"q": f"canary-{world.owner.code}-red"})
    assert len(words.context["rows"]) == 1


def test_a_filter_never_finds_a_hidden_record(world, decisions):
    """The public asking for RED (or searching the RED record's words) gets nothing, as for
    a level no record has; the count excludes the hidden rows."""
    public = client_for(world, "anonymous")
    assert public.get(reverse(URL), {"level": int(R)}).context["rows"] == []
    found = public.get(reverse(URL), {"q": f"canary-{world.owner.code}-red"})
    assert found.context["rows"] == [] and found.context["paginator"].count == 0
    assert public.get(reverse(URL)).context["paginator"].count == 2  # the two WHITE ones


def test_a_status_and_a_date_range_narrow_the_list(world):
    sec = world.users["owner_secretariat"]
    for i, status in enumerate(("open", "open", "open")):
        operations.incident_create(
            actor=sec,
            owning_body=world.owner,
            reference=f"INC{i}",
            title=f"Incident {i}",
            occurred_on=datetime.date(2019, 4, 1 + 10 * i),
            classification=W,
        )
        del status
    client = client_for(world, "owner_member")
    url = reverse("operations:incident_list")
    dated = client.get(url, {"date_from": "2019-04-05", "date_to": "2019-04-30"})
    assert sorted(r.record.reference for r in dated.context["rows"]) == ["INC1", "INC2"]
    reviewed = client.get(url, {"status": "reviewed"})
    assert reviewed.status_code == 200 and reviewed.context["rows"] == []


def test_a_column_sorts_ascending_and_descending(world, decisions):
    member = client_for(world, "owner_member")
    up = member.get(reverse(URL), {"sort": "text"})
    down = member.get(reverse(URL), {"sort": "-text"})
    assert texts(up) == sorted(texts(up)) and texts(down) == list(reversed(texts(up)))
    html = down.content.decode()
    assert 'aria-sort="descending"' in html
    assert "sort=text" in html  # the header offers the other direction


@pytest.mark.parametrize("query", [{"sort": "nope"}, {"sort": "secret_field"}])
def test_an_unknown_sort_is_a_400(world, decisions, query):
    assert client_for(world, "owner_member").get(reverse(URL), query).status_code == 400


@pytest.mark.parametrize(
    ("param", "value", "message"),
    [
        ("level", "9", "Select a valid choice"),
        ("body", "no-such-body", "Select a valid choice"),
        ("date_from", "2019-02-30", "Enter a valid date"),
        ("date_to", "9999-12-31", "2000"),
        ("q", "x" * 101, "100"),
    ],
)
def test_a_bad_filter_value_is_a_400_with_the_field_s_message(
    world, decisions, param, value, message
):
    response = client_for(world, "owner_member").get(reverse(URL), {param: value})
    html = response.content.decode()
    assert response.status_code == 400
    assert f'id="id_{param}-error"' in html and message in html
    assert response.context["rows"] == []  # nothing listed under filters that cannot be used


def test_a_filter_sent_twice_is_a_400(world, decisions):
    response = client_for(world, "owner_member").get(f"{reverse(URL)}?level=1&level=3")
    assert response.status_code == 400 and "Give one value" in response.content.decode()


def test_pages_keep_the_filter_and_the_sort(world, decisions, monkeypatch):
    from secpanel.meetings.views import DecisionListView

    monkeypatch.setattr(DecisionListView, "paginate_by", 2)
    member = client_for(world, "owner_member")
    first = member.get(reverse(URL), {"body": world.owner.code, "sort": "-text"})
    html = first.content.decode()
    assert "1–2 of 4" in html
    assert f"body={world.owner.code}" in html and "sort=-text" in html and "page=2" in html
    second = member.get(reverse(URL), {"body": world.owner.code, "sort": "-text", "page": 2})
    both = texts(first) + texts(second)
    assert both == sorted(both, reverse=True) and len(set(both)) == 4
    last = member.get(reverse(URL), {"body": world.owner.code, "page": 99})
    assert last.status_code == 200 and last.context["page_obj"].number == 2


def test_the_count_stops_at_the_cap(world, decisions):
    from secpanel.meetings.models import Decision

    rows = Decision.objects.visible_to(world.users["owner_member"])
    paginator = ListPaginator(rows, 2)
    paginator.cap = 3
    assert (paginator.count, paginator.capped, paginator.count_label) == (3, True, "3+")
    assert paginator.num_pages == 2
    paginator = ListPaginator(rows, 2)
    assert (paginator.count, paginator.capped) == (6, False)


@pytest.mark.parametrize(
    ("role", "seen"),
    [
        ("anonymous", {("ssc", W), ("tabasc", W)}),
        ("party", {("ssc", W), ("ssc", G), ("tabasc", W), ("tabasc", G)}),
        ("other_body_member", {("ssc", W), ("ssc", G), ("tabasc", W), ("tabasc", G)}),
        ("panel_member", {("ssc", W), ("ssc", G), ("ssc", A), ("tabasc", W), ("tabasc", G)}),
        (
            "owner_member",
            {("ssc", W), ("ssc", G), ("ssc", A), ("ssc", R), ("tabasc", W), ("tabasc", G)},
        ),
    ],
)
def test_the_csv_holds_exactly_the_rows_the_reader_may_see(world, decisions, role, seen):
    response = client_for(world, role).get(reverse(URL), {"format": "csv"})
    rows = csv_rows(response)
    shown = {r["Decision"] for r in rows}
    expected = {decisions[key].text for key in seen}
    assert {t.removeprefix("Agreed ") for t in shown} == expected
    assert "canary-ssc-Red" not in response.content.decode() or ("ssc", R) in seen
    levels = {r["Classification"] for r in rows}
    assert levels == {level.label.upper() for _body, level in seen}
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="decisions-')
    assert timezone.localdate().isoformat() in disposition
    assert response["X-Classification"] == Classification.high_water(lv for _b, lv in seen).label


def test_the_csv_is_the_filtered_sorted_list(world, decisions):
    member = client_for(world, "owner_member")
    query = {"body": world.owner.code, "sort": "-text"}
    page = texts(member.get(reverse(URL), query))
    rows = csv_rows(member.get(reverse(URL), {**query, "format": "csv"}))
    assert [r["Decision"].removeprefix("Agreed ") for r in rows] == page
    assert list(rows[0]) == ["Date", "Body", "Decision", "Classification"]
    assert rows[0]["Date"] == "2019-04-01"


def test_a_bad_format_or_filter_is_no_csv(world, decisions):
    member = client_for(world, "owner_member")
    assert member.get(reverse(URL), {"format": "xlsx"}).status_code == 400
    refused = member.get(reverse(URL), {"format": "csv", "level": "9"})
    assert refused.status_code == 400 and "text/html" in refused["Content-Type"]


def test_a_csv_cell_is_never_a_spreadsheet_formula(world):
    sec = world.users["owner_secretariat"]
    operations.incident_create(
        actor=sec,
        owning_body=world.owner,
        reference="=HYPERLINK(1)",
        title="Formula",
        occurred_on=datetime.date(2019, 4, 1),
        classification=W,
    )
    rows = csv_rows(
        client_for(world, "anonymous").get(reverse("operations:incident_list"), {"format": "csv"})
    )
    assert rows[0]["Incident"].startswith("'=HYPERLINK(1)")


LISTS = [
    "meetings:decision_list",
    "meetings:action_list",
    "meetings:paper_list",
    "meetings:highlight_list",
    "assurance:user_list",
    "assurance:assessment_list",
    "assurance:outcome_list",
    "assurance:finding_list",
    "assurance:letter_list",
    "documents:document_list",
    "documents:consultation_list",
    "programmes:programme_list",
    "programmes:dmc_list",
    "smki:exercise_list",
    "operations:incident_list",
    "operations:performance_list",
    "operations:forecast_list",
    "reports:report_list",
    "reports:published_list",
]


@pytest.mark.parametrize("name", LISTS)
def test_every_register_list_filters_sorts_and_exports_the_same_way(world, name):
    client = client_for(world, "owner_secretariat")
    page = client.get(reverse(name))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="list-filters"' in html and 'data-testid="csv"' in html
    assert 'class="table-responsive"' in html
    table = page.context["table"]
    for column in table.columns:
        if column.orderable:
            assert client.get(reverse(name), {"sort": f"-{column.name}"}).status_code == 200
    assert client.get(reverse(name), {"level": "x"}).status_code == 400
    exported = client.get(reverse(name), {"format": "csv"})
    assert exported.status_code == 200 and "attachment" in exported["Content-Disposition"]
    header = next(csv.reader(io.StringIO(exported.content.decode())))
    assert "Classification" in header

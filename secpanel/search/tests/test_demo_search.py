"""Search over the demo data: SECMP0024 finds its modification, the highlights and decisions
that mention it, and the paper about it; what a reader may not read is never found."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from secpanel.meetings.models import Decision, Highlight
from secpanel.modifications.models import Modification
from secpanel.reports.models import PanelReport

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]


def _client(username: str | None) -> Client:
    client = Client()
    if username:
        client.force_login(get_user_model().objects.get(username=username))
    return client


def _found(response) -> set[tuple[Any, int]]:
    found = set()
    for hit in response.context["results"].hits:
        ct = ContentType.objects.get_for_id(hit.entry.content_type_id)
        found.add((ct.model_class(), hit.entry.object_id))
    return found


def _ids(response, model) -> set[int]:
    return {pk for m, pk in _found(response) if m is model}


def _all_pages(client: Client, q: str) -> set[tuple[Any, int]]:
    found: set[tuple[Any, int]] = set()
    page = 1
    while True:
        response = client.get("/search/", {"q": q, "page": page})
        assert response.status_code == 200
        found |= _found(response)
        if not response.context["results"].page.has_next():
            return found
        page += 1


def test_secmp0024_finds_the_modification_its_highlights_decisions_and_paper():
    client = _client("panel.member")
    user = get_user_model().objects.get(username="panel.member")
    found = _all_pages(client, "SECMP0024")
    mod = Modification.objects.visible_to(user).get(reference="SECMP0024")
    assert (Modification, mod.pk) in found
    highlights = set(
        Highlight.objects.visible_to(user)
        .filter(text__contains="SECMP0024")
        .values_list("pk", flat=True)
    )
    decisions = set(
        Decision.objects.visible_to(user)
        .filter(text__contains="SECMP0024")
        .values_list("pk", flat=True)
    )
    papers = set(PanelReport.objects.visible_to(user).values_list("pk", flat=True))
    assert highlights and decisions and papers
    assert {pk for m, pk in found if m is Highlight} >= highlights
    assert {pk for m, pk in found if m is Decision} >= decisions
    assert {pk for m, pk in found if m is PanelReport} >= papers


def test_the_results_mark_the_words_and_escape_the_text():
    response = _client("ssc.member").get("/search/", {"q": "SECMP0024"})
    html = response.content.decode()
    assert "<mark>SECMP0024</mark>" in html
    assert "&lt;mark&gt;" not in html


def test_the_demo_is_indexed_as_it_is_loaded():
    """No command to run after `demo-data`: every classified record has its row."""
    from secpanel.search.services import sizes

    records, rows = sizes()
    assert records > 100
    assert rows == records


def test_the_generators_bulk_path_indexes_what_it_writes(monkeypatch):
    """The bulk writer (`bulk_create`, no save signals) indexes its rows itself."""
    import datetime

    from secpanel.generator import Options, context, generate
    from secpanel.search.services import sizes

    monkeypatch.setattr(context, "BULK_ABOVE", 1_000)
    options = Options(
        start=datetime.date(2019, 6, 1), until=datetime.date(2019, 6, 30), seed=5, scale=2_500
    )
    assert options.bulk
    result = generate(options, progress=False)
    assert sum(result.bulk.values()) > 1_000
    records, rows = sizes()
    assert rows == records
    secas = get_user_model().objects.get(username="secas")
    latest = Highlight.objects.visible_to(secas).order_by("-pk").first()
    assert latest is not None
    assert (Highlight, latest.pk) in _all_pages(_client("secas"), f'"{latest.heading}"')

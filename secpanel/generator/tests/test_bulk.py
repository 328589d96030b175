"""The bulk path (`--scale N` above the threshold): the meetings' business in `bulk_create`
batches with history rows, in its final state, a sample checked with `full_clean`. The
threshold is lowered here so that a small run takes the same path as a million records."""

from __future__ import annotations

import datetime

import pytest

from secpanel.core.classification import Classification
from secpanel.generator import Options, context, generate
from secpanel.meetings.models import Action, Decision, Highlight, Minutes

pytestmark = pytest.mark.django_db

OPTIONS = Options(
    start=datetime.date(2019, 6, 1), until=datetime.date(2019, 6, 30), seed=5, scale=2_500
)


def test_a_large_scale_is_written_in_bulk_with_history(demo_data, monkeypatch):
    monkeypatch.setattr(context, "BULK_ABOVE", 1_000)
    assert OPTIONS.bulk
    before = {
        m: m.objects.unrestricted().order_by("-pk").values_list("pk", flat=True).first() or 0
        for m in (Action, Decision, Highlight, Minutes)
    }
    result = generate(OPTIONS, progress=False)

    assert 1_500 < sum(result.bulk.values()) <= result.total
    assert result.total == pytest.approx(OPTIONS.scale, rel=0.4)
    assert result.checked >= 3 * 6  # the first rows of every model, then a sample
    highlights = Highlight.objects.unrestricted().filter(pk__gt=before[Highlight])
    assert highlights.count() > 50
    # history rows written with the records, attributed to the secretariat
    history = Highlight.history.filter(id__in=highlights.values("pk"))
    assert history.count() == highlights.count()
    assert set(history.values_list("history_user__username", flat=True)) == {"secas"}
    for red in highlights.filter(classification=Classification.RED)[:20]:
        assert red.red_distribution.exists()
    # final states: nothing closed or approved after --until, decisions on their meeting's day
    actions = Action.objects.unrestricted().filter(pk__gt=before[Action])
    assert actions.filter(status="closed").exists()
    assert not actions.filter(closed_on__gt=OPTIONS.until).exists()
    assert not actions.filter(status="open", closed_on__isnull=False).exists()
    minutes = Minutes.objects.unrestricted().filter(pk__gt=before[Minutes])
    assert not minutes.filter(approved_on__gt=OPTIONS.until).exists()
    for decision in Decision.objects.unrestricted().filter(pk__gt=before[Decision])[:200]:
        assert decision.date == decision.meeting.date
        decision.full_clean()

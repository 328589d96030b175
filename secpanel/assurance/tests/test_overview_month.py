"""The assurance overview opens on the latest month with figures the reader may read, and has
a month picker (`<input type="month">` in a GET form) beside previous and next."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

URL = "/assurance/"


def test_the_overview_has_a_month_picker_and_keeps_previous_and_next(world):
    response = Client().get(URL, {"month": "2019-05"})
    assert response.status_code == 200
    html = response.content.decode()
    picker = html.split('data-testid="month-picker"', 1)[1].split("</form>", 1)[0]
    assert 'type="month"' in picker and 'name="month"' in picker and 'value="2019-05"' in picker
    assert 'min="2000-01"' in picker and 'max="2100-12"' in picker
    assert "?month=2019-04" in html and "?month=2019-06" in html
    assert Client().get(URL, {"month": "May 2019"}).status_code == 400


def test_it_opens_on_the_latest_month_with_figures_and_offers_it_from_another(world, monkeypatch):
    from secpanel.assurance import selectors

    # the latest month with an outcome or a letter the reader may read (selectors' own tests)
    monkeypatch.setattr(selectors, "latest_month", lambda user: datetime.date(2019, 3, 1))
    assert Client().get(URL).context["month"] == datetime.date(2019, 3, 1)
    other = Client().get(URL, {"month": "2019-01"}).content.decode()
    assert "?month=2019-03" in other and "Latest month with figures (March 2019)" in other
    same = Client().get(URL, {"month": "2019-03"}).content.decode()
    assert "Latest month with figures" not in same

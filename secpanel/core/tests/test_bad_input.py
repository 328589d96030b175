"""Bad input gets a clear error and loses nothing: a 400 page for a query parameter the page
cannot use, a field error (and nothing saved, no audit event) for a form value out of bounds.
Never a 500, never a silent success."""

from __future__ import annotations

import datetime
import importlib
import inspect
import pkgutil
from urllib.parse import urlencode

import pytest
from django import forms
from django.test import Client
from django.urls import reverse

import secpanel
from secpanel.core.bounds import LONG_TEXT_MAX
from secpanel.core.classification import Classification
from secpanel.core.forms import BoundedInput
from secpanel.core.models import AuditEvent
from secpanel.meetings.models import Highlight, Meeting

pytestmark = pytest.mark.django_db


def _client(user=None) -> Client:
    c = Client(raise_request_exception=False)
    if user is not None:
        c.force_login(user)
    return c


# --- query parameters ------------------------------------------------------------------------

MONTHS = ["9999-12", "0001-01", "1999-12", "2101-01", "2019-13", "2019-00", "garbage", "2019-5x"]
DAYS = ["9999-12-31", "0001-01-01", "1999-12-31", "2101-01-01", "2019-02-30", "garbage"]
PAGES = ["0", "-1", "abc", "1e3", "99999999999999999999999", "last2"]

GET_ENDPOINTS = [
    ("meetings:calendar", "month", MONTHS, "2019-05"),
    ("assurance:overview", "month", MONTHS, "2019-05"),
    ("assurance:schedule", "on", DAYS, "2019-05-01"),
    ("meetings:meeting_list", "body", ["garbage", "x" * 5000], "ssc"),
    ("meetings:highlight_list", "page", PAGES, "1"),
    ("meetings:action_list", "page", PAGES, "1"),
    ("meetings:action_list", "status", ["garbage"], "open"),
    ("meetings:decision_list", "page", PAGES, "1"),
    ("meetings:paper_list", "page", PAGES, "1"),
    ("assurance:assessment_list", "page", PAGES, "1"),
    ("assurance:assessment_list", "type", ["garbage", "x" * 5000], "full"),
    ("assurance:finding_list", "page", PAGES, "1"),
    ("assurance:assessment_create", "user", ["garbage", "99999999999999999999999"], "1"),
    ("assurance:letter_create", "user", ["garbage", "-3"], "1"),
    ("meetings:meeting_create", "body", ["garbage", "99999999999999999999999"], "1"),
    ("meetings:highlight_create", "meeting", ["garbage", "99999999999999999999999"], "1"),
    ("meetings:decision_create", "meeting", ["garbage", "-1"], "1"),
    ("modifications:modification_list", "page", PAGES, "1"),
    ("modifications:modification_list", "stage", ["garbage", "x" * 5000], "open"),
    ("modifications:pipeline", "stage", ["garbage"], "open"),
    ("core:audit_log", "page", PAGES, "1"),
    ("core:audit_log", "kind", ["x" * 5000], "meetings."),
]
CASES = [
    pytest.param(name, param, value, good, id=f"{name}?{param}={value[:24]}")
    for name, param, values, good in GET_ENDPOINTS
    for value in values
]


@pytest.mark.parametrize(("name", "param", "value", "good"), CASES)
@pytest.mark.parametrize("role", ["anonymous", "owner_secretariat", "auditor"])
def test_every_query_parameter_is_answered_with_a_page_or_a_400_never_a_500(
    world, role, name, param, value, good
):
    """Garbage and extreme values: the page (the value was ignored as a filter) or a 400. A
    page the role cannot open at all (sign-in redirect, 403, 404) stays that, whatever is asked."""
    client = _client(None if role == "anonymous" else world.users[role])
    baseline = client.get(f"{reverse(name)}?{urlencode({param: good})}").status_code
    assert baseline in (200, 302, 403, 404)
    response = client.get(f"{reverse(name)}?{urlencode({param: value})}")
    assert response.status_code in {baseline, 400}, response.status_code
    if baseline == 200:
        assert response.status_code in (200, 400)


def _pages_without_arguments() -> list[str]:
    """Every named page of the site that takes no path argument (not the admin or sign-in)."""
    from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver

    names: list[str] = []

    def walk(patterns, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = namespace
                if p.namespace:
                    ns = f"{namespace}{p.namespace}:"
                walk(p.url_patterns, ns)
            elif isinstance(p, URLPattern) and p.name:
                names.append(f"{namespace}{p.name}")

    walk(get_resolver().url_patterns, "")
    urls = set()
    for name in names:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        if not url.startswith(("/admin/", "/accounts/")):
            urls.add(url)
    return sorted(urls)


HOSTILE = {"page": "abc", "month": "9999-12", "on": "0001-01-01", "date": "garbage"}


@pytest.mark.parametrize("url", _pages_without_arguments())
def test_no_page_of_the_site_fails_on_hostile_query_parameters(world, url):
    """Every page without path arguments, asked with garbage and extreme dates and pages: the
    same answer as without them, or a 400; never a 500."""
    client = _client(world.users["owner_secretariat"])
    baseline = client.get(url).status_code
    assert baseline < 500
    for param, value in HOSTILE.items():
        for query in (urlencode({param: value}), f"{param}=2019-05&{param}=2019-06"):
            status = client.get(f"{url}?{query}").status_code
            assert status in {baseline, 400}, (param, value, status)


@pytest.mark.parametrize(
    ("name", "param", "value"),
    [
        ("meetings:calendar", "month", "9999-12"),
        ("meetings:calendar", "month", "0001-01"),
        ("meetings:calendar", "month", "garbage"),
        ("assurance:overview", "month", "9999-12"),
        ("assurance:overview", "month", "0001-01"),
        ("assurance:schedule", "on", "9999-12-31"),
        ("assurance:schedule", "on", "0001-01-01"),
        ("assurance:schedule", "on", "2019-02-30"),
        ("meetings:highlight_list", "page", "abc"),
    ],
)
def test_a_month_or_day_out_of_range_is_a_400_that_says_what_is_wrong(world, name, param, value):
    response = _client().get(f"{reverse(name)}?{urlencode({param: value})}")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Bad request" in html and f"“{param}”" in html
    assert "2000" in html or "whole number" in html  # names the range or what was expected


@pytest.mark.parametrize(
    ("name", "param", "value"),
    [
        ("meetings:calendar", "month", "2019-05"),
        ("meetings:calendar", "month", "2000-01"),
        ("meetings:calendar", "month", "2100-12"),
        ("assurance:overview", "month", "2019-05"),
        ("assurance:schedule", "on", "2019-05-01"),
        ("assurance:schedule", "on", "2100-12-31"),
        ("meetings:calendar", "month", ""),
    ],
)
def test_sane_months_and_days_still_show_the_page(world, name, param, value):
    assert _client().get(f"{reverse(name)}?{urlencode({param: value})}").status_code == 200


def test_a_query_parameter_given_twice_is_a_400(world):
    response = _client().get(f"{reverse('meetings:calendar')}?month=2019-05&month=2019-06")
    assert response.status_code == 400
    assert "Give one value" in response.content.decode()


def test_the_400_page_looks_like_the_404_page(world):
    bad = _client().get(f"{reverse('meetings:calendar')}?month=9999-12").content.decode()
    missing = _client().get("/no-such-page/").content.decode()
    assert 'class="navbar' in bad and 'class="navbar' in missing  # the same shell (base.html)
    assert "<h1" in bad and "start page" in bad and "start page" in missing


# --- forms: free text, dates, repeated values ----------------------------------------------


def _highlight_post(world, **overrides):
    data = {
        "owning_body": world.owner.pk,
        "heading": "SMETS1 Update",
        "text": "Text",
        "period": "2019-04-01",
        "position": 10,
        "classification": Classification.AMBER,
        "reason": "From the minutes",
    }
    data.update(overrides)
    return _client(world.users["owner_secretariat"]).post(
        reverse("meetings:highlight_create"), data
    )


def test_a_one_mebibyte_highlight_is_a_field_error_naming_the_limit_and_nothing_is_saved(world):
    events = AuditEvent.objects.count()
    response = _highlight_post(world, text="x" * (1 << 20))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_text-error"' in html and f"{LONG_TEXT_MAX:,}" in html
    assert Highlight.objects.unrestricted().count() == 0
    assert AuditEvent.objects.count() == events


def test_a_highlight_at_the_limit_is_saved(world):
    response = _highlight_post(world, text="x" * LONG_TEXT_MAX)
    assert response.status_code == 302
    assert Highlight.objects.unrestricted().count() == 1


def test_a_record_dated_in_the_year_9999_is_a_field_error_and_nothing_is_saved(world):
    events = AuditEvent.objects.count()
    response = _highlight_post(world, period="9999-04-01")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_period-error"' in html and "2000" in html and "2100" in html
    assert Highlight.objects.unrestricted().count() == 0
    assert AuditEvent.objects.count() == events


def test_a_meeting_in_the_year_9999_is_a_field_error_and_nothing_is_saved(world):
    events = AuditEvent.objects.count()
    response = _client(world.users["owner_secretariat"]).post(
        reverse("meetings:meeting_create"),
        {
            "body": world.owner.pk,
            "number": 12,
            "starts_at": "9999-05-07T10:00",
            "location": "Online",
            "reason": "Planned",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_starts_at-error"' in html and "2100" in html
    assert Meeting.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_a_single_valued_field_sent_twice_is_a_field_error_and_nothing_is_saved(world):
    events = AuditEvent.objects.count()
    response = _highlight_post(world, classification=[Classification.GREEN, Classification.RED])
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_classification-error"' in html and "Give one value" in html
    assert Highlight.objects.unrestricted().count() == 0
    assert AuditEvent.objects.count() == events


def test_a_multiple_choice_field_still_takes_several_values(world):
    from secpanel.core.forms import BoundedForm

    class Pick(BoundedForm):
        colours = forms.MultipleChoiceField(choices=[("r", "red"), ("g", "green")])
        name = forms.CharField()

    from django.http import QueryDict

    form = Pick(QueryDict("colours=r&colours=g&name=x"))
    assert form.is_valid(), form.errors
    form = Pick(QueryDict("colours=r&name=x&name=y"))
    assert not form.is_valid() and "Give one value" in str(form.errors["name"])


def test_dates_and_free_text_of_plain_forms_are_bounded_too():
    from secpanel.core.forms import BoundedForm

    class Plain(BoundedForm):
        on = forms.DateField()
        at = forms.DateTimeField()
        note = forms.CharField(widget=forms.Textarea)

    form = Plain({"on": "9999-01-01", "at": "0001-01-01 10:00", "note": "y" * (LONG_TEXT_MAX + 1)})
    assert not form.is_valid()
    assert set(form.errors) == {"on", "at", "note"}
    ok = Plain({"on": datetime.date(2019, 5, 1), "at": "2019-05-01 10:00", "note": "fine"})
    assert ok.is_valid(), ok.errors


def _secpanel_form_classes() -> list[tuple[str, type[forms.BaseForm]]]:
    found = {}
    for info in pkgutil.walk_packages(secpanel.__path__, "secpanel."):
        skip = (".tests", ".migrations", "secpanel.config")  # settings modules need their env
        if any(part in info.name for part in skip):
            continue
        module = importlib.import_module(info.name)
        for _name, obj in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(obj, forms.BaseForm)
                and obj.__module__ == module.__name__
                and obj.__module__.startswith("secpanel.")
            ):
                found[f"{obj.__module__}.{obj.__qualname__}"] = obj
    return sorted(found.items())


def test_every_form_of_secpanel_is_built_on_the_bounded_base():
    forms_found = _secpanel_form_classes()
    assert len(forms_found) > 20
    loose = [name for name, cls in forms_found if not issubclass(cls, BoundedInput)]
    assert loose == [], "forms that should subclass core.forms.BoundedForm / BoundedModelForm"

"""Every form looks the same and reports a service's refusal the same way: one place,
`core.form_style`, in the base every form has."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from secpanel.core.form_bounds import BoundedForm
from secpanel.meetings.forms import HighlightForm
from secpanel.modifications.forms import TransitionForm


def test_a_plain_form_gets_bootstrap_classes_iso_dates_and_service_errors():
    from django import forms

    class F(BoundedForm):
        when = forms.DateField()
        pick = forms.ChoiceField(choices=[("a", "A")])
        ok = forms.BooleanField(required=False)

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["late"] = forms.CharField()  # added after the base's __init__

    form = F({"when": "2019-04-01", "pick": "a", "late": "x"}, initial={})
    html = str(form["when"]) + str(form["pick"]) + str(form["ok"]) + str(form["late"])
    assert 'type="date"' in html and 'class="form-control"' in html
    assert 'class="form-select"' in html and 'class="form-check-input"' in html
    assert form.is_valid()
    form.add_service_error(ValidationError({"pick": "Not now", "nowhere": "Whole form"}))
    assert form.errors["pick"] == ["Not now"] and form.non_field_errors() == ["Whole form"]
    assert 'aria-invalid="true"' in str(form["pick"]) and "is-invalid" in str(form["pick"])


@pytest.mark.django_db
def test_record_and_change_forms_share_the_look(world):
    sec = world.users["owner_secretariat"]
    highlight = HighlightForm(user=sec, initial={"period": datetime.date(2019, 4, 1)})
    assert 'value="2019-04-01"' in str(highlight["period"])
    assert "form-select" in str(highlight["owning_body"])
    change = TransitionForm(user=sec)
    assert 'type="date"' in str(change["date"]) and "form-select" in str(change["decision"])
    client = Client()
    client.force_login(sec)
    page = client.get(reverse("meetings:highlight_create")).content.decode()
    assert 'class="form-control"' in page


@pytest.mark.django_db
def test_an_htmx_form_gets_its_fragment_back_with_errors_or_a_client_redirect(world):
    client = Client()
    client.force_login(world.users["owner_secretariat"])
    url = reverse("meetings:highlight_create")
    bad = client.post(url, {"heading": ""}, headers={"HX-Request": "true"})
    assert bad.status_code == 200 and "<html" not in bad.content.decode()
    assert 'aria-invalid="true"' in bad.content.decode()
    good = client.post(
        url,
        {
            "owning_body": world.owner.pk,
            "classification": 1,
            "heading": "Fragment",
            "text": "T",
            "period": "2019-04-01",
            "position": 1,
        },
        headers={"HX-Request": "true"},
    )
    assert good.status_code == 200 and good["HX-Redirect"].startswith("/highlights/")

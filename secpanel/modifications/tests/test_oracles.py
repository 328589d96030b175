"""Existence oracles on the register's forms (issue 10, hole 8): hidden looks exactly like
missing. Only the secretariat may register or edit a modification, and that is checked before
the form is validated, so nobody else learns from a uniqueness message that a reference is
taken. A secretariat who cannot read the record holding a reference hears the same sentence
as for a reference held by a record they can read ("not available"), never "already exists"."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from secpanel.core.classification import Classification

pytestmark = pytest.mark.django_db


def _page(response):
    """The page without its per-response CSRF token."""
    return re.sub(r"[A-Za-z0-9]{64}", "", response.content.decode())


NOT_AVAILABLE = "That reference is not available"


def _client(user=None):
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


def _form(world, reference, **extra):
    data = {
        "owning_body": world.owner.pk,
        "reference": reference,
        "title": "A draft proposal",
        "path": "path_3",
        "classification": int(Classification.WHITE),
        "reason": "Raised",
    }
    data.update(extra)
    return data


@pytest.fixture
def hidden_dp075(make_mod):
    return make_mod(reference="DP075", title="Hidden one", level=Classification.AMBER)


def test_a_party_user_creating_a_hidden_modifications_reference_never_hears_it_exists(
    world, hidden_dp075
):
    party = _client(world.users["party"])
    url = reverse("modifications:modification_create")
    taken = party.post(url, _form(world, "DP075"))
    free = party.post(url, _form(world, "DP076"))
    html = taken.content.decode()
    assert "already exists" not in html and NOT_AVAILABLE not in html
    # the same answer as for a reference nobody holds: the permission refusal
    assert taken.status_code == free.status_code == 403
    assert _page(taken) == _page(free)


def test_a_party_user_is_refused_the_create_page_itself(world):
    response = _client(world.users["party"]).get(reverse("modifications:modification_create"))
    assert response.status_code == 403


def test_a_reader_who_may_not_edit_is_refused_before_the_form_is_validated(
    world, make_mod, hidden_dp075
):
    visible = make_mod(reference="DP080", title="Public one")
    url = reverse("modifications:modification_edit", args=[visible.reference])
    member = _client(world.users["panel_member"])  # reads it, runs no body
    response = member.post(url, _form(world, "DP075", title="Public one"))
    assert response.status_code == 403
    assert "already exists" not in response.content.decode()


def test_a_secretariat_hears_the_same_sentence_for_a_hidden_and_a_visible_holder(
    world, make_mod, hidden_dp075
):
    make_mod(reference="DP077", title="Visible to everyone")
    other = world.users["other_body_secretariat"]  # runs TABASC; cannot read the SSC's Amber
    c = _client(other)
    url = reverse("modifications:modification_create")
    hidden = c.post(url, _form(world, "DP075", owning_body=world.other.pk))
    visible = c.post(url, _form(world, "DP077", owning_body=world.other.pk))
    for response in (hidden, visible):
        html = response.content.decode()
        assert response.status_code == 200
        assert "already exists" not in html
        assert NOT_AVAILABLE in html
    errors = [r.context["form"].errors["reference"] for r in (hidden, visible)]
    assert errors[0] == errors[1]


def test_the_service_says_not_available_too(world, hidden_dp075):
    from django.core.exceptions import ValidationError

    from secpanel.modifications.services import modification_create

    with pytest.raises(ValidationError) as exc:
        modification_create(
            actor=world.users["other_body_secretariat"],
            owning_body=world.other,
            reference="DP075",
            title="Clash",
        )
    assert exc.value.message_dict["reference"] == [f"{NOT_AVAILABLE}: choose another."]

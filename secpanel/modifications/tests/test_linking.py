"""Auto-linking of modification references in Markdown, and `references_in`."""

from __future__ import annotations

import pytest

from secpanel.core.classification import Classification
from secpanel.core.text import render_markdown
from secpanel.modifications.selectors import modification_by_reference, references_in
from secpanel.modifications.text import link_references

pytestmark = pytest.mark.django_db


def test_references_in_finds_every_form_in_order_once():
    text = (
        "MP102A and SECMP0024, then DP266, SECMP0024 again, MP071. SEMP0013 is a typo; XMP123 no."
    )
    assert references_in(text) == ["MP102A", "SECMP0024", "DP266", "MP071"]


def test_a_known_white_reference_becomes_a_link_to_its_page(make_mod):
    make_mod()
    out = link_references("An update on SECMP0024 was given.")
    assert out.startswith("An update on [SECMP0024](/modifications/SECMP0024/ ")
    html = render_markdown("An update on SECMP0024 was given.")
    assert 'href="/modifications/SECMP0024/"' in html


def test_public_variant_links_to_the_public_page(make_mod):
    make_mod(
        public_url="https://smartenergycodecompany.co.uk/modifications/"
        "enduring-approach-to-communication-hub-firmware-management/"
    )
    out = link_references("See SECMP0024.", public=True)
    assert (
        "[SECMP0024](https://smartenergycodecompany.co.uk/modifications/"
        "enduring-approach-to-communication-hub-firmware-management/ " in out
    )


def test_unknown_and_hidden_references_stay_plain_text(make_mod):
    make_mod(reference="SECMP0099", title="Secret", level=Classification.AMBER)
    text = "SECMP0099 and SECMP0001 and MP500."
    assert link_references(text) == text
    assert "href" not in render_markdown(text)


def test_references_in_links_and_code_are_left_alone(make_mod):
    make_mod()
    text = (
        "[SECMP0024](https://example.org/x) and `SECMP0024` and "
        "<https://example.org/SECMP0024> and https://example.org/SECMP0024/page\n\n"
        "```\nSECMP0024 in a fence\n```\n\n"
        "    SECMP0024 indented code\n\n"
        "[ref]: https://example.org/SECMP0024\n\n"
        "Plain SECMP0024 here."
    )
    out = link_references(text)
    assert out.count("](/modifications/SECMP0024/") == 1
    assert out.endswith(
        'Plain [SECMP0024](/modifications/SECMP0024/ "Enduring Approach to '
        'Communication Hub Firmware Management") here.'
    )
    assert "[SECMP0024](https://example.org/x)" in out
    assert "`SECMP0024`" in out and "    SECMP0024 indented code" in out


def test_list_items_are_linked_even_when_indented(make_mod):
    make_mod(reference="SECMP0055", title="IRPs")
    text = "- first item\n    continued with SECMP0055\n- SECMP0055 again"
    out = link_references(text)
    assert out.count("[SECMP0055](/modifications/SECMP0055/") == 2


def test_a_longer_reference_is_not_linked_as_a_shorter_one(make_mod):
    make_mod(reference="MP102", title="Base")
    assert link_references("MP102A only") == "MP102A only"
    assert "[MP102]" in link_references("MP102 only")


def test_modification_by_reference_returns_only_what_the_user_may_read(world, make_mod):
    make_mod(reference="SECMP0099", title="Secret", level=Classification.AMBER)
    assert modification_by_reference(world.users["owner_member"], "secmp0099").title == "Secret"
    assert modification_by_reference(world.users["party"], "SECMP0099") is None
    assert modification_by_reference(world.users["party"], "SECMP0001") is None

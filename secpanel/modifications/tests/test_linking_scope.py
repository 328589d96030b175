"""One look-up per request for the modification linker, and releases counted in one query."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from secpanel.core.classification import Classification
from secpanel.core.services import classification_change
from secpanel.core.text import linking_scope, render_markdown
from secpanel.modifications.selectors import release_list, release_modifications, release_rows
from secpanel.modifications.services import release_create

pytestmark = pytest.mark.django_db


def test_in_a_scope_the_texts_of_a_page_look_the_register_up_once(make_mod):
    make_mod()
    make_mod(reference="MP102A", title="Another")
    texts = [f"Text {i} on SECMP0024 and MP102A, not MP500." for i in range(9)]
    with linking_scope(), CaptureQueriesContext(connection) as queries:
        html = [render_markdown(t) for t in texts]
    assert len(queries) == 1
    assert all('href="/modifications/SECMP0024/"' in h and "MP102A</a>" in h for h in html)
    assert all("MP500</a>" not in h for h in html)
    with CaptureQueriesContext(connection) as queries:  # outside a scope: one per text
        assert [render_markdown(t) for t in texts] == html
    assert len(queries) == len(texts)


def test_a_modification_saved_in_the_scope_is_looked_up_again(make_mod, secretariat):
    mod = make_mod()
    with linking_scope():
        assert "href" in render_markdown("On SECMP0024.")
        classification_change(
            actor=secretariat, instance=mod, level=Classification.AMBER, reason="Sensitive"
        )
        assert "href" not in render_markdown("On SECMP0024.")  # never linked once hidden
        make_mod(reference="MP071", title="New")
        assert "href" in render_markdown("On MP071.")


def test_release_rows_count_what_each_reader_may_read(make_mod, panel_secretariat, world):
    first = release_create(
        actor=panel_secretariat,
        name="June 2019 SEC Release",
        planned_date=datetime.date(2019, 6, 27),
    )
    second = release_create(
        actor=panel_secretariat, name="November 2019 SEC Release", reason="Planned"
    )
    make_mod(target_release=first)
    make_mod(reference="MP071", level=Classification.AMBER, target_release=first)
    make_mod(reference="MP102A", level=Classification.RED, target_release=second)
    make_mod(reference="DP266")
    for reader in [AnonymousUser(), *world.users.values()]:
        expected = [(r, release_modifications(reader, r).count()) for r in release_list()]
        with CaptureQueriesContext(connection) as queries:
            rows = release_rows(reader)
        assert rows == expected
        assert len(queries) <= 4  # the reader's memberships, the counts, the releases

"""A paper is a composite record: it is never below a record it includes, and lowering it
needs a chair or the secretariat of every body whose records or appendices are in it — on the
classification page as much as through `paper_update`."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from secpanel.bodies.models import Membership
from secpanel.core.classification import Classification
from secpanel.core.policy import forget_access_profile
from secpanel.core.services import classification_change
from secpanel.meetings.models import Highlight
from secpanel.meetings.services import appendix_add, paper_create, paper_include

pytestmark = pytest.mark.django_db
W, A, R = Classification.WHITE, Classification.AMBER, Classification.RED


def _secretariat(world):
    user = world.users["owner_secretariat"]
    forget_access_profile(user)
    return user


def _paper(world, level=R):
    return paper_create(
        actor=_secretariat(world),
        owning_body=world.owner,
        title="Assurance update",
        date=datetime.date(2019, 5, 2),
        classification=level,
    )


def test_a_paper_is_never_below_a_record_it_includes_even_on_the_classification_page(world):
    paper = _paper(world)
    red = Highlight.objects.create(
        owning_body=world.owner,
        classification=R,
        heading="Red",
        text="T",
        period=datetime.date(2019, 4, 1),
    )
    paper_include(actor=_secretariat(world), paper=paper, record=red)
    with pytest.raises(ValidationError, match="includes a Red record"):
        classification_change(actor=world.users["owner_chair"], instance=paper, level=A, reason="x")
    paper.refresh_from_db()
    assert paper.classification == R and paper.classification_floor() == R


def test_an_appendix_of_another_body_needs_that_bodys_chair_or_secretariat_too(world):
    actor = _secretariat(world)
    paper = _paper(world, level=A)
    Membership.objects.create(user=actor, body=world.other, role="secretariat")
    forget_access_profile(actor)
    appendix = appendix_add(actor=actor, paper=paper, title="TABASC view", classification=R)
    appendix.owning_body = world.other
    appendix.save()
    with pytest.raises(PermissionDenied, match="TABASC"):
        classification_change(actor=world.users["owner_chair"], instance=paper, level=W, reason="x")
    assert paper.content_body_ids() == {world.owner.pk, world.other.pk}
    classification_change(actor=actor, instance=paper, level=W, reason="Agreed by both")
    paper.refresh_from_db()
    assert paper.classification == W

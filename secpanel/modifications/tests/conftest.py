import datetime

import pytest

from secpanel.core.classification import Classification
from secpanel.modifications.services import modification_create


@pytest.fixture
def secretariat(world):
    return world.users["owner_secretariat"]


@pytest.fixture
def panel_secretariat(world):
    """The Panel's secretariat: releases are the Panel's records."""
    from secpanel.accounts.models import User
    from secpanel.bodies.models import Membership

    user = User.objects.create_user(username="panel.secretariat", password="x")
    Membership.objects.create(user=user, body=world.panel, role="secretariat")
    return user


@pytest.fixture
def make_mod(world, secretariat):
    def _make(
        reference="SECMP0024",
        title="Enduring Approach to Communication Hub Firmware Management",
        level=Classification.WHITE,
        **kwargs,
    ):
        kwargs.setdefault("date_raised", datetime.date(2018, 3, 1))
        return modification_create(
            actor=secretariat,
            owning_body=world.owner,
            reference=reference,
            title=title,
            classification=level,
            reason="Raised",
            **kwargs,
        )

    return _make

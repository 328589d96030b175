"""The sign-in page offers no sign-up (there is none: the secretariat creates accounts), and a
signed-in person finds their actions from every page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_sign_in_page_does_not_invite_a_sign_up_that_is_closed(world):
    page = Client().get(reverse("account_login")).content.decode()
    assert "sign up" not in page.lower()
    assert "Accounts are created by the secretariat" in page


def test_my_actions_is_linked_for_a_signed_in_person_only(world):
    url = reverse("meetings:my_actions")
    client = Client()
    assert f'href="{url}"' not in client.get(reverse("home")).content.decode()
    client.force_login(world.users["owner_member"])
    assert f'href="{url}"' in client.get(reverse("home")).content.decode()

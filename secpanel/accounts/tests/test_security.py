"""Account security: two-factor enforcement, lockout, argon2."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_secretariat_without_an_authenticator_is_sent_to_set_one_up(world):
    Authenticator.objects.filter(user=world.users["owner_secretariat"]).delete()
    client = Client()
    client.force_login(world.users["owner_secretariat"])
    response = client.get(reverse("meetings:highlight_list"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_administrator_without_an_authenticator_is_sent_to_set_one_up(world):
    Authenticator.objects.filter(user=world.users["administrator"]).delete()
    client = Client()
    client.force_login(world.users["administrator"])
    assert client.get(reverse("home"))["Location"] == reverse("mfa_activate_totp")


def test_a_member_needs_no_second_factor(world):
    client = Client()
    client.force_login(world.users["owner_member"])
    assert client.get(reverse("home")).status_code == 200


def test_repeated_failures_lock_the_account_out_even_with_the_right_password(world):
    cache.clear()
    client = Client()
    url = reverse("account_login")
    for _ in range(5):
        client.post(url, {"login": "owner_member", "password": "wrong"})
    response = client.post(url, {"login": "owner_member", "password": "pw"})
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in response.content.decode()
    cache.clear()


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.Argon2PasswordHasher"])
def test_passwords_are_hashed_with_argon2(world):
    user = world.users["party"]
    user.set_password("a long passphrase")
    assert user.password.startswith("argon2")


def test_sign_up_is_closed(client):
    response = client.get(reverse("account_signup"))
    assert "closed" in response.content.decode().lower()


def test_password_reset_sends_a_link_by_email(world, mailoutbox):
    client = Client()
    response = client.post(reverse("account_reset_password"), {"email": "owner_member@example.org"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "/accounts/password/reset/key/" in mailoutbox[0].body


def test_password_reset_for_an_unknown_address_says_nothing_about_accounts(world, mailoutbox):
    client = Client()
    response = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    assert response.status_code == 302  # same answer as for a known address
    assert all("/accounts/password/reset/key/" not in m.body for m in mailoutbox)

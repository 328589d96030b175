"""Signing in to the admin goes through the site's own login: password, then the TOTP code, with
the same lockout (issue 10, hole 7). A session that did not pass the second factor is not a
signed-in session for an account that must use it, wherever it came from."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from secpanel.core.demo import DEMO_TOTP_SECRET
from secpanel.testkit.totp import code_with_time_to_spare

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits_and_codes():
    # allauth keeps failed attempts and used TOTP codes in the cache
    cache.clear()
    yield
    cache.clear()


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_the_admin_login_page_sends_people_to_the_site_login():
    response = Client().get("/admin/login/?next=/admin/reports/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/reports/"
    # and the admin itself sends strangers there too
    response = Client().get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/login/")


def test_the_admin_login_form_does_not_sign_in_with_a_password_alone(world):
    client = Client()
    client.post(
        "/admin/login/?next=/admin/",
        {"username": "administrator", "password": "pw", "next": "/admin/"},
    )
    assert not _signed_in(client)
    assert client.get("/admin/").status_code == 302


def test_a_session_that_skipped_the_second_factor_is_sent_back_to_sign_in(world):
    """`Client.login` signs in with the password alone (Django's own login, no allauth
    stages), as the admin's login form did."""
    for username, url in (("administrator", "/admin/"), ("owner_secretariat", "/highlights/")):
        client = Client()
        assert client.login(username=username, password="pw")
        response = client.get(url)
        assert response.status_code == 302, username
        assert response["Location"] == f"/accounts/login/?next={url}"
        assert not _signed_in(client), username


def test_the_administrator_signs_in_with_password_and_code_and_reaches_the_admin(world):
    client = Client()
    response = client.post(reverse("account_login"), {"login": "administrator", "password": "pw"})
    assert response["Location"] == reverse("mfa_authenticate")
    assert not _signed_in(client)
    assert client.get("/admin/").status_code == 302  # the password alone opens nothing
    client.post(reverse("mfa_authenticate"), {"code": code_with_time_to_spare(DEMO_TOTP_SECRET)})
    assert _signed_in(client)
    assert client.get("/admin/").status_code == 200


def test_eight_wrong_passwords_lock_the_administrator_out_of_every_login_form(world):
    admin_form = Client()
    for _ in range(8):
        admin_form.post("/admin/login/", {"username": "administrator", "password": "wrong"})
    admin_form.post("/admin/login/", {"username": "administrator", "password": "pw"})
    assert not _signed_in(admin_form)
    assert admin_form.get("/admin/").status_code == 302

    site_form = Client()
    for _ in range(8):
        site_form.post(reverse("account_login"), {"login": "administrator", "password": "wrong"})
    response = site_form.post(
        reverse("account_login"), {"login": "administrator", "password": "pw"}
    )
    assert "Too many failed login attempts" in response.content.decode()
    assert not _signed_in(site_form)
    assert site_form.get(reverse("mfa_authenticate")).status_code != 200


@pytest.mark.django_db(transaction=True)  # allauth announces a new authenticator on commit
def test_setting_up_an_authenticator_counts_as_passing_it_for_this_session(world):
    """The code typed to activate TOTP proves the second factor; the secretariat is not sent
    back to sign in straight after setting it up."""
    user = world.users["owner_secretariat"]
    Authenticator.objects.filter(user=user).delete()
    client = Client()
    client.post(reverse("account_login"), {"login": user.username, "password": "pw"})
    assert _signed_in(client)
    assert client.get("/highlights/")["Location"] == reverse("mfa_activate_totp")
    client.post(reverse("account_reauthenticate"), {"password": "pw"})  # allauth asks first
    client.get(reverse("mfa_activate_totp"))
    secret = client.session["mfa.totp.secret"]
    response = client.post(reverse("mfa_activate_totp"), {"code": code_with_time_to_spare(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    assert client.get("/highlights/").status_code == 200

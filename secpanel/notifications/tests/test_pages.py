"""The settings page, the follow buttons and the unsubscribe link: through the services (history,
audit event), bad input a field error, hidden and missing alike (404), queries pinned."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from secpanel.core.classification import Classification
from secpanel.core.models import AuditEvent
from secpanel.modifications.services import modification_create
from secpanel.notifications import services
from secpanel.notifications.mail import unsubscribe_token
from secpanel.notifications.models import (
    DigestFrequency,
    Follow,
    FollowKind,
    NotificationSettings,
)

pytestmark = pytest.mark.django_db

SETTINGS = "/notifications/settings/"
G, A, R = Classification.GREEN, Classification.AMBER, Classification.RED


CSRF_RE = re.compile(r"\b[A-Za-z0-9]{64}\b")  # a masked CSRF token differs every response


def _page(response) -> str:
    return CSRF_RE.sub("CSRF", response.content.decode())


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _mod(world, reference, level, title="Mod"):
    return modification_create(
        actor=world.users["owner_secretariat"],
        owning_body=world.owner,
        reference=reference,
        title=title,
        classification=level,
        date_raised=datetime.date(2019, 4, 1),
        reason="Test",
    )


def test_the_settings_page_needs_a_sign_in(world):
    response = Client().get(SETTINGS)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_settings_page_shows_the_defaults_and_what_one_follows(
    world, django_assert_num_queries
):
    member = world.users["owner_member"]
    for n, level in enumerate((G, A, R)):
        services.follow(actor=member, target=_mod(world, f"SECMP00{30 + n}", level, f"F{n}"))
    services.follow(actor=member, target=world.owner)
    client = _client(member)
    client.get(SETTINGS)  # warm the session and caches
    with django_assert_num_queries(9):  # + the mails that could not be delivered
        response = client.get(SETTINGS)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="weekly" selected' in html
    for reference in ("SECMP0030", "SECMP0031", "SECMP0032", world.owner.name):
        assert reference in html
    assert 'data-classification="RED"' in html  # the banner: a RED record is listed


def test_the_settings_page_lists_no_follow_of_a_record_one_can_no_longer_read(world):
    from secpanel.bodies.models import Membership

    member = world.users["owner_member"]
    services.follow(actor=member, target=_mod(world, "SECMP0040", A, "CANARY-FOLLOWED"))
    Membership.objects.filter(user=member).delete()
    html = _client(member).get(SETTINGS).content.decode()
    assert "CANARY-FOLLOWED" not in html and "SECMP0040" not in html


def test_saving_settings_goes_through_the_service_with_history_and_an_event(world):
    member = world.users["owner_member"]
    response = _client(member).post(
        SETTINGS, {"digest": "daily", "mail_actions": "on", "mail_papers": "on"}
    )
    assert response.status_code == 302
    stored = NotificationSettings.objects.get(user=member)
    assert stored.digest == DigestFrequency.DAILY
    assert (stored.mail_actions, stored.mail_consultations, stored.mail_distribution) == (
        True,
        False,
        False,
    )
    assert stored.history.count() == 1
    event = AuditEvent.objects.get(kind="notifications.settings_changed")
    assert event.actor == member and event.after["digest"] == "daily"


def test_bad_settings_are_a_field_error_and_change_nothing(world):
    member = world.users["owner_member"]
    response = _client(member).post(SETTINGS, {"digest": "hourly", "mail_actions": "on"})
    assert response.status_code == 200
    assert "hourly is not one of the available choices" in response.content.decode()
    assert not NotificationSettings.objects.filter(user=member).exists()
    response = _client(member).post(SETTINGS, {"digest": ["daily", "weekly"]})
    assert response.status_code == 200 and not NotificationSettings.objects.exists()


def test_follow_and_unfollow_through_the_button(world):
    member = world.users["owner_member"]
    mod = _mod(world, "SECMP0024", A)
    client = _client(member)
    page = client.get(f"/modifications/{mod.reference}/").content.decode()
    url = reverse("notifications:follow_modification", args=[mod.reference])
    assert f'action="{url}"' in page and ">Follow</button>" in page
    response = client.post(url, {"action": "follow"})
    assert response.status_code == 302 and response["Location"] == mod.get_absolute_url()
    assert Follow.objects.filter(user=member, kind=FollowKind.MODIFICATION).count() == 1
    client.post(url, {"action": "follow"})  # twice is once
    assert Follow.objects.filter(user=member).count() == 1
    assert "Following · stop" in client.get(mod.get_absolute_url()).content.decode()
    client.post(url, {"action": "unfollow"})
    assert not Follow.objects.exists()
    kinds = list(
        AuditEvent.objects.filter(kind__startswith="notifications.follow").values_list(
            "kind", "classification"
        )
    )
    assert kinds == [("notifications.follow_removed", A), ("notifications.follow_added", A)]


def test_bad_follow_input_follows_nothing(world):
    mod = _mod(world, "SECMP0024", G)
    url = reverse("notifications:follow_modification", args=[mod.reference])
    response = _client(world.users["party"]).post(url, {"action": "subscribe-everyone"})
    assert response.status_code == 302 and not Follow.objects.exists()


def test_following_a_hidden_record_is_the_missing_records_404(world):
    mod = _mod(world, "SECMP0024", A, "CANARY-HIDDEN")
    client = _client(world.users["party"])
    hidden = client.post(
        reverse("notifications:follow_modification", args=[mod.reference]), {"action": "follow"}
    )
    missing = client.post(
        reverse("notifications:follow_modification", args=["SECMP9999"]), {"action": "follow"}
    )
    assert hidden.status_code == missing.status_code == 404
    assert _page(hidden) == _page(missing)
    assert not Follow.objects.exists()


def test_no_follow_button_for_the_signed_out(world):
    mod = _mod(world, "SECMP0024", Classification.WHITE)
    page = Client().get(mod.get_absolute_url()).content.decode()
    assert 'data-testid="follow"' not in page
    response = Client().post(
        reverse("notifications:follow_modification", args=[mod.reference]), {"action": "follow"}
    )
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Follow.objects.exists()


def test_a_body_and_a_consultation_can_be_followed(world):
    from secpanel.documents.services import consultation_create

    member = world.users["owner_member"]
    client = _client(member)
    body_page = client.get(f"/bodies/{world.owner.code}/").content.decode()
    assert 'data-testid="follow"' in body_page
    client.post(f"/notifications/follow/bodies/{world.owner.code}/", {"action": "follow"})
    consultation = consultation_create(
        actor=world.users["owner_secretariat"],
        owning_body=world.owner,
        title="C",
        closes_on=datetime.date(2030, 1, 1),
        classification=R,
    )
    assert 'data-testid="follow"' in client.get(consultation.get_absolute_url()).content.decode()
    client.post(f"/notifications/follow/consultations/{consultation.pk}/", {"action": "follow"})
    assert sorted(Follow.objects.values_list("kind", flat=True)) == ["body", "consultation"]
    assert (
        _client(world.users["party"])
        .post(f"/notifications/follow/consultations/{consultation.pk}/", {"action": "follow"})
        .status_code
        == 404
    )


def test_the_unsubscribe_link_works_signed_out_and_asks_first(world, django_assert_num_queries):
    member = world.users["owner_member"]
    url = reverse("notifications:unsubscribe", args=[unsubscribe_token(member, "digest")])
    client = Client()
    with django_assert_num_queries(1):  # the account the link names
        page = client.get(url)
    assert page.status_code == 200 and "Stop the digest?" in page.content.decode()
    assert not NotificationSettings.objects.exists()  # a GET changes nothing
    done = client.post(url)  # the page's button, or a mail client's one-click POST
    assert done.status_code == 200 and 'data-testid="unsubscribed"' in done.content.decode()
    assert NotificationSettings.objects.get(user=member).digest == DigestFrequency.OFF
    event = AuditEvent.objects.get(kind="notifications.settings_changed")
    assert event.actor == member and "by link" in event.reason


def test_a_bad_unsubscribe_token_is_the_404_page(world):
    member = world.users["owner_member"]
    good = unsubscribe_token(member, "action")
    missing = Client().get("/notifications/unsubscribe/nope-key/")
    for bad in (good[:-2] + "xx", "e30:1xX8H3:abc", good.replace(":", "", 1)):
        url = f"/notifications/unsubscribe/{bad}/"
        for response in (Client().get(url), Client().post(url)):
            assert response.status_code == 404
            assert _page(response) == _page(missing)
    assert not NotificationSettings.objects.exists()


def test_an_unsubscribe_link_of_an_inactive_account_is_404(world):
    token = unsubscribe_token(world.users["inactive_owner_member"], "action")
    assert Client().get(f"/notifications/unsubscribe/{token}/").status_code == 404

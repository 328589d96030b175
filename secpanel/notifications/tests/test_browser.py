"""End to end: a Party user follows SECMP0024 in the browser, the secretariat moves it to a new
stage, the worker (the real database queue) sends the digest over SMTP, and its link opens the
modification for the Party user.

A transactional test (the live server and the worker read what the test wrote): the demo data
lives in a never-committed transaction (`demo_data`), which neither can see, so the test builds
its SECMP0024 and its `party` login with the world and the services."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command

from secpanel.core.classification import Classification
from secpanel.modifications.services import modification_create, modification_transition
from secpanel.notifications import tasks
from secpanel.notifications.models import Follow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_party_user_follows_a_modification_and_its_digest_links_back(
    world, page, live_server, login, inbox, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.SECPANEL_SITE_URL = live_server.url
    secretariat = world.users["owner_secretariat"]
    mod = modification_create(
        actor=secretariat,
        owning_body=world.owner,
        reference="SECMP0024",
        title="Incorporation of multiple Issue Resolution Proposals",
        classification=Classification.GREEN,
        reason="Raised",
    )
    login("party")
    page.goto(f"{live_server.url}/modifications/SECMP0024/")
    with page.expect_navigation():
        page.get_by_test_id("follow").get_by_role("button").click()
    assert page.get_by_test_id("follow").inner_text() == "Following · stop"
    assert Follow.objects.filter(user=world.users["party"], modification=mod).exists()

    modification_transition(
        actor=secretariat, obj=mod, name="start_development", reason="Panel agreed"
    )
    tasks.send_digests.enqueue()
    call_command("worker", batch=True, interval=0, verbosity=0, stdout=io.StringIO())

    [digest] = inbox.to("party@example.org")
    assert digest.subject == "[TLP:GREEN] Your weekly secpanel digest"
    assert "SECMP0024 Incorporation of multiple Issue Resolution Proposals" in digest.body
    assert "now at Development Stage" in digest.body
    link = re.search(rf"{re.escape(live_server.url)}/modifications/SECMP0024/", digest.body)
    assert link is not None
    response = page.goto(link.group(0))
    assert response is not None and response.status == 200
    assert page.locator("h1").inner_text() == mod.title
    assert page.get_by_test_id("stage").inner_text() == "Development Stage"

"""The content leak guard (core.leaks): terms of Amber and Red records found in text meant for
a lower audience, on word boundaries and whatever the case; and the secretariat's own terms,
added and withdrawn through core.services with history and an audit event."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from secpanel.core.classification import Classification
from secpanel.core.leaks import Leak, TermIndex, scan
from secpanel.core.models import AuditEvent, SensitiveTerm
from secpanel.core.policy import forget_access_profile
from secpanel.core.services import sensitive_term_add, sensitive_term_remove
from secpanel.smki.models import KeyCustodian, RecoveryExercise

pytestmark = pytest.mark.django_db

W, G, A, R = (
    Classification.WHITE,
    Classification.GREEN,
    Classification.AMBER,
    Classification.RED,
)


@pytest.fixture
def exercise(world):
    return RecoveryExercise.objects.create(
        title="Live recovery exercise", owning_body=world.owner, classification=W
    )


def custodian(world, exercise, name, level):
    return KeyCustodian.objects.create(
        exercise=exercise, name=name, owning_body=world.owner, classification=level
    )


def secretariat(world):
    user = world.users["owner_secretariat"]
    forget_access_profile(user)
    return user


def test_a_red_records_term_in_public_text_is_a_leak_with_its_sentence(world, exercise):
    red = custodian(world, exercise, "Alice Marlowe", R)
    text = "Preparations are on track. Alice Marlowe will hold the key! Nothing else to report."
    assert scan(text, audience_level=W) == [
        Leak("smki.keycustodian", red.pk, R, "Alice Marlowe will hold the key")
    ]
    (leak,) = scan(text, audience_level=W)
    assert leak.message == (
        f"This sentence matches Red record smki.keycustodian {red.pk}: "
        '"Alice Marlowe will hold the key"'
    )


def test_matching_ignores_case_and_line_breaks(world, exercise):
    custodian(world, exercise, "Alice Marlowe", R)
    assert len(scan("ALICE MARLOWE attended.", audience_level=W)) == 1
    assert len(scan("It was alice\n  marlowe.", audience_level=W)) == 1
    assert len(scan("Alice’s deputy, not Alice Marlowe’s.", audience_level=W)) == 1


def test_matching_is_on_word_boundaries(world, exercise):
    custodian(world, exercise, "Kestrel", R)
    assert scan("Kestrels nest on the cliffs.", audience_level=W) == []
    assert scan("The Kestrelwood site.", audience_level=W) == []
    assert scan("Mr Kestrel's letter.", audience_level=W) != []
    assert scan("(Kestrel)", audience_level=W) != []
    assert scan("co-Kestrel", audience_level=W) != []


def test_a_finding_code_is_matched_whole(world):
    from secpanel.core.leaks import TermIndex, TermOwner

    index = TermIndex()
    index.add("G4.9", TermOwner("assurance.finding", 1, R, world.owner.pk))
    assert index.scan("Non-compliant with G4.9.", audience_level=W) != []
    assert index.scan("See G4.91 and G4.9(a).", audience_level=W) != []  # (a) is after a boundary
    assert index.scan("See G4.91 only.", audience_level=W) == []
    assert index.scan("See XG4.9 only.", audience_level=W) == []


def test_terms_shorter_than_three_characters_are_ignored(world, exercise):
    custodian(world, exercise, "Al", R)
    custodian(world, exercise, "Bea", R)
    assert scan("Al said so.", audience_level=W) == []
    assert [leak.sentence for leak in scan("Bea said so.", audience_level=W)] == ["Bea said so"]


def test_only_records_above_the_audience_count(world, exercise):
    amber = custodian(world, exercise, "Amber Person", A)
    custodian(world, exercise, "Green Person", G)
    red = custodian(world, exercise, "Red Person", R)
    text = "Amber Person met Green Person. Red Person did not."
    assert [(leak.pk, leak.level) for leak in scan(text, audience_level=W)] == [
        (amber.pk, A),
        (red.pk, R),
    ]  # Green records declare no guarded terms
    assert [leak.pk for leak in scan(text, audience_level=G)] == [amber.pk, red.pk]
    assert [leak.pk for leak in scan(text, audience_level=A)] == [red.pk]
    assert scan(text, audience_level=R) == []


def test_a_reader_who_may_read_the_record_is_not_leaked_to(world, exercise):
    amber = custodian(world, exercise, "Amber Person", A)
    red = custodian(world, exercise, "Red Person", R)
    text = "Amber Person and Red Person."
    panel_member = world.users["panel_member"]  # Amber of every body, not the SSC's Red
    assert [leak.pk for leak in scan(text, audience_level=W, audience_user=panel_member)] == [
        red.pk
    ]
    assert scan(text, audience_level=W, audience_user=world.users["owner_member"]) == []
    red.red_distribution.add(world.users["red_recipient"])
    assert [
        leak.pk for leak in scan(text, audience_level=W, audience_user=world.users["red_recipient"])
    ] == [amber.pk]


def test_declared_terms_of_assessment_outcomes_letters_and_findings(world):
    from secpanel.assurance.models import AssessmentOutcome, DirectorsLetter, Finding
    from secpanel.smki.models import KeyCustodian

    assert AssessmentOutcome.sensitive_fields == ("assessment__sec_user__organisation__name",)
    assert DirectorsLetter.sensitive_fields == ("sec_user__organisation__name",)
    assert Finding.sensitive_fields == ("obligation",)
    assert KeyCustodian.sensitive_fields == ("name",)


def test_one_loaded_index_scans_many_texts_without_queries(
    world, exercise, django_assert_num_queries
):
    custodian(world, exercise, "Alice Marlowe", R)
    index = TermIndex.load()
    with django_assert_num_queries(0):
        for _ in range(50):
            assert len(index.scan("Alice Marlowe.", audience_level=W)) == 1


# -- free terms -----------------------------------------------------------------------------
def test_a_free_term_on_a_record_is_as_sensitive_as_the_record(world, exercise):
    red = custodian(world, exercise, "Alice Marlowe", R)
    term = sensitive_term_add(
        actor=secretariat(world), term="Project Nightjar", subject=red, reason="Code name"
    )
    (leak,) = scan("Project nightjar starts in June.", audience_level=W)
    assert (leak.model, leak.pk, leak.level) == ("smki.keycustodian", red.pk, R)
    red.classification = W  # the record is declassified: its terms are no longer guarded
    red.save()
    assert scan("Project nightjar starts in June.", audience_level=W) == []
    assert SensitiveTerm.objects.get().pk == term.pk


def test_a_free_standing_term_has_its_own_body_and_level(world):
    term = sensitive_term_add(
        actor=secretariat(world),
        term="Operation Kingfisher",
        owning_body=world.owner,
        level=A,
        reason="Incident name",
    )
    (leak,) = scan("Operation Kingfisher is closed.", audience_level=W)
    assert (leak.model, leak.pk, leak.level) == ("core.sensitiveterm", term.pk, A)
    assert scan("Operation Kingfisher is closed.", audience_level=A) == []


def test_adding_and_removing_terms_is_audited_and_kept_in_history(world, exercise):
    red = custodian(world, exercise, "Alice Marlowe", R)
    actor = secretariat(world)
    term = sensitive_term_add(actor=actor, term="Nightjar", subject=red, reason="Code name")
    added = AuditEvent.objects.get(kind="core.sensitive_term_added")
    assert added.actor == actor and added.reason == "Code name" and added.classification == R
    assert term.history.get().history_user == actor
    with pytest.raises(ValidationError):
        sensitive_term_remove(actor=actor, term=term, reason=" ")
    sensitive_term_remove(actor=actor, term=term, reason="No longer secret")
    assert not SensitiveTerm.objects.exists()
    assert AuditEvent.objects.filter(kind="core.sensitive_term_removed").count() == 1
    assert SensitiveTerm.history.filter(history_type="-").count() == 1
    assert scan("Nightjar.", audience_level=W) == []


def test_only_the_secretariat_of_the_body_may_declare_terms(world, exercise):
    red = custodian(world, exercise, "Alice Marlowe", R)
    for role in ("owner_chair", "owner_member", "other_body_secretariat", "administrator"):
        with pytest.raises(PermissionDenied):
            sensitive_term_add(actor=world.users[role], term="Nightjar", subject=red, reason="x")
    term = sensitive_term_add(
        actor=secretariat(world), term="Nightjar", subject=red, reason="Code name"
    )
    with pytest.raises(PermissionDenied):
        sensitive_term_remove(actor=world.users["other_body_secretariat"], term=term, reason="x")


def test_a_term_must_be_long_enough_and_a_free_term_amber_or_red(world, exercise):
    red = custodian(world, exercise, "Alice Marlowe", R)
    actor = secretariat(world)
    with pytest.raises(ValidationError) as err:
        sensitive_term_add(actor=actor, term=" ab ", subject=red, reason="short")
    assert "term" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        sensitive_term_add(
            actor=actor, term="Kingfisher", owning_body=world.owner, level=G, reason="x"
        )
    assert "level" in err.value.message_dict
    sensitive_term_add(actor=actor, term="Nightjar", subject=red, reason="Code name")
    with pytest.raises(ValidationError):
        sensitive_term_add(actor=actor, term="NIGHTJAR", subject=red, reason="again")


# -- the terms page -------------------------------------------------------------------------
def _terms_url(obj):
    from django.urls import reverse

    return reverse("core:sensitive_terms", args=["smki", "keycustodian", obj.pk])


def test_the_secretariat_adds_and_withdraws_a_term_on_the_records_page(world, exercise):
    from django.test import Client

    red = custodian(world, exercise, "Alice Marlowe", R)
    client = Client()
    client.force_login(secretariat(world))
    page = client.get(_terms_url(red))
    assert page.status_code == 200 and "Alice Marlowe" in page.content.decode()
    refused = client.post(_terms_url(red), {"action": "add", "term": "ab", "reason": "x"})
    assert refused.status_code == 200 and "at least 3 characters" in refused.content.decode()
    added = client.post(
        _terms_url(red), {"action": "add", "term": "Nightjar", "reason": "Code name"}
    )
    assert added.status_code == 302
    term = SensitiveTerm.objects.get()
    assert scan("Nightjar starts.", audience_level=W)[0].pk == red.pk
    withdrawn = client.post(
        _terms_url(red), {"action": "remove", "term_id": term.pk, "reason": "Public now"}
    )
    assert withdrawn.status_code == 302 and not SensitiveTerm.objects.exists()


def test_the_terms_page_is_for_the_secretariat_of_the_body(world, exercise):
    from django.test import Client

    red = custodian(world, exercise, "Alice Marlowe", R)
    member = Client()
    member.force_login(world.users["owner_member"])
    assert member.get(_terms_url(red)).status_code == 403
    outsider = Client()
    outsider.force_login(world.users["panel_member"])
    assert outsider.get(_terms_url(red)).status_code == 404
    assert Client().get(_terms_url(red)).status_code == 302  # to sign in


def test_one_message_per_sentence_names_the_first_record_and_counts_the_others(world, exercise):
    from secpanel.core.leaks import leak_messages

    first = custodian(world, exercise, "Alice Marlowe", R)
    custodian(world, exercise, "Marlowe", R)
    custodian(world, exercise, "Bea Hollis", A)
    leaks = scan("Alice Marlowe called. Bea Hollis did not.", audience_level=W)
    assert leak_messages(leaks) == [
        f'This sentence matches Red record smki.keycustodian {first.pk}: "Alice Marlowe called"'
        " (and 1 other record)",
        f"This sentence matches Amber record smki.keycustodian {leaks[-1].pk}: "
        '"Bea Hollis did not"',
    ]

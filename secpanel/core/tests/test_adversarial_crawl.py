"""An adversarial crawl: canaries planted in AMBER and RED records of every register, then
every URL pattern asked for as every demo login, looking for what must not be there.

Data: the demo data plus canary strings (`CANARY-RED-SSC-HIGHLIGHT-1a2b`, …) written by the
secretariat through the apps' services into AMBER and RED records of the SSC, Ops Group, TABASC,
SMKI PMA, TAG and the Panel, in every classified model: in their text and in the recorded
reason (so audit events and history carry them too). Some are named on a RED distribution list;
some are children readable where their parent is not (an AMBER version of a RED document); some
are cited from records others can read; some are lowered from RED to AMBER; the May 2019 Panel
paper is recompiled, issued and published (its files are downloads) with a June draft beside it.
A few seats are added so that every rule of the brief is exercised (an observer, an alternate,
a former and a future member). Each planted record keeps its level, body and distribution.

Who "may read" what is written out from the product brief over the memberships (`may_read`),
not taken from `core.policy`: anonymous White; signed in + Green; chair, member, alternate or
secretariat of the owning body + Amber and Red; its observer + Amber; Panel chair, member or
alternate + Amber of every body; a named RED recipient that record.

Requests: every pattern of the resolver (the admin and allauth included) with the keys of
planted records the role may read and may not read (`VISIBLE_CAP`, `HIDDEN_CAP` per pattern;
every planted record's own page, `*_detail`, is asked for whatever the caps) and of a record
that does not exist; as a page, as an htmx fragment (`HX-Request: true`) for forms, and as a
POST for hidden and missing records of form and transition URLs (the fragments and POSTs of
each form by half the signed-in roles in turn, `in_turn`); lists with their filters and
searches, the calendar by month, the audit log by kind, exports and downloads (PDF text through
pypdf, DOCX text from its XML).

Assertions, per role: no 5xx; a hidden record answers exactly as a missing one (never 403: the
same status, Location and body, once CSRF tokens are blanked and the address asked for is
written as the missing one's); no canary the role may not read in any response; every page's
banner at least as high as its badges. Controls: every pattern was asked for, every canary was
seen by a role that may read it, every classified model has canaries, the oracle matches the
README's table.

The demo data is the run's one load (`demo_data`, conftest.py); the canaries are planted over
it and rolled back with it after the module's last test. Each role's crawl runs once and is
shared by the assertions.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import logging
import re
import time
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, quote_plus, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from django.utils import timezone

from secpanel.core.classification import Classification
from secpanel.core.tests.test_crawl_demo import BADGE_RE, BANNER_RE

pytestmark = pytest.mark.django_db

W, G, A, R = Classification.WHITE, Classification.GREEN, Classification.AMBER, Classification.RED

ROLES = [
    "anonymous",
    "party",
    "ssc.member",
    "ssc.chair",
    "ops.member",
    "tabasc.member",
    "tag.member",
    "pma.member",
    "panel.member",
    "panel.chair",
    "red.recipient",
    "auditor",
    "secas",
    "secas.ops",
    "admin",
]
# Per role and URL pattern: how many planted records it may read, and how many it may not,
# are tried (every pattern is also tried with a record that does not exist).
VISIBLE_CAP = 2
HIDDEN_CAP = 2
MISSING_PK = "999999"
MISSING = {"reference": "SECMP9999", "code": "nope9999", "slug": "nope9999"}
FULL_SEATS = {"chair", "member", "alternate", "secretariat"}
PANEL_SEATS = {"chair", "member", "alternate"}
BODY_CODES = {
    "SSC": "ssc",
    "OPS": "ops-group",
    "TABASC": "tabasc",
    "PMA": "smki-pma",
    "TAG": "tag",
    "PANEL": "panel",
}


def d(year: int, month: int, day: int) -> datetime.date:
    return datetime.date(year, month, day)


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour))


# --- what was planted ---------------------------------------------------------------------------


@dataclass
class Planted:
    """One record written for the crawl, with what the policy needs to judge who may read it.
    `token` is the canary its text and reason carry (None for records planted without one)."""

    model: type[models.Model]
    pk: Any
    level: Classification
    body_id: int
    body: str
    distribution: frozenset[int]
    token: str | None
    ref: str = ""  # the key its URLs use, when it is not the pk (a modification's reference)
    # False for a token that lives only in reasons (the record's pages are asked for through
    # its other entry): it is looked for everywhere, but no page is expected to show it.
    shown: bool = True

    @property
    def label(self) -> str:
        return f"{self.model.__name__} {self.pk} ({self.level.name} {self.body})"


@dataclass
class Garden:
    records: list[Planted] = field(default_factory=list)
    meetings: list[Any] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # uploaded: removed with the data
    feed_keys: dict[str, str] = field(default_factory=dict)  # role -> its feed key (feeds app)

    def by_model(self, model: type) -> list[Planted]:
        return [p for p in self.records if p.model is model]

    def tokens(self) -> dict[str, Planted]:
        """Each token and the record whose level, body and distribution it has."""
        found: dict[str, Planted] = {}
        for p in self.records:
            if p.token and p.token not in found:
                found[p.token] = p
        return found


class Planter:
    """Writes the canaries through the apps' services, as the secretariat (`secas`)."""

    def __init__(self) -> None:
        from secpanel.bodies.models import Body

        self.users = {u.username: u for u in get_user_model().objects.all()}
        self.sec = self.users["secas"]
        self.bodies = {key: Body.objects.get(code=code) for key, code in BODY_CODES.items()}
        self.garden = Garden()
        self.count = 0

    def token(self, level: Classification, body: str, kind: str) -> str:
        self.count += 1
        digest = hashlib.sha1(f"canary-{self.count}".encode()).hexdigest()[:4]
        return f"CANARY-{level.name}-{body}-{kind}-{digest}"

    def keep(
        self, obj: Any, body: str, token: str | None, *, ref: str = "", shown: bool = True
    ) -> Any:
        model = type(obj)
        fresh = model._default_manager.unrestricted().get(pk=obj.pk)
        self.garden.records.append(
            Planted(
                model=model,
                pk=obj.pk,
                level=Classification(fresh.classification),
                body_id=fresh.owning_body_id,
                body=body,
                distribution=frozenset(fresh.red_distribution.values_list("pk", flat=True)),
                token=token,
                ref=ref,
                shown=shown,
            )
        )
        return obj

    def keep_part(self, obj: Any, parent: Planted, token: str | None) -> None:
        """A plain record that is part of a classified one (a paper's file version, a term
        declared about a record): as sensitive as that record."""
        self.garden.records.append(
            Planted(
                model=type(obj),
                pk=obj.pk,
                level=parent.level,
                body_id=parent.body_id,
                body=parent.body,
                distribution=parent.distribution,
                token=token,
            )
        )

    def who(self, *names: str) -> list[Any]:
        return [self.users[n] for n in names]

    # -- the registers --------------------------------------------------------------------------
    def plant(self) -> Garden:
        self.seats()
        self.meetings()
        self.business()
        self.modifications()
        self.assurance()
        self.documents()
        self.programmes()
        self.smki()
        self.operations()
        self.lowered()
        self.reports()
        self.refresh()
        self.feed_keys()
        return self.garden

    def feed_keys(self) -> None:
        """A private feed key for every demo login (`/feeds/<token>/...` is asked for with the
        role's own key, and with one that does not exist)."""
        from secpanel.feeds.services import feed_token_rotate

        for role in ROLES:
            if role != "anonymous":
                user = self.users[role]
                self.garden.feed_keys[role] = feed_token_rotate(actor=user, user=user)[1]

    def seats(self) -> None:
        """Seats the demo does not have, so that every rule of the brief is exercised: an
        observer (Amber only), an alternate, a former and a future member."""
        from secpanel.bodies.services import membership_add

        for user, body, role, start, end in (
            ("tag.member", "SSC", "observer", None, None),
            ("ops.member", "TABASC", "alternate", None, None),
            ("pma.member", "SSC", "member", d(2018, 1, 1), d(2018, 12, 31)),
            ("party", "TAG", "member", d(2099, 1, 1), None),
        ):
            membership_add(
                actor=self.sec,
                user=self.users[user],
                body=self.bodies[body],
                role=role,
                start_date=start,
                end_date=end,
                reason="Crawl: a seat of every kind",
            )

    def refresh(self) -> None:
        """Levels and distributions as they are now (issuing and publishing change some)."""
        for p in self.garden.records:
            manager = p.model._default_manager
            if not p.shown or not hasattr(manager, "unrestricted"):
                continue
            fresh = manager.unrestricted().get(pk=p.pk)
            p.level = Classification(fresh.classification)
            p.distribution = frozenset(fresh.red_distribution.values_list("pk", flat=True))

    def meetings(self) -> None:
        from secpanel.meetings import services as m

        # A standing item first, so the Ops Group's new meeting copies it onto its agenda.
        t = self.token(A, "OPS", "STANDING")
        item = m.standing_item_create(
            actor=self.sec,
            owning_body=self.bodies["OPS"],
            title=t,
            classification=A,
            reason=t,
        )
        self.keep(item, "OPS", t)
        self.meeting = {}
        for key in BODY_CODES:
            number = 69 if key == "PANEL" else None
            day = d(2019, 6, 14) if key == "PANEL" else d(2019, 5, 20)
            self.meeting[key] = m.meeting_create(
                actor=self.sec,
                body=self.bodies[key],
                number=number,
                starts_at=at(day),
                location="Gemserv, 8 Fenchurch Place, London",
                reason="Crawl meeting",
            )
            self.garden.meetings.append(self.meeting[key])
        for agenda in m.AgendaItem.objects.unrestricted().filter(
            meeting=self.meeting["OPS"], standing=True, title=t
        ):
            self.keep(agenda, "OPS", t)

    def business(self) -> None:
        from secpanel.core.services import sensitive_term_add
        from secpanel.meetings import services as m
        from secpanel.meetings.models import PaperAction, RecommendationVerb
        from secpanel.modifications.models import Modification

        april = d(2019, 4, 1)
        self.highlights: dict[tuple[str, Classification], Any] = {}
        for body in BODY_CODES:
            for level in (A, R):
                t = self.token(level, body, "HIGHLIGHT")
                dist = []
                if (body, level) == ("OPS", R):
                    dist = self.who("red.recipient")
                elif (body, level) == ("PANEL", R):
                    dist = self.who("ssc.member")
                h = m.highlight_create(
                    actor=self.sec,
                    owning_body=self.bodies[body],
                    heading=t,
                    text=f"{t} was discussed.",
                    period=april,
                    classification=level,
                    distribution=dist,
                    reason=t,
                )
                self.highlights[(body, level)] = self.keep(h, body, t)

        # Decisions; the RED SSC one cites a public modification (which must not list it).
        public_mod = Modification.objects.unrestricted().get(reference="SECMP0024")
        self.keep(public_mod, "PANEL", None, ref=public_mod.reference)  # its page lists citers
        for body, level, dist, cites in (
            ("SSC", R, [], [public_mod]),
            ("TABASC", A, [], []),
            ("PANEL", R, ["red.recipient"], []),
            ("OPS", A, [], []),
        ):
            t = self.token(level, body, "DECISION")
            dec = m.decision_record(
                actor=self.sec,
                owning_body=self.bodies[body],
                verb="agreed",
                text=f"{t} was agreed.",
                meeting=self.meeting[body],
                classification=level,
                distribution=self.who(*dist),
                cites=cites,
                reason=t,
            )
            self.keep(dec, body, t)
        # A GREEN decision a Party reads, citing RED and AMBER records it may not.
        t = self.token(G, "PANEL", "DECISION")
        dec = m.decision_record(
            actor=self.sec,
            owning_body=self.bodies["PANEL"],
            verb="noted",
            text=f"{t} noted the Sub-Committees' updates.",
            meeting=self.meeting["PANEL"],
            classification=G,
            cites=[self.highlights[("PANEL", R)], self.highlights[("PANEL", A)]],
            reason=t,
        )
        self.keep(dec, "PANEL", t)

        # Actions, owned by people who may not read them ("My actions").
        for body, level, owner, due in (
            ("OPS", R, "tag.member", d(2019, 6, 12)),
            ("TAG", A, "party", d(2019, 6, 13)),
            ("PMA", R, "ssc.member", d(2019, 6, 17)),
        ):
            t = self.token(level, body, "ACTION")
            act = m.action_create(
                actor=self.sec,
                owning_body=self.bodies[body],
                text=f"{t} to follow up.",
                meeting=self.meeting[body],
                due_date=due,
                owner_person=self.users[owner],
                classification=level,
                reason=t,
            )
            self.keep(act, body, t)

        # Agenda items, attendance, minutes on the crawl's meetings.
        for body, level in (("SSC", R), ("PMA", A), ("PANEL", R)):
            t = self.token(level, body, "AGENDA")
            item = m.agenda_item_add(
                actor=self.sec,
                meeting=self.meeting[body],
                title=t,
                notes=f"{t} notes.",
                classification=level,
                reason=t,
            )
            self.keep(item, body, t)
        t = self.token(R, "SSC", "ATTENDEE")
        row = m.attendance_record(
            actor=self.sec,
            meeting=self.meeting["SSC"],
            name=t,
            role="guest",
            classification=R,
            reason=t,
        )
        self.keep(row, "SSC", t)
        for body, level in (("TAG", R), ("OPS", A)):
            t = self.token(level, body, "MINUTES")
            minutes = m.minutes_save(
                actor=self.sec,
                meeting=self.meeting[body],
                text=f"{t} minuted.",
                classification=level,
                reason=t,
            )
            self.keep(minutes, body, t)
            if level == R:  # a term the secretariat declares sensitive, about these minutes
                term_token = self.token(R, body, "TERM")
                term = sensitive_term_add(
                    actor=self.sec, term=term_token, subject=minutes, reason=term_token
                )
                self.keep_part(term, self.garden.records[-1], term_token)

        # Papers: RED with a recommendation and a file; AMBER and GREEN with RED appendices.
        t = self.token(R, "SSC", "PAPER")
        paper = m.paper_create(
            actor=self.sec,
            owning_body=self.bodies["SSC"],
            title=t,
            date=d(2019, 5, 13),
            meeting=self.meeting["SSC"],
            action=PaperAction.FOR_INFORMATION,
            summary=f"{t} summary.",
            classification=R,
            reason=t,
        )
        self.keep(paper, "SSC", t)
        m.recommendation_add(actor=self.sec, paper=paper, verb=RecommendationVerb.NOTE, text=t)
        version = m.paper_version_upload(
            actor=self.sec,
            paper=paper,
            file=ContentFile(f"{t} file content\n".encode(), name="crawl-paper.txt"),
            note=t,
        )
        self.keep_part(version, self.garden.records[-1], t)
        self.garden.files.append(version.file.name)
        for body, paper_level in (("TABASC", A), ("SSC", G)):
            t = self.token(paper_level, body, "PAPER")
            paper = m.paper_create(
                actor=self.sec,
                owning_body=self.bodies[body],
                title=t,
                date=d(2019, 5, 14),
                meeting=self.meeting[body],
                summary=f"{t} summary.",
                classification=paper_level,
                reason=t,
            )
            self.keep(paper, body, t)
            t = self.token(R, body, "APPENDIX")
            appendix = m.appendix_add(
                actor=self.sec,
                paper=paper,
                title=t,
                text=f"{t} text.",
                classification=R,
                reason=t,
            )
            self.keep(appendix, body, t)

    def modifications(self) -> None:
        from secpanel.meetings import services as m
        from secpanel.modifications import services as mods

        for reference, body, level, dist in (
            ("SECMP0901", "PANEL", R, ["red.recipient"]),
            ("SECMP0902", "TABASC", A, []),
        ):
            t = self.token(level, body, "MODIFICATION")
            mod = mods.modification_create(
                actor=self.sec,
                owning_body=self.bodies[body],
                reference=reference,
                title=t,
                classification=level,
                date_raised=d(2019, 4, 15),
                distribution=self.who(*dist),
                reason=t,
            )
            self.keep(mod, body, t, ref=reference)
        # Advice on public modifications (shown on their pages and in the May paper): an
        # Amber word of the TABASC and a Red one of the SSC's.
        from secpanel.modifications.models import Modification

        for reference, body, level, dist in (
            ("SECMP0024", "TABASC", A, []),
            ("SECMP0024", "SSC", R, ["red.recipient"]),
        ):
            t = self.token(level, body, "ADVICE")
            advice = mods.advice_record(
                actor=self.sec,
                owning_body=self.bodies[body],
                modification=Modification.objects.unrestricted().get(reference=reference),
                kind="other",
                date=d(2019, 4, 15),
                text=t,
                classification=level,
                distribution=self.who(*dist),
                reason=t,
            )
            self.keep(advice, body, t)
        # A public highlight naming both: auto-linking must not reveal their titles (it also
        # goes into the public edition of the May paper).
        public = m.highlight_create(
            actor=self.sec,
            owning_body=self.bodies["TABASC"],
            heading="Modifications in refinement",
            text="The TABASC discussed SECMP0901 and SECMP0902.",
            period=d(2019, 4, 1),
            classification=W,
            reason="Crawl: public highlight naming hidden modifications",
        )
        self.keep(public, "TABASC", None)

    def assurance(self) -> None:
        from secpanel.accounts.models import Organisation, PartyCategory
        from secpanel.assurance import services as a
        from secpanel.meetings.models import Meeting

        ssc_24 = Meeting.objects.get(body=self.bodies["SSC"], starts_at__date=d(2019, 4, 24))
        self.garden.meetings.append(ssc_24)  # where the canary outcomes and letters are decided
        for org_name, dist in (
            ("Zephyr Metering Ltd", ["panel.member", "panel.chair", "red.recipient"]),
            ("Quillon Gas Ltd", []),  # RED of the SSC, named on no distribution list
        ):
            org = Organisation.objects.create(
                name=org_name, short_name=org_name.split()[0], party_category=PartyCategory.OTHER
            )
            t = self.token(R, "SSC", "SECUSER")
            user = a.sec_user_create(
                actor=self.sec,
                owning_body=self.bodies["SSC"],
                organisation=org,
                roles=["other_user"],
                notes=f"{t} notes.",
                classification=R,
                distribution=self.who(*dist),
                reason=t,
            )
            self.keep(user, "SSC", t)
            t = self.token(R, "SSC", "ASSESSMENT")
            assessment = a.assessment_create(
                actor=self.sec,
                sec_user=user,
                assessment_type="verification",
                kind="annual",
                cycle_year=2,
                booked_on=d(2018, 12, 1),
                fieldwork_end=d(2019, 2, 8),
                response_due=d(2019, 4, 5),
                notes=f"{t} notes.",
                reason=t,
            )
            self.keep(assessment, "SSC", t)
            assessment = a.assessment_transition(
                actor=self.sec, obj=assessment, name="start_fieldwork", on=d(2019, 2, 4)
            )
            assessment = a.assessment_transition(
                actor=self.sec, obj=assessment, name="issue_report", on=d(2019, 3, 8)
            )
            t = self.token(R, "SSC", "FINDING")
            finding = a.finding_create(
                actor=self.sec,
                assessment=assessment,
                obligation="G5.14",
                description=f"{t} described.",
                remediation_due=d(2019, 6, 28),
                reason=t,
            )
            self.keep(finding, "SSC", t)
            t = self.token(R, "SSC", "OUTCOME")
            outcome = a.outcome_set(
                actor=self.sec,
                assessment=assessment,
                meeting=ssc_24,
                compliance_status="non-compliant",
                notes=f"{t} notes.",
                reason=t,
            )
            self.keep(outcome, "SSC", t)
            self.keep(outcome.decision, "SSC", None)
            t = self.token(R, "SSC", "LETTER")
            letter = a.letter_create(
                actor=self.sec,
                sec_user=user,
                assessment=assessment,
                received_on=d(2019, 4, 12),
                summary=f"{t} summary.",
                reason=t,
            )
            letter = a.letter_review(
                actor=self.sec, letter=letter, approved=True, meeting=ssc_24, reason=t
            )
            self.keep(letter, "SSC", t)
        # A booked assessment (fieldwork in June: on the calendar).
        t = self.token(R, "SSC", "BOOKED")
        booked = a.assessment_create(
            actor=self.sec,
            sec_user=user,
            assessment_type="verification",
            kind="ad_hoc",
            booked_on=d(2019, 5, 1),
            fieldwork_start=d(2019, 6, 3),
            notes=f"{t} notes.",
            reason=t,
        )
        self.keep(booked, "SSC", t)

    def documents(self) -> None:
        from secpanel.documents import services as docs
        from secpanel.documents.models import ControlledDocument

        # A RED document whose AMBER version a Panel member may read (its page must not name
        # the document), and a RED version of a public document.
        t = self.token(R, "TABASC", "DOCUMENT")
        document = docs.document_create(
            actor=self.sec,
            owning_body=self.bodies["TABASC"],
            title=t,
            description=f"{t} description.",
            classification=R,
            reason=t,
        )
        self.keep(document, "TABASC", t)
        t = self.token(A, "TABASC", "VERSION")
        version = docs.version_create(
            actor=self.sec,
            document=document,
            version="0.9",
            issued_on=d(2019, 5, 2),
            summary=f"{t} summary.",
            classification=A,
            reason=t,
        )
        self.keep(version, "TABASC", t)
        scf = ControlledDocument.objects.unrestricted().get(
            owning_body=self.bodies["SSC"], short_name="SCF"
        )
        self.keep(scf, "SSC", None)  # public, with a RED version its page must not list
        t = self.token(R, "SSC", "VERSION")
        version = docs.version_create(
            actor=self.sec,
            document=scf,
            version="9.99",
            summary=f"{t} summary.",
            classification=R,
            reason=t,
        )
        self.keep(version, "SSC", t)
        for body, level, response_level, dist, closes in (
            ("PMA", R, A, [], d(2019, 6, 20)),
            ("OPS", A, R, ["red.recipient"], d(2019, 6, 21)),
        ):
            t = self.token(level, body, "CONSULTATION")
            consultation = docs.consultation_create(
                actor=self.sec,
                owning_body=self.bodies[body],
                title=t,
                closes_on=closes,
                opens_on=d(2019, 5, 20),
                classification=level,
                reason=t,
            )
            consultation = docs.consultation_transition(
                actor=self.sec, obj=consultation, name="open", reason=t
            )
            self.keep(consultation, body, t)
            t = self.token(response_level, body, "RESPONSE")
            response = docs.response_record(
                actor=self.sec,
                consultation=consultation,
                received_on=d(2019, 5, 28),
                respondent_name="Fenland Networks plc",
                summary=f"{t} summary.",
                classification=response_level,
                distribution=self.who(*dist),
                reason=t,
            )
            self.keep(response, body, t)

    def programmes(self) -> None:
        from secpanel.programmes import services as tst

        t = self.token(R, "TAG", "PROGRAMME")
        programme = tst.programme_create(
            actor=self.sec,
            owning_body=self.bodies["TAG"],
            name=t,
            target_date=d(2019, 6, 25),
            description=f"{t} description.",
            classification=R,
            reason=t,
        )
        self.keep(programme, "TAG", t)
        t = self.token(A, "TAG", "PHASE")
        phase = tst.phase_create(
            actor=self.sec,
            programme=programme,
            phase="sit",
            planned_start=d(2019, 6, 3),
            planned_end=d(2019, 6, 26),
            risk_notes=f"{t} risk.",
            classification=A,
            reason=t,
        )
        self.keep(phase, "TAG", t)
        t = self.token(A, "TAG", "CRITERION")
        criterion = tst.criterion_create(
            actor=self.sec, phase=phase, text=f"{t} met.", classification=A, reason=t
        )
        self.keep(criterion, "TAG", t)
        for level, dist in ((R, ["red.recipient"]), (A, [])):
            t = self.token(level, "TAG", "DMC")
            dmc = tst.dmc_create(
                actor=self.sec,
                owning_body=self.bodies["TAG"],
                name=t,
                programme=programme if level == R else None,
                notes=f"{t} notes.",
                classification=level,
                distribution=self.who(*dist),
                reason=t,
            )
            self.keep(dmc, "TAG", t)

    def smki(self) -> None:
        from secpanel.smki import services as smki

        for level, custodians in ((R, [(A, []), (R, ["red.recipient"])]), (A, [(R, [])])):
            t = self.token(level, "PMA", "EXERCISE")
            exercise = smki.exercise_create(
                actor=self.sec,
                owning_body=self.bodies["PMA"],
                title=t,
                planned_date=d(2019, 6, 18),
                scope=f"{t} scope.",
                classification=level,
                reason=t,
            )
            self.keep(exercise, "PMA", t)
            for custodian_level, dist in custodians:
                t = self.token(custodian_level, "PMA", "CUSTODIAN")
                custodian = smki.custodian_add(
                    actor=self.sec,
                    exercise=exercise,
                    name=t,
                    organisation="DCC",
                    role="Recovery Key custodian",
                    classification=custodian_level,
                    distribution=self.who(*dist),
                    reason=t,
                )
                self.keep(custodian, "PMA", t)

    def operations(self) -> None:
        from secpanel.accounts.models import Organisation
        from secpanel.operations import services as ops

        for level, number in ((R, "901"), (A, "902")):
            t = self.token(level, "OPS", "INCIDENT")
            incident = ops.incident_create(
                actor=self.sec,
                owning_body=self.bodies["OPS"],
                reference=f"DCC-MI-2019-{number}",
                title=t,
                occurred_on=d(2019, 5, 9),
                summary=f"{t} summary.",
                classification=level,
                reason=t,
            )
            self.keep(incident, "OPS", t)
        t = self.token(A, "OPS", "PERFORMANCE")
        review = ops.performance_review_create(
            actor=self.sec,
            owning_body=self.bodies["OPS"],
            period=d(2019, 5, 1),
            summary=f"{t} summary.",
            classification=A,
            reason=t,
        )
        self.keep(review, "OPS", t)
        t = self.token(R, "OPS", "FORECAST")
        forecast = ops.forecast_create(
            actor=self.sec,
            owning_body=self.bodies["OPS"],
            party=Organisation.objects.get(short_name="Ridgeway"),
            period=d(2019, 10, 1),
            due_on=d(2019, 6, 14),
            notes=f"{t} notes.",
            classification=R,
            reason=t,
        )
        self.keep(forecast, "OPS", t)

    def lowered(self) -> None:
        """Records lowered from RED to AMBER: the reasons given while they were RED (and the
        reason for lowering them) stay RED; their content is now AMBER."""
        from secpanel.core.services import classification_change
        from secpanel.meetings import services as m

        secret = self.token(R, "TAG", "REASON")
        t = self.token(A, "TAG", "LOWERED")
        minutes = m.minutes_save(
            actor=self.sec,
            meeting=self._meeting_without_minutes("TAG"),
            text=f"{t} minuted.",
            classification=R,
            reason=secret,
        )
        classification_change(actor=self.sec, instance=minutes, level=A, reason=secret)
        self.keep(minutes, "TAG", t)
        self.garden.records.append(
            Planted(
                model=type(minutes),
                pk=minutes.pk,
                level=R,
                body_id=self.bodies["TAG"].pk,
                body="TAG",
                distribution=frozenset(),
                token=secret,
                shown=False,
            )
        )

    def _meeting_without_minutes(self, body: str) -> Any:
        from secpanel.meetings.services import meeting_create

        return meeting_create(
            actor=self.sec,
            body=self.bodies[body],
            starts_at=at(d(2019, 5, 29)),
            location="Online",
            online=True,
            reason="Crawl meeting",
        )

    def reports(self) -> None:
        from secpanel.reports import services as rep
        from secpanel.reports.models import IssuedFile, PanelReport

        may = PanelReport.objects.unrestricted().get(meeting__number=68)
        rep.report_recompile(actor=self.sec, report=may, note="Recompiled with the canaries")
        rep.report_transition(actor=self.sec, report=may, name="issue", reason="Crawl")
        rep.report_transition(actor=self.sec, report=may, name="publish", reason="Crawl")
        self.keep(may, "PANEL", None)
        for f in IssuedFile.objects.unrestricted().filter(report=may):
            self.keep(f, "PANEL", None)
        june = rep.report_create(actor=self.sec, meeting=self.meeting["PANEL"])
        self.keep(june, "PANEL", None)


# --- who may read what: the product brief, over the demo memberships -----------------------


@dataclass(frozen=True)
class Reader:
    """A role's seats (active memberships), as the brief's rules need them."""

    role: str
    user_id: int | None
    seats: dict[int, frozenset[str]]
    panel_seat: bool  # chair, member or alternate of the Panel


def reader_for(role: str) -> Reader:
    from secpanel.bodies.models import Membership

    if role == "anonymous":
        return Reader(role, None, {}, False)
    user = get_user_model().objects.get(username=role)
    today = timezone.localdate()
    seats: dict[int, set[str]] = {}
    panel_seat = False
    for m in Membership.objects.filter(user=user).select_related("body"):
        if (m.start_date and m.start_date > today) or (m.end_date and m.end_date < today):
            continue
        seats.setdefault(m.body_id, set()).add(m.role)
        panel_seat |= m.body.kind == "panel" and m.role in PANEL_SEATS
    return Reader(role, user.pk, {b: frozenset(r) for b, r in seats.items()}, panel_seat)


def may_read(reader: Reader, record: Planted) -> bool:
    """The brief: anonymous White; signed in + Green; chair, member, alternate or secretariat of
    the owning body + Amber and Red; its observer + Amber; Panel chair, member or alternate +
    Amber of every body; a named RED recipient that record. (Administrators and auditors hold no
    seat: White and Green.)"""
    if record.level == W:
        return True
    if reader.user_id is None:
        return False
    if record.level == G:
        return True
    seats = reader.seats.get(record.body_id, frozenset())
    if seats & FULL_SEATS:
        return True
    if record.level == A:
        return "observer" in seats or reader.panel_seat
    return reader.user_id in record.distribution


# --- every URL pattern ------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    route: str  # as `resolve(path).route` names it
    name: str
    params: tuple[str, ...]
    callback: Any

    @property
    def view_class(self) -> Any:
        # a page's view class, or an API viewset's class (DRF names it `cls`)
        return getattr(self.callback, "view_class", None) or getattr(self.callback, "cls", None)

    @property
    def admin(self) -> bool:
        return self.route.startswith("admin/")

    @property
    def label(self) -> str:
        return self.name or self.route


PARAM_RE = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)")


def all_routes() -> list[Route]:
    found: list[Route] = []

    def walk(patterns: list, prefix: str, namespace: str) -> None:
        for entry in patterns:
            part = str(entry.pattern)
            route = prefix + (part.removeprefix("^") if prefix else part)
            if isinstance(entry, URLResolver):
                ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry.url_patterns, route, ns)
            elif isinstance(entry, URLPattern):
                params = tuple(a or b for a, b in PARAM_RE.findall(route))
                name = f"{namespace}{entry.name}" if entry.name else ""
                found.append(Route(route, name, params, entry.callback))

    walk(get_resolver().url_patterns, "", "")
    return found


def fill(route: Route, values: dict[str, str], query: str = "") -> str:
    """The path of `route` with its parameters set."""
    path = PARAM_RE.sub(lambda m: values[m.group(1) or m.group(2)], route.route)
    path = path.removeprefix("^").removesuffix("$").replace("\\", "")
    return "/" + path + query


# --- what to ask for ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Probe:
    route: Route
    url: str
    method: str = "GET"
    htmx: bool = False
    kind: str = "page"  # page | visible | hidden | missing
    record: Planted | None = None
    missing_url: str = ""  # for a hidden probe: the same request for a record that is not there
    in_query: bool = False  # the record is named in the query string, not the path
    swap: tuple[str, str] = ("", "")  # a searched-for word and the missing one's, as echoed

    @property
    def key(self) -> tuple[str, str, bool]:
        return (self.url, self.method, self.htmx)


# Forms and the POST endpoints behind buttons, by name (function views) or by a `post` method.
FORM_ROUTE = re.compile(
    r"(_create|_edit|_transition|_review|_reschedule|_hold|_milestone|_recompile"
    r"|_restore|_settle|sensitive_terms|classification_edit|_add|_change)$"
)


SUB_PARAMS = {"number": "1", "block": "purpose", "how": "keep", "event": "1"}


def _is_form(route: Route) -> bool:
    return bool(FORM_ROUTE.search(route.name)) or hasattr(route.view_class, "post")


# Every register list (decisions/0021): its CSV, whole and by body and level, and a sort.
LIST_QUERIES = (
    "?format=csv",
    "?format=csv&body=ssc",
    "?format=csv&level=4",
    "?level=4",
    "?body=ops-group&sort=-classification",
)


# The signed-in roles by the kind of reader they are: `in_turn` picks half of each kind.
KINDS = (
    ("secas", "secas.ops", "admin"),
    ("ssc.member", "ssc.chair", "ops.member", "tabasc.member", "tag.member", "pma.member"),
    ("panel.member", "panel.chair"),
    ("party", "red.recipient", "auditor"),
)


def in_turn(role: str, what: str) -> bool:
    """Whether `role` asks for `what` among the probes that half the signed-in roles ask for
    in turn (the public asks for all of them): a list's filtered CSVs and sorts, the search
    over every register for a model's canaries, and a form's htmx fragment and POST. Half of
    each kind of reader (`KINDS`) asks, every other one of the kind from an offset set by
    `what`, so each such probe is asked for by a secretariat role, a body member, a Panel
    member and a Party or named reader at least; every role asks for each page, each list,
    its whole CSV and every record."""
    if role == "anonymous":
        return True
    offset = zlib.crc32(what.encode())
    kind = next(kind for kind in KINDS if role in kind)
    return (kind.index(role) + offset) % 2 == 0


QUERIES: dict[str, list[str]] = {
    "home": ["?page=2"],
    "meetings:meeting_list": ["?body=ssc", "?body=panel", "?body=nope"],
    "meetings:calendar": [
        "?month=2019-04",
        "?month=2019-05",
        "?month=2019-06",
        "?month=9999-99",
        "?month=2019-06&body=ssc",
        "?month=2019-06&body=ops-group",
        "?body=nope",
    ],
    "meetings:action_list": ["?status=open", "?status=closed", "?page=2", *LIST_QUERIES],
    "meetings:highlight_list": ["?page=2", *LIST_QUERIES],
    "meetings:decision_list": ["?page=2", "?sort=-text&format=csv", *LIST_QUERIES],
    "meetings:paper_list": ["?page=2", *LIST_QUERIES],
    "meetings:meeting_create": ["?body=1"],
    "assurance:overview": ["?month=2019-04", "?month=2019-05"],
    "assurance:schedule": ["?on=2019-06-01"],
    "assurance:assessment_list": ["?type=verification", "?type=full", *LIST_QUERIES],
    "assurance:finding_list": ["?open=1", *LIST_QUERIES],
    **{
        name: list(LIST_QUERIES)
        for name in (
            "assurance:user_list",
            "assurance:outcome_list",
            "assurance:letter_list",
            "documents:document_list",
            "documents:consultation_list",
            "programmes:programme_list",
            "programmes:dmc_list",
            "smki:exercise_list",
            "operations:incident_list",
            "operations:performance_list",
            "operations:forecast_list",
            "reports:report_list",
            "reports:published_list",
        )
    },
    "modifications:modification_list": [
        "?stage=open",
        "?body=panel&sort=reference",
        "?page=2",
        "?format=csv",
        "?stage=open&format=csv",
    ],
    "modifications:pipeline": ["?body=tabasc"],
    "modifications:export_csv": ["?stage=open", "?body=panel"],
    "core:audit_log": [
        f"?kind={k}"
        for k in (
            "meetings",
            "assurance",
            "documents",
            "programmes",
            "smki",
            "operations",
            "modifications",
            "reports",
            "classification.declassified",
            "classification.raised",
            "classification.distribution_changed",
            "core.sensitive_term",
            "bodies",
        )
    ]
    + ["?page=2", "?page=3"],
    "admin:autocomplete": [
        "?app_label=accounts&model_name=user&field_name=organisation&term=a",
        "?app_label=meetings&model_name=paperseries&field_name=body&term=s",
    ],
}
# Pages that take a parent record in the query string (prefill): hidden and missing alike.
QUERY_PARENTS: dict[str, str] = {
    "documents:version_create": "document",
    "documents:consultation_create": "document_version",
    "documents:response_create": "consultation",
    "programmes:phase_create": "programme",
    "programmes:criterion_create": "phase",
    "programmes:dmc_create": "programme",
    "smki:custodian_create": "exercise",
    "assurance:assessment_create": "user",
    "assurance:letter_create": "user",
    "meetings:decision_create": "meeting",
    "meetings:action_create": "meeting",
    "meetings:paper_create": "meeting",
    "meetings:highlight_create": "meeting",
}
# A record page's own query variants, asked for visible, hidden and missing records alike.
RECORD_QUERIES: dict[str, list[str]] = {"reports:report_detail": ["?edition=panel"]}
# Routes naming a record of any classified model (the level and terms pages, the admin's
# "view on site" and catch-all) are asked for records of these models (one generic view each).
ANY_RECORD_MODELS = {
    "core": (
        "meetings.Minutes",
        "assurance.Finding",
        "documents.DocumentVersion",
        "smki.KeyCustodian",
        "reports.IssuedFile",
    ),
    "admin": ("meetings.Highlight", "assurance.Finding"),
}
# Pages that answer an htmx request with a fragment of their own (besides forms).
HTMX_PAGES = {"modifications:modification_list"}
# Pages that search: (model searched, parameter).
SEARCHES = {
    "meetings:decision_list": ("meetings.Decision", "q"),
    "meetings:highlight_list": ("meetings.Highlight", "q"),
    "operations:incident_list": ("operations.MajorIncident", "q"),
    "assurance:finding_list": ("assurance.Finding", "q"),
    "modifications:modification_list": ("modifications.Modification", "q"),
    "modifications:export_csv": ("modifications.Modification", "q"),
    "modifications:pipeline": ("modifications.Modification", "q"),
    "search:search": ("*", "q"),  # every register: every planted canary
}
# Patterns no URL reaches: an earlier pattern answers at their address.
SHADOWED = {
    "admin/r/<path:content_type_id>/<path:object_id>/": "secpanel's admin/r/<path:rest> (404)",
}
# Routes whose every planted object is worth a visit (public pages full of classified rows),
# besides every record page (`*_detail`), which is asked for every planted record it may read.
VISIT_ALL = {
    "meetings:meeting_detail",
    "bodies:body_detail",
    "meetings:body_home",
    "reports:file_download",
}


class Prober:
    """Builds one role's requests: every route, with planted records it may and may not read."""

    def __init__(self, reader: Reader, garden: Garden) -> None:
        from django.contrib import admin

        self.reader = reader
        self.garden = garden
        self.admin_models = {
            (m._meta.app_label, m._meta.model_name): m for m in admin.site._registry
        }
        self.probes: list[Probe] = []
        self.unbuilt: list[str] = []

    # -- records ---------------------------------------------------------------------------------
    def split(self, model: type) -> tuple[list[Planted], list[Planted]]:
        """(visible, hidden) planted records of `model`, capped, the most telling first: the
        highest level, then one per body."""
        visible, hidden = [], []
        for p in self.garden.by_model(model):
            if not p.shown:
                continue
            (visible if may_read(self.reader, p) else hidden).append(p)
        return _spread(visible, VISIBLE_CAP), _spread(hidden, HIDDEN_CAP)

    def add(self, probe: Probe) -> None:
        self.probes.append(probe)

    def record_probes(
        self,
        route: Route,
        values_of: Callable[[Planted | None], dict[str, str]],
        model: type,
        queries: Iterable[str],
    ) -> None:
        visible, hidden = self.split(model)
        for query in queries:
            missing = fill(route, values_of(None), query)
            self.variants(route, missing, "missing", None, "")
            for p in visible:
                self.variants(route, fill(route, values_of(p), query), "visible", p, "")
            for p in hidden:
                self.variants(route, fill(route, values_of(p), query), "hidden", p, missing)

    def variants(
        self,
        route: Route,
        url: str,
        kind: str,
        record: Planted | None,
        missing_url: str,
        *,
        in_query: bool = False,
    ) -> None:
        """The page; its htmx fragment for a form; a POST for a hidden or missing record. Every
        role asks for the page; the fragment and the POST of each form go round the roles
        (`in_turn`), hidden and missing alike, so a role that asks for one asks for both."""
        self.add(Probe(route, url, "GET", False, kind, record, missing_url, in_query))
        if not _is_form(route):
            return
        if in_turn(self.reader.role, f"{route.name} htmx"):
            self.add(Probe(route, url, "GET", True, kind, record, missing_url, in_query))
        if (
            kind in ("hidden", "missing")
            and not in_query
            and in_turn(self.reader.role, f"{route.name} POST")
        ):
            self.add(Probe(route, url, "POST", False, kind, record, missing_url))

    # -- routes ------------------------------------------------------------------------------------
    def build(self, routes: list[Route]) -> list[Probe]:
        for route in routes:
            before = len(self.probes)
            self.route(route)
            if len(self.probes) == before:
                self.unbuilt.append(route.label)
        # Every POST after every GET: a POST that wrongly succeeds must not change what the
        # pages showed.
        self.probes.sort(key=lambda p: p.method == "POST")
        return self.probes

    def route(self, route: Route) -> None:
        params = set(route.params)
        if not params:
            self.variants(route, fill(route, {}), "page", None, "")
            for query in QUERIES.get(route.name, []):
                if query in LIST_QUERIES[1:] and not in_turn(self.reader.role, route.name + query):
                    continue
                self.add(Probe(route, fill(route, {}, query)))
                if route.name in HTMX_PAGES:
                    self.add(Probe(route, fill(route, {}, query), htmx=True))
            if route.name in SEARCHES:
                self.search(route, *SEARCHES[route.name])
            if route.name in QUERY_PARENTS:
                self.query_parent(route, QUERY_PARENTS[route.name])
            return
        if route.admin:
            self.admin_route(route)
        elif {"app_label", "model_name", "pk"} <= params:
            names = ("app_label", "model_name", "pk")
            self.any_record(route, lambda p: dict(zip(names, _model_values(p), strict=True)))
        elif params & {"key", "uidb36"}:
            self.add(Probe(route, fill(route, {"key": "nope-key", "uidb36": "zz"})))
        elif params == {"token"}:  # a private feed: the role's own feed key, and a made-up one
            own = self.garden.feed_keys.get(self.reader.role)
            for value in [own] if own else []:
                self.add(Probe(route, fill(route, {"token": value})))
            self.add(Probe(route, fill(route, {"token": "spf_nope-key"})))
        else:
            self.app_route(route, params)

    def app_route(self, route: Route, params: set[str]) -> None:
        from secpanel.bodies.models import Body
        from secpanel.meetings.models import Meeting
        from secpanel.modifications.models import Release

        key, model = subject_of(route)
        if model is None:
            return  # reported by test_every_url_pattern_was_asked_for
        extra = {"name": transition_name(model)} if "name" in params else {}
        # the other parts of a record's sub-pages: a report's version, a wording edit
        extra.update({k: v for k, v in SUB_PARAMS.items() if k in params})
        if model is Meeting:
            self.plain(route, key, [str(m.pk) for m in self.garden.meetings], extra)
        elif model is Body:
            self.plain(route, key, list(BODY_CODES.values()), extra)
        elif model is Release:
            self.plain(route, key, [Release.objects.order_by("pk").first().slug], extra)
        else:
            ref = key == "reference"

            def values_of(p: Planted | None) -> dict[str, str]:
                if p is None:
                    return {key: MISSING.get(key, MISSING_PK), **extra}
                return {key: p.ref if ref else str(p.pk), **extra}

            self.record_probes(route, values_of, model, ["", *RECORD_QUERIES.get(route.name, [])])
            if route.name in VISIT_ALL or route.name.endswith("_detail"):
                # every planted record's own page: those it may read, and those it may not
                missing = fill(route, values_of(None))
                for p in self.garden.by_model(model):
                    if not p.shown:
                        continue
                    url = fill(route, values_of(p))
                    if may_read(self.reader, p):
                        self.add(Probe(route, url, kind="visible", record=p))
                    else:
                        self.add(Probe(route, url, kind="hidden", record=p, missing_url=missing))

    def plain(self, route: Route, key: str, values: list[str], extra: dict[str, str]) -> None:
        """A public record (a meeting, a body, a release): its pages list classified rows."""
        chosen = values if route.name in VISIT_ALL else values[:1]
        for value in chosen:
            self.variants(route, fill(route, {key: value, **extra}), "page", None, "")
        missing = fill(route, {key: MISSING.get(key, MISSING_PK), **extra})
        self.variants(route, missing, "page", None, "")

    def any_record(self, route: Route, values_of: Callable[[Planted], dict[str, str]]) -> None:
        """Routes naming a record of any classified model (app label, model name, key): up to
        `HIDDEN_CAP` hidden records of each model, compared with a missing one of that model."""
        wanted = ANY_RECORD_MODELS["admin" if route.admin else "core"]
        by_model: dict[type, list[Planted]] = {}
        for p in self.garden.records:
            if p.shown and p.model._meta.label in wanted:
                by_model.setdefault(p.model, []).append(p)
        for model, records in by_model.items():
            missing = fill(route, values_of(_missing_of(model)))
            self.variants(route, missing, "missing", None, "")
            visible = _spread([p for p in records if may_read(self.reader, p)], 1)
            hidden = _spread([p for p in records if not may_read(self.reader, p)], 1)
            for p in visible:
                self.variants(route, fill(route, values_of(p)), "visible", p, "")
            for p in hidden:
                self.variants(route, fill(route, values_of(p)), "hidden", p, missing)

    def admin_route(self, route: Route) -> None:
        params = set(route.params)
        if params == {"app_label"}:
            for label in re.search(r"\(\?P<app_label>([^)]*)\)", route.route).group(1).split("|"):
                self.add(Probe(route, fill(route, {"app_label": label})))
            return
        if params == {"url"}:  # the catch-all: classified models have no admin
            self.any_record(route, lambda p: {"url": "/".join(_model_values(p)) + "/change/"})
            self.add(Probe(route, fill(route, {"url": "meetings/highlight/"})))
            self.add(Probe(route, fill(route, {"url": "core/auditevent/"})))
            return
        if params == {"rest"}:  # /admin/r/<content type>/<object>/ (view on site)
            self.any_record(route, lambda p: {"rest": "{}/{}/".format(*_ct_values(p))})
            return
        if params == {"content_type_id", "object_id"}:
            names = ("content_type_id", "object_id")
            self.any_record(route, lambda p: dict(zip(names, _ct_values(p), strict=True)))
            return
        if params == {"object_id"}:
            match = re.match(r"admin/(\w+)/(\w+)/", route.route)
            model = self.admin_models.get((match.group(1), match.group(2))) if match else None
            if model is not None:
                first = model._default_manager.order_by("pk").values_list("pk", flat=True)[:1]
                for value in [*map(str, first), MISSING_PK]:
                    self.variants(route, fill(route, {"object_id": value}), "page", None, "")

    def search(self, route: Route, model_label: str, param: str) -> None:
        """Search for the canary of each hidden record: the answer must be the one for a word
        no record has (the page echoes the word; that is the only difference allowed)."""
        from django.apps import apps

        nothing = "zzzz-no-such-record"
        missing = fill(route, {}, f"?{param}={nothing}")
        htmx = (False, True) if route.name in HTMX_PAGES else (False,)
        for hx in htmx:
            self.add(Probe(route, missing, htmx=hx, kind="missing"))
        if model_label == "*":
            planted = self.search_sample()
        else:
            planted = self.garden.by_model(apps.get_model(model_label))
        for p in planted:
            if not (p.shown and p.token):
                continue
            url = fill(route, {}, f"?{param}={p.token}")
            readable = may_read(self.reader, p)
            for hx in htmx:
                if readable:
                    self.add(Probe(route, url, htmx=hx, kind="visible", record=p))
                else:
                    self.add(
                        Probe(route, url, "GET", hx, "hidden", p, missing, True, (p.token, nothing))
                    )

    def search_sample(self) -> list[Planted]:
        """For the search over every register: of each model, the hidden records `split` picks
        (highest level first, as many bodies as possible) and one it may read, for the models
        this role searches in turn (`in_turn`). Every level of
        every classified model is searched for as every role by the visibility matrix
        (search/tests/matrix.py) and search/tests/test_search.py; here the point is the page
        among all the others, probed as a hostile reader would."""
        chosen: list[Planted] = []
        by_model: dict[type, list[Planted]] = {}
        for p in self.garden.records:
            if p.shown and p.token:
                by_model.setdefault(p.model, []).append(p)
        for model, records in by_model.items():
            if not in_turn(self.reader.role, f"{model.__module__}.{model.__name__}"):
                continue
            visible = [p for p in records if may_read(self.reader, p)]
            hidden = [p for p in records if not may_read(self.reader, p)]
            chosen += _spread(visible, 1) + _spread(hidden, HIDDEN_CAP)
        return chosen

    def query_parent(self, route: Route, param: str) -> None:
        """A create page with its parent in the query string (`?document=<pk>`)."""
        if param == "meeting":  # meetings are public
            for value in (str(self.garden.meetings[0].pk), MISSING_PK):
                self.variants(route, fill(route, {}, f"?meeting={value}"), "page", None, "")
            return
        visible, hidden = self.split(_prefill_model(route.view_class, param))
        missing = fill(route, {}, f"?{param}={MISSING_PK}")
        self.variants(route, missing, "missing", None, "", in_query=True)
        for p in visible:
            self.variants(route, fill(route, {}, f"?{param}={p.pk}"), "visible", p, "")
        for p in hidden:
            url = fill(route, {}, f"?{param}={p.pk}")
            self.variants(route, url, "hidden", p, missing, in_query=True)


def _spread(records: list[Planted], cap: int) -> list[Planted]:
    """Up to `cap` records, highest level first and as many bodies as possible."""
    ordered = sorted(records, key=lambda p: (-int(p.level), p.body, str(p.pk)))
    chosen: list[Planted] = []
    for p in ordered:
        if len(chosen) < cap and all(p.body != c.body or p.level != c.level for c in chosen):
            chosen.append(p)
    for p in ordered:
        if len(chosen) < cap and p not in chosen:
            chosen.append(p)
    return chosen


def _missing_of(model: type) -> Planted:
    return Planted(model, MISSING_PK, W, 0, "", frozenset(), None)


def _model_values(p: Planted) -> tuple[str, str, str]:
    """(app label, model name, key) of a planted record."""
    return p.model._meta.app_label, str(p.model._meta.model_name), str(p.pk)


def _ct_values(p: Planted) -> tuple[str, str]:
    """(content type, key) of a planted record, as "view on site" names it."""
    from django.contrib.contenttypes.models import ContentType

    return str(ContentType.objects.get_for_model(p.model).pk), str(p.pk)


def _prefill_model(view: Any, param: str) -> type:
    from secpanel.assurance.models import SecUser

    if param == "user":
        return SecUser
    return view.model._meta.get_field(param).related_model


def subject_of(route: Route) -> tuple[str, type | None]:
    """The URL parameter naming the page's record, and that record's model (None when the
    crawl does not know it: add the route to `by_name`)."""
    from secpanel.assurance.models import UserSecurityAssessment
    from secpanel.bodies.models import Body
    from secpanel.meetings.models import Action, Meeting, Minutes, Paper, PaperVersion
    from secpanel.modifications.models import Modification, Release
    from secpanel.reports.models import IssuedFile, PanelReport

    by_name = {
        "assurance:assessment_transition": UserSecurityAssessment,
        "meetings:meeting_detail": Meeting,
        "feeds:meeting_ics": Meeting,
        "meetings:meeting_edit": Meeting,
        "meetings:meeting_transition": Meeting,
        "meetings:minutes_transition": Minutes,
        "meetings:action_transition": Action,
        "meetings:paper_transition": Paper,
        "meetings:paper_version_download": PaperVersion,
        "reports:file_download": IssuedFile,
        "reports:report_edit": PanelReport,
        "reports:report_recompile": PanelReport,
        "reports:report_compare": PanelReport,
        "reports:report_restore": PanelReport,
        "reports:report_edit_settle": PanelReport,
        "reports:report_transition": PanelReport,
    }
    resource = getattr(route.view_class, "resource", None)  # an API register (secpanel.api)
    if resource is not None:
        return resource.lookup, resource.model
    parents = {"meeting_pk": Meeting, "paper_pk": Paper, "assessment_pk": UserSecurityAssessment}
    for key, model in parents.items():
        if key in route.params:
            return key, model
    if "reference" in route.params:
        return "reference", Modification
    if "code" in route.params:
        return "code", Body
    if "slug" in route.params:
        return "slug", Release
    return "pk", by_name.get(route.name) or getattr(route.view_class, "model", None)


def transition_name(model: type) -> str:
    from secpanel.core.workflow import registered

    for machine in registered():
        if machine.model is model:
            return next(iter(machine))
    return "issue"


# --- asking, and what came back -----------------------------------------------------------------


@dataclass
class Seen:
    probe: Probe
    status: int
    content_type: str
    location: str = ""
    tokens: frozenset[str] = frozenset()
    digest: str = ""  # the body and Location as compared between hidden and missing
    banner: str = ""  # what is wrong with the banner, if anything
    error: str = ""
    seconds: float = 0.0


@dataclass
class Crawl:
    role: str
    seen: list[Seen] = field(default_factory=list)
    unbuilt: list[str] = field(default_factory=list)
    routes: set[str] = field(default_factory=set)  # the patterns asked for
    signed_in: bool = False  # still signed in after the crawl (nothing signed it out)
    seconds: float = 0.0

    def by_key(self) -> dict[tuple[str, str, bool], Seen]:
        return {s.probe.key: s for s in self.seen}


CSRF_RE = re.compile(r"\b[A-Za-z0-9]{64}\b")  # masked CSRF tokens change with every response
ALNUM_RE = re.compile(r"[^a-z0-9]")


def squash(text: str) -> str:
    """Lower case, letters and digits only: a token split by a line break, a hyphenation or
    markup (a PDF's text, a slug) is still found."""
    return ALNUM_RE.sub("", text.lower())


def response_text(response: Any) -> str:
    """The text of a response: HTML, JSON, CSV and text as they are; a PDF's extracted text;
    a DOCX's document text."""
    # The test client closes a streaming response once its content is read (with
    # request_finished detached from close_old_connections). Never close it again here: that
    # fires request_finished with it attached, which closes a PostgreSQL connection inside the
    # demo data's open transaction (an in-memory SQLite one survives it).
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:5] == b"%PDF-":
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)
    if content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(content)) as z:
            names = [n for n in z.namelist() if n.startswith("word/") and n.endswith(".xml")]
            return " ".join(re.sub(r"<[^>]+>", "", z.read(n).decode()) for n in names)
    return content.decode("utf-8", errors="replace")


def _comparable(text: str, location: str, probe: Probe) -> str:
    """Body and Location with the per-response CSRF tokens blanked and, for a hidden probe,
    its URL written as the missing one's (a sign-in redirect names the page asked for)."""
    out = f"{location}\n{CSRF_RE.sub('CSRF', text)}"
    if probe.kind == "hidden":
        for encode in (
            lambda u: u,
            lambda u: quote(u, safe="/"),
            lambda u: quote(u, safe=""),
            quote_plus,
        ):
            out = out.replace(encode(probe.url), encode(probe.missing_url))
            if probe.swap[0]:
                out = out.replace(encode(probe.swap[0]), encode(probe.swap[1]))
    return hashlib.sha256(out.encode()).hexdigest()


def _banner_problem(probe: Probe, text: str) -> str:
    banners = BANNER_RE.findall(text)
    badges = [Classification[b.upper()] for b in BADGE_RE.findall(text)]
    if probe.route.admin:
        return f"{len(badges)} classification badges in the admin" if badges else ""
    if len(banners) != 1:
        return f"{len(banners)} classification banners"
    banner = Classification[banners[0]]
    highest = Classification.high_water(badges)
    return f"banner {banner.name} below a {highest.name} badge" if highest > banner else ""


def ask(client: Client, probe: Probe, tokens: dict[str, str]) -> Seen:
    headers = {"HX-Request": "true"} if probe.htmx else {}
    call = client.post if probe.method == "POST" else client.get
    started = time.monotonic()
    response = call(probe.url, headers=headers)
    content_type = response.get("Content-Type", "")
    seen = Seen(probe, response.status_code, content_type, response.get("Location", ""))
    exc = getattr(response, "exc_info", None)
    if exc:
        seen.error = f"{exc[0].__name__}: {exc[1]}"
    text = response_text(response)
    # Pages are searched as they are (cheap); extracted and other texts letters and digits only.
    if "canary" in text.lower() or not content_type.startswith("text/html"):
        flat = squash(text)
        asked = squash(probe.url)
        seen.tokens = frozenset(
            t for t, flat_t in tokens.items() if flat_t in flat and flat_t not in asked
        )
    if probe.kind in ("hidden", "missing"):
        seen.digest = _comparable(text, seen.location, probe)
    if (
        seen.status == 200
        and content_type.startswith("text/html")
        and not probe.htmx
        and probe.method == "GET"
        and not response.get("Content-Disposition", "").startswith("attachment")
    ):
        seen.banner = _banner_problem(probe, text)
    seen.seconds = time.monotonic() - started
    return seen


def crawl(role: str, garden: Garden, routes: list[Route]) -> Crawl:
    started = time.monotonic()
    client = Client(raise_request_exception=False)
    if role != "anonymous":
        client.force_login(get_user_model().objects.get(username=role))
    prober = Prober(reader_for(role), garden)
    probes = prober.build(routes)
    tokens = {t: squash(t) for t in garden.tokens()}
    result = Crawl(role, unbuilt=prober.unbuilt, routes={p.route.route for p in probes})
    asked: set[tuple[str, str, bool]] = set()
    # 404s and 403s are expected by the hundred: do not format and print each one.
    quiet = [logging.getLogger(n) for n in ("django.request", "django.security.csrf")]
    levels = [logger.level for logger in quiet]
    try:
        for logger in quiet:
            logger.setLevel(logging.ERROR)
        for probe in probes:
            if probe.key not in asked:
                asked.add(probe.key)
                result.seen.append(ask(client, probe, tokens))
    finally:
        for logger, level in zip(quiet, levels, strict=True):
            logger.setLevel(level)
    home = client.get("/")
    result.signed_in = b'data-testid="whoami"' in home.content
    result.seconds = time.monotonic() - started
    return result


_CRAWLS: dict[str, Crawl] = {}


@pytest.fixture(scope="module")
def crawls(garden):
    routes = all_routes()

    def get(role: str) -> Crawl:
        if role not in _CRAWLS:
            _CRAWLS[role] = crawl(role, garden, routes)
            c = _CRAWLS[role]
            print(f"\n{role}: {len(c.seen)} requests in {c.seconds:.1f}s")
        return _CRAWLS[role]

    yield get
    _CRAWLS.clear()


@pytest.fixture(scope="module")
def garden(demo_data, django_db_blocker):
    """The canaries, planted once over the demo data; rolled back with the module's demo data
    after its last test (their stored files are deleted here)."""
    planter = None
    try:
        with django_db_blocker.unblock():
            planter = Planter()
            garden = planter.plant()
        yield garden
    finally:
        for stored in planter.garden.files if planter else ():
            default_storage.delete(stored)


def _lines(found: list[str], limit: int = 60) -> str:
    more = f"\n… and {len(found) - limit} more" if len(found) > limit else ""
    return f"{len(found)} found:\n" + "\n".join(found[:limit]) + more


def _where(seen: Seen) -> str:
    p = seen.probe
    how = f"{p.method}{' htmx' if p.htmx else ''}"
    return f"{how} {p.url} [{p.route.label}] -> {seen.status}"


# --- the assertions -----------------------------------------------------------------------------
#
# Found by this crawl and fixed: /minutes/<pk>/ showed, under "Why", the reasons recorded while
# the minutes were RED to those who may read them now they are AMBER; /reports/<pk>/ listed
# the Panel edition's RED files under an AMBER banner.
#
# The brief's one composite rule: "Panel member: reads the monthly pack, including the
# confidential appendix". Appendix A (RED, in the Panel edition only) reports the SSC's
# assurance records of the month to the Panel, whoever they were distributed to; its
# compiling secretariat holds authority over the SSC's records (decisions/0003). So a Panel
# chair, member or alternate may read an assurance record's token on the Panel edition of a
# report (its page with ?edition=panel and its Panel-edition files), and nowhere else.

APPENDIX_A_MODELS = {
    "AssessmentOutcome",
    "Finding",
    "DirectorsLetter",
    "SecUser",
    "UserSecurityAssessment",
}


def _panel_edition_urls() -> set[str]:
    from django.urls import reverse

    from secpanel.reports.models import Edition, IssuedFile

    return {
        reverse("reports:file_download", args=[f.pk])
        for f in IssuedFile.objects.unrestricted().filter(edition=Edition.PANEL)
    }


def _in_the_panel_pack(reader: Reader, record: Planted, url: str, pack: set[str]) -> bool:
    if not reader.panel_seat or record.model.__name__ not in APPENDIX_A_MODELS:
        return False
    path, _, query = url.partition("?")
    return path in pack or (path.startswith("/reports/") and "edition=panel" in query)


@pytest.mark.parametrize("role", ROLES)
def test_no_response_is_a_server_error(crawls, role):
    crawl = crawls(role)
    assert crawl.signed_in == (role != "anonymous"), "the crawl's session changed hands"
    errors = [f"{_where(s)} {s.error}" for s in crawl.seen if s.status >= 500]
    assert errors == [], _lines(errors)


# A hidden record may answer only as a missing one does: not found, a method not allowed, or
# (signed out, or outside the admin) a redirect to sign in.
ALLOWED_FOR_HIDDEN = {404, 405, 302}
SIGN_IN = ("/accounts/login/", "/admin/login/")


@pytest.mark.parametrize("role", ROLES)
def test_a_hidden_record_answers_exactly_as_a_missing_one(crawls, role):
    crawl = crawls(role)
    seen = crawl.by_key()
    problems = []
    for s in crawl.seen:
        if s.probe.kind != "hidden":
            continue
        missing = seen[(s.probe.missing_url, s.probe.method, s.probe.htmx)]
        what = f"{_where(s)} ({s.probe.record.label})"
        if s.status == 403 and not s.probe.in_query:
            problems.append(f"{what}: 403 tells a hidden record from a missing one")
        elif not s.probe.in_query and (
            s.status not in ALLOWED_FOR_HIDDEN
            or (s.status == 302 and not urlsplit(s.location).path.startswith(SIGN_IN))
        ):
            problems.append(f"{what}: {s.status} {s.location}".rstrip())
        if (s.status, s.digest) != (missing.status, missing.digest):
            problems.append(f"{what}: differs from the missing record's {_where(missing)}")
    assert problems == [], _lines(problems)


@pytest.mark.parametrize("role", ROLES)
def test_no_response_shows_a_canary_the_role_may_not_read(crawls, garden, role):
    crawl = crawls(role)
    reader = reader_for(role)
    owners = garden.tokens()
    pack = _panel_edition_urls()
    leaks = sorted(
        f"{_where(s)}: {token} of {owners[token].label}"
        for s in crawl.seen
        for token in s.tokens
        if not may_read(reader, owners[token])
        and not _in_the_panel_pack(reader, owners[token], s.probe.url, pack)
    )
    assert leaks == [], _lines(leaks)


@pytest.mark.parametrize("role", ROLES)
def test_every_page_has_a_banner_at_least_as_high_as_its_badges(crawls, role):
    problems = [f"{_where(s)}: {s.banner}" for s in crawls(role).seen if s.banner]
    assert problems == [], _lines(problems)


@pytest.mark.parametrize("role", ROLES)
def test_every_url_pattern_was_asked_for(crawls, role):
    """Every pattern of the resolver was requested (a pattern shadowed by an earlier one, such
    as the admin's own login behind allauth's, is requested at its address all the same)."""
    crawl = crawls(role)
    assert crawl.unbuilt == [], "routes the crawl could not build a URL for"
    assert crawl.routes == {r.route for r in all_routes()}
    wrong = []
    for s in crawl.seen:
        try:
            got = resolve(urlsplit(s.probe.url).path).route
        except Resolver404:
            got = "nothing"
        if got != s.probe.route.route and s.probe.route.route not in SHADOWED:
            wrong.append(f"{s.probe.url}: {got} instead of {s.probe.route.route}")
    assert wrong == [], _lines(wrong)


def test_in_turn_asks_half_of_every_kind_of_reader():
    """The sample of `in_turn`: every signed-in role is of one kind, and whatever the probe,
    at least one role of every kind asks for it, and no more than half of a kind rounded up."""
    signed_in = [role for role in ROLES if role != "anonymous"]
    assert sorted(r for kind in KINDS for r in kind) == sorted(signed_in)
    forms = [r.name for r in all_routes() if _is_form(r) and not r.admin]
    for what in [f"{name} {how}" for name in forms for how in ("htmx", "POST")] + ["x", "y"]:
        assert in_turn("anonymous", what)
        for kind in KINDS:
            asking = [role for role in kind if in_turn(role, what)]
            assert 1 <= len(asking) <= (len(kind) + 1) // 2, (what, kind, asking)


def test_every_canary_reached_a_reader(crawls, garden):
    """The control: every canary shown on a page was found by some role that may read it, so
    the leak check would have seen it anywhere else."""
    found: dict[str, set[str]] = {}
    for role in ROLES:
        for s in crawls(role).seen:
            for token in s.tokens:
                found.setdefault(token, set()).add(role)
    all_readers = {role: reader_for(role) for role in ROLES}
    unseen = []
    for token, owner in garden.tokens().items():
        readers = {r for r in ROLES if may_read(all_readers[r], owner)}
        if owner.shown and not (found.get(token, set()) & readers):
            unseen.append(f"{token} ({owner.label}), readable by {sorted(readers)}")
    assert unseen == [], _lines(unseen)


def test_every_classified_model_has_planted_records(garden):
    """A new classified model must get canaries here too (and its pages a place in the crawl)."""
    from django.apps import apps

    from secpanel.core.models import ClassifiedModel

    models = {
        m for m in apps.get_models() if issubclass(m, ClassifiedModel) and not m._meta.abstract
    }
    planted = {p.model for p in garden.records}
    assert sorted(m.__name__ for m in models - planted) == []
    levels = {(p.level, p.body) for p in garden.records if p.token}
    assert {(level, body) for level in (A, R) for body in BODY_CODES} <= levels


def test_the_oracle_is_the_brief(garden):
    """The oracle against the README's table, for a RED and an AMBER record of each body."""
    readers = {role: reader_for(role) for role in ROLES}
    assert readers["admin"].seats == readers["auditor"].seats == {}
    assert readers["panel.member"].panel_seat and readers["panel.chair"].panel_seat
    ssc = garden.tokens()
    red_ssc = next(
        p for p in ssc.values() if p.body == "SSC" and p.level == R and not p.distribution
    )
    amber_ssc = next(p for p in ssc.values() if p.body == "SSC" and p.level == A)
    assert {r for r in ROLES if may_read(readers[r], red_ssc)} == {
        "ssc.member",
        "ssc.chair",
        "secas",
    }
    assert {r for r in ROLES if may_read(readers[r], amber_ssc)} == {
        "ssc.member",
        "ssc.chair",
        "secas",
        "panel.member",
        "panel.chair",
        "tag.member",  # observer of the SSC (a seat the crawl adds)
    }

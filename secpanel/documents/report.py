"""What the documents register gives the Panel paper (`core.paper`): the document versions a
body approved in the month ("The SSC agreed and approved the SCF V1.16 and Agreed
Interpretations V1.7.") and the industry reviews and consultations it opened, with their
deadlines ("Comments are due by 20 May 2019.")."""

from __future__ import annotations

import re
from collections import defaultdict

from django.contrib.auth.models import AnonymousUser
from django.db.models import F

from secpanel.bodies.models import Body
from secpanel.core import paper
from secpanel.core.classification import Classification
from secpanel.core.paper import Fact, PaperContext, Phrase
from secpanel.core.text import linking_memo
from secpanel.documents.models import (
    Consultation,
    ConsultationKind,
    ControlledDocument,
    DocumentVersion,
)
from secpanel.documents.selectors import consultation_list, version_list

WHITE = Classification.WHITE

paper.register_phrases(
    {
        "documents.approved.heading": Phrase("Documents approved", one="Document approved"),
        "documents.approved": Phrase("The {short} agreed and approved the {documents}."),
        "documents.review.heading": Phrase("Industry reviews"),
        "documents.review": Phrase(
            "The {documents} have been issued for industry review. Comments are due by {date}.",
            one="The {documents} has been issued for industry review. Comments are due by {date}.",
        ),
        "documents.review.brief": Phrase(
            "Comments are due by {date}.",
            help="Under a highlight that already says what was issued.",
        ),
        "documents.consultation.heading": Phrase("Consultations"),
        "documents.consultation": Phrase(
            "The {short} opened the {titles}. Responses are due by {date}.",
        ),
        "documents.consultation.brief": Phrase("Responses are due by {date}."),
    }
)


_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\[\]]*\])*\]\([^)]*\)|<[^>]+>|https?://\S+")


_MEMO_KEY = "documents.public_pages"


def _public_documents() -> list[ControlledDocument]:
    """The White controlled documents with a public page (the public's view). In a
    `core.text.linking_scope()` (a compile of the paper, a request) they are read once and
    shared by every text; outside one, each text reads them."""
    memo = linking_memo()
    found = None if memo is None else memo.get(_MEMO_KEY)
    if found is None:
        found = list(ControlledDocument.objects.visible_to(AnonymousUser()).exclude(public_url=""))
        if memo is not None:
            memo[_MEMO_KEY] = found
    return found


@paper.register_public_linker
def link_public_documents(text: str) -> str:
    """Name a White controlled document that has a public page, and the paper links it there,
    as it links modifications: the first mention in each text, never inside a link."""
    if not text:
        return text
    documents = [
        d
        for d in _public_documents()
        if d.title in text or (len(d.short_name) >= 4 and d.short_name in text)
    ]
    for document in documents:
        names = sorted({n for n in (document.title, document.short_name) if len(n) >= 4}, key=len)
        pattern = re.compile(
            r"(?<![\w/-])(" + "|".join(re.escape(n) for n in reversed(names)) + r")(?![\w-])"
        )
        done = False
        parts = []
        last = 0
        for protected in _LINK.finditer(text):
            parts.append((text[last : protected.start()], True))
            parts.append((protected.group(0), False))
            last = protected.end()
        parts.append((text[last:], True))
        out = []
        for chunk, free in parts:
            if free and not done:
                chunk, n = pattern.subn(rf"[\1]({document.public_url})", chunk, count=1)
                done = n > 0
            out.append(chunk)
        text = "".join(out)
    return text


def _named(version: DocumentVersion) -> str:
    return f"{version.document.label} V{version.version}"


def _readable_whole(ctx: PaperContext, versions: list[DocumentVersion]) -> list[DocumentVersion]:
    """White versions of White documents (the paper names the document too)."""
    shown = []
    for v in ctx.white(versions):
        if v.document.classification > WHITE:
            ctx.omit(v)
        else:
            shown.append(v)
    return shown


@paper.register_facts("document_approvals", "Document versions approved")
def approval_facts(ctx: PaperContext, body: Body) -> list[Fact]:
    # The body's approvals are picked here, not in the query: with the decision's body in the
    # WHERE clause, SQLite walks every decision the body ever made (a decade) to find the
    # month's few; read by date, each row brings its decision's body (docs/decisions/0007).
    month = (
        version_list(ctx.actor)
        .filter(approved_on__range=(ctx.period_start, ctx.period_end))
        .annotate(decision_body=F("approved_by_decision__owning_body"))
        .order_by("approved_on", "approved_by_decision_id", "id")
    )
    versions = _readable_whole(ctx, [v for v in month if v.decision_body == body.pk])
    by_decision: dict[int | None, list[DocumentVersion]] = defaultdict(list)
    for v in versions:
        by_decision[v.approved_by_decision_id].append(v)
    heading = ctx.say("documents.approved.heading", len(versions))
    return [
        Fact(
            key=f"approved-{group[0].pk}",
            heading=heading,
            records=list(group),
            paragraphs=[
                ctx.say(
                    "documents.approved",
                    len(group),
                    short=body.short_name,
                    documents=paper.join_words([_named(v) for v in group]),
                )
            ],
            date=group[0].approved_on,
        )
        for group in by_decision.values()
    ]


def _subject(consultation: Consultation) -> str:
    """What an industry review is of: its document, if the paper may name it."""
    version = consultation.document_version
    if (
        version is not None
        and version.classification == WHITE
        and version.document.classification == WHITE
    ):
        return version.document.label
    return consultation.title


@paper.register_facts("consultations", "Industry reviews and consultations opened")
def consultation_facts(ctx: PaperContext, body: Body) -> list[Fact]:
    opened = ctx.white(
        consultation_list(ctx.actor)
        .filter(owning_body=body, opens_on__range=(ctx.period_start, ctx.period_end))
        .order_by("closes_on", "kind", "id")
    )
    groups: dict[tuple[str, object], list[Consultation]] = defaultdict(list)
    for c in opened:
        groups[(c.kind, c.closes_on)].append(c)
    facts = []
    for (kind, closes_on), group in groups.items():
        date = ctx.long_date(closes_on)  # type: ignore[arg-type]
        if kind == ConsultationKind.INDUSTRY_REVIEW:
            names = paper.join_words([_subject(c) for c in group])
            text = ctx.say("documents.review", len(group), documents=names, date=date)
            brief = ctx.say("documents.review.brief", len(group), date=date)
            heading = ctx.say("documents.review.heading", len(group))
        else:
            titles = paper.join_words([c.title for c in group])
            text = ctx.say(
                "documents.consultation",
                len(group),
                short=body.short_name,
                titles=titles,
                date=date,
            )
            brief = ctx.say("documents.consultation.brief", len(group), date=date)
            heading = ctx.say("documents.consultation.heading", len(group))
        facts.append(
            Fact(
                key=f"consultation-{group[0].pk}",
                heading=heading,
                records=list(group),
                paragraphs=[text],
                brief=[brief],
                date=group[0].opens_on,
            )
        )
    return facts

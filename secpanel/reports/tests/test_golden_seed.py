"""The golden test: from the demo data, the public edition for Panel meeting 68 reproduces the
seed paper SECP_68_1005_16 (May 2019): same sections in the same order, the same sentences and
figures, the same links. Similarity is printed (run with -s to see it)."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest

from secpanel.reports.models import Edition, PanelReport
from secpanel.reports.render.text import links, render_text
from secpanel.reports.selectors import version_document

SEED = Path(__file__).parent / "data" / "SECP_68_1005_16.txt"
FURNITURE = [
    r"^SECP_68_1005_16 – SEC Panel Sub-$",
    r"^Committee Report$",
    r"^Page \d+ of \d+$",
    r"^This document has a Classification$",
    r"^of White$",
    r"^https?://\S+$",
    r"^This document is classified as White in accordance with the Panel Information Policy\. "
    r"Information$",
    r"^can be shared with the public, and any members may publish the information, subject "
    r"to copyright\.$",
]


def seed_text() -> str:
    lines = []
    for raw in SEED.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or any(re.match(p, line) for p in FURNITURE):
            continue
        lines.append(line)
    return "\n".join(lines)


def seed_links() -> set[str]:
    return {m.group(0) for m in re.finditer(r"https?://\S+", SEED.read_text(encoding="utf-8"))}


def words(text: str) -> list[str]:
    return text.replace("‘", "'").replace("’", "'").split()


def headings(text: str) -> list[str]:
    return re.findall(r"^(\d+(?:\.\d+)?\.? [^\n]+)$", text, flags=re.M)


@pytest.fixture
def public_edition(demo_data, db):
    """The demo's May 2019 paper (the run's one load of the demo data, conftest.py)."""
    report = PanelReport.objects.unrestricted().get(meeting__body__kind="panel", meeting__number=68)
    return report, version_document(report.latest_version(), Edition.PUBLIC)


def test_the_public_edition_reproduces_the_seed_paper(public_edition, capsys):
    report, doc = public_edition
    assert report.reference == "SECP_68_1005_16"
    assert f"{report.paper_date:%-d %B %Y}" == "2 May 2019"
    ours = render_text(doc)
    seed = seed_text()
    ratio = difflib.SequenceMatcher(None, words(ours), words(seed), autojunk=False).ratio()
    with capsys.disabled():  # shown in every run, not only with -s
        print(f"\nSeed similarity (difflib ratio over words): {ratio:.4f}")
    assert ratio >= 0.95, "\n".join(
        difflib.unified_diff(seed.splitlines(), ours.splitlines(), "seed", "ours", lineterm="")
    )


def test_the_sections_come_in_the_seeds_order(public_edition):
    _report, doc = public_edition
    ours = [f"{b.number} {b.text}" for b in doc.body if b.kind in ("heading", "heading2")]
    assert ours == [
        "1 Purpose",
        "2 Operations Group",
        "2.1 Operations Group Meeting Highlights",
        "3 Security Sub-Committee and SMKI PMA",
        "3.1 Assurance Status Decisions",
        "3.2 Verification Assessments",
        "3.3 Director Letters",
        "3.4 Security Self-Assessments",
        "3.5 SSC Highlights",
        "3.6 SMKI PMA Highlights",
        "4 Technical Architecture and Business Architecture Sub-Committee (TABASC) and Testing "
        "Advisory Group (TAG)",
        "4.1 TABASC Highlights",
        "4.2 TAG Highlights",
        "5 Recommendations",
    ]


def test_the_figures_and_their_sentences_match_the_seed(public_edition):
    _report, doc = public_edition
    text = render_text(doc)
    for sentence in [
        "The Security Sub-Committee (SSC) set one Assurance status in April 2019. Details can be "
        "found in confidential Appendix A.",
        "During April 2019, the SSC reviewed four Verification User Security Assessments "
        "(VUSAs) in which Compliance Status’ were set.",
        "The SSC reviewed two Director’s Letters in April 2019 which were approved and can be "
        "found in confidential Appendix A.",
        "No Security Self-Assessments were reviewed by the SSC in April 2019.",
        "The Operations Group (Ops Group) will meet on the 7 May 2019. Any urgent matters arising "
        "will be advised to the Panel via a verbal update.",
        "Agenda items to be covered by the Ops Group, (in addition to DCC reporting reviews) "
        "include;",
        "The Panel is requested to NOTE the content of this paper.",
        "Appendix A: User Security Assessments – Identified Non-Compliances (RED)",
    ]:
        assert sentence in text


def test_every_modification_links_to_its_public_page_as_in_the_seed(public_edition):
    _report, doc = public_edition
    seed = seed_links()
    ours = set(links(doc))
    modification_links = {u for u in seed if "/modifications/" in u}
    assert modification_links <= ours
    assert ours <= seed | {u.rstrip("/") for u in seed} | {u + "/" for u in seed}


def test_no_party_name_or_finding_reaches_the_public_edition(public_edition):
    from secpanel.accounts.models import Organisation

    _report, doc = public_edition
    text = render_text(doc)
    parties = Organisation.objects.exclude(party_category__in=["non_party", "dcc"])
    assert parties.exists()
    for org in parties:
        assert org.name not in text
    assert "G5." not in text and not doc.appendix


def test_compiling_again_from_the_same_records_gives_the_same_text(public_edition):
    from secpanel.reports.services import report_recompile

    report, doc = public_edition
    again = report_recompile(actor=report.author, report=report)
    assert render_text(version_document(again, Edition.PUBLIC)) == render_text(doc)


def test_a_controlled_document_with_a_public_page_is_linked_as_in_the_seed(public_edition):
    _report, doc = public_edition
    assert "https://smartenergycodecompany.co.uk/smets1-security-architecture-document/" in set(
        links(doc)
    )

"""Demo business of April–May 2019 behind the seed paper: the meetings of the Panel, Ops Group,
SSC, SMKI PMA, TABASC and TAG with their agendas, decisions, actions, minutes and highlights (the
seed's narrative is WHITE; what its confidential Appendix A holds is RED), plus records at every
other level so each role sees a different slice. Party names appear in nothing below RED."""

from __future__ import annotations

from secpanel.core.classification import Classification
from secpanel.core.demo import DemoContext, d
from secpanel.meetings.demo_business import load_business
from secpanel.meetings.services import highlight_create

W, G, A, R = (Classification.WHITE, Classification.GREEN, Classification.AMBER, Classification.RED)
APRIL = d(2019, 4, 1)

HIGHLIGHTS = [
    (
        "ssc",
        W,
        "Security Controls Framework and Agreed Interpretations",
        "An update was provided to the SSC on proposed changes to the guidance for what "
        "constitutes a SMETS1 ‘Appropriate Standard’ for inclusion in the Agreed Interpretations, "
        "and amendments to the Security Controls Framework (SCF) for the Assessment type, frequency "
        "for Supplier Parties and Other Users and expanding the Security obligations applicable to "
        "each User role guide.",
    ),
    (
        "ssc",
        W,
        "SECMP0013 Meter Triage",
        "The SSC were provided with an update in relation to the Business Requirements previously "
        "discussed for SECMP0013 ‘Smart meter device diagnostics and triage’. The TABASC Chair "
        "confirmed that a use case has been developed which has been sent to the National Cyber "
        "Security Centre (NCSC) for review. This will in turn be forwarded to the Technical "
        "Specification Issue Resolution Sub Group (TSIRS) to confirm the viability from a technical "
        "point of view before coming back to the SSC.",
    ),
    (
        "ssc",
        W,
        "SMETS1 Update",
        "The SSC were provided with an update in relation to the Security Architecture V1.4 and XML "
        "Certificate Recovery. It was confirmed that the SSC comments on the SMETS1 Security "
        "Architecture V1.4 had been provided to DCC. The SSC were also provided with an update "
        "regarding XML Certificate Recovery whereby the SSC previously requested the DCC to explain "
        "the applicability of SEC Appendix L SMKI Recovery Procedures to SMETS1. It was confirmed "
        "this update would also be presented to the SMKI PMA on 16 April 2019.",
    ),
    (
        "ssc",
        W,
        "SMETS1 Appropriate Standards",
        "An update was provided to SSC members on the development of guidance for Users from the "
        "User CIO concerning how to prepare for User Security Assessments and how to interpret the "
        "SEC obligations in respect of the application of an ‘Appropriate Standard’ of security to "
        "be applied to SMETS1 Smart Metering Systems. Discussions are ongoing and bilaterals are "
        "planned with BEIS.",
    ),
    (
        "ssc",
        W,
        "Change Items",
        "An update was provided in relation to SECMP0024 ‘Enduring Approach to Communication Hub "
        "Firmware Management’ which is currently undergoing the refinement process. Following "
        "feedback from the Proposer, the Working Group and the DCC, the business requirements have "
        "been established, and solution design specifications for the proposed solution are being "
        "prepared for a DCC Preliminary Assessment. The SSC also requested the DCC to undertake a "
        "risk assessment.",
    ),
    (
        "ssc",
        G,
        "SCF frequency table shared with Parties",
        "The revised assessment frequency table in SCF V1.16 will be circulated to SEC Parties "
        "ahead of publication so that Users can plan their next assessments.",
    ),
    (
        "ssc",
        A,
        "Shared Resource Provider assessment approach",
        "The SSC discussed how assessments of Users relying on a Shared Resource Provider should "
        "reuse evidence, and asked the User CIO for a worked proposal.",
    ),
    (
        "ssc",
        R,
        "Non-compliance trends in Verification assessments",
        "Three of the four Verification assessments reviewed in April found weaknesses in "
        "privileged access management (G5.14). The SSC will write to the affected Users.",
    ),
    (
        "pma",
        W,
        "SMKI Recovery in the Live Environment",
        "An update was brought to the SMKI PMA on the DCC plans to undertake the recovery exercise "
        "currently expected to take place in June 2019, and the arrangements for early notification "
        "to key custodians who will need to be in attendance.",
    ),
    (
        "pma",
        W,
        "SMETS1 Update",
        "The SMKI PMA were provided with an update regarding a scenario where SMETS1 Devices need "
        "to be replaced after Enrolment and Adoption. A further update was also provided by the DCC "
        "in relation to developments since the meeting with NCSC on Tuesday 9 April regarding "
        "DCC/nCipher proposals.",
    ),
    (
        "pma",
        W,
        "SEC Modifications",
        "The SMKI PMA Chair provided an update on three SEC Modifications which are being proposed "
        "regarding changes to the SMKI Repository, Obtaining SMKI Device Certificates and changes "
        "arising from SMKI Recovery Scenarios Exercise, whilst seeking clarification against the "
        "wording for the problem statements in order to progress each Modification.",
    ),
    (
        "pma",
        R,
        "Key custodian contact list",
        "The named key custodians for the June recovery exercise and their deputies were confirmed; "
        "the list is held by the DCC and SECAS only.",
    ),
    (
        "tabasc",
        W,
        "SMETS1 Services Release Business Architecture Document (BAD) & Technical "
        "Architecture Document (TAD)",
        "The Business Architecture Document (BAD) and the Technical Architecture Document (TAD) "
        "have been updated with SMETS1 Services Release content and have been issued for industry "
        "review.",
    ),
    (
        "tabasc",
        W,
        "Modifications Proposals support",
        # The TABASC's advice on SECMP0024, 0055 and 0067 is recorded as structured advice
        # (modifications.demo), cited by this highlight: the paper writes its sentences.
        "",
    ),
    (
        "tabasc",
        W,
        "Alt HAN Considerations",
        "Following an Alt HAN update received last month, the TABASC discussed a number of points, "
        "and agreed to request specific confirmation when Alt HAN returns in June for a further "
        "update.",
    ),
    (
        "tabasc",
        W,
        "Elexon Half Hourly Settlement Update",
        "ELEXON provided an update on the high-level solution design for Half-Hourly Settlements. "
        "The TABASC agreed to write to the Panel regarding concerns relating to the consequences on "
        "the smart metering infrastructure and its Users to support the changes.",
    ),
    (
        "tabasc",
        A,
        "Alt HAN device performance data",
        "Alt HAN Co shared early field performance data in confidence; the TABASC will review it "
        "before the June update.",
    ),
    (
        "tag",
        W,
        "Release 2.0",
        "DCC provided an update on the resolution of the issues that have been impacting SIT "
        "completion for the northern region; the issues now appear to be resolved and a decision "
        "to agree whether SIT exit criteria are met should be imminent.\n\n"
        "The DCC also provided an update on the challenges they have faced in gaining sub-GHz "
        "Devices to complete Release 2 Device Integration Testing, indicating that an amendment to "
        "the exit criteria may be sought. TAG considers that DIT has been beneficial in "
        "identifying issues and that the existing exit criteria are appropriate.",
    ),
    (
        "tag",
        W,
        "SMETS1",
        "Following last month’s agreement that the SIT exit criteria for IOC were met, the focus is "
        "now on migration testing and system capacity testing. Challenges affect each of these "
        "aspects of testing, with testing of each being underway prior to the closure of "
        "consultation on the approaches – therefore both are progressing at risk. There has been "
        "engagement on migration testing and the risk relates primarily to consultation responses "
        "identifying weaknesses in the currently-planned testing. There has been less engagement "
        "on system capacity testing and the concerns are more fundamental as it is currently "
        "unclear whether the testing is representative and whether it demonstrates that live "
        "system capability will be sufficient – further engagement is necessary.\n\n"
        "BEIS has requested the support of the Panel and sub-committees in the IOC go live "
        "decision-making process and the proposed schedule has been shared. There will be a role "
        "for TAG in agreeing that additional Device Model Combinations are approved – the "
        "responsibility and process is being agreed.",
    ),
    (
        "tag",
        W,
        "November 19 Release",
        "Engagement with TAG regarding the November 19 Release has commenced. We consider that a "
        "formal consultation on the Testing Approach Document is necessary; the TAG will "
        "contribute to this consultation.",
    ),
    (
        "tag",
        G,
        "Test environment availability for Parties",
        "The DCC confirmed the UIT environment timetable for May; Parties planning User "
        "Integration Testing should book slots through the DCC service desk.",
    ),
    (
        "ops",
        A,
        "DCC performance against Code Performance Measures",
        "The Ops Group noted two Code Performance Measures below target in March 2019 and asked "
        "the DCC for a remediation plan.",
    ),
]


def load(ctx: DemoContext) -> None:
    meetings_by_heading = load_business(ctx)
    positions: dict[str, int] = {}
    for body_key, level, heading, text in HIGHLIGHTS:
        positions[body_key] = positions.get(body_key, 0) + 10
        highlight_create(
            actor=ctx.secretariat,
            owning_body=ctx.bodies[body_key],
            heading=heading,
            text=text,
            period=APRIL,
            classification=level,
            position=positions[body_key],
            meeting=meetings_by_heading.get((body_key, heading)),
            distribution=[ctx.users["distributee"]] if level == R and body_key == "ssc" else [],
            reason="Demo data",
        )

"""What the generated business says: agenda items, decisions, actions and highlights per body.

Every text is a template filled from the meeting's month (`{month}` "November 2026",
`{previous}`, `{next}`, `{year}`, `{release}` the next SEC release, `{n}` a small number). The
wording follows the seed paper's register. Nothing below AMBER names a SEC Party, an obligation
of SEC Section G or a person: those are the terms the leak guard (`core.leaks`) refuses in the
public edition of the Panel paper, which is compiled from the WHITE records written here.
"""

from __future__ import annotations

from dataclasses import dataclass

from secpanel.core.classification import Classification

W, G, A, R = Classification.WHITE, Classification.GREEN, Classification.AMBER, Classification.RED


@dataclass(frozen=True)
class Topic:
    """A highlight: its heading and text (templates)."""

    heading: str
    text: str


@dataclass(frozen=True)
class Said:
    """A decision (`verb`) or an action (`owner`: "dcc", "secas" or "member") as a template."""

    text: str
    verb: str = "agreed"
    owner: str = "secas"


AGENDA: dict[str, list[str]] = {
    "panel": [
        "Minutes and actions",
        "Modifications Report",
        "DCC update",
        "SECAS update",
        "SEC Panel budget and forecast for {year}",
        "Panel risk register",
        "Horizon scanning",
        "Smart metering programme update",
        "Panel forward work plan",
        "Consultation responses for the Panel's approval",
    ],
    "ops-group": [
        "Major Incident reviews",
        "DCC performance report for {previous}",
        "SEC forecasting obligations",
        "Communications Hub firmware updates",
        "SMETS1 enrolment and migration operational update",
        "Self Service Interface update from the DCC",
        "SECAS Data Quality Sub Group update on progress",
        "Modifications update and utilisation of the Sub-Committee",
        "Winter readiness of the DCC systems",
        "Alert volumes and traffic management",
    ],
    "ssc": [
        "Security Controls Framework update",
        "Agreed Interpretations update",
        "SMETS1 security update",
        "Change items: modifications with security impacts",
        "Shared Resource Provider assessments",
        "User Security Assessment schedule for {next}",
        "Security risk assessment update",
        "CPA certification update",
        "Anomaly detection thresholds",
    ],
    "smki-pma": [
        "SMKI Recovery Procedure update",
        "SMKI Compliance Policy update",
        "SMKI Repository Test Service",
        "SEC Modifications with SMKI impacts",
        "Device certificate volumes",
        "SMKI and Repository test scenarios",
        "Recovery exercise planning",
    ],
    "tabasc": [
        "Business Architecture Document and Technical Architecture Document",
        "Modification proposals with architectural impacts",
        "Alt HAN update",
        "Half-Hourly Settlement update",
        "Technical Specification issue resolution",
        "Architecture roadmap for {year}",
        "Smart metering end-to-end technical architecture",
    ],
    "tag": [
        "{release}: testing progress",
        "Testing Approach Documents",
        "Device Model Combinations for approval",
        "User Integration Testing environment availability",
        "Regression testing of DCC releases",
        "Test phase exit criteria",
        "Testing issues log",
    ],
    "change-board": [
        "Modification Reports for decision",
        "Modifications for the {release}",
        "Change Board forward plan",
        "Implementation updates",
    ],
    "change-sub-committee": [
        "New Draft Proposals",
        "Modification Proposals in the Refinement Process",
        "Preliminary Assessment requests",
        "Working Group updates",
        "Modifications pipeline",
    ],
}

AGENDA_CONFIDENTIAL: dict[str, list[tuple[str, Classification]]] = {
    "panel": [
        ("Commercial update from the DCC", A),
        ("Confidential Appendix A of the Sub-Committee Report", R),
    ],
    "ops-group": [("Major Incident root cause analysis", A), ("Code Performance Measures", A)],
    "ssc": [
        ("User Security Assessments: outcomes", R),
        ("Director's Letters", R),
        ("Security incident notifications", A),
    ],
    "smki-pma": [("Key custodian arrangements", R), ("SMKI incident reports", A)],
    "tabasc": [("Confidential design review", A)],
    "tag": [("Defect analysis shared in confidence", A)],
    "change-board": [("Legal text review", A)],
    "change-sub-committee": [("Cost estimates shared in confidence", A)],
}

DECISIONS: dict[str, list[Said]] = {
    "panel": [
        Said("The Panel approved the SECAS budget forecast for {year}.", "approved"),
        Said("The Panel noted the DCC update for {month}.", "noted"),
        Said("The Panel agreed the Panel forward work plan for the next quarter.", "agreed"),
        Said("The Panel approved the response to the Authority's consultation.", "approved"),
        Said("The Panel agreed to update the Panel risk register.", "agreed"),
    ],
    "ops-group": [
        Said(
            "The Ops Group noted the DCC performance report for {previous} and asked the DCC to "
            "explain the measures below target.",
            "noted",
        ),
        Said(
            "The Ops Group agreed to monitor the Communications Hub firmware roll-out monthly.",
            "agreed",
        ),
        Said(
            "The Ops Group requested that the DCC present its winter readiness plan.", "requested"
        ),
        Said("The Ops Group agreed the Data Quality Sub Group's work plan.", "agreed"),
    ],
    "ssc": [
        Said("The SSC agreed the User Security Assessment schedule for {next}.", "agreed"),
        Said("The SSC noted the update on SMETS1 security.", "noted"),
        Said("The SSC agreed to consult on changes to the Security Controls Framework.", "agreed"),
        Said("The SSC requested a security risk assessment from the DCC.", "requested"),
        Said("The SSC deferred its view on anomaly detection thresholds.", "deferred"),
    ],
    "smki-pma": [
        Said("The SMKI PMA noted the Device certificate volumes for {previous}.", "noted"),
        Said("The SMKI PMA agreed the SMKI and Repository test scenarios.", "agreed"),
        Said("The SMKI PMA approved the update to the SMKI Compliance Policy.", "approved"),
    ],
    "tabasc": [
        Said("The TABASC agreed the architecture roadmap for {year}.", "agreed"),
        Said("The TABASC noted the Alt HAN update.", "noted"),
        Said(
            "The TABASC agreed to write to the Panel on the Half-Hourly Settlement design.",
            "agreed",
        ),
    ],
    "tag": [
        Said("TAG noted the testing progress of the {release}.", "noted"),
        Said("TAG agreed the User Integration Testing timetable for {next}.", "agreed"),
        Said("TAG advised that the regression test coverage is appropriate.", "advised"),
    ],
    "change-board": [
        Said("The Change Board noted the implementation updates.", "noted"),
        Said("The Change Board agreed its forward plan.", "agreed"),
    ],
    "change-sub-committee": [
        Said("The Change Sub-Committee agreed the modifications pipeline.", "agreed"),
        Said("The Change Sub-Committee noted the Working Group updates.", "noted"),
        Said(
            "The Change Sub-Committee requested Preliminary Assessments from the DCC.",
            "requested",
        ),
    ],
}

CONFIDENTIAL_DECISIONS: dict[str, list[Said]] = {
    "ops-group": [
        Said(
            "The Ops Group asked the DCC for a remediation plan for the Code Performance "
            "Measures missed in {previous}.",
            "requested",
        )
    ],
    "ssc": [Said("The SSC agreed how to follow up the security incident notified to it.")],
    "smki-pma": [Said("The SMKI PMA agreed the handling of the SMKI incident reported to it.")],
}

ACTIONS: dict[str, list[Said]] = {
    "panel": [
        Said("Circulate the updated Panel risk register.", owner="secas"),
        Said("Present the DCC's cost forecast for the next regulatory year.", owner="dcc"),
        Said("Draft the Panel's response to the Authority's consultation.", owner="secas"),
    ],
    "ops-group": [
        Said("Explain the Code Performance Measures below target in {previous}.", owner="dcc"),
        Said("Present the Communications Hub firmware roll-out plan.", owner="dcc"),
        Said("Circulate the Data Quality Sub Group's findings.", owner="secas"),
        Said("Review the forecasting returns received for the quarter.", owner="member"),
    ],
    "ssc": [
        Said("Publish the updated Security Controls Framework and notify SEC Parties."),
        Said("Provide the security risk assessment requested by the SSC.", owner="dcc"),
        Said("Review the draft guidance on Shared Resource Providers.", owner="member"),
    ],
    "smki-pma": [
        Said("Share the Device certificate volumes by month.", owner="dcc"),
        Said("Review the SMKI Compliance Policy changes.", owner="member"),
    ],
    "tabasc": [
        Said("Send the TABASC's comments on the architecture documents.", owner="member"),
        Said("Update the architecture roadmap.", owner="secas"),
    ],
    "tag": [
        Said("Present the evidence that the exit criteria are met.", owner="dcc"),
        Said("Circulate the User Integration Testing timetable.", owner="dcc"),
        Said("Review the proposed Testing Approach Document.", owner="member"),
    ],
    "change-board": [Said("Publish the Change Board's decisions.", owner="secas")],
    "change-sub-committee": [
        Said("Request the Preliminary Assessments agreed by the Sub-Committee.", owner="secas")
    ],
}

PANEL_ACTIONS: dict[str, list[str]] = {
    "ops-group": ["note the DCC's plan for the Communications Hub firmware roll-out"],
    "tabasc": ["consider the TABASC's letter on Half-Hourly Settlement"],
    "tag": ["note TAG's advice on the readiness of the {release}"],
    "ssc": ["note the updated Security Controls Framework"],
    "smki-pma": ["note the plans for the next SMKI recovery exercise"],
}

TOPICS: dict[str, dict[Classification, list[Topic]]] = {
    "ops-group": {
        W: [
            Topic(
                "DCC operational performance",
                "The Ops Group reviewed the DCC's performance report for {previous}. Most Code "
                "Performance Measures met their target service levels; the DCC set out how it "
                "will recover those that did not.",
            ),
            Topic(
                "Communications Hub firmware",
                "The DCC updated the Ops Group on the roll-out of Communications Hub firmware. "
                "The Ops Group will keep the roll-out under monthly review.",
            ),
            Topic(
                "SEC forecasting obligations",
                "The Ops Group reviewed the quarterly Service Request forecasts and reminded "
                "Users of the forecasting obligations in the SEC.",
            ),
            Topic(
                "Data Quality Sub Group",
                "The SECAS Data Quality Sub Group reported its progress on the quality of "
                "Smart Metering Inventory data.",
            ),
        ],
        G: [
            Topic(
                "Service desk contacts for Parties",
                "The DCC confirmed its service desk escalation contacts for {next}; Parties "
                "should use them for Major Incidents.",
            )
        ],
        A: [
            Topic(
                "Code Performance Measures below target",
                "The Ops Group noted {n} Code Performance Measures below target in {previous} "
                "and asked the DCC for a remediation plan.",
            ),
            Topic(
                "Major Incident root cause",
                "The DCC shared in confidence the root cause analysis of a Major Incident.",
            ),
        ],
        R: [
            Topic(
                "Incident affecting a User's systems",
                "The Ops Group discussed an incident affecting a User's systems, shared with "
                "the named recipients only.",
            )
        ],
    },
    "ssc": {
        W: [
            Topic(
                "Security Controls Framework",
                "The SSC reviewed proposed changes to the Security Controls Framework, including "
                "the assessment frequency for Supplier Parties and Other Users.",
            ),
            Topic(
                "SMETS1 security",
                "The SSC was updated on the security of SMETS1 Smart Metering Systems and the "
                "guidance for Users on an ‘Appropriate Standard’ of security.",
            ),
            Topic(
                "Change items",
                "The SSC reviewed the security impacts of modifications in the Refinement "
                "Process and asked for risk assessments where needed.",
            ),
            Topic(
                "Anomaly detection",
                "The SSC discussed the anomaly detection thresholds set by Users and agreed to "
                "revisit them in {next}.",
            ),
        ],
        G: [
            Topic(
                "Assessment schedule shared with Parties",
                "The User Security Assessment schedule for {next} will be shared with SEC "
                "Parties so that Users can plan their assessments.",
            )
        ],
        A: [
            Topic(
                "Shared Resource Provider assessments",
                "The SSC discussed how assessments of Users relying on a Shared Resource "
                "Provider should reuse evidence.",
            )
        ],
        R: [
            Topic(
                "Assessment outcomes in {month}",
                "The SSC reviewed the User Security Assessment outcomes in {month}; the details "
                "are held in the confidential appendix.",
            )
        ],
    },
    "smki-pma": {
        W: [
            Topic(
                "SMKI Recovery Procedure",
                "The SMKI PMA reviewed the SMKI Recovery Procedure and the lessons from the "
                "latest recovery exercise.",
            ),
            Topic(
                "SMKI Compliance Policy",
                "The SMKI PMA agreed updates to the SMKI Compliance Policy, which will be "
                "published after the Panel's review.",
            ),
            Topic(
                "Device certificates",
                "The DCC reported the volumes of Device certificates issued in {previous}.",
            ),
        ],
        G: [
            Topic(
                "SMKI Repository Test Service",
                "The SMKI Repository Test Service will be unavailable for planned maintenance "
                "in {next}; Parties have been told.",
            )
        ],
        A: [
            Topic(
                "SMKI incident",
                "The SMKI PMA discussed an SMKI incident reported by the DCC in confidence.",
            )
        ],
        R: [
            Topic(
                "Key custodian arrangements",
                "The key custodians and deputies for the next recovery exercise were confirmed; "
                "the list is held by the DCC and SECAS only.",
            )
        ],
    },
    "tabasc": {
        W: [
            Topic(
                "Architecture documents",
                "The TABASC reviewed the Business Architecture Document and the Technical "
                "Architecture Document for the {release}.",
            ),
            Topic(
                "Alt HAN",
                "The TABASC received an Alt HAN update and agreed to ask for further "
                "confirmation at its next meeting.",
            ),
            Topic(
                "Half-Hourly Settlement",
                "The TABASC discussed the consequences of Half-Hourly Settlement for the smart "
                "metering infrastructure and its Users.",
            ),
        ],
        G: [
            Topic(
                "Technical Specification issues",
                "The Technical Specification Issue Resolution Sub Group will publish its issue "
                "log to Parties in {next}.",
            )
        ],
        A: [
            Topic(
                "Alt HAN performance data",
                "Alt HAN field performance data was shared in confidence; the TABASC will "
                "review it before its next meeting.",
            )
        ],
        R: [],
    },
    "tag": {
        W: [
            Topic(
                "{release}",
                "The DCC updated TAG on the testing of the {release}. TAG will keep the exit "
                "criteria of each test phase under review.",
            ),
            Topic(
                "User Integration Testing",
                "TAG reviewed the availability of the User Integration Testing environment for "
                "{next}.",
            ),
            Topic(
                "Regression testing",
                "TAG considered the DCC's regression testing and agreed that its coverage is "
                "appropriate.",
            ),
        ],
        G: [
            Topic(
                "Test environment bookings",
                "Parties planning User Integration Testing in {next} should book test slots "
                "through the DCC service desk.",
            )
        ],
        A: [
            Topic(
                "Defect analysis",
                "The DCC shared its defect analysis in confidence; TAG will review it before "
                "the next exit decision.",
            )
        ],
        R: [],
    },
    "change-board": {
        W: [
            Topic(
                "Modification decisions",
                "The Change Board voted on the Modification Reports presented to it in {month}.",
            )
        ],
        G: [],
        A: [],
        R: [],
    },
    "change-sub-committee": {
        W: [
            Topic(
                "Modifications pipeline",
                "The Change Sub-Committee reviewed the modifications pipeline and the "
                "Preliminary Assessments requested from the DCC.",
            )
        ],
        G: [],
        A: [],
        R: [],
    },
}

MODIFICATION_TITLES = [
    "Improving the notification of Major Incidents to Users",
    "Clarifying the Smart Metering Inventory update obligations",
    "Extending the validity of Device certificates",
    "Reducing the Service Request volumes of Alert storms",
    "Aligning the SEC with the Retail Energy Code",
    "Updating the Threshold Anomaly Detection procedure",
    "Simplifying the User Entry Process",
    "Introducing a Communications Hub return reason code",
    "Allowing Network Parties to read load profile data",
    "Clarifying the Shared Resource Provider obligations",
    "Removing obsolete Service Requests",
    "Improving the Self Service Interface",
    "Publishing DCC performance data monthly",
    "Changing the SEC release schedule",
    "Enabling dual-band Communications Hub replacements",
    "Extending the SMKI Repository retention period",
    "Adding a tariff switching Service Request",
    "Updating the Privacy Assessment requirements",
    "Clarifying the Panel's role in Modification appeals",
    "Improving the forecasting of Service Request volumes",
    "Amending the Incident Management Policy",
    "Correcting the Great Britain Companion Specification",
    "Introducing the Smart Metering Key Infrastructure test scenarios",
    "Streamlining the Modification Report Consultation",
]

ADVICE_TEXTS = {
    "support": "The {short} supported {reference} ‘{title}’ and agreed it should proceed.",
    "concerns": "The {short} discussed {reference} ‘{title}’ and noted concerns about its "
    "impact on the DCC systems.",
}

INCIDENT_TITLES = [
    "Delayed Service Responses from the DSP",
    "Communications Hub connectivity loss",
    "Self Service Interface unavailable",
    "Alert storm from a firmware update",
    "SMKI Repository access failure",
    "Delayed Device certificate issue",
]
REGIONS = ["northern region", "central region", "southern region"]

#: Fictional key custodians (names are RED): none of these words appears in any lower text.
CUSTODIANS = [
    ("Imogen Thackeray", "DCC", "Recovery Key custodian"),
    ("Bartholomew Quist", "DCC", "Contingency Key custodian"),
    ("Oluwaseun Varga", "DCC", "Recovery Key custodian"),
    ("Perpetua Lindqvist", "SECAS", "SMKI PMA nominated witness"),
    ("Casimir Oyelaran", "DCC", "Contingency Key custodian"),
    ("Wilhelmina Strand", "DCC", "Recovery Key custodian"),
]

#: Obligations of SEC Sections G3 to G6 a finding may be raised against (RED records only).
OBLIGATIONS = ["G3.9", "G4.9", "G5.14", "G5.18", "G5.25", "G6.3"]
FINDINGS = [
    "Privileged access to the User System is not reviewed at the required frequency.",
    "No record that security patches were applied within the required period.",
    "The User's security incident management procedure has not been tested.",
    "Vulnerability assessments of the User System are overdue.",
    "Segregation of the User System from other systems is not documented.",
]

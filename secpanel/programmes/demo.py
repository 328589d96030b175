"""Demo testing records: the TAG positions in the seed paper (April 2019).

Release 2.0: SIT in the northern region nearly done, exit decision imminent; DIT short of
sub-GHz Devices, an amendment to the exit criteria may be sought. SMETS1 IOC: SIT exit
criteria met in March 2019; migration testing and system capacity testing progressing at risk;
additional Device Model Combinations to be approved. November 2019 Release: engagement begun.
Planned dates and the Device Model Combination names are illustrative.
"""

from __future__ import annotations

from secpanel.core.classification import Classification
from secpanel.core.demo import DemoContext, d
from secpanel.documents.demo import cite_from_highlight, decision_for
from secpanel.programmes import services
from secpanel.programmes.models import TestPhase

W, G, A = Classification.WHITE, Classification.GREEN, Classification.AMBER


def load(ctx: DemoContext) -> None:
    sec = ctx.secretariat
    tag = ctx.bodies["tag"]

    def move(obj: TestPhase, *names: str) -> None:
        for name in names:
            services.phase_transition(actor=sec, obj=obj, name=name, reason="Demo data")

    # Release 2.0
    r2 = services.programme_create(
        actor=sec,
        owning_body=tag,
        name="Release 2.0",
        description="DCC Release 2.0 (dual-band Communications Hubs and sub-GHz Devices).",
        reason="Demo data",
    )
    sit_north = services.phase_create(
        actor=sec,
        programme=r2,
        phase="sit",
        region="north",
        planned_start=d(2018, 11, 1),
        planned_end=d(2019, 5, 10),
        risk_notes="The issues that have been impacting SIT completion for the northern region "
        "now appear to be resolved; a decision to agree whether SIT exit criteria are met "
        "should be imminent.",
        reason="Demo data",
    )
    move(sit_north, "start")
    services.criterion_create(
        actor=sec,
        phase=sit_north,
        text="All SIT test scripts for the northern region executed and passed, with no "
        "outstanding Severity 1 or 2 defects.",
        reason="Demo data",
    )
    dit = services.phase_create(
        actor=sec,
        programme=r2,
        phase="dit",
        planned_start=d(2019, 1, 7),
        planned_end=d(2019, 6, 28),
        risk_notes="The DCC has had difficulty gaining sub-GHz Devices to complete Device "
        "Integration Testing and indicated that an amendment to the exit criteria may be "
        "sought. TAG considers that DIT has been beneficial in identifying issues and that the "
        "existing exit criteria are appropriate.",
        reason="Demo data",
    )
    move(dit, "start", "flag_at_risk")
    services.criterion_create(
        actor=sec,
        phase=dit,
        text="Device Integration Testing completed with sub-GHz Devices from the agreed "
        "Device Models.",
        reason="Demo data",
    )
    cite_from_highlight(ctx, "tag", "Release 2.0", r2, sit_north, dit)

    # SMETS1 Initial Operating Capability
    ioc = services.programme_create(
        actor=sec,
        owning_body=tag,
        name="SMETS1 Initial Operating Capability",
        short_name="SMETS1 IOC",
        description="Enrolment and adoption of the first SMETS1 installations. BEIS has asked "
        "for the support of the Panel and sub-committees in the IOC go-live decision.",
        reason="Demo data",
    )
    ioc_sit = services.phase_create(
        actor=sec,
        programme=ioc,
        phase="sit",
        planned_start=d(2018, 12, 3),
        planned_end=d(2019, 3, 15),
        reason="Demo data",
    )
    move(ioc_sit, "start")
    criterion = services.criterion_create(
        actor=sec, phase=ioc_sit, text="SIT exit criteria for IOC.", reason="Demo data"
    )
    met = decision_for(
        ctx,
        "smets1-ioc-sit-exit",
        "tag",
        d(2019, 3, 20),
        "agreed",
        "TAG agreed that the SIT exit criteria for SMETS1 IOC were met.",
    )
    services.criterion_transition(
        actor=sec, obj=criterion, name="meet", decision=met, reason="Demo data"
    )
    services.phase_transition(actor=sec, obj=ioc_sit, name="exit", decision=met, reason="Demo data")
    at_risk = []
    for phase, notes in (
        (
            "migration",
            "Testing is underway before the consultation on the approach has closed, so it is "
            "progressing at risk. There has been engagement; the risk relates primarily to "
            "consultation responses identifying weaknesses in the currently-planned testing.",
        ),
        (
            "system_capacity",
            "Testing is underway before the consultation on the approach has closed, so it is "
            "progressing at risk. There has been less engagement and the concerns are more "
            "fundamental: it is unclear whether the testing is representative and whether it "
            "demonstrates that live system capability will be sufficient. Further engagement "
            "is necessary.",
        ),
    ):
        ph = services.phase_create(
            actor=sec,
            programme=ioc,
            phase=phase,
            planned_start=d(2019, 3, 25),
            planned_end=d(2019, 6, 7),
            risk_notes=notes,
            reason="Demo data",
        )
        move(ph, "start", "flag_at_risk")
        at_risk.append(ph)
    dmcs = []
    for name, kind in (
        ("IOC additional combination A (ESME + CH, north)", "active"),
        ("IOC additional combination B (ESME + GSME + CH, south)", "dormant"),
    ):
        dmcs.append(
            services.dmc_create(
                actor=sec,
                owning_body=tag,
                programme=ioc,
                name=name,
                csp="SMETS1 SMSO",
                installation_type=kind,
                notes="Awaiting TAG approval for IOC go-live; the responsibility and process "
                "are being agreed.",
                reason="Demo data",
            )
        )
    cite_from_highlight(ctx, "tag", "SMETS1", ioc, ioc_sit, *at_risk, *dmcs)

    # November 2019 SEC Release
    nov = services.programme_create(
        actor=sec,
        owning_body=tag,
        name="November 2019 SEC Release",
        short_name="November 19 Release",
        kind="release",
        target_date=d(2019, 11, 7),
        description="The first enduring release with DCC-System-impacting modifications. "
        "Engagement with TAG has begun; a formal consultation on the Testing Approach "
        "Document is necessary.",
        reason="Demo data",
    )
    services.phase_create(
        actor=sec,
        programme=nov,
        phase="sit",
        planned_start=d(2019, 7, 1),
        planned_end=d(2019, 9, 30),
        reason="Demo data",
    )
    ctx.objects["programmes:release-2.0"] = r2
    ctx.objects["programmes:smets1-ioc"] = ioc
    ctx.objects["programmes:november-2019"] = nov
    cite_from_highlight(ctx, "tag", "November 19 Release", nov)

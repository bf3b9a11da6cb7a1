"""For the export tests: the round they share, its decisions, awards and instalments made
through the services; meetings, decisions and awards written as rows for the tests that build
their own (records with no status); and a validator for 360Giving data built from the
official schema files independently of the portal's own."""

import datetime
import json
from decimal import Decimal
from pathlib import Path

from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from boroughs.models import Borough
from grants.models import (
    Application,
    ApplicationStatus,
    Award,
    CommitteeMeeting,
    Decision,
    DecisionOutcome,
    FundingRound,
    Instalment,
)
from grants.services.decisions import (
    award_set_instalments,
    interim_award_create,
    meeting_record_decisions,
)
from tests.grants.factories import ApplicationFactory, make_application, make_round, staff

SCHEMAS = Path(__file__).resolve().parents[2] / "grants" / "exports" / "schemas"
LONDON = datetime.timezone(datetime.timedelta(hours=1))  # British Summer Time


def borough(slug: str) -> Borough:
    return Borough.objects.select_related("cpeg").get(slug=slug)


def make_meeting(funding_round: FundingRound, held_on: datetime.date) -> CommitteeMeeting:
    return CommitteeMeeting.objects.create(
        funding_round=funding_round,
        name=f"Sub-committee, {held_on:%B %Y}",
        held_on=held_on,
        recorded_by=staff(),
    )


def make_decision(
    application: Application,
    meeting: CommitteeMeeting,
    outcome: DecisionOutcome,
    *,
    amount: str | None = None,
    conditions: str = "",
) -> Decision:
    return Decision.objects.create(
        meeting=meeting,
        application=application,
        outcome=outcome,
        amount=Decimal(amount) if amount else None,
        conditions=conditions,
        recorded_by=staff(),
    )


def make_award(
    *,
    funding_round: FundingRound,
    borough: Borough,
    reference: str,
    amount: str,
    awarded_on: datetime.date,
    decision: Decision | None = None,
    interim_reason: str = "",
    conditions: str = "",
    instalments: dict[int, str] | None = None,
) -> Award:
    """An award from ``decision``, or an interim award (with a reason) when there is none.
    Instalments default to four equal quarters when the amount divides evenly."""
    award = Award.objects.create(
        funding_round=funding_round,
        cpeg=borough.cpeg,
        decision=decision,
        is_interim=decision is None,
        interim_reason=interim_reason if decision is None else "",
        reference=reference,
        amount=Decimal(amount),
        conditions=conditions,
        awarded_on=awarded_on,
        created_by=staff(),
    )
    if instalments is None:
        quarter = Decimal(amount) / 4
        instalments = {q: str(quarter) for q in (1, 2, 3, 4)}
    for number, instalment in instalments.items():
        Instalment.objects.create(award=award, quarter=number, amount=Decimal(instalment))
    return award


def submitted_on(application: Application, when: datetime.datetime) -> None:
    """Move the moment of submission (the services stamp "now"; the export tests need a
    moment near midnight). A timestamp, not a state: the status is the services'."""
    Application.objects.filter(pk=application.pk).update(submitted_at=when)


def pounds(amounts: dict[int, str]) -> dict[int, Decimal]:
    return {quarter: Decimal(amount) for quarter, amount in amounts.items()}


#: The awards' references as the services give them.
BARNET_AWARD = "CPEG-2011-BARNET-A"
CROYDON_AWARD = "CPEG-2011-CROYDON-A"


def build_round_2011() -> FundingRound:
    """The 2011/12 round as the export tests know it, made through the services:

    - Barnet: funded with conditions, £38,500.50 of £40,000.00, in four uneven instalments;
      submitted at 23:30 UTC on 10 June 2011, which is 11 June in London;
    - Brent: submitted, no decision yet;
    - Camden: recommended £20,000.00, deferred in July, then not funded in September;
    - Bexley: a draft nobody has submitted (never exported);
    - Croydon: an interim award of £5,000.00 with no application, paid in Q1 and Q2.
    """
    funding_round = make_round(year_start=2011)
    manager = staff()
    conditions = "Quarterly report on youth outreach"
    barnet = ApplicationFactory(
        funding_round=funding_round,
        borough=borough("barnet"),
        recommended=True,
        recommended_amount="38500.50",
        conditions=conditions,
    )
    submitted_on(barnet, datetime.datetime(2011, 6, 10, 23, 30, tzinfo=datetime.UTC))

    brent = make_application(funding_round=funding_round, borough=borough("brent"))
    submitted_on(brent, datetime.datetime(2011, 6, 15, 9, 0, tzinfo=LONDON))

    camden = make_application(
        funding_round=funding_round,
        borough=borough("camden"),
        status=ApplicationStatus.RECOMMENDED,
        recommended_amount="20000.00",
    )
    submitted_on(camden, datetime.datetime(2011, 6, 16, 14, 0, tzinfo=LONDON))

    make_application(
        funding_round=funding_round, borough=borough("bexley"), status=ApplicationStatus.DRAFT
    )

    meeting_record_decisions(
        user=manager,
        funding_round=funding_round,
        name="Sub-committee, July 2011",
        held_on=datetime.date(2011, 7, 20),
        decisions=[
            (barnet, DecisionOutcome.FUND_WITH_CONDITIONS, Decimal("38500.50"), conditions),
            (camden, DecisionOutcome.DEFER, None, ""),
        ],
    )
    meeting_record_decisions(
        user=manager,
        funding_round=funding_round,
        name="Sub-committee, September 2011",
        held_on=datetime.date(2011, 9, 14),
        decisions=[(camden, DecisionOutcome.DO_NOT_FUND, None, "")],
    )
    award_set_instalments(
        user=manager,
        award=Award.objects.get(reference=BARNET_AWARD),
        amounts=pounds({1: "9625.13", 2: "9625.13", 3: "9625.12", 4: "9625.12"}),
    )
    croydon = interim_award_create(
        user=manager,
        funding_round=funding_round,
        cpeg=borough("croydon").cpeg,
        amount=Decimal("5000.00"),
        reason="No agreed work plan yet: the outline is being brokered.",
        awarded_on=datetime.date(2011, 8, 1),
    )
    award_set_instalments(
        user=manager,
        award=croydon,
        amounts=pounds({1: "2500.00", 2: "2500.00", 3: "0.00", 4: "0.00"}),
    )
    return funding_round


def official_validator(*, check_formats: bool = True) -> Draft202012Validator:
    """Built here from the schema files, independently of the code under test: the package
    schema, its grant schema reachable by the address the package schema uses, formats
    checked unless told otherwise."""
    package_schema = json.loads((SCHEMAS / "360-giving-package-schema.json").read_text())
    grant_schema = json.loads((SCHEMAS / "360-giving-schema.json").read_text())
    grant_ref = package_schema["properties"]["grants"]["items"]["$ref"]
    resource = DRAFT202012.create_resource(grant_schema)
    registry = Registry().with_resources([(grant_ref, resource), (grant_schema["$id"], resource)])
    format_checker = Draft202012Validator.FORMAT_CHECKER if check_formats else None
    return Draft202012Validator(package_schema, registry=registry, format_checker=format_checker)

"""For the export tests: decisions, awards and instalments written directly as rows (the
decisions area's services have their own tests), the round the tests share, and a validator
for 360Giving data built from the official schema files independently of the portal's own."""

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
from tests.grants.factories import make_application, make_round, staff

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
    Application.objects.filter(pk=application.pk).update(submitted_at=when)


def build_round_2011() -> FundingRound:
    """The 2011/12 round as the export tests know it:

    - Barnet: funded with conditions, £38,500.50 of £40,000.00, in four uneven instalments;
      submitted at 23:30 UTC on 10 June 2011, which is 11 June in London;
    - Brent: submitted, no decision yet;
    - Camden: recommended £20,000.00, deferred in July, then not funded in September;
    - Bexley: a draft nobody has submitted (never exported);
    - Croydon: an interim award of £5,000.00 with no application, paid in Q1 and Q2.
    """
    funding_round = make_round(year_start=2011)
    july = make_meeting(funding_round, datetime.date(2011, 7, 20))
    september = make_meeting(funding_round, datetime.date(2011, 9, 14))

    barnet = make_application(
        funding_round=funding_round,
        borough=borough("barnet"),
        status=ApplicationStatus.FUNDED,
        recommended_amount="38500.50",
    )
    Application.objects.filter(pk=barnet.pk).update(
        recommendation_conditions="Quarterly report on youth outreach"
    )
    submitted_on(barnet, datetime.datetime(2011, 6, 10, 23, 30, tzinfo=datetime.UTC))
    barnet_decision = make_decision(
        barnet,
        july,
        DecisionOutcome.FUND_WITH_CONDITIONS,
        amount="38500.50",
        conditions="Quarterly report on youth outreach",
    )
    make_award(
        funding_round=funding_round,
        borough=borough("barnet"),
        reference="CPEG-2011-001",
        amount="38500.50",
        awarded_on=datetime.date(2011, 7, 20),
        decision=barnet_decision,
        conditions="Quarterly report on youth outreach",
        instalments={1: "9625.13", 2: "9625.13", 3: "9625.12", 4: "9625.12"},
    )

    brent = make_application(funding_round=funding_round, borough=borough("brent"))
    submitted_on(brent, datetime.datetime(2011, 6, 15, 9, 0, tzinfo=LONDON))

    camden = make_application(
        funding_round=funding_round,
        borough=borough("camden"),
        status=ApplicationStatus.NOT_FUNDED,
        recommended_amount="20000.00",
    )
    submitted_on(camden, datetime.datetime(2011, 6, 16, 14, 0, tzinfo=LONDON))
    make_decision(camden, july, DecisionOutcome.DEFER)
    make_decision(camden, september, DecisionOutcome.DO_NOT_FUND)

    make_application(
        funding_round=funding_round, borough=borough("bexley"), status=ApplicationStatus.DRAFT
    )

    make_award(
        funding_round=funding_round,
        borough=borough("croydon"),
        reference="CPEG-2011-I01",
        amount="5000.00",
        awarded_on=datetime.date(2011, 8, 1),
        interim_reason="No agreed work plan yet: the outline is being brokered.",
        instalments={1: "2500.00", 2: "2500.00"},
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

"""The demo's 2011/12 funding round, made through the same services people use.

Boroughs stand at every stage (by GSS code, last two digits):

- 03 Barnet: the outline awaits the police and council partners' signatures (the chair has
  signed), so a new user can take one borough from outline to award in the browser;
- 04 Bexley: disputed (the police partner declined), one brokering contact logged;
- 05 Brent: disputed, brokered to agreement, application in draft;
- 06 Bromley: disputed and not agreed; interim funding;
- 07 Camden: consensus, invited to apply;
- 08 Croydon: application in draft, half written;
- 09 Ealing, 30 Tower Hamlets: submitted;
- 10 Enfield, 31 Waltham Forest: changes requested;
- 11 Greenwich, 27–29: recommended;
- 12 Hackney: not funded;
- 32 Wandsworth: deferred;
- 02 and 13–26: funded at the first meeting; 33 Westminster with conditions.
"""

import contextlib
import datetime
from collections.abc import Iterator
from decimal import Decimal

from django.test import override_settings

from accounts.models import Role, User
from boroughs.models import Borough
from cpeg_portal.celery import app as celery_app
from grants.models import (
    Application,
    ApplicationStatus,
    BudgetCategory,
    DecisionOutcome,
    FundingRound,
    Outline,
)
from grants.services import applications, decisions, outlines, review, rounds
from grants.workflows.round import OPEN_APPLICATIONS, OPEN_OUTLINES

YEAR = 2011

OBJECTIVES = [
    (
        "O1",
        "Public meetings and engagement events",
        "Hold public meetings and engagement events where residents can question the police "
        "about local priorities.",
    ),
    (
        "O2",
        "Engagement with local partners",
        "Work with the Crime and Disorder Reduction Partnership (CDRP), Safer Neighbourhoods "
        "panels and other local partners.",
    ),
    (
        "O3",
        "Reaching diverse communities and young people",
        "Reach communities, and young people, who do not come to the main meetings.",
    ),
    (
        "O4",
        "A representative executive and membership",
        "Build an executive committee and membership that reflect the borough.",
    ),
    (
        "O5",
        "Administration that serves the objectives",
        "Keep administration in proportion: it serves the other objectives.",
    ),
]

OUTLINE_ONLY = {3: "draft", 4: "disputed", 7: "consensus"}
BROKERED = {5: "agreed", 6: "not_agreed"}
DRAFT = {5, 8}
SUBMITTED = {9, 30}
CHANGES = {10, 31}
RECOMMENDED = {11, 27, 28, 29}
NOT_FUNDED = {12}
DEFERRED = {32}
WITH_CONDITIONS = {33}
INTERIM = {6}


def _code(borough: Borough) -> int:
    return int(borough.gss_code[-2:])


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _officer(borough: Borough) -> User:
    return User.objects.filter(role=Role.LINK_OFFICER, assigned_boroughs=borough).first() or _user(
        "officer"
    )


def _request(borough: Borough) -> Decimal:
    """A deterministic request between about £36,000 and £45,000, in pounds and pence."""
    code = _code(borough)
    return Decimal(36000 + (code * 2917) % 9000) + Decimal(code * 7 % 100) / 100


def _budget(total: Decimal) -> dict[str, applications.LineAnswer]:
    """Lines adding up to ``total`` exactly; administration takes the largest share, as the
    2011 paper found."""
    shares = {
        BudgetCategory.ADMINISTRATION: Decimal("0.46"),
        BudgetCategory.MEETINGS: Decimal("0.20"),
        BudgetCategory.OUTREACH: Decimal("0.14"),
        BudgetCategory.COMMUNICATIONS: Decimal("0.08"),
        BudgetCategory.TRAINING: Decimal("0.06"),
        BudgetCategory.ACCESS_NEEDS: Decimal("0.03"),
    }
    lines = {
        category: (total * share).quantize(Decimal("0.01")) for category, share in shares.items()
    }
    lines[BudgetCategory.OTHER] = total - sum(lines.values())
    return {
        category: applications.LineAnswer(amount=amount, description="")
        for category, amount in lines.items()
    }


@contextlib.contextmanager
def mail_kept_in_memory() -> Iterator[None]:
    """Seeding makes a year's worth of e-mails: keep them out of the worker and the console.

    Wrap the whole seeding transaction in it: e-mails are queued when that commits."""
    was_eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    try:
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            yield
    finally:
        celery_app.conf.task_always_eager = was_eager


def _outline(funding_round: FundingRound, borough: Borough) -> Outline:
    slug = borough.slug
    return outlines.outline_start(
        user=_user(f"secretary-{slug}"),
        funding_round=funding_round,
        cpeg=borough.cpeg,
        position=(
            f"The police, {borough.short_name} council and the CPEG agree the group should "
            "hold quarterly public meetings and take engagement to the wards."
        ),
        proposed_activities=(
            "Quarterly public meetings; attendance at CDRP and Safer Neighbourhoods panels; "
            "a youth forum; recruiting new members from under-represented communities."
        ),
        proposed_sum=_request(borough),
    )


def _sign(outline: Outline, slug: str, roles: tuple[str, ...]) -> Outline:
    for role in roles:
        outline = outlines.outline_sign(
            user=_user(f"{role}-{slug}"), outline=outline, version=outline.version
        )
    return outline


def _dispute(outline: Outline, slug: str) -> Outline:
    outline = _sign(outline, slug, ("chair",))
    return outlines.outline_decline(
        user=_user(f"police-{slug}"),
        outline=outline,
        version=outline.version,
        reason="The proposed sum leaves too little for ward-level engagement.",
    )


def _fill(application: Application, borough: Borough, *, complete: bool = True) -> Application:
    secretary = _user(f"secretary-{borough.slug}")
    application = applications.application_update_about(
        user=secretary,
        application=application,
        group_summary=(
            f"{borough.cpeg.name} brings residents, the police and the council together to "
            "set local policing priorities."
        ),
        meeting_arrangements="Public meetings each quarter in the civic centre; an executive "
        "committee every month.",
        bank_account_name=borough.cpeg.name,
    )
    objectives = list(application.funding_round.objectives.all())
    for objective in objectives if complete else objectives[:2]:
        applications.activity_add(
            user=secretary,
            application=application,
            objective=objective,
            title=f"{objective.title}: the year's programme",
            milestones={
                1: f"{objective.code}: plan agreed with partners and dates published",
                2: f"{objective.code}: first events held, attendance recorded",
                3: None if objective.code == "O4" else f"{objective.code}: mid-year review",
                4: f"{objective.code}: year's results reported to the AGM",
            },
        )
    if complete:
        total = _request(borough)
        applications.application_set_budget(
            user=secretary, application=application, lines=_budget(total), requested_amount=total
        )
    return application


def _submitted(funding_round: FundingRound, borough: Borough) -> Application:
    outline = Outline.objects.get(funding_round=funding_round, cpeg=borough.cpeg)
    secretary = _user(f"secretary-{borough.slug}")
    application = _fill(applications.application_start(user=secretary, outline=outline), borough)
    return applications.application_submit(
        user=secretary, application=application, declaration_confirmed=True
    )


def _recommend(application: Application, borough: Borough) -> Application:
    officer = _officer(borough)
    review.review_comment_add(
        user=officer,
        application=application,
        objective=application.funding_round.objectives.get(code="O3"),
        body="A clear plan for the youth forum. Say which schools you will work with.",
    )
    review.review_recommend(
        user=officer,
        application=application,
        amount=application.requested_amount,
        conditions="" if _code(borough) not in WITH_CONDITIONS else "Appoint a treasurer.",
    )
    application.refresh_from_db()
    return application


def seed_grants() -> int:
    """Seed the 2011/12 round once; returns the number of applications made (0 if present)."""
    if FundingRound.objects.filter(year_start=YEAR).exists():
        return 0
    return _seed()


def _seed() -> int:
    manager = _user("manager")
    funding_round = rounds.round_create(
        user=manager,
        year_start=YEAR,
        total_budget=Decimal("1400000.00"),
        allocable_ceiling=Decimal("1320000.00"),
        access_fund=Decimal("2000.00"),
        outline_deadline=datetime.date(YEAR, 5, 13),
        application_deadline=datetime.date(YEAR, 6, 17),
        q1_return_deadline=datetime.date(YEAR, 7, 29),
        q2_return_deadline=datetime.date(YEAR, 10, 28),
        q3_return_deadline=datetime.date(YEAR + 1, 1, 27),
        q4_return_deadline=datetime.date(YEAR + 1, 4, 27),
        objectives=OBJECTIVES,
    )
    funding_round = rounds.round_move(
        user=manager, funding_round=funding_round, transition=OPEN_OUTLINES
    )
    boroughs = list(Borough.objects.select_related("cpeg").order_by("gss_code"))

    # Outlines first, while the round is open for them.
    for borough in boroughs:
        code, slug = _code(borough), borough.slug
        if OUTLINE_ONLY.get(code) == "draft":
            _sign(_outline(funding_round, borough), slug, ("chair",))
        elif OUTLINE_ONLY.get(code) == "disputed" or code in BROKERED:
            outline = _dispute(_outline(funding_round, borough), slug)
            officer = _officer(borough)
            outlines.brokering_contact_add(
                user=officer,
                outline=outline,
                contacted_on=datetime.date(YEAR, 5, 20),
                contact_with=f"The Borough Commander and the CPEG chair, {borough.short_name}",
                notes="Met both; the police want more spent in the wards, the group on meetings.",
            )
            if code in BROKERED:
                outlines.brokering_outcome_record(
                    user=officer,
                    outline=outline,
                    outcome=BROKERED[code],
                    notes=(
                        "Agreed a ward programme within the proposed sum."
                        if BROKERED[code] == "agreed"
                        else "The partners could not agree; the committee is asked to consider "
                        "interim funding."
                    ),
                )
        else:  # consensus: every other group goes on to apply
            _sign(_outline(funding_round, borough), slug, ("chair", "police", "council"))

    funding_round = rounds.round_move(
        user=manager, funding_round=funding_round, transition=OPEN_APPLICATIONS
    )
    made = 0
    to_decide: list[tuple[Application, str, Decimal | None, str]] = []
    for borough in boroughs:
        code = _code(borough)
        if code in OUTLINE_ONLY or code in INTERIM:
            continue
        if code in DRAFT:
            outline = Outline.objects.get(funding_round=funding_round, cpeg=borough.cpeg)
            application = applications.application_start(
                user=_user(f"secretary-{borough.slug}"), outline=outline
            )
            _fill(application, borough, complete=False)
            made += 1
            continue
        application = _submitted(funding_round, borough)
        made += 1
        if code in SUBMITTED:
            continue
        if code in CHANGES:
            review.review_request_changes(
                user=_officer(borough),
                application=application,
                message="The budget puts nearly half into administration: show how that "
                "serves the objectives, or move some into outreach.",
            )
            continue
        application = _recommend(application, borough)
        if code in RECOMMENDED:
            continue
        if code in NOT_FUNDED:
            to_decide.append((application, DecisionOutcome.DO_NOT_FUND, None, ""))
        elif code in DEFERRED:
            to_decide.append((application, DecisionOutcome.DEFER, None, ""))
        elif code in WITH_CONDITIONS:
            to_decide.append(
                (
                    application,
                    DecisionOutcome.FUND_WITH_CONDITIONS,
                    application.recommended_amount,
                    "Appoint a treasurer before the second instalment.",
                )
            )
        else:
            to_decide.append(
                (application, DecisionOutcome.FUND, application.recommended_amount, "")
            )

    decisions.meeting_record_decisions(
        user=manager,
        funding_round=funding_round,
        name="Community Engagement and Citizen Focus Sub-committee",
        held_on=datetime.date(YEAR, 7, 7),
        decisions=to_decide,
    )
    for borough in boroughs:
        if _code(borough) in INTERIM:
            decisions.interim_award_create(
                user=manager,
                funding_round=funding_round,
                cpeg=borough.cpeg,
                amount=Decimal("9000.00"),
                reason="No agreed work plan: interim funding for the first quarter's public "
                "meetings while the partners keep talking.",
                awarded_on=datetime.date(YEAR, 7, 7),
            )
    rounds.access_fund_top_up(
        user=manager,
        funding_round=funding_round,
        amount=Decimal("500.00"),
        reason="British Sign Language interpreting requested by three groups.",
    )
    newham = next(b for b in boroughs if b.slug == "newham")
    rounds.access_fund_draw(
        user=manager,
        funding_round=funding_round,
        cpeg=newham.cpeg,
        amount=Decimal("640.00"),
        reason="BSL interpreters for four public meetings.",
    )
    return made


__all__ = ["ApplicationStatus", "mail_kept_in_memory", "seed_grants"]

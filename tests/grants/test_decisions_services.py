"""The committee's batch of decisions, the awards it makes, instalments and interim funding:
the services, on their own."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from accounts.models import Role
from audit.selectors import audit_timeline
from grants.models import (
    Activity,
    ApplicationStatus,
    Award,
    CommitteeMeeting,
    Decision,
    Instalment,
    Milestone,
)
from grants.models.awards import APPEAL_DAYS
from grants.services.decisions import (
    award_set_instalments,
    decision_error_key,
    default_instalments,
    interim_award_create,
    meeting_check_decisions,
    meeting_record_decisions,
)
from slas.models import SlaMilestone
from tests.factories import UserFactory, audit_mark, audited_since
from tests.grants.decisions_helpers import (
    MEETING_DAY,
    borough,
    fund,
    group_people,
    recommended,
)
from tests.grants.factories import make_application, make_round, staff

pytestmark = pytest.mark.django_db

MEETING = "Community Engagement Sub-committee"


def record(funding_round, decisions, *, user=None, name=MEETING, held_on=MEETING_DAY):
    return meeting_record_decisions(
        user=user or staff(),
        funding_round=funding_round,
        name=name,
        held_on=held_on,
        decisions=decisions,
    )


# The batch, one outcome at a time


def test_fund_makes_the_award_with_the_meeting_date_and_a_reference(funding_round):
    application = recommended(funding_round, "barnet")
    meeting = record(funding_round, [(application, "fund", Decimal("30000.00"), "")])

    decision = Decision.objects.get(meeting=meeting, application=application)
    award = Award.objects.get(decision=decision)
    assert (decision.outcome, decision.amount) == ("fund", Decimal("30000.00"))
    assert award.reference == "CPEG-2011-BARNET-A"
    assert award.amount == Decimal("30000.00")
    assert award.awarded_on == MEETING_DAY
    assert award.cpeg == application.cpeg
    assert not award.is_interim
    application.refresh_from_db()
    assert application.status == ApplicationStatus.FUNDED


def test_fund_with_conditions_keeps_the_conditions_on_the_decision_and_the_award(funding_round):
    application = recommended(funding_round, "barnet")
    record(
        funding_round,
        [(application, "fund_with_conditions", Decimal("25000.00"), "Send audited accounts")],
    )
    award = Award.objects.get(cpeg=application.cpeg)
    assert award.decision.conditions == "Send audited accounts"
    assert award.conditions == "Send audited accounts"
    assert award.amount == Decimal("25000.00")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.FUNDED


def test_do_not_fund_makes_no_award_and_keeps_no_amount(funding_round):
    application = recommended(funding_round, "barnet")
    meeting = record(funding_round, [(application, "do_not_fund", Decimal("30000.00"), "x")])
    decision = meeting.decisions.get()
    assert (decision.outcome, decision.amount, decision.conditions) == ("do_not_fund", None, "")
    assert not Award.objects.exists()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.NOT_FUNDED


def test_defer_leaves_the_application_waiting_for_a_later_meeting(funding_round):
    application = recommended(funding_round, "barnet")
    record(funding_round, [(application, "defer", None, "")])
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DEFERRED
    assert not Award.objects.exists()

    later = record(
        funding_round,
        [(application, "fund", Decimal("30000.00"), "")],
        name="Sub-committee, September",
        held_on=datetime.date(2011, 9, 8),
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.FUNDED
    assert Award.objects.get().awarded_on == later.held_on


def test_one_batch_decides_several_applications_in_one_meeting(funding_round):
    barnet = recommended(funding_round, "barnet")
    camden = recommended(funding_round, "camden")
    brent = recommended(funding_round, "brent")
    meeting = record(
        funding_round,
        [
            (barnet, "fund", Decimal("30000.00"), ""),
            (camden, "do_not_fund", None, ""),
            (brent, "defer", None, ""),
        ],
    )
    assert CommitteeMeeting.objects.count() == 1
    assert meeting.decisions.count() == 3
    assert Award.objects.count() == 1


def test_a_funding_decision_needs_an_amount_more_than_nothing(funding_round):
    application = recommended(funding_round, "barnet")
    with pytest.raises(ValidationError) as refused:
        record(funding_round, [(application, "fund", None, "")])
    assert refused.value.message_dict[decision_error_key(application, "amount")] == [
        "Enter the amount the committee awarded Barnet"
    ]
    with pytest.raises(ValidationError) as refused:
        record(funding_round, [(application, "fund", Decimal("0.00"), "")])
    assert refused.value.message_dict[decision_error_key(application, "amount")] == [
        "The amount awarded to Barnet must be more than £0"
    ]


def test_the_committee_awards_no_more_than_the_group_asked_for(funding_round):
    application = recommended(funding_round, "barnet")  # asked for £40,000.00
    with pytest.raises(ValidationError) as refused:
        record(funding_round, [(application, "fund", Decimal("40000.01"), "")])
    assert refused.value.message_dict[decision_error_key(application, "amount")] == [
        "The amount awarded to Barnet must be no more than the £40,000.00 they asked for"
    ]


def test_fund_with_conditions_needs_the_conditions(funding_round):
    application = recommended(funding_round, "barnet")
    with pytest.raises(ValidationError) as refused:
        record(funding_round, [(application, "fund_with_conditions", Decimal("100"), "  ")])
    assert refused.value.message_dict[decision_error_key(application, "conditions")] == [
        "Enter the conditions the committee set for Barnet"
    ]


@pytest.mark.parametrize(
    "status",
    [
        ApplicationStatus.DRAFT,
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.CHANGES_REQUESTED,
        ApplicationStatus.FUNDED,
        ApplicationStatus.NOT_FUNDED,
    ],
)
def test_only_recommended_or_deferred_applications_are_decided(funding_round, status):
    application = recommended(funding_round, "barnet", status=status)
    meetings = list(CommitteeMeeting.objects.values_list("pk", flat=True))  # funded: its own
    with pytest.raises(ValidationError) as refused:
        record(funding_round, [(application, "fund", Decimal("30000.00"), "")])
    assert "only a recommended or deferred application can be decided" in str(
        refused.value.message_dict[decision_error_key(application, "outcome")]
    )
    assert list(CommitteeMeeting.objects.values_list("pk", flat=True)) == meetings


def test_the_meeting_needs_a_name_and_a_date_not_in_the_future(funding_round):
    application = recommended(funding_round, "barnet")
    with pytest.raises(ValidationError) as refused:
        record(
            funding_round,
            [(application, "defer", None, "")],
            name=" ",
            held_on=datetime.date.today() + datetime.timedelta(days=1),
        )
    assert refused.value.message_dict["name"] == ["Enter which committee met"]
    assert refused.value.message_dict["held_on"] == [
        "The date of the meeting must be today or in the past"
    ]


def test_an_empty_batch_is_refused(funding_round):
    with pytest.raises(ValidationError) as refused:
        record(funding_round, [])
    assert refused.value.message_dict[NON_FIELD_ERRORS] == [
        "Record the committee's decision on at least one application"
    ]


@pytest.mark.parametrize("role", [r for r in Role if r != Role.FUNDING_MANAGER])
def test_only_the_funding_manager_records_decisions(funding_round, user_in_role, role):
    application = recommended(funding_round, "barnet")
    with pytest.raises(ValidationError):
        record(funding_round, [(application, "defer", None, "")], user=user_in_role(role))
    assert not CommitteeMeeting.objects.exists()


# All or nothing


def test_one_bad_row_saves_nothing_of_the_batch(funding_round):
    barnet = recommended(funding_round, "barnet")
    camden = recommended(funding_round, "camden")
    mark = audit_mark()
    with pytest.raises(ValidationError) as refused:
        record(
            funding_round,
            [
                (barnet, "fund", Decimal("30000.00"), ""),
                (camden, "fund_with_conditions", Decimal("20000.00"), ""),
            ],
        )
    assert list(refused.value.message_dict) == [decision_error_key(camden, "conditions")]
    assert not CommitteeMeeting.objects.exists()
    assert not Decision.objects.exists()
    assert not Award.objects.exists()
    assert not Instalment.objects.exists()
    assert not SlaMilestone.objects.exists()
    barnet.refresh_from_db()
    camden.refresh_from_db()
    assert barnet.status == camden.status == ApplicationStatus.RECOMMENDED
    assert not audited_since(mark).exists()


# The ceiling


def test_awards_over_the_ceiling_refuse_the_whole_batch(user_in_role):
    funding_round = make_round(total="100000.00", ceiling="50000.00")
    barnet = recommended(funding_round, "barnet")
    camden = recommended(funding_round, "camden")
    with pytest.raises(ValidationError) as refused:
        record(
            funding_round,
            [
                (barnet, "fund", Decimal("30000.00"), ""),
                (camden, "fund", Decimal("20000.01"), ""),
            ],
        )
    assert refused.value.message_dict[NON_FIELD_ERRORS] == [
        "These awards would take the round £0.01 over its ceiling of £50,000.00"
    ]
    assert not Award.objects.exists()
    assert not CommitteeMeeting.objects.exists()


def test_awards_may_reach_the_ceiling_exactly(user_in_role):
    funding_round = make_round(total="100000.00", ceiling="50000.00")
    barnet = recommended(funding_round, "barnet")
    camden = recommended(funding_round, "camden")
    fund(funding_round, barnet, "30000.00")
    fund(funding_round, camden, "20000.00")
    assert sum(a.amount for a in Award.objects.all()) == Decimal("50000.00")


def test_the_ceiling_counts_awards_made_earlier_and_interim_funding():
    funding_round = make_round(total="100000.00", ceiling="50000.00")
    fund(funding_round, recommended(funding_round, "barnet"), "30000.00")
    interim_award_create(
        user=staff(),
        funding_round=funding_round,
        cpeg=borough("brent").cpeg,
        amount=Decimal("15000.00"),
        reason="No agreed work plan yet",
        awarded_on=MEETING_DAY,
    )
    with pytest.raises(ValidationError) as refused:
        fund(funding_round, recommended(funding_round, "camden"), "5000.50")
    assert refused.value.messages == [
        "These awards would take the round £0.50 over its ceiling of £50,000.00"
    ]


# Instalments, to the penny


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("10000.00", ["2500.00", "2500.00", "2500.00", "2500.00"]),
        ("10000.01", ["2500.01", "2500.00", "2500.00", "2500.00"]),
        ("10000.03", ["2500.03", "2500.00", "2500.00", "2500.00"]),
        ("0.03", ["0.03", "0.00", "0.00", "0.00"]),
        ("33333.33", ["8333.34", "8333.33", "8333.33", "8333.33"]),
    ],
)
def test_default_instalments_are_a_quarter_each_with_the_odd_pennies_in_quarter_1(amount, expected):
    shares = default_instalments(Decimal(amount))
    assert [shares[q] for q in (1, 2, 3, 4)] == [Decimal(e) for e in expected]
    assert sum(shares.values()) == Decimal(amount)


def test_an_award_of_10000_01_has_four_instalments_adding_up_exactly(funding_round):
    application = recommended(funding_round, "barnet")
    fund(funding_round, application, "10000.01")
    award = Award.objects.get()
    instalments = list(award.instalments.order_by("quarter"))
    assert [(i.quarter, i.amount) for i in instalments] == [
        (1, Decimal("2500.01")),
        (2, Decimal("2500.00")),
        (3, Decimal("2500.00")),
        (4, Decimal("2500.00")),
    ]
    assert sum(i.amount for i in instalments) == award.amount == Decimal("10000.01")


def test_the_manager_changes_the_instalments_when_they_add_up(funding_round):
    fund(funding_round, recommended(funding_round, "barnet"), "10000.00")
    award = Award.objects.get()
    amounts = {1: Decimal("5000.00"), 2: Decimal("5000.00"), 3: Decimal("0"), 4: Decimal("0")}
    award_set_instalments(user=staff(), award=award, amounts=amounts)
    assert {i.quarter: i.amount for i in award.instalments.all()} == amounts
    event = audit_timeline(subject=award).last()
    assert event.action == "instalments changed"
    assert event.reason == (
        "Q1 £2,500.00 → £5,000.00; Q2 £2,500.00 → £5,000.00; Q3 £2,500.00 → £0.00; "
        "Q4 £2,500.00 → £0.00"
    )


def test_instalments_that_do_not_add_up_to_the_award_are_refused(funding_round):
    fund(funding_round, recommended(funding_round, "barnet"), "10000.00")
    award = Award.objects.get()
    with pytest.raises(ValidationError) as refused:
        award_set_instalments(
            user=staff(),
            award=award,
            amounts={q: Decimal("2500.01") for q in (1, 2, 3, 4)},
        )
    assert refused.value.messages == [
        "The instalments add up to £10,000.04; they must add up to the award, £10,000.00"
    ]
    assert {i.amount for i in award.instalments.all()} == {Decimal("2500.00")}


def test_a_negative_instalment_is_refused_beside_its_quarter(funding_round):
    fund(funding_round, recommended(funding_round, "barnet"), "10000.00")
    award = Award.objects.get()
    amounts = {1: Decimal("-1.00"), 2: Decimal("5000.00"), 3: Decimal("5001.00"), 4: Decimal(0)}
    with pytest.raises(ValidationError) as refused:
        award_set_instalments(user=staff(), award=award, amounts=amounts)
    assert refused.value.message_dict == {"q1": ["The instalment for quarter 1 must be £0 or more"]}


def test_the_same_instalments_twice_change_nothing_and_are_not_audited_again(funding_round):
    fund(funding_round, recommended(funding_round, "barnet"), "10000.00")
    award = Award.objects.get()
    amounts = {1: Decimal("4000"), 2: Decimal("2000"), 3: Decimal("2000"), 4: Decimal("2000")}
    award_set_instalments(user=staff(), award=award, amounts=amounts)
    award_set_instalments(user=staff(), award=award, amounts=amounts)
    assert audit_timeline(subject=award).filter(action="instalments changed").count() == 1


def test_only_the_funding_manager_changes_instalments(funding_round, user_in_role):
    fund(funding_round, recommended(funding_round, "barnet"), "10000.00")
    award = Award.objects.get()
    with pytest.raises(ValidationError):
        award_set_instalments(
            user=user_in_role(Role.LINK_OFFICER),
            award=award,
            amounts={1: Decimal("10000"), 2: Decimal(0), 3: Decimal(0), 4: Decimal(0)},
        )


def test_a_released_instalment_keeps_its_amount(funding_round):
    from slas.services.instalments import instalment_release

    fund(funding_round, recommended(funding_round, "barnet"), "10000.00")
    award = Award.objects.get()
    instalment_release(
        user=staff(),
        instalment=award.instalments.get(quarter=1),
        released_on=award.awarded_on,
        reference="PAY-1",
    )
    with pytest.raises(ValidationError) as refused:
        award_set_instalments(
            user=staff(),
            award=award,
            amounts={
                1: Decimal("4000"),
                2: Decimal("2000"),
                3: Decimal("2000"),
                4: Decimal("2000"),
            },
        )
    assert refused.value.message_dict == {
        "q1": ["Quarter 1's instalment has been released: keep it at £2,500.00"]
    }
    assert {i.amount for i in award.instalments.all()} == {Decimal("2500.00")}
    # The quarters still to pay may change, the released one kept as it is.
    amounts = {1: Decimal("2500"), 2: Decimal("5000"), 3: Decimal("2500"), 4: Decimal(0)}
    award_set_instalments(user=staff(), award=award, amounts=amounts)
    assert {i.quarter: i.amount for i in award.instalments.all()} == amounts


# The SLA


def test_every_milestone_of_the_work_plan_becomes_an_sla_milestone(funding_round):
    application = recommended(funding_round, "barnet")
    fund(funding_round, application)
    award = Award.objects.get()
    copied = {
        (m.objective.code, m.activity_title, m.quarter, m.description, m.not_due)
        for m in award.sla_milestones.select_related("objective")
    }
    expected = {
        (
            m.activity.objective.code,
            m.activity.title,
            m.quarter,
            m.description,
            m.not_this_quarter,
        )
        for m in Milestone.objects.filter(activity__application=application).select_related(
            "activity__objective"
        )
    }
    assert copied == expected
    assert len(copied) == 20  # 5 activities × 4 quarters


def test_not_this_quarter_becomes_not_due(funding_round):
    application = recommended(funding_round, "barnet")
    activity = Activity.objects.filter(application=application).first()
    Milestone.objects.filter(activity=activity, quarter=1).update(
        not_this_quarter=True, description=""
    )
    fund(funding_round, application)
    milestone = SlaMilestone.objects.get(activity_title=activity.title, quarter=1)
    assert milestone.not_due
    assert milestone.description == ""
    assert SlaMilestone.objects.filter(not_due=True).count() == 1


# Interim funding


def test_interim_funding_is_marked_with_its_reason_instalments_and_no_sla(funding_round):
    award = interim_award_create(
        user=staff(),
        funding_round=funding_round,
        cpeg=borough("brent").cpeg,
        amount=Decimal("5000.02"),
        reason="The partners have not agreed a work plan",
        awarded_on=MEETING_DAY,
    )
    assert award.is_interim
    assert award.decision is None
    assert award.interim_reason == "The partners have not agreed a work plan"
    assert award.reference == "CPEG-2011-BRENT-A"
    assert [i.amount for i in award.instalments.order_by("quarter")] == [
        Decimal("1250.02"),
        Decimal("1250.00"),
        Decimal("1250.00"),
        Decimal("1250.00"),
    ]
    assert not award.sla_milestones.exists()
    assert audit_timeline(subject=award).get().action == "interim funding awarded"


def test_a_group_with_a_full_award_gets_no_interim_funding(funding_round):
    application = recommended(funding_round, "barnet")
    fund(funding_round, application)
    with pytest.raises(ValidationError) as refused:
        interim_award_create(
            user=staff(),
            funding_round=funding_round,
            cpeg=application.cpeg,
            amount=Decimal("100"),
            reason="More",
            awarded_on=MEETING_DAY,
        )
    assert "Barnet already has an award from the committee" in refused.value.message_dict["cpeg"][0]


def test_a_group_funded_after_interim_funding_gets_the_next_reference(funding_round):
    application = recommended(funding_round, "barnet")
    interim_award_create(
        user=staff(),
        funding_round=funding_round,
        cpeg=application.cpeg,
        amount=Decimal("1000"),
        reason="Until the committee meets",
        awarded_on=datetime.date(2011, 5, 1),
    )
    fund(funding_round, application)
    assert sorted(Award.objects.values_list("reference", "is_interim")) == [
        ("CPEG-2011-BARNET-A", True),
        ("CPEG-2011-BARNET-B", False),
    ]


def test_interim_funding_over_the_ceiling_is_refused():
    funding_round = make_round(total="10000.00", ceiling="5000.00")
    with pytest.raises(ValidationError) as refused:
        interim_award_create(
            user=staff(),
            funding_round=funding_round,
            cpeg=borough("brent").cpeg,
            amount=Decimal("5000.01"),
            reason="No work plan",
            awarded_on=MEETING_DAY,
        )
    assert refused.value.messages == [
        "These awards would take the round £0.01 over its ceiling of £5,000.00"
    ]
    assert not Award.objects.exists()


def test_interim_funding_needs_an_amount_a_reason_and_a_date(funding_round):
    with pytest.raises(ValidationError) as refused:
        interim_award_create(
            user=staff(),
            funding_round=funding_round,
            cpeg=borough("brent").cpeg,
            amount=Decimal("0"),
            reason=" ",
            awarded_on=None,
        )
    assert refused.value.message_dict == {
        "amount": ["The amount of interim funding must be more than £0"],
        "reason": ["Enter why the group is given interim funding"],
        "awarded_on": ["Enter the date the interim funding was agreed"],
    }


def test_the_same_interim_award_asked_twice_is_made_once(funding_round):
    arguments = {
        "user": staff(),
        "funding_round": funding_round,
        "cpeg": borough("brent").cpeg,
        "amount": Decimal("1000"),
        "reason": "No work plan",
        "awarded_on": MEETING_DAY,
    }
    first = interim_award_create(**arguments)
    second = interim_award_create(**arguments)
    assert first == second
    assert Award.objects.count() == 1


# Asked twice


def test_the_same_batch_recorded_twice_returns_the_first_meeting(funding_round):
    barnet = recommended(funding_round, "barnet")
    camden = recommended(funding_round, "camden")
    batch = [(barnet, "fund", Decimal("30000.00"), ""), (camden, "defer", None, "")]
    first = record(funding_round, batch)
    second = record(funding_round, batch)
    assert first == second
    assert CommitteeMeeting.objects.count() == 1
    assert Award.objects.count() == 1


def test_deciding_an_application_already_funded_is_refused_clearly(funding_round):
    application = recommended(funding_round, "barnet")
    fund(funding_round, application)
    with pytest.raises(ValidationError) as refused:
        record(
            funding_round,
            [(application, "do_not_fund", None, "")],
            name="Another meeting",
        )
    assert refused.value.message_dict[decision_error_key(application, "outcome")] == [
        "Barnet's application is funded: only a recommended or deferred application can be decided"
    ]


def test_the_same_application_twice_in_one_batch_is_refused(funding_round):
    application = recommended(funding_round, "barnet")
    with pytest.raises(ValidationError) as refused:
        record(
            funding_round,
            [(application, "defer", None, ""), (application, "do_not_fund", None, "")],
        )
    assert "Barnet is in the batch twice" in str(refused.value)


def test_an_application_of_another_round_is_refused(funding_round):
    other_round = make_round(year_start=2012)
    application = make_application(
        funding_round=other_round,
        borough=borough("barnet"),
        status=ApplicationStatus.RECOMMENDED,
        recommended_amount="100",
    )
    with pytest.raises(ValidationError) as refused:
        record(funding_round, [(application, "defer", None, "")])
    assert refused.value.message_dict[decision_error_key(application, "outcome")] == [
        "Barnet's application is not in the 2011/12 round"
    ]


# Audit and e-mail


def test_each_decision_is_audited_on_the_application_and_each_award_on_the_award(funding_round):
    barnet = recommended(funding_round, "barnet")
    camden = recommended(funding_round, "camden")
    record(
        funding_round,
        [(barnet, "fund", Decimal("30000.00"), ""), (camden, "do_not_fund", None, "")],
    )
    barnet_event = audit_timeline(subject=barnet).get(action="committee decision")
    assert (barnet_event.action, barnet_event.from_state, barnet_event.to_state) == (
        "committee decision",
        "recommended",
        "funded",
    )
    assert barnet_event.reason == f"Fund (£30,000.00) at {MEETING}, 14 July 2011"
    assert barnet_event.actor == staff()
    camden_event = audit_timeline(subject=camden).get(action="committee decision")
    assert (camden_event.from_state, camden_event.to_state) == ("recommended", "not_funded")
    award_event = audit_timeline(subject=Award.objects.get()).get()
    assert award_event.action == "awarded"
    assert award_event.reason == f"£30,000.00 by {MEETING}, 14 July 2011"


def test_the_group_secretary_and_chair_are_emailed_a_link_to_the_letter(
    funding_round, django_capture_on_commit_callbacks
):
    application = recommended(funding_round, "barnet")
    secretary, chair = group_people("barnet")
    UserFactory(username="police-barnet", role=Role.POLICE_PARTNER, cpeg=application.cpeg)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = record(
            funding_round, [(application, "fund_with_conditions", Decimal("100"), "Accounts")]
        )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    decision = meeting.decisions.get()
    assert set(message.to) == {secretary.email, chair.email, "sec-barnet@example.org"}
    assert message.subject == "Committee decision on your 2011/12 funding application"
    assert "Decision: Fund with conditions" in message.body
    assert "Amount: £100.00" in message.body
    appeal_by = MEETING_DAY + datetime.timedelta(days=APPEAL_DAYS)
    assert appeal_by == datetime.date(2011, 8, 4)
    assert "You can appeal this decision until 4 August 2011" in message.body
    assert message.body.endswith(f"/funding/decisions/{decision.pk}/letter/")


def test_nothing_is_emailed_when_the_batch_is_refused(
    funding_round, django_capture_on_commit_callbacks
):
    application = recommended(funding_round, "barnet")
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(ValidationError),
    ):
        record(funding_round, [(application, "fund", None, "")])
    assert callbacks == []
    assert mail.outbox == []


def test_the_same_meeting_again_with_a_different_amount_is_refused_not_ignored(funding_round):
    application = recommended(funding_round, "barnet")
    record(funding_round, [(application, "fund", Decimal("30000.00"), "")])
    with pytest.raises(ValidationError):
        record(funding_round, [(application, "fund", Decimal("20000.00"), "")])
    assert Award.objects.get().amount == Decimal("30000.00")


# The check before recording (the check-your-answers page)


def test_checking_a_good_batch_saves_and_audits_nothing(funding_round):
    barnet = recommended(funding_round, "barnet")
    mark = audit_mark()
    meeting_check_decisions(
        user=staff(),
        funding_round=funding_round,
        name=MEETING,
        held_on=MEETING_DAY,
        decisions=[(barnet, "fund", Decimal("30000.00"), "")],
    )
    assert not CommitteeMeeting.objects.exists()
    assert not Decision.objects.exists()
    assert not audited_since(mark).exists()
    barnet.refresh_from_db()
    assert barnet.status == ApplicationStatus.RECOMMENDED


def test_checking_refuses_what_recording_would_refuse(funding_round):
    barnet = recommended(funding_round, "barnet")
    with pytest.raises(ValidationError) as refused:
        meeting_check_decisions(
            user=staff(),
            funding_round=funding_round,
            name=MEETING,
            held_on=MEETING_DAY,
            decisions=[(barnet, "fund", Decimal("40000.01"), "")],
        )
    assert refused.value.message_dict[decision_error_key(barnet, "amount")] == [
        "The amount awarded to Barnet must be no more than the £40,000.00 they asked for"
    ]
    with pytest.raises(ValidationError) as refused:
        meeting_check_decisions(
            user=UserFactory(role=Role.LINK_OFFICER),
            funding_round=funding_round,
            name=MEETING,
            held_on=MEETING_DAY,
            decisions=[(barnet, "defer", None, "")],
        )
    assert refused.value.code == "forbidden"

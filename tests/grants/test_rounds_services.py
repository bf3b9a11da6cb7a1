"""The rounds services: each rule, each refusal (with nothing saved), the audit rows, and
doing nothing when asked twice."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from accounts.models import Role
from audit.selectors import audit_timeline
from grants.models import (
    AccessFundDrawdown,
    AccessFundTopUp,
    FundingRound,
    Objective,
    RoundStatus,
)
from grants.services.rounds import (
    access_fund_draw,
    access_fund_top_up,
    objective_add,
    objective_update,
    round_create,
    round_move,
    round_update,
)
from grants.workflows.round import CLOSE, OPEN_APPLICATIONS, OPEN_OUTLINES, ROUND
from tests.factories import audit_mark, audited_since
from tests.grants.factories import make_round, staff
from tests.grants.rounds_support import TERMS_2012, make_award, update_terms

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager():
    return staff(Role.FUNDING_MANAGER)


@pytest.fixture
def new_round(manager):
    """A 2012/13 round being set up, with one objective."""
    return round_create(user=manager, **TERMS_2012, objectives=[("O1", "Public meetings")])


def actions(funding_round):
    return [
        (e.action, e.from_state, e.to_state, e.reason)
        for e in audit_timeline(subject=funding_round)
    ]


def field_errors(excinfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict


# Creating a round


def test_a_new_round_is_set_up_with_its_terms_and_objectives_and_audited(manager):
    funding_round = round_create(
        user=manager,
        **TERMS_2012,
        objectives=[
            ("O1", "Public meetings and engagement events"),
            ("O2", "Engagement with local partners", "CDRP and Safer Neighbourhoods panels"),
        ],
    )
    assert funding_round.status == RoundStatus.SETUP
    assert funding_round.label == "2012/13"
    assert funding_round.allocable_ceiling == Decimal("1320000.00")
    assert funding_round.created_by == manager
    assert [(o.code, o.position, o.description) for o in funding_round.objectives.all()] == [
        ("O1", 1, ""),
        ("O2", 2, "CDRP and Safer Neighbourhoods panels"),
    ]
    events = actions(funding_round)
    assert events[0][:3] == ("round created", "", RoundStatus.SETUP)
    assert "£1,400,000.00" in events[0][3]
    assert [e[0] for e in events[1:]] == ["objective added", "objective added"]
    assert all(e.actor == manager for e in audit_timeline(subject=funding_round))


def test_a_second_round_for_the_same_year_is_refused(manager, new_round):
    with pytest.raises(ValidationError) as excinfo:
        round_create(user=manager, **TERMS_2012)
    assert field_errors(excinfo) == {"year_start": ["There is already a round for 2012/13"]}
    assert FundingRound.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"allocable_ceiling": Decimal("1400000.01")},
            "allocable_ceiling",
            "The most that may be allocated to groups must be no more than the total budget "
            "of £1,400,000.00",
        ),
        ({"total_budget": Decimal("0.00")}, "total_budget", "Enter a total budget of more than £0"),
        ({"total_budget": Decimal("-1.00")}, "total_budget", "The total budget must be £0 or more"),
        (
            {"access_fund": Decimal("-0.01")},
            "access_fund",
            "The access-needs fund must be £0 or more",
        ),
        (
            {"access_fund": Decimal("10.005")},
            "access_fund",
            "The access-needs fund must be in pounds and pence, with 2 decimal places at most",
        ),
        (
            {"outline_deadline": datetime.date(2012, 6, 16)},
            "outline_deadline",
            "Outlines must be due on or before the applications deadline, 15 June 2012",
        ),
        (
            {"application_deadline": datetime.date(2013, 4, 1)},
            "application_deadline",
            "Applications must be due by the end of the financial year, 31 March 2013",
        ),
        (
            {"q1_return_deadline": datetime.date(2012, 6, 30)},
            "q1_return_deadline",
            "The quarter 1 return must be due after the quarter ends on 30 June 2012",
        ),
        (
            {"q2_return_deadline": datetime.date(2012, 9, 30)},
            "q2_return_deadline",
            "The quarter 2 return must be due after the quarter ends on 30 September 2012",
        ),
        (
            {"q3_return_deadline": datetime.date(2012, 12, 1)},
            "q3_return_deadline",
            "The quarter 3 return must be due after the quarter ends on 31 December 2012",
        ),
        (
            {"q4_return_deadline": datetime.date(2013, 3, 31)},
            "q4_return_deadline",
            "The quarter 4 return must be due after the quarter ends on 31 March 2013",
        ),
        (
            {"year_start": 1999},
            "year_start",
            "Enter a financial year from 2000/01 to 2099/00, like 2011/12",
        ),
    ],
)
def test_a_round_that_breaks_a_rule_is_refused_with_a_field_message(
    manager, changes, field, message
):
    with pytest.raises(ValidationError) as excinfo:
        round_create(user=manager, **{**TERMS_2012, **changes})
    assert field_errors(excinfo)[field] == [message]
    assert not FundingRound.objects.exists()


def test_the_ceiling_may_equal_the_total_budget_and_outlines_the_applications_day(manager):
    funding_round = round_create(
        user=manager,
        **{
            **TERMS_2012,
            "allocable_ceiling": TERMS_2012["total_budget"],
            "outline_deadline": TERMS_2012["application_deadline"],
        },
    )
    assert funding_round.allocable_ceiling == funding_round.total_budget


def test_a_round_with_a_bad_objective_is_not_created_at_all(manager):
    with pytest.raises(ValidationError):
        round_create(user=manager, **TERMS_2012, objectives=[("O1", "One"), ("O1", "Again")])
    assert not FundingRound.objects.exists()
    assert not Objective.objects.exists()


@pytest.mark.parametrize(
    "role", [r for r in Role if r != Role.FUNDING_MANAGER], ids=lambda r: r.value
)
def test_only_the_funding_manager_creates_a_round(user_in_role, role):
    with pytest.raises(ValidationError, match="Only the funding manager"):
        round_create(user=user_in_role(role), **TERMS_2012)
    assert not FundingRound.objects.exists()


# Changing a round


def test_changing_the_terms_saves_them_and_audits_what_changed(manager, new_round):
    round_update(
        user=manager,
        funding_round=new_round,
        **update_terms(
            new_round,
            total_budget=Decimal("1500000.00"),
            q2_return_deadline=datetime.date(2012, 10, 31),
        ),
    )
    new_round.refresh_from_db()
    assert new_round.total_budget == Decimal("1500000.00")
    assert new_round.q2_return_deadline == datetime.date(2012, 10, 31)
    assert actions(new_round)[-1] == (
        "round details changed",
        "",
        "",
        "Changed: total budget, quarter 2 return deadline",
    )


def test_saving_the_same_terms_again_changes_and_records_nothing(manager, new_round):
    before = len(actions(new_round))
    round_update(user=manager, funding_round=new_round, **update_terms(new_round))
    assert len(actions(new_round)) == before


def test_the_ceiling_cannot_drop_below_what_is_already_awarded(manager, barnet, camden):
    funding_round = make_round(ceiling="100000.00")
    make_award(funding_round, barnet, "40000.00")
    make_award(funding_round, camden, "20000.01")
    with pytest.raises(ValidationError) as excinfo:
        round_update(
            user=manager,
            funding_round=funding_round,
            **update_terms(funding_round, allocable_ceiling=Decimal("60000.00")),
        )
    assert field_errors(excinfo) == {
        "allocable_ceiling": [
            "The most that may be allocated cannot be less than the £60,000.01 already awarded"
        ]
    }
    funding_round.refresh_from_db()
    assert funding_round.allocable_ceiling == Decimal("100000.00")


def test_the_ceiling_may_come_down_to_exactly_what_is_awarded(manager, barnet):
    funding_round = make_round(ceiling="100000.00")
    make_award(funding_round, barnet, "40000.00")
    round_update(
        user=manager,
        funding_round=funding_round,
        **update_terms(funding_round, allocable_ceiling=Decimal("40000.00")),
    )
    funding_round.refresh_from_db()
    assert funding_round.allocable_ceiling == Decimal("40000.00")


def test_the_ceiling_cannot_be_raised_above_the_total_budget(manager, new_round):
    with pytest.raises(ValidationError) as excinfo:
        round_update(
            user=manager,
            funding_round=new_round,
            **update_terms(new_round, allocable_ceiling=Decimal("1400000.01")),
        )
    assert "allocable_ceiling" in field_errors(excinfo)


def test_the_year_may_change_while_the_round_is_being_set_up(manager, new_round):
    round_update(
        user=manager,
        funding_round=new_round,
        year_start=2013,
        **update_terms(
            new_round,
            outline_deadline=datetime.date(2013, 5, 10),
            application_deadline=datetime.date(2013, 6, 14),
            q1_return_deadline=datetime.date(2013, 7, 26),
            q2_return_deadline=datetime.date(2013, 10, 25),
            q3_return_deadline=datetime.date(2014, 1, 24),
            q4_return_deadline=datetime.date(2014, 4, 25),
        ),
    )
    new_round.refresh_from_db()
    assert new_round.label == "2013/14"


def test_the_year_cannot_change_once_the_round_has_opened(manager):
    funding_round = make_round(status=RoundStatus.OUTLINES_OPEN)
    with pytest.raises(ValidationError) as excinfo:
        round_update(
            user=manager,
            funding_round=funding_round,
            year_start=2012,
            **update_terms(funding_round),
        )
    assert field_errors(excinfo) == {
        "year_start": ["The financial year cannot change once the round has opened"]
    }


def test_the_starting_access_fund_cannot_drop_below_what_was_drawn(manager, barnet):
    funding_round = make_round(access_fund="2000.00")
    access_fund_top_up(
        user=manager, funding_round=funding_round, amount=Decimal("100.00"), reason="Loop"
    )
    access_fund_draw(
        user=manager,
        funding_round=funding_round,
        cpeg=barnet.cpeg,
        amount=Decimal("1500.50"),
        reason="Interpreters",
    )
    with pytest.raises(ValidationError) as excinfo:
        round_update(
            user=manager,
            funding_round=funding_round,
            **update_terms(funding_round, access_fund=Decimal("1400.49")),
        )
    assert field_errors(excinfo) == {
        "access_fund": [
            "The access-needs fund at the start must be at least £1,400.50, to cover what has "
            "already been drawn from it"
        ]
    }
    round_update(
        user=manager,
        funding_round=funding_round,
        **update_terms(funding_round, access_fund=Decimal("1400.50")),
    )


# The round's status


def test_the_round_moves_through_every_status_and_each_move_is_audited(manager, new_round):
    for name in (OPEN_OUTLINES, OPEN_APPLICATIONS, CLOSE):
        round_move(user=manager, funding_round=new_round, transition=name)
    new_round.refresh_from_db()
    assert new_round.status == RoundStatus.CLOSED
    assert [e[:3] for e in actions(new_round) if e[2]][1:] == [
        ("round opened for outlines", RoundStatus.SETUP, RoundStatus.OUTLINES_OPEN),
        ("round opened for applications", RoundStatus.OUTLINES_OPEN, RoundStatus.APPLICATIONS_OPEN),
        ("round closed", RoundStatus.APPLICATIONS_OPEN, RoundStatus.CLOSED),
    ]


def test_the_workflow_offers_the_manager_one_step_on_from_each_status_but_the_last(
    manager, new_round
):
    assert [t.name for t in ROUND.actions_for(manager, new_round)] == [OPEN_OUTLINES]
    for name in (OPEN_OUTLINES, OPEN_APPLICATIONS, CLOSE):
        round_move(user=manager, funding_round=new_round, transition=name)
    new_round.refresh_from_db()
    assert ROUND.actions_for(manager, new_round) == []


def test_asking_for_the_move_already_made_does_nothing(manager, new_round):
    round_move(user=manager, funding_round=new_round, transition=OPEN_OUTLINES)
    before = len(actions(new_round))
    round_move(user=manager, funding_round=new_round, transition=OPEN_OUTLINES)
    assert len(actions(new_round)) == before


def test_an_unknown_move_is_refused(manager, new_round):
    with pytest.raises(ValidationError) as excinfo:
        round_move(user=manager, funding_round=new_round, transition="publish")
    assert excinfo.value.messages == ["Choose one of the buttons offered."]


@pytest.mark.parametrize(
    ("start", "wanted", "message"),
    [
        (
            RoundStatus.SETUP,
            OPEN_APPLICATIONS,
            "A round that is being set up cannot be opened for applications.",
        ),
        (RoundStatus.SETUP, CLOSE, "A round that is being set up cannot be closed."),
        (
            RoundStatus.CLOSED,
            OPEN_APPLICATIONS,
            "A round that is closed cannot be opened for applications.",
        ),
        (
            RoundStatus.APPLICATIONS_OPEN,
            OPEN_OUTLINES,
            "A round that is open for applications cannot be opened for outlines.",
        ),
    ],
)
def test_a_move_the_table_does_not_allow_is_refused(manager, start, wanted, message):
    funding_round = make_round(status=start)
    mark = audit_mark()
    with pytest.raises(ValidationError) as excinfo:
        round_move(user=manager, funding_round=funding_round, transition=wanted)
    assert excinfo.value.messages == [message]
    funding_round.refresh_from_db()
    assert funding_round.status == start
    assert not audited_since(mark).exists()


def test_a_round_without_objectives_cannot_open_for_outlines(manager):
    funding_round = round_create(user=manager, **TERMS_2012)
    with pytest.raises(ValidationError, match="Add at least one objective"):
        round_move(user=manager, funding_round=funding_round, transition=OPEN_OUTLINES)
    funding_round.refresh_from_db()
    assert funding_round.status == RoundStatus.SETUP


# Objectives


def test_an_objective_is_added_at_the_end_and_audited(manager, new_round):
    objective = objective_add(
        user=manager, funding_round=new_round, code=" O2 ", title=" Partners ", description="CDRP"
    )
    assert (objective.code, objective.title, objective.position) == ("O2", "Partners", 2)
    assert actions(new_round)[-1] == ("objective added", "", "", "O2: Partners")


def test_adding_the_same_objective_twice_adds_it_once(manager, new_round):
    first = objective_add(user=manager, funding_round=new_round, code="O2", title="Partners")
    again = objective_add(user=manager, funding_round=new_round, code="O2", title="Partners")
    assert again == first
    assert new_round.objectives.count() == 2
    assert [e[0] for e in actions(new_round)].count("objective added") == 2


@pytest.mark.parametrize("code", ["O1", "o1"])
def test_an_objective_code_is_unique_in_the_round(manager, new_round, code):
    with pytest.raises(ValidationError) as excinfo:
        objective_add(user=manager, funding_round=new_round, code=code, title="Something else")
    assert field_errors(excinfo) == {
        "code": [f"The round already has an objective {code}: choose another code"]
    }
    assert new_round.objectives.count() == 1


def test_the_same_code_may_be_used_in_another_round(manager, new_round):
    other = make_round(status=RoundStatus.SETUP)  # 2011/12, already has O1 to O5
    objective_add(user=manager, funding_round=other, code="O6", title="New")
    objective_add(user=manager, funding_round=new_round, code="O6", title="New")
    assert Objective.objects.filter(code="O6").count() == 2


@pytest.mark.parametrize(
    ("code", "title", "field", "message"),
    [
        ("", "A title", "code", "Enter a short code for the objective, like O1"),
        ("O9", "  ", "title", "Enter the objective's title"),
        ("O123456789X", "A title", "code", "The code must be 10 characters or fewer"),
    ],
)
def test_an_objective_needs_a_code_and_a_title(manager, new_round, code, title, field, message):
    with pytest.raises(ValidationError) as excinfo:
        objective_add(user=manager, funding_round=new_round, code=code, title=title)
    assert field_errors(excinfo)[field] == [message]


@pytest.mark.parametrize("status", [RoundStatus.APPLICATIONS_OPEN, RoundStatus.CLOSED])
def test_objectives_are_fixed_once_the_round_opens_for_applications(manager, status):
    funding_round = make_round(status=status)
    objective = funding_round.objectives.get(code="O1")
    with pytest.raises(ValidationError, match="cannot be changed once the round is open"):
        objective_add(user=manager, funding_round=funding_round, code="O6", title="New")
    with pytest.raises(ValidationError, match="cannot be changed once the round is open"):
        objective_update(user=manager, objective=objective, code="O1", title="Changed")
    assert funding_round.objectives.count() == 5
    objective.refresh_from_db()
    assert objective.title == "Public meetings and engagement events"


def test_objectives_may_change_while_outlines_are_open(manager):
    funding_round = make_round(status=RoundStatus.OUTLINES_OPEN)
    objective = funding_round.objectives.get(code="O2")
    objective_update(
        user=manager, objective=objective, code="O2a", title="Local partners", description="CDRP"
    )
    objective.refresh_from_db()
    assert (objective.code, objective.title, objective.description) == (
        "O2a",
        "Local partners",
        "CDRP",
    )
    assert actions(funding_round)[-1] == (
        "objective changed",
        "",
        "",
        "O2: Engagement with local partners → O2a: Local partners",
    )


def test_saving_an_objective_unchanged_records_nothing(manager, new_round):
    objective = new_round.objectives.get()
    before = len(actions(new_round))
    objective_update(user=manager, objective=objective, code="O1", title="Public meetings")
    assert len(actions(new_round)) == before


def test_an_objective_cannot_take_another_objectives_code(manager):
    funding_round = make_round(status=RoundStatus.SETUP)
    objective = funding_round.objectives.get(code="O2")
    with pytest.raises(ValidationError) as excinfo:
        objective_update(user=manager, objective=objective, code="O1", title="Partners")
    assert "code" in field_errors(excinfo)
    objective.refresh_from_db()
    assert objective.code == "O2"


# The access-needs fund


def test_a_top_up_records_the_amount_reason_who_and_when_and_is_audited(manager, new_round):
    top_up = access_fund_top_up(
        user=manager, funding_round=new_round, amount=Decimal("250.50"), reason=" More loops "
    )
    assert (top_up.amount, top_up.reason, top_up.created_by) == (
        Decimal("250.50"),
        "More loops",
        manager,
    )
    assert top_up.created_at is not None
    assert actions(new_round)[-1] == (
        "access-needs fund topped up",
        "",
        "",
        "£250.50 added: More loops",
    )


def test_a_top_up_asked_twice_with_its_token_is_one_row_and_one_audit_entry(manager, new_round):
    token = uuid.uuid4()
    first, second = (
        access_fund_top_up(
            user=manager,
            funding_round=new_round,
            amount=Decimal("250.00"),
            reason="Loops",
            token=token,
        )
        for _ in range(2)
    )
    assert first == second
    assert AccessFundTopUp.objects.count() == 1
    assert [a for a in actions(new_round) if a[0] == "access-needs fund topped up"] == [
        ("access-needs fund topped up", "", "", "£250.00 added: Loops")
    ]


def test_two_top_ups_of_the_same_amount_with_their_own_tokens_are_both_kept(manager, new_round):
    for _ in range(2):
        access_fund_top_up(
            user=manager,
            funding_round=new_round,
            amount=Decimal("250.00"),
            reason="Loops",
            token=uuid.uuid4(),
        )
    assert AccessFundTopUp.objects.count() == 2


def test_a_drawdown_asked_twice_with_its_token_is_one_row_and_one_audit_entry(
    manager, new_round, barnet
):
    token = uuid.uuid4()
    for _ in range(2):
        access_fund_draw(
            user=manager,
            funding_round=new_round,
            cpeg=barnet.cpeg,
            amount=Decimal("1500.00"),
            reason="BSL",
            token=token,
        )
    assert AccessFundDrawdown.objects.count() == 1
    assert len([a for a in actions(new_round) if a[0] == "access-needs fund drawn"]) == 1


def test_two_drawdowns_of_the_same_amount_with_their_own_tokens_are_both_kept(
    manager, new_round, barnet
):
    for _ in range(2):
        access_fund_draw(
            user=manager,
            funding_round=new_round,
            cpeg=barnet.cpeg,
            amount=Decimal("100.00"),
            reason="BSL",
            token=uuid.uuid4(),
        )
    assert AccessFundDrawdown.objects.count() == 2


def test_a_token_from_another_rounds_form_is_refused(manager, new_round, barnet):
    token = uuid.uuid4()
    access_fund_top_up(
        user=manager, funding_round=new_round, amount=Decimal("5.00"), reason="x", token=token
    )
    other = make_round()
    with pytest.raises(ValidationError, match="another round"):
        access_fund_top_up(
            user=manager, funding_round=other, amount=Decimal("5.00"), reason="x", token=token
        )
    assert AccessFundTopUp.objects.count() == 1


@pytest.mark.parametrize(
    ("amount", "reason", "field", "message"),
    [
        ("0.00", "Loops", "amount", "Enter an amount of more than £0"),
        ("-5.00", "Loops", "amount", "Enter an amount of more than £0"),
        (
            "1.001",
            "Loops",
            "amount",
            "Enter the amount in pounds and pence, with 2 decimal places at most",
        ),
        ("5.00", "   ", "reason", "Enter the reason, so the committee can see why"),
    ],
)
def test_a_top_up_needs_a_positive_amount_and_a_reason(
    manager, new_round, amount, reason, field, message
):
    with pytest.raises(ValidationError) as excinfo:
        access_fund_top_up(
            user=manager, funding_round=new_round, amount=Decimal(amount), reason=reason
        )
    assert field_errors(excinfo)[field] == [message]
    assert not AccessFundTopUp.objects.exists()


def test_a_drawdown_records_the_group_amount_reason_and_who_and_is_audited(
    manager, new_round, barnet
):
    drawdown = access_fund_draw(
        user=manager,
        funding_round=new_round,
        cpeg=barnet.cpeg,
        amount=Decimal("120.00"),
        reason="BSL interpreter",
    )
    assert (drawdown.cpeg, drawdown.amount, drawdown.created_by) == (
        barnet.cpeg,
        Decimal("120.00"),
        manager,
    )
    assert actions(new_round)[-1] == (
        "access-needs fund drawn",
        "",
        "",
        f"£120.00 for {barnet.cpeg.name}: BSL interpreter",
    )


def test_a_drawdown_may_take_exactly_what_is_available_and_not_a_penny_more(
    manager, new_round, barnet, camden
):
    access_fund_top_up(
        user=manager, funding_round=new_round, amount=Decimal("0.33"), reason="Rounding"
    )
    access_fund_draw(
        user=manager,
        funding_round=new_round,
        cpeg=barnet.cpeg,
        amount=Decimal("1999.99"),
        reason="Loops",
    )
    # £2,000.00 + £0.33 - £1,999.99 = £0.34 left.
    with pytest.raises(ValidationError) as excinfo:
        access_fund_draw(
            user=manager,
            funding_round=new_round,
            cpeg=camden.cpeg,
            amount=Decimal("0.35"),
            reason="Interpreter",
        )
    assert field_errors(excinfo) == {
        "amount": ["Enter an amount no more than the £0.34 available in the access-needs fund"]
    }
    assert AccessFundDrawdown.objects.count() == 1
    access_fund_draw(
        user=manager,
        funding_round=new_round,
        cpeg=camden.cpeg,
        amount=Decimal("0.34"),
        reason="Interpreter",
    )
    assert AccessFundDrawdown.objects.count() == 2


@pytest.mark.parametrize(
    ("amount", "reason", "field"),
    [("0.00", "Loops", "amount"), ("-1.00", "Loops", "amount"), ("1.00", "", "reason")],
)
def test_a_drawdown_needs_a_positive_amount_and_a_reason(
    manager, new_round, barnet, amount, reason, field
):
    with pytest.raises(ValidationError) as excinfo:
        access_fund_draw(
            user=manager,
            funding_round=new_round,
            cpeg=barnet.cpeg,
            amount=Decimal(amount),
            reason=reason,
        )
    assert field in field_errors(excinfo)
    assert not AccessFundDrawdown.objects.exists()


@pytest.mark.parametrize(
    "role", [r for r in Role if r != Role.FUNDING_MANAGER], ids=lambda r: r.value
)
def test_only_the_funding_manager_changes_a_round(user_in_role, role, barnet):
    funding_round = make_round(status=RoundStatus.OUTLINES_OPEN)
    user = user_in_role(role)
    attempts = [
        lambda: round_update(
            user=user,
            funding_round=funding_round,
            **update_terms(funding_round, total_budget=Decimal("1500000.00")),
        ),
        lambda: round_move(user=user, funding_round=funding_round, transition=OPEN_APPLICATIONS),
        lambda: objective_add(user=user, funding_round=funding_round, code="O6", title="New"),
        lambda: objective_update(
            user=user, objective=funding_round.objectives.first(), code="O1", title="Changed"
        ),
        lambda: access_fund_top_up(
            user=user, funding_round=funding_round, amount=Decimal("1.00"), reason="Why"
        ),
        lambda: access_fund_draw(
            user=user,
            funding_round=funding_round,
            cpeg=barnet.cpeg,
            amount=Decimal("1.00"),
            reason="Why",
        ),
    ]
    mark = audit_mark()
    for attempt in attempts:
        with pytest.raises(ValidationError, match="Only the funding manager"):
            attempt()
    funding_round.refresh_from_db()
    assert funding_round.status == RoundStatus.OUTLINES_OPEN
    assert funding_round.total_budget == Decimal("1400000.00")
    assert not audited_since(mark).exists()


# What the ceiling's help says


def test_the_ceilings_help_says_recommendations_may_go_over_it_and_awards_may_not():
    """The ledger warns when recommendations pass the ceiling (``over_ceiling_by``); only
    awards are held within it. The help text said recommendations "never exceed" it."""
    from grants.forms.rounds import RoundForm

    for help_text in (
        FundingRound._meta.get_field("allocable_ceiling").help_text,
        RoundForm().fields["allocable_ceiling"].help_text,
    ):
        assert help_text.startswith("Awards never exceed this")
        assert "ecommendations may go over it" in help_text

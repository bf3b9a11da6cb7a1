"""The round's dashboards: the staff grid (states, time states, ratings and links for 32
boroughs by four quarters), the ratings per objective, the groups without an agreed work plan,
the London-wide totals, and the committee's grid of accepted ratings and counts only."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from boroughs.models import Borough
from grants.models import Objective
from slas.models import (
    COUNT_FIELDS,
    MilestoneOutcome,
    MilestoneReport,
    QuarterlyReturn,
    Rag,
    Rating,
    ReturnStatus,
    SlaMilestone,
    SpendLine,
)
from slas.ratings import change_note
from slas.selectors.dashboards import london_totals, round_dashboard
from tests.factories import UserFactory
from tests.grants.factories import make_round
from tests.slas.factories import funded_award, return_in

pytestmark = pytest.mark.django_db

BOROUGH_ROLES = (Role.SECRETARY, Role.CHAIR, Role.POLICE_PARTNER, Role.COUNCIL_PARTNER)
STAFF_ROLES = (Role.LINK_OFFICER, Role.FUNDING_MANAGER)


def rate(quarterly_return: QuarterlyReturn, overall: str, **by_code: str) -> None:
    """Rating rows for an accepted return: overall, and per objective code (O1=...)."""
    rater = UserFactory(username="rater", role=Role.LINK_OFFICER)
    now = timezone.now()
    objectives = {
        o.code: o for o in Objective.objects.filter(funding_round=quarterly_return.funding_round)
    }
    for objective, final in [(None, overall), *((objectives[c], f) for c, f in by_code.items())]:
        Rating.objects.create(
            quarterly_return=quarterly_return,
            objective=objective,
            suggested=final,
            final=final,
            rule_version="test",
            rated_by=rater,
            rated_at=now,
        )


def counts(quarterly_return: QuarterlyReturn, *values: int) -> None:
    QuarterlyReturn.objects.filter(pk=quarterly_return.pk).update(
        **dict(zip(COUNT_FIELDS, values, strict=True))
    )


def accepted(award, quarter: int, overall: str = Rag.GREEN, **by_code: str) -> QuarterlyReturn:
    quarterly_return = return_in(ReturnStatus.ACCEPTED, award=award, quarter=quarter)
    rate(quarterly_return, overall, **by_code)
    return quarterly_return


def correction_of(quarterly_return: QuarterlyReturn, status: str) -> QuarterlyReturn:
    """A second version correcting an accepted return, written directly (the returns
    helper's service makes them in real use)."""
    return QuarterlyReturn.objects.create(
        award=quarterly_return.award,
        funding_round=quarterly_return.funding_round,
        cpeg=quarterly_return.cpeg,
        quarter=quarterly_return.quarter,
        version=quarterly_return.version + 1,
        corrects=quarterly_return,
        due_on=quarterly_return.due_on,
        status=status,
    )


def page(client, user, name: str, **query) -> str:
    client.force_login(user)
    response = client.get(reverse(name), query)
    assert response.status_code == 200
    return response.content.decode()


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def grid_rows(content: str, table_id: str = "grid") -> dict[str, list[str]]:
    """A grid's rows: each borough's name and the text of its four cells."""
    table = content.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]
    body = table.split('<tbody class="govuk-table__body">', 1)[1]
    rows = {}
    for row in body.split("</tr>")[:-1]:
        name = re.search(r'<th scope="row"[^>]*>([^<]+)', row)
        assert name is not None
        cells = re.findall(r'<td class="govuk-table__cell">(.*?)</td>', row, flags=re.S)
        rows[name.group(1).strip()] = [text_of(cell) for cell in cells]
    return rows


# Who may see what


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_staff_open_the_dashboard_and_the_committee_grid(client, user_in_role, role):
    client.force_login(user_in_role(role))
    assert client.get(reverse("slas:dashboard")).status_code == 200
    assert client.get(reverse("slas:committee_grid")).status_code == 200


def test_a_committee_member_opens_the_committee_grid_only(client, user_in_role):
    client.force_login(user_in_role(Role.COMMITTEE_MEMBER))
    assert client.get(reverse("slas:committee_grid")).status_code == 200
    assert client.get(reverse("slas:dashboard")).status_code == 403


@pytest.mark.parametrize("role", BOROUGH_ROLES)
def test_borough_users_open_neither_grid(client, user_in_role, role):
    client.force_login(user_in_role(role))
    assert client.get(reverse("slas:dashboard")).status_code == 403
    assert client.get(reverse("slas:committee_grid")).status_code == 403


@pytest.mark.parametrize("name", ["slas:dashboard", "slas:committee_grid"])
def test_signed_out_visitors_are_sent_to_sign_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_a_round_without_returns_or_not_a_year_answers_404(client, user_in_role, barnet):
    funded_award(borough=barnet)
    client.force_login(user_in_role(Role.FUNDING_MANAGER))
    for asked in ("2010", "last", "-1"):
        assert client.get(reverse("slas:dashboard"), {"round": asked}).status_code == 404
        assert client.get(reverse("slas:committee_grid"), {"round": asked}).status_code == 404


def test_with_no_returns_anywhere_the_pages_say_so(client, user_in_role):
    assert "No group has a quarterly return yet" in page(
        client, user_in_role(Role.LINK_OFFICER), "slas:dashboard"
    )
    assert "No group has a quarterly return yet" in page(
        client, user_in_role(Role.COMMITTEE_MEMBER), "slas:committee_grid"
    )


# The staff grid


def test_every_borough_is_a_row_and_each_cell_says_state_time_and_rating(
    client, user_in_role, barnet
):
    award = funded_award(borough=barnet)
    q1 = accepted(award, 1, Rag.GREEN)
    q2 = return_in(ReturnStatus.SUBMITTED, award=award, quarter=2)
    q3 = return_in(ReturnStatus.RETURNED, award=award, quarter=3)
    QuarterlyReturn.objects.filter(pk=q3.pk).update(time_state="overdue", days_overdue=3)
    content = page(client, user_in_role(Role.FUNDING_MANAGER), "slas:dashboard")
    rows = grid_rows(content)
    assert len(rows) == 32
    q1_text, q2_text, q3_text, q4_text = rows["Barnet"]
    assert q1_text.startswith("Accepted Green Read")
    assert q2_text.startswith("Submitted Review")
    assert q3_text.startswith("Returned with questions Overdue by 3 days Read")
    assert q4_text.startswith("Not started")
    assert "Read" not in q4_text
    assert "Review" not in q4_text
    q4 = QuarterlyReturn.objects.get(award=award, quarter=4)
    assert rows["Camden"] == ["No return"] * 4
    for quarterly_return in (q1, q2, q3):
        assert reverse("slas:review", kwargs={"pk": quarterly_return.pk}) in content
    assert reverse("slas:review", kwargs={"pk": q4.pk}) not in content


def test_a_rating_is_a_word_in_a_tag_never_a_colour_alone(client, user_in_role, barnet):
    award = funded_award(borough=barnet)
    accepted(award, 1, Rag.AMBER)
    content = page(client, user_in_role(Role.LINK_OFFICER), "slas:dashboard")
    assert '<strong class="govuk-tag govuk-tag--yellow">Amber</strong>' in content


def test_a_correction_in_draft_shows_its_state_and_links_to_the_accepted_version(
    client, user_in_role, barnet
):
    award = funded_award(borough=barnet)
    first = accepted(award, 1, Rag.RED)
    correction = correction_of(first, ReturnStatus.DRAFT)
    content = page(client, user_in_role(Role.LINK_OFFICER), "slas:dashboard")
    assert grid_rows(content)["Barnet"][0].startswith("Draft version 2")
    assert "Red" in grid_rows(content)["Barnet"][0]
    assert reverse("slas:review", kwargs={"pk": first.pk}) in content
    assert reverse("slas:review", kwargs={"pk": correction.pk}) not in content


def test_each_objective_has_its_own_grid_of_ratings(client, user_in_role, barnet):
    award = funded_award(borough=barnet)
    accepted(award, 1, Rag.GREEN, O1=Rag.GREEN, O2=Rag.AMBER)
    accepted(award, 2, Rag.AMBER, O1=Rag.RED, O2=Rag.AMBER)
    content = page(client, user_in_role(Role.FUNDING_MANAGER), "slas:dashboard")
    o1 = grid_rows(content, "objective-o1")
    o2 = grid_rows(content, "objective-o2")
    assert len(o1) == 32
    assert o1["Barnet"][:2] == ["Green", "Red (Down from Green)"]
    assert o2["Barnet"][:2] == ["Amber", "Amber"]
    assert o1["Barnet"][2] == "– No accepted rating"


def test_the_change_since_the_quarter_before_is_said_in_words():
    # In a grid's cell: the same words as the return and review pages, or none.
    assert change_note(None, Rag.GREEN) == ""
    assert change_note(Rag.GREEN, Rag.GREEN) == ""
    assert change_note(Rag.GREEN, Rag.AMBER) == "Down from Green"
    assert change_note(Rag.RED, Rag.AMBER) == "Up from Red"
    assert change_note(Rag.NOT_RATED, Rag.GREEN) == "Was Not rated"


def test_groups_without_an_agreed_work_plan_are_listed_with_any_interim_funding(
    client, user_in_role, barnet, camden
):
    from grants.services.decisions.awards import interim_award_create
    from tests.grants.factories import staff

    award = funded_award(borough=barnet)
    interim_award_create(
        user=staff(),
        funding_round=award.funding_round,
        cpeg=camden.cpeg,
        amount=Decimal("5000.00"),
        reason="The work plan is waiting for a new secretary.",
        awarded_on=timezone.localdate(),
    )
    content = page(client, user_in_role(Role.FUNDING_MANAGER), "slas:dashboard")
    rows = grid_rows(content, "without-work-plan-table")
    section = content.split('id="without-work-plan-table"', 1)[1]
    assert "Barnet" not in rows
    assert len(rows) == 31
    assert "Interim funding, £5,000.00" in text_of(section.split("Camden", 1)[1])
    assert "The work plan is waiting for a new secretary." in section
    assert "31 groups in 2011/12 have no award" in content
    assert grid_rows(content)["Camden"] == ["No return"] * 4
    assert "Interim funding" in content.split('id="grid"', 1)[1].split("Camden", 1)[1][:200]


def test_the_dashboard_links_to_the_downloads_and_the_committee_s_view(
    client, user_in_role, barnet
):
    funded_award(borough=barnet)
    content = page(client, user_in_role(Role.LINK_OFFICER), "slas:dashboard")
    for fmt in ("csv", "xlsx"):
        assert reverse("slas:export", kwargs={"year": 2011, "fmt": fmt}) in content
    assert reverse("slas:committee_grid") + "?round=2011" in content
    assert reverse("slas:review_list") in content
    assert reverse("slas:instalments") in content


def test_the_round_shown_is_the_newest_with_returns_unless_another_is_chosen(
    client, user_in_role, barnet
):
    from grants.models import RoundStatus

    earlier = funded_award(borough=barnet, funding_round=make_round(year_start=2010))
    accepted(earlier, 4, Rag.RED)
    funded_award(borough=barnet, funding_round=make_round(year_start=2011))
    make_round(year_start=2012, status=RoundStatus.OUTLINES_OPEN)  # no returns yet
    user = user_in_role(Role.FUNDING_MANAGER)
    content = page(client, user, "slas:dashboard")
    assert '<span class="govuk-caption-l">Funding round 2011/12</span>' in content
    assert '<option value="2010">2010/11</option>' in content
    assert "2012/13" not in content
    content = page(client, user, "slas:dashboard", round="2010")
    assert '<span class="govuk-caption-l">Funding round 2010/11</span>' in content
    assert grid_rows(content)["Barnet"][3].startswith("Accepted Red")


# London-wide totals


def test_totals_add_the_accepted_returns_only_and_a_correction_replaces_its_original(
    barnet, camden
):
    barnet_award = funded_award(borough=barnet)
    camden_award = funded_award(borough=camden, funding_round=barnet_award.funding_round)
    counts(accepted(barnet_award, 1), 2, 100, 3, 4, 5, 60)
    counts(accepted(camden_award, 1), 1, 40, 1, 1, 1, 10)
    counts(return_in(ReturnStatus.SUBMITTED, award=barnet_award, quarter=2), 9, 9, 9, 9, 9, 9)
    camden_q2 = accepted(camden_award, 2)
    counts(camden_q2, 1, 1, 1, 1, 1, 1)
    corrected = correction_of(camden_q2, ReturnStatus.ACCEPTED)
    counts(corrected, 3, 30, 0, 0, 0, 7)
    draft_correction = correction_of(
        QuarterlyReturn.objects.get(award=barnet_award, quarter=1), ReturnStatus.DRAFT
    )
    counts(draft_correction, 50, 50, 50, 50, 50, 50)
    totals = london_totals(barnet_award.funding_round)
    assert [(t.quarter, t.returns) for t in totals] == [(1, 2), (2, 1), (3, 0), (4, 0)]
    assert totals[0].counts == (3, 140, 4, 5, 6, 70)
    assert totals[1].counts == (3, 30, 0, 0, 0, 7)
    assert totals[2].counts == (0, 0, 0, 0, 0, 0)


def test_the_totals_table_names_each_count(client, user_in_role, barnet):
    award = funded_award(borough=barnet)
    counts(accepted(award, 1), 2, 100, 3, 4, 5, 60)
    content = page(client, user_in_role(Role.COMMITTEE_MEMBER), "slas:committee_grid")
    table = content.split('id="london-totals"', 1)[1].split("</table>", 1)[0]
    assert "Accepted returns counted 1 0 0 0" in text_of(table)
    assert "Total attendance at public meetings and engagement events 100 0 0 0" in text_of(table)
    assert "Young people (under 25) engaged 60 0 0 0" in text_of(table)


# The committee's grid


def _return_full_of_secrets(borough: Borough):
    award = funded_award(borough=borough)
    q1 = accepted(award, 1, Rag.GREEN, O1=Rag.GREEN)
    QuarterlyReturn.objects.filter(pk=q1.pk).update(
        evidence="EVIDENCE-SECRET",
        highlights="HIGHLIGHT-SECRET",
        problems="PROBLEM-SECRET",
        support_wanted="SUPPORT-SECRET",
    )
    milestone = SlaMilestone.objects.filter(award=award, quarter=1).first()
    MilestoneReport.objects.create(
        quarterly_return=q1,
        milestone=milestone,
        outcome=MilestoneOutcome.PARTLY_MET,
        what_happened="WHAT-HAPPENED-SECRET",
        next_steps="NEXT-STEPS-SECRET",
    )
    SpendLine.objects.create(
        quarterly_return=q1,
        category="administration",
        budget=Decimal("1234.56"),
        spent_to_date=Decimal("987.65"),
        lower_reason="SPEND-SECRET",
    )
    q2 = return_in(ReturnStatus.SUBMITTED, award=award, quarter=2)
    QuarterlyReturn.objects.filter(pk=q2.pk).update(highlights="SUBMITTED-SECRET")
    accepted(award, 3, Rag.RED)
    return q1, q2


SECRETS = (
    "EVIDENCE-SECRET",
    "HIGHLIGHT-SECRET",
    "PROBLEM-SECRET",
    "SUPPORT-SECRET",
    "WHAT-HAPPENED-SECRET",
    "NEXT-STEPS-SECRET",
    "SPEND-SECRET",
    "SUBMITTED-SECRET",
    "987.65",
    "1,234.56",
    "1234.56",
)


def test_the_committee_grid_shows_accepted_ratings_and_nothing_of_a_return(
    client, user_in_role, barnet
):
    q1, q2 = _return_full_of_secrets(barnet)
    content = page(client, user_in_role(Role.COMMITTEE_MEMBER), "slas:committee_grid")
    for secret in SECRETS:
        assert secret not in content
    for quarterly_return in (q1, q2):
        assert reverse("slas:return", kwargs={"pk": quarterly_return.pk}) not in content
        assert reverse("slas:review", kwargs={"pk": quarterly_return.pk}) not in content
    assert "/returns/dashboard/" not in content  # no downloads
    rows = grid_rows(content)
    assert len(rows) == 32
    # Quarter 2 is submitted, not accepted: the committee sees no state, only "no rating".
    assert rows["Barnet"] == ["Green", "– No accepted rating", "Red", "– No accepted rating"]
    assert grid_rows(content, "objective-o1")["Barnet"][0] == "Green"
    for word in ("Submitted", "Not started", "Overdue", "Interim funding", "No award"):
        assert word not in text_of(content.split("<main", 1)[1])


def test_the_committee_grid_says_a_rating_changed_since_the_quarter_before(
    client, user_in_role, barnet
):
    award = funded_award(borough=barnet)
    accepted(award, 1, Rag.GREEN)
    accepted(award, 2, Rag.AMBER)
    accepted(award, 3, Rag.AMBER)
    content = page(client, user_in_role(Role.COMMITTEE_MEMBER), "slas:committee_grid")
    assert grid_rows(content)["Barnet"] == [
        "Green",
        "Amber (Down from Green)",
        "Amber",
        "– No accepted rating",
    ]


def test_the_committee_s_data_holds_accepted_versions_only(barnet):
    q1, _q2 = _return_full_of_secrets(barnet)
    dashboard = round_dashboard(
        funding_round=q1.funding_round, rounds=[q1.funding_round], committee=True
    )
    cells = next(row for row in dashboard.rows if row.borough == barnet).cells
    assert [cell.current.pk if cell.current else None for cell in cells][:2] == [q1.pk, None]
    assert dashboard.without_work_plan == []


def test_staff_see_the_same_secrets_nowhere_on_the_dashboard_either(client, user_in_role, barnet):
    """The dashboard is a grid: a return's words and spend are read on the return's page."""
    _return_full_of_secrets(barnet)
    content = page(client, user_in_role(Role.FUNDING_MANAGER), "slas:dashboard")
    for secret in SECRETS:
        assert secret not in content


# Query counts


def _boroughs(count: int) -> list[Borough]:
    return list(Borough.objects.select_related("cpeg").order_by("name")[:count])


def _busy(award, quarters=(1, 2, 3, 4)) -> None:
    """Every quarter accepted, rated overall and per objective, with counts."""
    for quarter in quarters:
        quarterly_return = accepted(
            award, quarter, Rag.GREEN, O1=Rag.GREEN, O2=Rag.AMBER, O3=Rag.RED
        )
        counts(quarterly_return, 1, 2, 3, 4, 5, 6)


#: 1 session, 1 user, 1 the rounds with returns, 1 the boroughs, 1 the round's awards, 1 its
#: objectives, 1 its returns, 1 their ratings, 1 the London-wide totals.
GRID_QUERIES = 9


@pytest.mark.parametrize(
    ("role", "name"),
    [
        (Role.FUNDING_MANAGER, "slas:dashboard"),
        (Role.LINK_OFFICER, "slas:dashboard"),
        (Role.COMMITTEE_MEMBER, "slas:committee_grid"),
    ],
)
def test_the_grids_take_as_many_queries_for_one_quarter_as_for_four(
    client, user_in_role, barnet, role, name, django_assert_num_queries
):
    award = funded_award(borough=barnet)
    _busy(award, quarters=(1,))
    client.force_login(user_in_role(role))
    with django_assert_num_queries(GRID_QUERIES):
        client.get(reverse(name))
    _busy(award, quarters=(2, 3, 4))
    with django_assert_num_queries(GRID_QUERIES):
        response = client.get(reverse(name))
    assert "Red (Down from Amber)" not in response.content.decode()  # O3 stays Red
    assert grid_rows(response.content.decode(), "objective-o3")["Barnet"] == ["Red"] * 4


def test_the_grids_take_as_many_queries_for_32_boroughs_as_for_one(
    client, user_in_role, django_assert_num_queries
):
    boroughs = _boroughs(32)
    funding_round = make_round()
    first = funded_award(borough=boroughs[0], funding_round=funding_round)
    _busy(first, quarters=(1, 2))
    staff_user = user_in_role(Role.FUNDING_MANAGER)
    member = user_in_role(Role.COMMITTEE_MEMBER)

    def measure() -> list[str]:
        pages = []
        for user, name in ((staff_user, "slas:dashboard"), (member, "slas:committee_grid")):
            client.force_login(user)
            with django_assert_num_queries(GRID_QUERIES):
                pages.append(client.get(reverse(name)).content.decode())
        return pages

    measure()
    for borough in boroughs[1:]:
        _busy(funded_award(borough=borough, funding_round=funding_round), quarters=(1, 2))
    dashboard, committee = measure()
    assert all(
        c.startswith("Accepted Green Read")
        for cells in grid_rows(dashboard).values()
        for c in cells[:2]
    )
    assert all(cells[:2] == ["Green"] * 2 for cells in grid_rows(committee).values())
    assert "Accepted returns counted 32 32 0 0" in text_of(committee)


@pytest.mark.parametrize("asked", ["²", "20x1", "-2011"])
@pytest.mark.parametrize("name", ["slas:dashboard", "slas:committee_grid"])
def test_a_round_that_is_not_a_year_answers_not_found(client, user_in_role, barnet, name, asked):
    funded_award(borough=barnet)
    client.force_login(user_in_role(Role.FUNDING_MANAGER))
    assert client.get(reverse(name), {"round": asked}).status_code == 404

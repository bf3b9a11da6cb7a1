"""The decisions pages: the batch form (all or nothing, errors beside each row's field), the
meeting, the decision letter with its appeal date, the award, its instalments, interim funding
and the list of awards."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from grants.forms.decisions import STALE
from grants.models import ApplicationStatus, Award, CommitteeMeeting, Decision, Milestone
from grants.services.decisions import interim_award_create
from tests.grants.decisions_helpers import MEETING_DAY, borough, fund, nothing_saved, recommended
from tests.grants.factories import make_round, staff

pytestmark = pytest.mark.django_db


def meeting_create_url(funding_round):
    return reverse("grants:meeting_create", kwargs={"year": funding_round.year_start})


def meeting_check_url(funding_round):
    return reverse("grants:meeting_check", kwargs={"year": funding_round.year_start})


def record(client, funding_round, data):
    """Continue from the batch, then "Record the decisions" on the check page. Gives the
    batch page's response if it refused the batch, else the check page's confirmation."""
    response = client.post(meeting_create_url(funding_round), data)
    if response.status_code != 302:
        return response
    assert response["Location"] == meeting_check_url(funding_round)
    return client.post(meeting_check_url(funding_round))


def batch(rows, *, name="Community Engagement Sub-committee", day=("14", "7", "2011")):
    """POST data for the batch form; ``rows`` in the page's order (by borough name)."""
    data = {
        "name": name,
        "held_on_0": day[0],
        "held_on_1": day[1],
        "held_on_2": day[2],
        "decisions-TOTAL_FORMS": str(len(rows)),
        "decisions-INITIAL_FORMS": str(len(rows)),
        "decisions-MIN_NUM_FORMS": "0",
        "decisions-MAX_NUM_FORMS": "1000",
    }
    for index, (application, outcome, amount, conditions) in enumerate(rows):
        data[f"decisions-{index}-application_pk"] = str(application.pk)
        if outcome:
            data[f"decisions-{index}-outcome"] = outcome
        data[f"decisions-{index}-amount"] = amount
        data[f"decisions-{index}-conditions"] = conditions
    return data


@pytest.fixture
def manager_client(client):
    client.force_login(staff())
    return client


@pytest.fixture
def two_recommended(funding_round):
    barnet = recommended(funding_round, "barnet", "30000.00", conditions="Send your accounts")
    camden = recommended(funding_round, "camden", "25000.50")
    return barnet, camden


# The batch form


def test_the_batch_lists_each_application_waiting_with_its_recommendation(
    manager_client, funding_round, two_recommended
):
    barnet, camden = two_recommended
    recommended(funding_round, "brent", status=ApplicationStatus.SUBMITTED)
    response = manager_client.get(meeting_create_url(funding_round))
    assert response.status_code == 200
    page = response.content.decode()
    assert "What did the committee decide for Barnet?" in page
    assert "What did the committee decide for Camden?" in page
    assert "Brent" not in page  # submitted, not yet recommended
    assert "£40,000.00" in page  # requested
    assert "£25,000.50" in page  # recommended
    assert "Send your accounts" in page  # conditions suggested
    rows = response.context["formset"].forms
    assert [row.application for row in rows] == [barnet, camden]
    assert rows[1]["amount"].value() == "25000.50"  # defaults to the recommendation


def test_the_batch_records_every_decision_and_shows_the_meeting(
    manager_client, funding_round, two_recommended
):
    barnet, camden = two_recommended
    response = record(
        manager_client,
        funding_round,
        batch(
            [
                (barnet, "fund_with_conditions", "30000.00", "Send your accounts"),
                (camden, "do_not_fund", "25000.50", ""),
            ]
        ),
    )
    meeting = CommitteeMeeting.objects.get()
    assert response["Location"] == reverse("grants:meeting", kwargs={"pk": meeting.pk})
    assert meeting.held_on == MEETING_DAY
    page = manager_client.get(response["Location"]).content.decode()
    assert "Fund with conditions" in page
    assert "Do not fund" in page
    assert "CPEG-2011-BARNET-A" in page
    barnet.refresh_from_db()
    camden.refresh_from_db()
    assert (barnet.status, camden.status) == ("funded", "not_funded")


def test_applications_not_decided_at_the_meeting_are_left_waiting(
    manager_client, funding_round, two_recommended
):
    barnet, camden = two_recommended
    record(
        manager_client,
        funding_round,
        batch([(barnet, "fund", "30000.00", ""), (camden, "not_decided", "", "")]),
    )
    assert Decision.objects.get().application == barnet
    camden.refresh_from_db()
    assert camden.status == ApplicationStatus.RECOMMENDED


def test_a_row_without_an_outcome_gets_its_message_and_nothing_is_saved(
    manager_client, funding_round, two_recommended
):
    barnet, camden = two_recommended
    response = record(
        manager_client,
        funding_round,
        batch([(barnet, "fund", "30000.00", ""), (camden, "", "", "")]),
    )
    assert response.status_code == 200
    assert response.context["formset"].forms[1].errors == {
        "outcome": ["Choose what the committee decided for Camden"]
    }
    page = response.content.decode()
    assert (
        '<a href="#id_decisions-1-outcome_1">Choose what the committee decided for Camden' in page
    )
    assert "<title>Error: Record a committee meeting" in page
    nothing_saved(barnet, camden)


def test_fund_with_conditions_without_conditions_is_refused_beside_the_conditions(
    manager_client, funding_round, two_recommended
):
    barnet, camden = two_recommended
    response = record(
        manager_client,
        funding_round,
        batch([(barnet, "fund_with_conditions", "30000.00", " "), (camden, "defer", "", "")]),
    )
    assert response.context["formset"].forms[0].errors == {
        "conditions": ["Enter the conditions the committee set for Barnet"]
    }
    assert 'href="#id_decisions-0-conditions"' in response.content.decode()
    nothing_saved(barnet, camden)


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("", "Enter the amount the committee awarded Barnet"),
        ("lots", "Enter the amount awarded to Barnet as a number in pounds, like 1250 or 1250.50"),
        ("0", "The amount awarded to Barnet must be more than £0"),
        ("12.345", "Enter the amount awarded to Barnet in pounds and pence, with no more than"),
        ("40000.01", "The amount awarded to Barnet must be no more than the £40,000.00 they"),
    ],
)
def test_a_bad_amount_is_refused_beside_the_amount(
    manager_client, funding_round, two_recommended, amount, message
):
    barnet, camden = two_recommended
    response = record(
        manager_client,
        funding_round,
        batch([(barnet, "fund", amount, ""), (camden, "defer", "", "")]),
    )
    errors = response.context["formset"].forms[0].errors
    assert list(errors) == ["amount"]
    assert errors["amount"][0].startswith(message)
    nothing_saved(barnet, camden)


def test_a_date_that_is_not_real_is_refused_beside_the_date(
    manager_client, funding_round, two_recommended
):
    barnet, camden = two_recommended
    response = record(
        manager_client,
        funding_round,
        batch([(barnet, "defer", "", ""), (camden, "defer", "", "")], day=("31", "2", "2011")),
    )
    assert response.context["form"].errors == {
        "held_on": ["The date of the meeting must be a real date, like 14 7 2011"]
    }
    nothing_saved(barnet, camden)


def test_a_missing_meeting_name_and_date_are_refused(
    manager_client, funding_round, two_recommended
):
    barnet, camden = two_recommended
    response = record(
        manager_client,
        funding_round,
        batch([(barnet, "defer", "", ""), (camden, "defer", "", "")], name="", day=("", "", "")),
    )
    assert response.context["form"].errors == {
        "name": ["Enter which committee met"],
        "held_on": ["Enter the date of the meeting"],
    }
    nothing_saved(barnet, camden)


def test_awards_over_the_ceiling_are_refused_in_the_summary_and_nothing_saved(manager_client):
    funding_round = make_round(total="100000.00", ceiling="50000.00")
    barnet = recommended(funding_round, "barnet", "30000.00")
    camden = recommended(funding_round, "camden", "25000.00")
    response = record(
        manager_client,
        funding_round,
        batch([(barnet, "fund", "30000.00", ""), (camden, "fund", "25000.00", "")]),
    )
    message = "These awards would take the round £5,000.00 over its ceiling of £50,000.00"
    assert response.context["form"].non_field_errors() == [message]
    page = response.content.decode()
    assert f'<li><a href="#decisions">{message}</a></li>' in page
    nothing_saved(barnet, camden)


def test_a_service_refusal_for_one_row_lands_beside_that_rows_field(
    manager_client, funding_round, two_recommended
):
    barnet, camden = two_recommended
    response = record(
        manager_client,
        funding_round,
        batch([(barnet, "defer", "", ""), (camden, "fund", "40000.01", "")]),
    )
    assert response.context["formset"].forms[1].errors == {
        "amount": [
            "The amount awarded to Camden must be no more than the £40,000.00 they asked for"
        ]
    }
    nothing_saved(barnet, camden)


def test_a_batch_made_before_another_decision_is_refused_once_not_once_per_row(
    manager_client, funding_round, two_recommended
):
    barnet, camden = two_recommended
    brent = recommended(funding_round, "brent")
    ealing = recommended(funding_round, "ealing")
    rows = [(a, "defer", "", "") for a in (barnet, brent, camden, ealing)]
    stale = batch(rows)
    fund(funding_round, camden, "25000.00")  # someone else decided Camden meanwhile
    response = record(manager_client, funding_round, stale)
    assert response.status_code == 200
    assert response.context["stale"] is True
    page = response.content.decode()
    # Once in the error summary and once above the decisions; never in a row.
    assert page.count(STALE) == 2
    assert response.context["error_items"] == [("#decisions", STALE)]
    # The rows are drawn again for what waits now, the meeting's name and date kept.
    assert [row.application for row in response.context["formset"].forms] == [
        barnet,
        brent,
        ealing,
    ]
    assert response.context["form"]["name"].value() == "Community Engagement Sub-committee"
    assert CommitteeMeeting.objects.count() == 1  # only the other one


def test_a_batch_deciding_nothing_is_refused(manager_client, funding_round, two_recommended):
    barnet, camden = two_recommended
    response = record(
        manager_client,
        funding_round,
        batch([(barnet, "not_decided", "", ""), (camden, "not_decided", "", "")]),
    )
    assert response.context["formset"].non_form_errors() == [
        "Record the committee's decision on at least one application"
    ]
    nothing_saved(barnet, camden)


def test_the_batch_page_says_when_nothing_is_waiting(manager_client, funding_round):
    page = manager_client.get(meeting_create_url(funding_round)).content.decode()
    assert "No application in 2011/12 is waiting for the committee" in page


# The decision letter


def test_the_decision_letter_gives_the_outcome_amount_conditions_and_appeal_date(
    client, funding_round, two_recommended
):
    barnet, _ = two_recommended
    from grants.services.decisions import meeting_record_decisions

    meeting = meeting_record_decisions(
        user=staff(),
        funding_round=funding_round,
        name="Community Engagement Sub-committee",
        held_on=MEETING_DAY,
        decisions=[(barnet, "fund_with_conditions", Decimal("12345.67"), "Send your accounts")],
    )
    decision = meeting.decisions.get()
    client.force_login(barnet.created_by)  # the group's secretary
    page = client.get(reverse("grants:decision_letter", kwargs={"pk": decision.pk}))
    text = page.content.decode()
    assert "Fund with conditions" in text
    assert "£12,345.67" in text
    assert "Send your accounts" in text
    assert "Community Engagement Sub-committee" in text
    assert "14 July 2011" in text
    assert "You can appeal this decision until <strong>" in text
    assert ">4 August 2011</time>" in text
    assert reverse("grants:award", kwargs={"pk": decision.award.pk}) in text


def test_a_letter_for_do_not_fund_has_no_amount_and_still_the_appeal_date(
    client, funding_round, two_recommended
):
    _, camden = two_recommended
    from grants.services.decisions import meeting_record_decisions

    meeting = meeting_record_decisions(
        user=staff(),
        funding_round=funding_round,
        name="Sub-committee",
        held_on=MEETING_DAY,
        decisions=[(camden, "do_not_fund", None, "")],
    )
    client.force_login(staff())
    text = client.get(
        reverse("grants:decision_letter", kwargs={"pk": meeting.decisions.get().pk})
    ).content.decode()
    assert "Do not fund" in text
    assert "Amount awarded" not in text
    assert ">4 August 2011</time>" in text


def letter_text(client, funding_round, application, *, name):
    from grants.services.decisions import meeting_record_decisions

    meeting = meeting_record_decisions(
        user=staff(),
        funding_round=funding_round,
        name=name,
        held_on=MEETING_DAY,
        decisions=[(application, "do_not_fund", None, "")],
    )
    client.force_login(application.created_by)
    response = client.get(
        reverse("grants:decision_letter", kwargs={"pk": meeting.decisions.get().pk})
    )
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


def test_the_letter_reads_at_the_meeting_of_the_named_committee_and_spells_out_the_authority(
    client, funding_round, two_recommended
):
    barnet, _ = two_recommended
    text = letter_text(
        client,
        funding_round,
        barnet,
        name="Community Engagement and Citizen Focus Sub-committee",
    )
    assert (
        "The Metropolitan Police Authority considered your application for funding in 2011/12 "
        "(reference CPEG-2011-BARNET) at the meeting of the Community Engagement and Citizen "
        "Focus Sub-committee on 14 July 2011." in text
    )
    assert "MPA" not in text


def page_text(response) -> str:
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


def test_the_batch_asks_which_committee_met_and_its_pages_read_so(
    manager_client, funding_round, two_recommended
):
    # The name is read after "at the meeting of the": it is the committee's, not the meeting's.
    barnet, camden = two_recommended
    text = page_text(manager_client.get(meeting_create_url(funding_round)))
    assert (
        "Which committee met? For example, Community Engagement and Citizen Focus "
        "Sub-committee." in text
    )
    assert "Name of the meeting" not in text
    committee = "Community Engagement and Citizen Focus Sub-committee"
    record(
        manager_client,
        funding_round,
        batch([(barnet, "fund", "30000", ""), (camden, "defer", "", "")], name=committee),
    )
    award = Award.objects.get()
    text = page_text(manager_client.get(reverse("grants:award", kwargs={"pk": award.pk})))
    assert f"Fund at the meeting of the {committee} on 14 July 2011" in text
    letter = Decision.objects.get(application=barnet)
    text = page_text(
        manager_client.get(reverse("grants:decision_letter", kwargs={"pk": letter.pk}))
    )
    assert f"at the meeting of the {committee} on 14 July 2011." in text
    assert f"Committee {committee} Date of the meeting 14 July 2011" in text
    text = page_text(
        manager_client.get(reverse("grants:award_list", kwargs={"year": funding_round.year_start}))
    )
    assert f"Committee Date Decisions {committee} 14 Jul 2011 2" in text


def test_a_meeting_name_with_its_own_the_is_not_given_the_twice(
    client, funding_round, two_recommended
):
    _, camden = two_recommended
    text = letter_text(client, funding_round, camden, name="The Finance Committee")
    assert "at the meeting of the Finance Committee on 14 July 2011." in text


def test_the_letter_gives_the_appeal_contact_from_settings(
    client, funding_round, two_recommended, settings
):
    settings.AUTHORITY_NAME = "Mayor's Office for Policing and Crime"
    settings.APPEALS_CONTACT_NAME = "Appeals Officer"
    settings.APPEALS_CONTACT_EMAIL = "appeals@mopac.example"
    settings.APPEALS_CONTACT_ADDRESS = "City Hall, London"
    barnet, _ = two_recommended
    text = letter_text(client, funding_round, barnet, name="Sub-committee")
    assert "The Mayor&#x27;s Office for Policing and Crime considered" in text
    assert "write to the Mayor&#x27;s Office for Policing and Crime with your reasons" in text
    assert "Appeals Officer City Hall, London Email: appeals@mopac.example" in text
    assert "quoting your reference, CPEG-2011-BARNET" in text


# The award


def test_the_award_page_shows_instalments_sla_milestones_by_quarter_and_history(
    client, funding_round, two_recommended
):
    barnet, _ = two_recommended
    Milestone.objects.filter(activity__application=barnet, quarter=4).update(
        not_this_quarter=True, description=""
    )
    fund(funding_round, barnet, "10000.01")
    award = Award.objects.get()
    client.force_login(barnet.created_by)
    text = client.get(reverse("grants:award", kwargs={"pk": award.pk})).content.decode()
    assert "Award CPEG-2011-BARNET-A" in text
    assert "£2,500.01" in text
    assert "£10,000.01" in text
    assert "Quarter 1: April to June 2011" in text
    assert "Quarter 4: January to March 2012" in text
    assert "O3 step 2" in text
    assert text.count("Not due this quarter") == 5  # one activity per objective
    assert "Interim funding" not in text
    assert "History" in text
    assert "Awarded" in text
    assert "Change the instalments" not in text  # the secretary reads, the manager changes


def test_the_manager_changes_instalments_through_the_form(client, funding_round, two_recommended):
    barnet, _ = two_recommended
    fund(funding_round, barnet, "10000.00")
    award = Award.objects.get()
    client.force_login(staff())
    url = reverse("grants:award_instalments", kwargs={"pk": award.pk})
    assert client.get(url).context["form"]["q1"].value() == "2500.00"
    response = client.post(url, {"q1": "7000", "q2": "1000", "q3": "1000", "q4": "1000.00"})
    assert response["Location"] == reverse("grants:award", kwargs={"pk": award.pk})
    assert [i.amount for i in award.instalments.order_by("quarter")] == [
        Decimal("7000.00"),
        Decimal("1000.00"),
        Decimal("1000.00"),
        Decimal("1000.00"),
    ]


def test_instalments_that_do_not_add_up_are_refused_and_nothing_changes(
    client, funding_round, two_recommended
):
    barnet, _ = two_recommended
    fund(funding_round, barnet, "10000.00")
    award = Award.objects.get()
    client.force_login(staff())
    url = reverse("grants:award_instalments", kwargs={"pk": award.pk})
    response = client.post(url, {"q1": "7000", "q2": "1000", "q3": "1000", "q4": "-1"})
    assert response.context["form"].errors == {
        "q4": ["The instalment for quarter 4 must be £0 or more"]
    }
    response = client.post(url, {"q1": "7000", "q2": "1000", "q3": "1000", "q4": "999.99"})
    assert response.context["form"].non_field_errors() == [
        "The instalments add up to £9,999.99; they must add up to the award, £10,000.00"
    ]
    assert {i.amount for i in award.instalments.all()} == {Decimal("2500.00")}


# Interim funding and the list of awards


def test_the_manager_awards_interim_funding_through_the_form(client, funding_round):
    client.force_login(staff())
    url = reverse("grants:interim_award_create", kwargs={"year": 2011})
    response = client.post(
        url,
        {
            "cpeg": borough("brent").cpeg.pk,
            "amount": "£2,000.00",
            "reason": "The partners have not agreed a work plan",
            "awarded_on_0": "1",
            "awarded_on_1": "6",
            "awarded_on_2": "2011",
        },
    )
    award = Award.objects.get()
    assert response["Location"] == reverse("grants:award", kwargs={"pk": award.pk})
    assert award.is_interim
    assert award.amount == Decimal("2000.00")
    text = client.get(response["Location"]).content.decode()
    assert '<strong class="govuk-tag govuk-tag--orange">Interim funding</strong>' in text
    assert "Interim funding has no SLA milestones" in text


def test_interim_funding_form_errors_are_beside_the_fields(client, funding_round):
    client.force_login(staff())
    url = reverse("grants:interim_award_create", kwargs={"year": 2011})
    response = client.post(
        url, {"cpeg": "", "amount": "0", "reason": "", "awarded_on_0": "1", "awarded_on_1": "6"}
    )
    assert response.context["form"].errors == {
        "cpeg": ["Choose the group given interim funding"],
        "amount": ["The amount of interim funding must be £0.01 or more"],
        "reason": ["Enter why the group is given interim funding"],
        "awarded_on": ["The date the interim funding was agreed must include a year"],
    }
    assert not Award.objects.exists()


def test_the_award_list_shows_each_award_its_instalments_and_the_totals(
    client, funding_round, two_recommended
):
    barnet, _ = two_recommended
    fund(funding_round, barnet, "10000.01")
    interim_award_create(
        user=staff(),
        funding_round=funding_round,
        cpeg=borough("brent").cpeg,
        amount=Decimal("2000.00"),
        reason="No work plan yet",
        awarded_on=MEETING_DAY,
    )
    client.force_login(staff())
    response = client.get(reverse("grants:award_list", kwargs={"year": 2011}))
    text = response.content.decode()
    assert "CPEG-2011-BARNET-A" in text
    assert "CPEG-2011-BRENT-A" in text
    assert text.count("Interim funding</strong>") == 1
    assert "£12,000.01 in 2 awards, of which £2,000.00 interim funding" in text
    assert "£3,000.01" in text  # quarter 1: £2,500.01 + £500.00
    assert "£1,307,999.99" in text  # left under the £1,320,000.00 ceiling
    assert "Community Engagement Sub-committee" in text
    assert "Record a committee meeting" in text  # Camden is still waiting


def test_the_amount_is_ignored_when_the_committee_does_not_fund(
    manager_client, funding_round, two_recommended
):
    barnet, camden = two_recommended
    response = record(
        manager_client,
        funding_round,
        batch([(barnet, "do_not_fund", "lots", "x"), (camden, "defer", "", "")]),
    )
    assert response.status_code == 302
    decision = Decision.objects.get(application=barnet)
    assert (decision.amount, decision.conditions) == (None, "")


def test_each_row_starts_as_not_decided_so_a_meeting_can_decide_only_some(
    manager_client, two_recommended, funding_round
):
    page = manager_client.get(meeting_create_url(funding_round)).content.decode()
    checked = re.findall(
        r'<input[^>]*value="not_decided"[^>]*checked|<input[^>]*checked[^>]*value="not_decided"',
        page,
    )
    assert len(checked) == 2


# Check your answers before the decisions are recorded


def test_continue_shows_the_answers_to_check_and_records_nothing_yet(
    manager_client, funding_round, two_recommended
):
    barnet, camden = two_recommended
    brent = recommended(funding_round, "brent")
    response = manager_client.post(
        meeting_create_url(funding_round),
        batch(
            [
                (barnet, "fund_with_conditions", "28000", "Send your accounts"),
                (brent, "not_decided", "", ""),
                (camden, "do_not_fund", "", ""),
            ]
        ),
    )
    assert response["Location"] == meeting_check_url(funding_round)
    nothing_saved(barnet, camden, brent)
    page = manager_client.get(meeting_check_url(funding_round))
    assert page.status_code == 200
    text = " ".join(re.sub(r"<[^>]+>", " ", page.content.decode()).split())
    assert "Check the decisions before recording them" in text
    assert "Committee Community Engagement Sub-committee Change which committee met" in text
    assert "Date of the meeting 14 July 2011 Change" in text
    assert (
        "Barnet Decision Fund with conditions Change the decision for Barnet "
        "Amount awarded £28,000.00 (recommended £30,000.00) Change the amount awarded to Barnet "
        "Conditions Send your accounts Change the conditions for Barnet"
    ) in text
    assert "Camden Decision Do not fund Change the decision for Camden" in text
    assert "Not decided at this meeting These stay waiting for a later meeting: Brent" in text
    assert "Awarded at this meeting: £28,000.00" in text
    html = page.content.decode()
    create = meeting_create_url(funding_round)
    assert f'href="{create}#decisions-0"' in html  # Barnet's row
    assert f'href="{create}#id_decisions-0-conditions"' in html
    assert f'href="{create}#id_name"' in html
    nothing_saved(barnet, camden, brent)


def test_change_comes_back_to_the_batch_with_the_answers_given(
    manager_client, funding_round, two_recommended
):
    barnet, camden = two_recommended
    manager_client.post(
        meeting_create_url(funding_round),
        batch([(barnet, "fund", "27000", ""), (camden, "defer", "", "")], name="CECF"),
    )
    response = manager_client.get(meeting_create_url(funding_round))
    form, rows = response.context["form"], response.context["formset"].forms
    assert form["name"].value() == "CECF"
    assert [row["outcome"].value() for row in rows] == ["fund", "defer"]
    assert rows[0]["amount"].value() == "27000"
    assert response.context["has_errors"] is False
    # Changed and continued again: the check page shows the new answer.
    manager_client.post(
        meeting_create_url(funding_round),
        batch([(barnet, "fund", "26000", ""), (camden, "defer", "", "")], name="CECF"),
    )
    assert "£26,000.00" in manager_client.get(meeting_check_url(funding_round)).content.decode()


def test_confirming_records_the_batch_once_and_forgets_it(
    manager_client, funding_round, two_recommended
):
    barnet, camden = two_recommended
    response = record(
        manager_client,
        funding_round,
        batch([(barnet, "fund", "30000", ""), (camden, "defer", "", "")]),
    )
    meeting = CommitteeMeeting.objects.get()
    assert response["Location"] == reverse("grants:meeting", kwargs={"pk": meeting.pk})
    assert Decision.objects.count() == 2
    # The batch is forgotten: the check page sends back to the (now fresh) batch.
    again = manager_client.post(meeting_check_url(funding_round))
    assert again["Location"] == meeting_create_url(funding_round)
    assert CommitteeMeeting.objects.count() == 1


def test_the_check_page_with_nothing_to_check_sends_back_to_the_batch(
    manager_client, funding_round, two_recommended
):
    response = manager_client.get(meeting_check_url(funding_round))
    assert response["Location"] == meeting_create_url(funding_round)


def test_a_batch_decided_elsewhere_while_being_checked_is_refused_once(
    manager_client, funding_round, two_recommended
):
    barnet, camden = two_recommended
    manager_client.post(
        meeting_create_url(funding_round),
        batch([(barnet, "defer", "", ""), (camden, "defer", "", "")]),
    )
    fund(funding_round, camden, "25000.00")  # recorded by someone else meanwhile
    for response in (
        manager_client.get(meeting_check_url(funding_round)),
        manager_client.post(meeting_check_url(funding_round)),
    ):
        assert response.status_code == 200
        assert response.content.decode().count(STALE) == 2
        assert [row.application for row in response.context["formset"].forms] == [barnet]
    assert CommitteeMeeting.objects.count() == 1


def test_change_after_another_application_was_recommended_keeps_the_answers_given(
    manager_client, funding_round, two_recommended
):
    barnet, camden = two_recommended
    manager_client.post(
        meeting_create_url(funding_round),
        batch(
            [
                (barnet, "fund_with_conditions", "27000", "Send your accounts"),
                (camden, "defer", "", ""),
            ],
            name="CECF",
            day=("1", "7", "2011"),
        ),
    )
    brent = recommended(funding_round, "brent", "12000.00")  # recommended meanwhile
    # "Change" on the check page: the batch drawn again for what waits now, the answers kept.
    for response in (
        manager_client.get(meeting_create_url(funding_round)),
        manager_client.get(meeting_create_url(funding_round)),  # nothing thrown away
    ):
        assert response.status_code == 200
        assert response.context["stale"] is True
        assert response.content.decode().count(STALE) == 2  # the summary, and above the rows
        assert response.context["error_items"] == [("#decisions", STALE)]
        form, rows = response.context["form"], response.context["formset"].forms
        assert form["name"].value() == "CECF"
        assert form["held_on"].value() == ["1", "7", "2011"]
        assert [row.application for row in rows] == [barnet, brent, camden]
        assert [row["outcome"].value() for row in rows] == [
            "fund_with_conditions",
            "not_decided",
            "defer",
        ]
        assert rows[0]["amount"].value() == "27000"
        assert rows[0]["conditions"].value() == "Send your accounts"
        assert str(rows[1]["amount"].value()) == "12000.00"  # its recommendation
        assert all(not row.errors for row in rows)
    nothing_saved(barnet, camden, brent)


def test_change_after_one_was_decided_elsewhere_keeps_the_answers_for_the_rest(
    manager_client, funding_round, two_recommended
):
    barnet, camden = two_recommended
    manager_client.post(
        meeting_create_url(funding_round),
        batch([(barnet, "fund", "27000", ""), (camden, "defer", "", "")], name="CECF"),
    )
    fund(funding_round, camden, "25000.00")  # recorded by someone else meanwhile
    response = manager_client.get(meeting_create_url(funding_round))
    assert response.context["stale"] is True
    rows = response.context["formset"].forms
    assert [(row.application, row["outcome"].value()) for row in rows] == [(barnet, "fund")]
    assert rows[0]["amount"].value() == "27000"
    assert response.context["form"]["name"].value() == "CECF"


def test_a_stale_batch_posted_keeps_what_was_typed_for_the_applications_still_waiting(
    manager_client, funding_round, two_recommended
):
    barnet, camden = two_recommended
    stale = batch([(barnet, "fund", "27000", ""), (camden, "do_not_fund", "", "")])
    brent = recommended(funding_round, "brent")  # recommended while the page was open
    response = manager_client.post(meeting_create_url(funding_round), stale)
    assert response.context["stale"] is True
    rows = response.context["formset"].forms
    assert [(row.application, row["outcome"].value()) for row in rows] == [
        (barnet, "fund"),
        (brent, "not_decided"),
        (camden, "do_not_fund"),
    ]
    nothing_saved(barnet, camden, brent)


def test_the_labels_name_the_borough_as_its_heading_does(manager_client, funding_round):
    recommended(funding_round, "kingston-upon-thames")
    html = manager_client.get(meeting_create_url(funding_round)).content.decode()
    assert '<h3 class="govuk-heading-m">Kingston upon Thames</h3>' in html
    assert "What did the committee decide for Kingston upon Thames?" in html
    assert "Amount awarded to Kingston upon Thames" in html
    assert "Conditions for Kingston upon Thames" in html
    assert "Kingston?" not in html


def test_the_conditions_have_a_character_count_and_the_name_no_maxlength(
    manager_client, funding_round, two_recommended
):
    html = manager_client.get(meeting_create_url(funding_round)).content.decode()
    assert html.count('data-module="govuk-character-count"') == 2
    assert 'data-maxlength="5000"' in html
    name = re.search(r'<input[^>]*name="name"[^>]*>', html).group(0)
    assert "maxlength" not in name


def test_conditions_over_5000_characters_are_refused_beside_them(
    manager_client, funding_round, two_recommended
):
    barnet, camden = two_recommended
    response = manager_client.post(
        meeting_create_url(funding_round),
        batch([(barnet, "fund_with_conditions", "30000", "x" * 5001), (camden, "defer", "", "")]),
    )
    assert response.context["formset"].forms[0].errors == {
        "conditions": ["The conditions for Barnet must be 5,000 characters or fewer"]
    }
    nothing_saved(barnet, camden)


def test_new_lines_in_the_conditions_count_once_as_the_character_count_counts_them(
    manager_client, funding_round, two_recommended
):
    barnet, camden = two_recommended
    # 5,000 characters in the box (each new line one), 5,018 as the browser sends them.
    conditions = "\r\n\r\n".join(["x" * 498] * 10) + "xx"
    assert (len(conditions), len(conditions.replace("\r\n", "\n"))) == (5018, 5000)
    response = record(
        manager_client,
        funding_round,
        batch([(barnet, "fund_with_conditions", "30000", conditions), (camden, "defer", "", "")]),
    )
    assert response.status_code == 302
    decision = Decision.objects.get(application=barnet)
    assert decision.conditions == conditions.replace("\r\n", "\n")

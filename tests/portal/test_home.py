import pytest
from django.urls import reverse

from accounts.models import Role
from boroughs.models import Borough

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "heading"),
    [
        (Role.SECRETARY, "Your tasks"),
        (Role.CHAIR, "Your tasks"),
        (Role.POLICE_PARTNER, "Your tasks"),
        (Role.COUNCIL_PARTNER, "Your tasks"),
        (Role.LINK_OFFICER, "Borough overview"),
        (Role.FUNDING_MANAGER, "Borough overview"),
        (Role.COMMITTEE_MEMBER, "Committee reports"),
    ],
)
def test_each_role_lands_on_its_own_home_page(client, user_in_role, role, heading):
    client.force_login(user_in_role(role))
    content = client.get(reverse("home")).content.decode()
    assert f'<h1 class="govuk-heading-l">{heading}</h1>' in content


def test_a_borough_user_sees_the_diversity_return_as_a_task(client, user_in_role):
    client.force_login(user_in_role(Role.SECRETARY))
    content = client.get(reverse("home")).content.decode()
    assert reverse("diversity:group_returns", kwargs={"slug": "barnet"}) in content
    assert "Not started" in content
    assert "Barnet Community and Police Engagement Group" in content


def test_a_committee_member_is_told_no_report_is_published_yet(client, user_in_role):
    client.force_login(user_in_role(Role.COMMITTEE_MEMBER))
    content = client.get(reverse("home")).content.decode()
    assert "No reports have been published yet." in content
    assert "<title>Committee reports – CPEG Portal</title>" in content
    assert content.count("Diversity of executive committees") == 1


def test_a_link_officer_sees_the_boroughs_assigned_to_them(client, user_in_role, barnet, camden):
    client.force_login(user_in_role(Role.LINK_OFFICER, assigned_boroughs=[barnet, camden]))
    response = client.get(reverse("home"))
    assert [b.slug for b in response.context["boroughs"]] == ["barnet", "camden"]
    assert "You look after 2 boroughs." in response.content.decode()


def test_a_link_officer_with_no_boroughs_is_told_so(client, user_in_role):
    client.force_login(user_in_role(Role.LINK_OFFICER))
    assert "No boroughs are assigned to you yet." in client.get(reverse("home")).content.decode()


def test_the_funding_manager_overview_counts_real_people(client, user_in_role, barnet):
    user_in_role(Role.SECRETARY)
    user_in_role(Role.CHAIR)
    user_in_role(Role.CHAIR, is_active=False)
    client.force_login(user_in_role(Role.FUNDING_MANAGER))
    boroughs = {b.slug: b for b in client.get(reverse("home")).context["boroughs"]}
    assert len(boroughs) == 32
    assert boroughs["barnet"].member_count == 2
    assert boroughs["camden"].member_count == 0


@pytest.mark.parametrize("role", list(Role))
def test_navigation_offers_what_the_role_may_open(client, user_in_role, role):
    client.force_login(user_in_role(role))
    labels = [item["label"] for item in client.get(reverse("home")).context["navigation"]]
    expected = ["Home"]
    if role in (Role.SECRETARY, Role.CHAIR, Role.POLICE_PARTNER, Role.COUNCIL_PARTNER):
        expected.append("Your group")
    elif role in (Role.LINK_OFFICER, Role.FUNDING_MANAGER):
        expected += ["Boroughs", "Funding", "Diversity"]
    else:
        expected.append("Funding")
    if role == Role.FUNDING_MANAGER:
        expected.append("Administration")
    expected.append("Your account")
    assert labels == expected


def test_a_borough_user_reaches_the_open_round_from_the_navigation(client, user_in_role):
    from tests.grants.factories import make_round

    funding_round = make_round()
    client.force_login(user_in_role(Role.CHAIR))
    response = client.get(reverse("home"))
    navigation = {item["label"]: item["url"] for item in response.context["navigation"]}
    assert navigation["Funding"] == reverse(
        "grants:group_round", kwargs={"year": funding_round.year_start, "slug": "barnet"}
    )
    assert "Funding 2011/12" in response.content.decode()


def test_a_borough_user_does_not_see_a_round_being_set_up(client, user_in_role):
    from grants.models import RoundStatus
    from tests.grants.factories import make_round

    make_round(status=RoundStatus.SETUP)
    client.force_login(user_in_role(Role.SECRETARY))
    response = client.get(reverse("home"))
    assert "Funding" not in [item["label"] for item in response.context["navigation"]]
    assert "2011/12" not in response.content.decode()


def test_the_officer_home_page_counts_the_round_s_waiting_work(
    client, user_in_role, barnet, camden
):
    from grants.models import ApplicationStatus
    from tests.grants.factories import make_application, make_round

    funding_round = make_round()
    make_application(funding_round=funding_round, borough=barnet)
    make_application(funding_round=funding_round, borough=camden)
    make_application(
        funding_round=funding_round,
        borough=Borough.objects.get(slug="brent"),
        status=ApplicationStatus.RECOMMENDED,
        recommended_amount="100.00",
    )
    client.force_login(user_in_role(Role.LINK_OFFICER, assigned_boroughs=[barnet]))
    work = client.get(reverse("home")).context["round_work"]
    assert (work.awaiting_review, work.awaiting_review_assigned, work.awaiting_decision) == (
        2,
        1,
        1,
    )

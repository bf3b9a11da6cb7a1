"""The outline's pages: the forms call the services, bad input gets a message beside the
field and saves nothing, and the lists show each borough's state in a fixed number of
queries."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from boroughs.models import Borough
from grants.models import (
    BrokeringContact,
    Outline,
    OutlineStatus,
    Signature,
)
from grants.services import outlines as services
from grants.services.rounds import round_move
from grants.workflows.round import OPEN_APPLICATIONS
from tests.factories import UserFactory
from tests.grants.factories import make_outline, staff
from tests.grants.outlines_support import borough_people, dispute, sign, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(barnet):
    return borough_people(barnet)


@pytest.fixture
def outline(outlines_round, people, barnet):
    return start(outlines_round, people, barnet)


def url(name, outline):
    return reverse(f"grants:{name}", kwargs={"pk": outline.pk})


def start_url(funding_round, slug="barnet"):
    return reverse("grants:outline_start", kwargs={"year": funding_round.year_start, "slug": slug})


def group_round_url(funding_round, slug="barnet"):
    return reverse("grants:group_round", kwargs={"year": funding_round.year_start, "slug": slug})


OUTLINE_FORM = {
    "position": "Everyone agrees.",
    "proposed_activities": "Public meetings.",
    "proposed_sum": "£40,000.50",
}


def field_errors(response, field):
    return response.context["form"].errors.get(field, [])


# Writing the outline


def test_the_secretary_writes_the_outline_and_is_taken_to_it(client, outlines_round, people):
    client.force_login(people.secretary)
    response = client.post(start_url(outlines_round), OUTLINE_FORM)
    outline = Outline.objects.get()
    assert response["Location"] == url("outline", outline)
    assert (outline.version, outline.proposed_sum) == (1, Decimal("40000.50"))


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("position", "", "Enter the borough’s position: where the partners stand"),
        ("proposed_activities", " ", "Enter the activities the group proposes"),
        ("proposed_sum", "", "Enter the proposed sum"),
        ("proposed_sum", "forty", "Enter the proposed sum as a number in pounds, like 1250"),
        ("proposed_sum", "-10", "The proposed sum must be £0 or more"),
        ("proposed_sum", "10.123", "with no more than 2 decimal places"),
    ],
)
def test_bad_input_when_writing_gets_a_field_message_and_saves_nothing(
    client, outlines_round, people, field, value, message
):
    client.force_login(people.secretary)
    response = client.post(start_url(outlines_round), {**OUTLINE_FORM, field: value})
    assert response.status_code == 200
    assert message in field_errors(response, field)[0]
    assert "There is a problem" in response.content.decode()
    assert not Outline.objects.exists()


def test_the_start_page_sends_anyone_to_the_outline_once_it_exists(client, outline, people):
    client.force_login(people.secretary)
    response = client.get(start_url(outline.funding_round))
    assert response["Location"] == url("outline", outline)


def test_editing_saves_a_new_version_and_says_so(client, outline, people):
    sign(outline, people.chair)
    client.force_login(people.secretary)
    page = client.get(url("outline_edit", outline)).content.decode()
    assert "Signatures already given will no longer count" in page
    response = client.post(url("outline_edit", outline), {**OUTLINE_FORM, "proposed_sum": "1"})
    assert response["Location"] == url("outline", outline)
    assert Outline.objects.get().version == 2
    assert Signature.objects.get().voided_at is not None
    page = client.get(response["Location"]).content.decode()
    assert "Outline saved as version 2" in page


def test_bad_input_when_editing_gets_a_field_message_and_saves_nothing(client, outline, people):
    client.force_login(people.secretary)
    response = client.post(url("outline_edit", outline), {**OUTLINE_FORM, "position": ""})
    assert field_errors(response, "position") == [
        "Enter the borough’s position: where the partners stand"
    ]
    saved = Outline.objects.get()
    assert (saved.version, saved.position) == (1, outline.position)


# Signing and declining


def test_the_sign_page_offers_to_sign_the_version_shown(client, outline, people):
    client.force_login(people.police)
    page = client.get(url("outline_sign", outline)).content.decode()
    assert "Sign the outline as it stands (version 1)" in page
    assert outline.position in page


def test_signing_through_the_page_binds_to_the_version_posted(client, outline, people):
    client.force_login(people.police)
    response = client.post(url("outline_sign", outline), {"version": 1})
    assert response["Location"] == url("outline", outline)
    signature = Signature.objects.get()
    assert (signature.role, signature.version) == (Role.POLICE_PARTNER, 1)


def test_signing_a_stale_version_is_refused_and_shows_the_outline_as_it_is_now(
    client, outline, people
):
    services.outline_update(
        user=people.secretary,
        outline=outline,
        position="Changed while the partner was reading.",
        proposed_activities=outline.proposed_activities,
        proposed_sum=outline.proposed_sum,
    )
    client.force_login(people.police)
    response = client.post(url("outline_sign", outline), {"version": 1})
    assert response.status_code == 200
    page = response.content.decode()
    assert "The outline changed since you opened it: read it again and sign" in page
    assert "Changed while the partner was reading." in page
    assert "Sign the outline as it stands (version 2)" in page
    assert not Signature.objects.exists()


def test_the_third_signature_shows_consensus(client, outline, people):
    sign(outline, people.chair, people.police)
    client.force_login(people.council)
    response = client.post(url("outline_sign", outline), {"version": 1}, follow=True)
    page = response.content.decode()
    assert "All three have signed: consensus" in page
    assert Outline.objects.get().status == OutlineStatus.CONSENSUS


def test_declining_needs_a_reason_beside_the_field_and_saves_nothing(client, outline, people):
    client.force_login(people.council)
    response = client.post(url("outline_decline", outline), {"version": 1, "reason": ""})
    assert field_errors(response, "reason") == ["Enter why you decline the outline"]
    assert Outline.objects.get().status == OutlineStatus.DRAFT
    assert not Signature.objects.exists()


def test_declining_through_the_page_disputes_the_outline(client, outline, people):
    client.force_login(people.council)
    response = client.post(
        url("outline_decline", outline), {"version": 1, "reason": "Not enough outreach."}
    )
    assert response["Location"] == url("outline", outline)
    assert Outline.objects.get().status == OutlineStatus.DISPUTED


def test_declining_a_stale_version_keeps_the_reason_typed(client, outline, people):
    services.outline_update(
        user=people.secretary,
        outline=outline,
        position="Changed.",
        proposed_activities=outline.proposed_activities,
        proposed_sum=outline.proposed_sum,
    )
    client.force_login(people.council)
    response = client.post(url("outline_decline", outline), {"version": 1, "reason": "No."})
    assert "The outline changed since you opened it" in response.content.decode()
    assert response.context["form"]["reason"].value() == "No."
    assert response.context["form"]["version"].value() == "2"
    assert Outline.objects.get().status == OutlineStatus.DRAFT


# Brokering


@pytest.fixture
def disputed(outline, people):
    return dispute(outline, people)


def contact_form(day, month, year, who="Borough Commander", notes="Met to discuss."):
    return {
        "contacted_on_0": day,
        "contacted_on_1": month,
        "contacted_on_2": year,
        "contact_with": who,
        "notes": notes,
    }


def test_an_officer_logs_a_contact_through_the_page(client, disputed, people):
    client.force_login(people.officer)
    response = client.post(url("brokering_contact_add", disputed), contact_form("27", "3", "2011"))
    assert response["Location"] == url("outline", disputed)
    contact = BrokeringContact.objects.get()
    assert contact.contacted_on == datetime.date(2011, 3, 27)
    page = client.get(url("outline", disputed)).content.decode()
    assert "Borough Commander" in page
    assert "27 March 2011" in page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (contact_form("", "", ""), "contacted_on", "Enter the date of the contact"),
        (contact_form("27", "", "2011"), "contacted_on", "must include a month"),
        (contact_form("31", "2", "2011"), "contacted_on", "must be a real date"),
        (contact_form("aa", "2", "2011"), "contacted_on", "must be a real date"),
        (contact_form("1", "2", "11"), "contacted_on", "must have a 4-digit year"),
        (
            contact_form(
                *timezone.localdate()
                .replace(year=timezone.localdate().year + 1)
                .strftime("%d %m %Y")
                .split()
            ),
            "contacted_on",
            "The date of the contact must be today or in the past",
        ),
        (contact_form("1", "2", "2011", who=""), "contact_with", "Enter who you spoke to or met"),
        (contact_form("1", "2", "2011", notes=""), "notes", "Enter notes on what was discussed"),
    ],
)
def test_bad_contact_input_gets_a_field_message_and_saves_nothing(
    client, disputed, people, data, field, message
):
    client.force_login(people.officer)
    response = client.post(url("brokering_contact_add", disputed), data)
    assert response.status_code == 200
    assert any(message in error for error in field_errors(response, field))
    assert not BrokeringContact.objects.exists()


def test_an_officer_records_agreed_through_the_page(client, disputed, people):
    client.force_login(people.officer)
    response = client.post(
        url("brokering_outcome", disputed), {"outcome": "agreed", "notes": "All agreed £35,000."}
    )
    assert response["Location"] == url("outline", disputed)
    page = client.get(url("outline", disputed)).content.decode()
    assert "Brokered: agreed" in page
    assert "All agreed £35,000." in page


def test_an_outcome_needs_a_choice_beside_the_field(client, disputed, people):
    client.force_login(people.officer)
    response = client.post(url("brokering_outcome", disputed), {"notes": "Something."})
    assert field_errors(response, "outcome") == ["Choose whether the partners agreed"]
    assert Outline.objects.get().status == OutlineStatus.DISPUTED


# What the pages show


def test_the_outline_page_shows_signatures_void_ones_and_the_history(client, outline, people):
    sign(outline, people.chair)
    services.outline_update(
        user=people.secretary,
        outline=outline,
        position="Changed.",
        proposed_activities=outline.proposed_activities,
        proposed_sum=outline.proposed_sum,
    )
    client.force_login(people.chair)
    page = client.get(url("outline", outline)).content.decode()
    assert "Signed: void" in page
    assert "Not signed yet" in page
    assert "History" in page
    assert "Version 2: changed the position." in page
    assert "Sign the outline" in page


def test_the_group_page_invites_the_secretary_to_start_the_application(
    client, outlines_round, people, barnet
):
    outline = sign(start(outlines_round, people, barnet), *people.signatories)
    round_move(user=staff(), funding_round=outlines_round, transition=OPEN_APPLICATIONS)
    client.force_login(people.secretary)
    page = client.get(group_round_url(outlines_round)).content.decode()
    apply_url = reverse("grants:application_start", kwargs={"pk": outline.pk})
    assert f'action="{apply_url}"' in page
    assert "Start the application" in page
    client.force_login(people.chair)
    assert apply_url not in client.get(group_round_url(outlines_round)).content.decode()


def test_the_group_page_offers_the_secretary_to_write_the_outline(client, outlines_round, people):
    client.force_login(people.secretary)
    page = client.get(group_round_url(outlines_round)).content.decode()
    assert start_url(outlines_round) in page
    assert "Not started" in page


def test_the_list_shows_every_borough_and_filters_by_status(
    client, outlines_round, people, barnet, camden
):
    dispute(start(outlines_round, people, barnet), people)
    client.force_login(people.officer)
    list_url = reverse("grants:outline_list", kwargs={"year": 2011})
    rows = client.get(list_url).context["rows"]
    assert len(rows) == 32
    assert [row.status_label for row in rows if row.cpeg.borough == barnet] == ["Disputed"]
    disputed = client.get(list_url, {"status": "disputed"}).context["rows"]
    assert [row.cpeg.borough.slug for row in disputed] == ["barnet"]
    not_started = client.get(list_url, {"status": "not_started"}).context["rows"]
    assert len(not_started) == 31
    assert "Not started" in client.get(list_url).content.decode()


def test_a_link_officer_filters_the_list_to_the_boroughs_assigned_to_them(
    client, outlines_round, people, barnet, camden
):
    dispute(start(outlines_round, people, barnet), people)
    dispute(start(outlines_round, borough_people(camden), camden), borough_people(camden))
    officer = UserFactory(role=Role.LINK_OFFICER, assigned_boroughs=[barnet])
    client.force_login(officer)
    list_url = reverse("grants:outline_list", kwargs={"year": 2011})
    response = client.get(list_url, {"status": "disputed", "mine": "on"})
    assert [row.cpeg.borough.slug for row in response.context["rows"]] == ["barnet"]
    page = response.content.decode()
    assert "Disputed: 1 borough assigned to you" in page
    assert 'name="mine" class="govuk-checkboxes__input" id="id_mine" checked>' in page
    assert "Only boroughs assigned to me" in page
    mine = client.get(list_url, {"mine": "on"}).context["rows"]
    assert [row.cpeg.borough.slug for row in mine] == ["barnet"]
    # Without the filter the officer still sees every borough's outline.
    everyone = client.get(list_url, {"status": "disputed"}).context["rows"]
    assert [row.cpeg.borough.slug for row in everyone] == ["barnet", "camden"]
    assert len(client.get(list_url).context["rows"]) == 32


def test_an_officer_with_no_borough_assigned_is_told_so_when_filtering(client, outlines_round):
    client.force_login(UserFactory(role=Role.LINK_OFFICER))
    response = client.get(reverse("grants:outline_list", kwargs={"year": 2011}), {"mine": "on"})
    assert response.context["rows"] == []
    assert "No borough is assigned to you." in response.content.decode()


def test_assigned_to_me_is_the_user_s_own_boroughs_not_another_officer_s(
    client, outlines_round, people, barnet, camden
):
    # Barnet's link officer (people.officer) looks after Barnet; the funding manager and
    # another link officer, with no borough of their own, are not given Barnet's.
    list_url = reverse("grants:outline_list", kwargs={"year": 2011})
    for role in (Role.FUNDING_MANAGER, Role.LINK_OFFICER):
        client.force_login(UserFactory(role=role))
        assert client.get(list_url, {"mine": "on"}).context["rows"] == []
        assert len(client.get(list_url).context["rows"]) == 32
    client.force_login(UserFactory(role=Role.FUNDING_MANAGER, assigned_boroughs=[camden]))
    mine = client.get(list_url, {"mine": "on"}).context["rows"]
    assert [row.cpeg.borough.slug for row in mine] == ["camden"]


def test_the_list_shows_the_brokering_outcome(client, outlines_round, people, barnet):
    outline = dispute(start(outlines_round, people, barnet), people)
    services.brokering_outcome_record(
        user=people.officer, outline=outline, outcome="not_agreed", notes="No common ground."
    )
    client.force_login(people.officer)
    page = client.get(reverse("grants:outline_list", kwargs={"year": 2011})).content.decode()
    assert "Not agreed: No common ground." in page


# Query counts


def test_the_outline_list_takes_a_fixed_number_of_queries(
    client, outlines_round, django_assert_num_queries
):
    for borough in Borough.objects.select_related("cpeg").filter(
        slug__in=["barnet", "camden", "croydon", "ealing"]
    ):
        make_outline(funding_round=outlines_round, cpeg=borough.cpeg)
    client.force_login(UserFactory(role=Role.LINK_OFFICER))
    # 1 session, 1 user, 1 round, 1 the round's outlines with their signature and contact
    # counts, 1 the 32 groups with their boroughs: the same for 4 outlines or 32.
    with django_assert_num_queries(5):
        response = client.get(reverse("grants:outline_list", kwargs={"year": 2011}))
    assert len(response.context["rows"]) == 32


def test_the_outline_list_assigned_to_me_takes_the_same_number_of_queries(
    client, outlines_round, django_assert_num_queries
):
    boroughs = list(
        Borough.objects.select_related("cpeg").filter(
            slug__in=["barnet", "camden", "croydon", "ealing"]
        )
    )
    for borough in boroughs:
        make_outline(funding_round=outlines_round, cpeg=borough.cpeg)
    client.force_login(UserFactory(role=Role.LINK_OFFICER, assigned_boroughs=boroughs[:3]))
    # The same five: the boroughs assigned to the user are a condition on the groups' query.
    with django_assert_num_queries(5):
        response = client.get(reverse("grants:outline_list", kwargs={"year": 2011}), {"mine": "on"})
    assert len(response.context["rows"]) == 3


def test_the_group_page_takes_a_fixed_number_of_queries(
    client, outlines_round, people, barnet, django_assert_num_queries
):
    outline = start(outlines_round, people, barnet)
    outline = sign(outline, people.chair, people.police)
    services.outline_update(
        user=people.secretary,
        outline=outline,
        position="Changed.",
        proposed_activities=outline.proposed_activities,
        proposed_sum=outline.proposed_sum,
    )
    client.force_login(people.chair)
    # 1 session, 1 user, 1 the navigation's current round (a borough user's Funding link),
    # 1 borough and group, 1 round, 1 the outline with its round, group and any application,
    # 1 its signatures with who signed, 1 its brokering contacts: however many signatures;
    # 1 the group's committee decisions with their meetings, 1 its awards (the chair sees them).
    with django_assert_num_queries(10):
        response = client.get(group_round_url(outlines_round))
    assert len(response.context["signatures"]) == 3


def test_the_group_page_links_the_group_to_its_decision_letter_and_award(client, barnet):
    from decimal import Decimal

    from accounts.models import Role
    from grants.models import ApplicationStatus, DecisionOutcome
    from grants.services.decisions import meeting_record_decisions
    from tests.factories import UserFactory
    from tests.grants.factories import make_application, make_round, staff

    funding_round = make_round()
    application = make_application(
        funding_round=funding_round,
        borough=barnet,
        status=ApplicationStatus.RECOMMENDED,
        recommended_amount="40000.00",
    )
    meeting = meeting_record_decisions(
        user=staff(),
        funding_round=funding_round,
        name="Sub-committee",
        held_on=datetime.date(2011, 7, 14),
        decisions=[(application, DecisionOutcome.FUND, Decimal("40000.00"), "")],
    )
    decision = meeting.decisions.get()
    url = reverse("grants:group_round", kwargs={"year": 2011, "slug": "barnet"})
    client.force_login(UserFactory(role=Role.CHAIR, cpeg=barnet.cpeg))
    page = client.get(url).content.decode()
    assert reverse("grants:decision_letter", kwargs={"pk": decision.pk}) in page
    assert reverse("grants:award", kwargs={"pk": decision.award.pk}) in page
    client.force_login(UserFactory(role=Role.POLICE_PARTNER, cpeg=barnet.cpeg))
    page = client.get(url).content.decode()
    assert reverse("grants:decision_letter", kwargs={"pk": decision.pk}) not in page

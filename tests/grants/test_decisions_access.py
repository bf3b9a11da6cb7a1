"""Every decisions page, for anonymous users, all 7 roles and another borough's users.

- The batch, interim funding and instalments are the funding manager's (others: 403).
- The award list and meetings are for MPA staff and the committee: other roles get 403 on the
  round's list and 404 on a meeting (an object they may not see).
- The decision letter and the award are also for the group's secretary and chair; partners
  and every other borough's users get 404, as if they did not exist.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import Role
from grants.models import Award, CommitteeMeeting, Decision, RoundStatus
from grants.services.decisions import meeting_record_decisions
from tests.grants.decisions_helpers import MEETING_DAY, recommended
from tests.grants.factories import make_round, staff

pytestmark = pytest.mark.django_db

MANAGER = Role.FUNDING_MANAGER
OFFICER = Role.LINK_OFFICER
COMMITTEE = Role.COMMITTEE_MEMBER
SECRETARY, CHAIR = Role.SECRETARY, Role.CHAIR
POLICE, COUNCIL = Role.POLICE_PARTNER, Role.COUNCIL_PARTNER
BOROUGH_ROLES = [SECRETARY, CHAIR, POLICE, COUNCIL]


def statuses(ok: set, forbidden: set) -> dict:
    """Status per role: 200 for ``ok``, 403 for ``forbidden``, 404 for everyone else."""
    return {role: 200 if role in ok else 403 if role in forbidden else 404 for role in Role}


ALL = set(Role)
STAFF_AND_COMMITTEE = {MANAGER, OFFICER, COMMITTEE}

# (url name, which object, expected status for each Barnet-or-staff role)
PAGES = [
    ("meeting_create", "round", statuses({MANAGER}, ALL - {MANAGER})),
    # The check step, with no batch to check yet, sends the manager to the batch.
    ("meeting_check", "round", {**statuses({MANAGER}, ALL - {MANAGER}), MANAGER: 302}),
    ("interim_award_create", "round", statuses({MANAGER}, ALL - {MANAGER})),
    ("award_list", "round", statuses(STAFF_AND_COMMITTEE, ALL - STAFF_AND_COMMITTEE)),
    ("meeting", "meeting", statuses(STAFF_AND_COMMITTEE, set())),
    ("decision_letter", "decision", statuses(STAFF_AND_COMMITTEE | {SECRETARY, CHAIR}, set())),
    ("award", "award", statuses(STAFF_AND_COMMITTEE | {SECRETARY, CHAIR}, set())),
    ("award_instalments", "award", statuses({MANAGER}, {OFFICER, COMMITTEE, SECRETARY, CHAIR})),
]
# Another borough's users never see Barnet's objects; on the round's pages their role decides.
OTHER_BOROUGH = {
    "meeting_create": 403,
    "meeting_check": 403,
    "interim_award_create": 403,
    "award_list": 403,
    "meeting": 404,
    "decision_letter": 404,
    "award": 404,
    "award_instalments": 404,
}


@pytest.fixture
def barnet_award(funding_round):
    """Barnet funded at a meeting; a second application still waits, so the batch has a row."""
    application = recommended(funding_round, "barnet")
    recommended(funding_round, "camden")
    meeting_record_decisions(
        user=staff(),
        funding_round=funding_round,
        name="Sub-committee",
        held_on=MEETING_DAY,
        decisions=[(application, "fund", Decimal("30000.00"), "")],
    )
    return Award.objects.get()


def url_for(name: str, kind: str, award: Award) -> str:
    if kind == "round":
        return reverse(f"grants:{name}", kwargs={"year": award.funding_round.year_start})
    pk = {
        "meeting": CommitteeMeeting.objects.get().pk,
        "decision": Decision.objects.get().pk,
        "award": award.pk,
    }[kind]
    return reverse(f"grants:{name}", kwargs={"pk": pk})


@pytest.mark.parametrize(("name", "kind", "expected"), PAGES, ids=[p[0] for p in PAGES])
def test_anonymous_users_are_sent_to_sign_in(client, barnet_award, name, kind, expected):
    response = client.get(url_for(name, kind, barnet_award))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("name", "kind", "expected"), PAGES, ids=[p[0] for p in PAGES])
@pytest.mark.parametrize("role", list(Role))
def test_each_role_gets_what_it_may_see(
    client, user_in_role, barnet_award, name, kind, expected, role
):
    client.force_login(user_in_role(role))
    assert client.get(url_for(name, kind, barnet_award)).status_code == expected[role]


@pytest.mark.parametrize(("name", "kind", "expected"), PAGES, ids=[p[0] for p in PAGES])
@pytest.mark.parametrize("role", BOROUGH_ROLES)
def test_another_boroughs_users_never_see_barnets_decisions(
    client, user_in_role, camden, barnet_award, name, kind, expected, role
):
    client.force_login(user_in_role(role, borough=camden))
    url = url_for(name, kind, barnet_award)
    assert client.get(url).status_code == OTHER_BOROUGH[name]
    assert client.post(url).status_code == OTHER_BOROUGH[name]


@pytest.mark.parametrize(
    "role", [r for r in Role if r != MANAGER], ids=[r.value for r in Role if r != MANAGER]
)
def test_only_the_manager_may_post_a_batch_or_instalments(client, user_in_role, barnet_award, role):
    client.force_login(user_in_role(role))
    batch_url = url_for("meeting_create", "round", barnet_award)
    assert client.post(batch_url, {"name": "x"}).status_code == 403
    check_url = url_for("meeting_check", "round", barnet_award)
    assert client.post(check_url).status_code == 403
    instalments_url = url_for("award_instalments", "award", barnet_award)
    response = client.post(instalments_url, {"q1": "30000", "q2": "0", "q3": "0", "q4": "0"})
    assert response.status_code in (403, 404)
    assert {i.amount for i in barnet_award.instalments.all()} == {Decimal("7500.00")}
    assert CommitteeMeeting.objects.count() == 1


def test_a_round_being_set_up_is_hidden_from_the_committee(client, user_in_role, barnet_award):
    being_set_up = make_round(year_start=2012, status=RoundStatus.SETUP)
    client.force_login(user_in_role(COMMITTEE))
    url = reverse("grants:award_list", kwargs={"year": being_set_up.year_start})
    assert client.get(url).status_code == 404


def test_an_unknown_round_or_award_is_404(client, user_in_role, barnet_award):
    client.force_login(user_in_role(MANAGER))
    assert client.get(reverse("grants:award_list", kwargs={"year": 1999})).status_code == 404
    assert client.get(reverse("grants:award", kwargs={"pk": 9999})).status_code == 404
    assert client.get(reverse("grants:decision_letter", kwargs={"pk": 9999})).status_code == 404

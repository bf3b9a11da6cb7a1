"""Who may open each review page: every view for every role. A return a user may not see
answers 404, exactly as if it did not exist (another borough's, a committee member's, the
partners'); the group's own people get 403 on the officer's pages they may not use."""

import pytest
from django.urls import reverse

from accounts.models import Role
from slas.models import MilestoneOutcome, ReturnStatus
from slas.services.review import review_accept
from tests.slas.factories import (
    all_ratings,
    funded_award,
    officer_for,
    reports_with,
    return_in,
)

pytestmark = pytest.mark.django_db

#: Each role, and the borough its user belongs to (None: staff or committee).
ROLES = {
    "secretary": (Role.SECRETARY, "barnet"),
    "chair": (Role.CHAIR, "barnet"),
    "police": (Role.POLICE_PARTNER, "barnet"),
    "council": (Role.COUNCIL_PARTNER, "barnet"),
    "other secretary": (Role.SECRETARY, "camden"),
    "other chair": (Role.CHAIR, "camden"),
    "link officer": (Role.LINK_OFFICER, None),
    "manager": (Role.FUNDING_MANAGER, None),
    "committee": (Role.COMMITTEE_MEMBER, None),
}


@pytest.fixture
def as_role(client, user_in_role, barnet, camden):
    def sign_in(name: str):
        role, borough = ROLES[name]
        user = user_in_role(role, borough={"barnet": barnet, "camden": camden}.get(borough))
        client.force_login(user)
        return user

    return sign_in


@pytest.fixture
def award(barnet):
    return funded_award(borough=barnet)


@pytest.fixture
def submitted(award):
    r = return_in(ReturnStatus.SUBMITTED, award=award, quarter=2)
    reports_with(r, [MilestoneOutcome.MET] * 5)
    return r


@pytest.fixture
def accepted(award, barnet):
    r = return_in(ReturnStatus.SUBMITTED, award=award, quarter=1)
    reports_with(r, [MilestoneOutcome.MET] * 5)
    return review_accept(user=officer_for(barnet), quarterly_return=r, ratings=all_ratings(r))


LIST = dict.fromkeys(ROLES, 403) | {"link officer": 200, "manager": 200}

#: The officer's review page and its two actions.
REVIEW = {
    "secretary": 403,
    "chair": 403,
    "police": 404,
    "council": 404,
    "other secretary": 404,
    "other chair": 404,
    "link officer": 200,
    "manager": 200,
    "committee": 404,
}
#: Each version and what changed: anyone who may see the return.
VERSIONS = REVIEW | {"secretary": 200, "chair": 200}
#: Starting a correction: the group's secretary and staff.
CORRECTION = REVIEW | {"secretary": 200}


@pytest.mark.parametrize(("name", "status"), LIST.items())
def test_the_review_list(client, as_role, name, status, submitted):
    as_role(name)
    assert client.get(reverse("slas:review_list")).status_code == status


@pytest.mark.parametrize(("name", "status"), REVIEW.items())
def test_the_review_page(client, as_role, name, status, submitted):
    as_role(name)
    assert client.get(reverse("slas:review", kwargs={"pk": submitted.pk})).status_code == status


@pytest.mark.parametrize(("name", "status"), REVIEW.items())
@pytest.mark.parametrize("action", ["slas:review_return", "slas:review_accept"])
def test_the_review_actions(client, as_role, name, status, submitted, action):
    as_role(name)
    response = client.post(reverse(action, kwargs={"pk": submitted.pk}), {})
    # Staff posting nothing get the page again with its messages; nothing changes.
    assert response.status_code == status
    submitted.refresh_from_db()
    assert submitted.status == ReturnStatus.SUBMITTED


@pytest.mark.parametrize(("name", "status"), VERSIONS.items())
def test_the_versions_page(client, as_role, name, status, submitted):
    as_role(name)
    assert client.get(reverse("slas:versions", kwargs={"pk": submitted.pk})).status_code == status


@pytest.mark.parametrize(("name", "status"), CORRECTION.items())
def test_the_correction_page(client, as_role, name, status, accepted):
    as_role(name)
    url = reverse("slas:correction_start", kwargs={"pk": accepted.pk})
    assert client.get(url).status_code == status
    assert client.post(url, {"reason": "Counts were doubled."}).status_code == (
        302 if status == 200 else status
    )


@pytest.mark.parametrize("name", ["link officer", "manager"])
@pytest.mark.parametrize("view", ["slas:review", "slas:versions"])
def test_staff_never_see_a_draft_nobody_has_submitted(client, as_role, award, name, view):
    draft = return_in(ReturnStatus.DRAFT, award=award, quarter=3)
    as_role(name)
    assert client.get(reverse(view, kwargs={"pk": draft.pk})).status_code == 404


def test_signed_out_people_are_sent_to_sign_in(client, submitted):
    for url in (
        reverse("slas:review_list"),
        reverse("slas:review", kwargs={"pk": submitted.pk}),
        reverse("slas:versions", kwargs={"pk": submitted.pk}),
        reverse("slas:correction_start", kwargs={"pk": submitted.pk}),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert "login" in response["Location"] or "sign" in response["Location"]


def test_a_return_that_does_not_exist_is_404(client, as_role):
    as_role("link officer")
    assert client.get(reverse("slas:review", kwargs={"pk": 999999})).status_code == 404


@pytest.mark.parametrize(
    "status",
    [ReturnStatus.NOT_STARTED, ReturnStatus.DRAFT, ReturnStatus.SUBMITTED, ReturnStatus.RETURNED],
)
@pytest.mark.parametrize("name", ["secretary", "link officer"])
def test_only_an_accepted_return_offers_a_correction(client, as_role, award, name, status):
    r = return_in(status, award=award, quarter=3)
    as_role(name)
    url = reverse("slas:correction_start", kwargs={"pk": r.pk})
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("name", ["secretary", "link officer"])
def test_a_return_with_a_correction_under_way_offers_no_second(client, as_role, accepted, name):
    url = reverse("slas:correction_start", kwargs={"pk": accepted.pk})
    as_role("link officer")
    assert client.post(url, {"reason": "Counts were doubled."}).status_code == 302
    as_role(name)
    assert client.get(url).status_code == 404

"""Every diversity-return page, for every role: per-group figures are for the group's own
people, link officers and the funding manager — never committee members, never another
borough's users (404, as if the return did not exist)."""

import pytest
from django.urls import reverse

from accounts.models import Role
from diversity import services
from tests.diversity.factories import DiversityReturnFactory, answer_every_question

pytestmark = pytest.mark.django_db

BOROUGH_ROLES = [Role.SECRETARY, Role.CHAIR, Role.POLICE_PARTNER, Role.COUNCIL_PARTNER]
VIEWERS = {Role.SECRETARY, Role.CHAIR, Role.POLICE_PARTNER, Role.COUNCIL_PARTNER,
           Role.LINK_OFFICER, Role.FUNDING_MANAGER}  # fmt: skip

# (page, url name, extra kwargs, status for the secretary, for other viewers)
PAGES = [
    ("group returns", "group_returns", {}, 200, 200),
    ("return", "return", {}, 200, 200),
    ("number of members", "members", {}, 200, 302),
    ("a question", "counts", {"key": "sex"}, 200, 302),
    ("member organisations", "member_groups", {}, 200, 200),
    ("check answers", "check", {}, 200, 302),
    # A draft has no question to answer: back to the return, for the secretary too.
    ("answer the question", "answer", {}, 302, 302),
    ("confirmation of a draft", "submitted", {}, 302, 302),
    ("review (a POST)", "review", {}, 405, 405),
]


@pytest.fixture
def barnet_secretary(user_in_role):
    return user_in_role(Role.SECRETARY, username="barnet-secretary")


@pytest.fixture
def barnet_return(barnet, barnet_secretary):
    """Barnet's 2011/12 draft, started by its secretary, who has said there are 5 members."""
    diversity_return = services.diversity_return_start(
        user=barnet_secretary, cpeg=barnet.cpeg, year_start=2011
    )
    return services.diversity_return_set_member_count(
        user=barnet_secretary, diversity_return=diversity_return, member_count=5
    )


def page_url(name, diversity_return, extra):
    if name == "group_returns":
        return reverse(
            "diversity:group_returns", kwargs={"slug": diversity_return.cpeg.borough.slug}
        )
    return reverse(f"diversity:{name}", kwargs={"pk": diversity_return.pk, **extra})


@pytest.mark.parametrize(("page", "name", "extra", "secretary_status", "viewer_status"), PAGES)
@pytest.mark.parametrize("role", [None, *Role])
def test_own_borough_and_mpa_staff(
    client, user_in_role, barnet_return, page, name, extra, secretary_status, viewer_status, role
):
    url = page_url(name, barnet_return, extra)
    if role is None:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
        return
    client.force_login(user_in_role(role))
    status = client.get(url).status_code
    if role == Role.SECRETARY:
        assert status == secretary_status
    elif role in VIEWERS:
        assert status == viewer_status
    else:
        assert status == 404


@pytest.mark.parametrize(("page", "name", "extra", "secretary_status", "viewer_status"), PAGES)
@pytest.mark.parametrize("role", BOROUGH_ROLES)
def test_another_boroughs_users_get_404(
    client,
    user_in_role,
    camden,
    barnet_return,
    page,
    name,
    extra,
    secretary_status,
    viewer_status,
    role,
):
    client.force_login(user_in_role(role, borough=camden))
    assert client.get(page_url(name, barnet_return, extra)).status_code == 404
    assert client.post(page_url(name, barnet_return, extra)).status_code == 404


@pytest.mark.parametrize("role", [Role.CHAIR, Role.LINK_OFFICER, Role.FUNDING_MANAGER])
def test_only_the_secretary_may_change_the_return(client, user_in_role, barnet_return, role):
    client.force_login(user_in_role(role))
    client.post(reverse("diversity:members", kwargs={"pk": barnet_return.pk}), {"member_count": 9})
    barnet_return.refresh_from_db()
    assert barnet_return.member_count == 5


@pytest.mark.parametrize("role", [Role.SECRETARY, Role.CHAIR, Role.COMMITTEE_MEMBER])
def test_only_mpa_staff_review_a_return(
    client, user_in_role, barnet_secretary, barnet_return, role
):
    answer_every_question(barnet_return, user=barnet_secretary, member_count=5)
    services.diversity_return_submit(user=barnet_secretary, diversity_return=barnet_return)
    client.force_login(user_in_role(role))
    response = client.post(
        reverse("diversity:review", kwargs={"pk": barnet_return.pk}), {"action": "accept"}
    )
    assert response.status_code in (403, 404)
    barnet_return.refresh_from_db()
    assert barnet_return.status == "submitted"


def test_the_group_returns_page_takes_a_fixed_number_of_queries(
    client, user_in_role, barnet_secretary, barnet_return, django_assert_num_queries
):
    # Versions 2 to 5: each is started once the one before has been submitted.
    answer_every_question(barnet_return, user=barnet_secretary, member_count=5)
    services.diversity_return_submit(user=barnet_secretary, diversity_return=barnet_return)
    for _ in range(3):
        DiversityReturnFactory(cpeg=barnet_return.cpeg, member_count=5, submitted=True)
    assert DiversityReturnFactory(cpeg=barnet_return.cpeg).version == 5
    client.force_login(user_in_role(Role.LINK_OFFICER))
    # 1 session, 1 user, 1 borough and group, 1 the returns listed (the year due is read
    # from them too).
    with django_assert_num_queries(4):
        response = client.get(reverse("diversity:group_returns", kwargs={"slug": "barnet"}))
    assert len(response.context["returns"]) == 5


@pytest.mark.parametrize("role", [None, *Role])
def test_the_answer_page_of_a_returned_return_is_the_secretarys_alone(
    client, user_in_role, barnet_secretary, barnet_return, role
):
    answer_every_question(barnet_return, user=barnet_secretary, member_count=5)
    services.diversity_return_submit(user=barnet_secretary, diversity_return=barnet_return)
    services.diversity_return_send_back(
        user=user_in_role(Role.LINK_OFFICER, username="barnet-officer"),
        diversity_return=barnet_return,
        question="Who chairs the committee?",
    )
    answer_url = reverse("diversity:answer", kwargs={"pk": barnet_return.pk})
    return_page = reverse("diversity:return", kwargs={"pk": barnet_return.pk})
    if role is None:
        assert client.get(answer_url)["Location"].startswith(reverse("login"))
        return
    client.force_login(user_in_role(role))
    response = client.get(answer_url)
    if role == Role.SECRETARY:
        assert response.status_code == 200
    elif role in VIEWERS:
        assert response["Location"] == return_page
        # They read the question on the return's page, but are not asked to answer it.
        page = client.get(return_page).content.decode()
        assert "Who chairs the committee?" in page
        assert "Answer the question" not in page
    else:
        assert response.status_code == 404
    client.post(answer_url, {"answer": "The chair, Mr Ahmed."})
    barnet_return.refresh_from_db()
    expected = "The chair, Mr Ahmed." if role == Role.SECRETARY else ""
    assert barnet_return.group_answer == expected


@pytest.mark.parametrize("role", BOROUGH_ROLES)
def test_another_boroughs_users_cannot_answer(
    client, user_in_role, camden, barnet_secretary, barnet_return, role
):
    answer_every_question(barnet_return, user=barnet_secretary, member_count=5)
    services.diversity_return_submit(user=barnet_secretary, diversity_return=barnet_return)
    services.diversity_return_send_back(
        user=user_in_role(Role.LINK_OFFICER, username="barnet-officer"),
        diversity_return=barnet_return,
        question="Who chairs the committee?",
    )
    client.force_login(user_in_role(role, borough=camden))
    answer_url = reverse("diversity:answer", kwargs={"pk": barnet_return.pk})
    assert client.get(answer_url).status_code == 404
    assert client.post(answer_url, {"answer": "Nobody"}).status_code == 404

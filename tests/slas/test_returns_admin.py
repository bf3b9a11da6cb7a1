"""The returns admin: the funding manager finds and reads returns; nobody changes one there."""

import pytest
from django.urls import reverse

from accounts.models import Role
from slas.models import QuarterlyReturn, ReturnStatus
from tests.slas.factories import funded_award, return_in

pytestmark = pytest.mark.django_db

OTHER_ROLES = [role for role in Role if role != Role.FUNDING_MANAGER]


@pytest.fixture
def submitted(barnet):
    return return_in(ReturnStatus.SUBMITTED, award=funded_award(borough=barnet), quarter=1)


def change(quarterly_return):
    return reverse("admin:slas_quarterlyreturn_change", args=[quarterly_return.pk])


def test_the_funding_manager_lists_and_reads_returns(client, user_in_role, submitted):
    client.force_login(user_in_role(Role.FUNDING_MANAGER))
    listing = client.get(reverse("admin:slas_quarterlyreturn_changelist"))
    assert listing.context["cl"].result_count == QuarterlyReturn.objects.count() == 4
    page = client.get(change(submitted))
    assert page.status_code == 200
    assert "Submitted" in page.content.decode()


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_no_other_role_opens_the_returns_admin(client, user_in_role, submitted, role):
    client.force_login(user_in_role(role))
    assert client.get(change(submitted), follow=True).status_code == 403


def test_a_posted_change_is_refused_and_changes_nothing(client, user_in_role, submitted):
    client.force_login(user_in_role(Role.FUNDING_MANAGER))
    response = client.post(change(submitted), {"status": "accepted", "public_meetings": "9"})
    assert response.status_code == 403
    submitted.refresh_from_db()
    assert (submitted.status, submitted.public_meetings) == (ReturnStatus.SUBMITTED, None)
    add = reverse("admin:slas_quarterlyreturn_add")
    assert client.get(add).status_code == 403

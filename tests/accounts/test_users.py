import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import Role, User
from accounts.services import user_create
from boroughs.models import Borough

pytestmark = pytest.mark.django_db


def test_a_borough_role_needs_a_group(barnet):
    with pytest.raises(ValidationError) as error:
        user_create(username="sec", role=Role.SECRETARY, password="x")
    assert error.value.message_dict["cpeg"] == ["Choose the CPEG this person belongs to"]
    assert not User.objects.filter(username="sec").exists()


def test_a_london_wide_role_may_not_belong_to_a_group(barnet):
    with pytest.raises(ValidationError) as error:
        user_create(username="m", role=Role.FUNDING_MANAGER, password="x", cpeg=barnet.cpeg)
    assert error.value.message_dict["cpeg"] == ["A funding manager does not belong to one CPEG"]


def test_only_link_officers_are_assigned_boroughs(barnet):
    with pytest.raises(ValidationError):
        user_create(
            username="c", role=Role.COMMITTEE_MEMBER, password="x", assigned_boroughs=[barnet]
        )


def test_the_database_refuses_a_borough_role_without_a_group():
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="orphan", role=Role.CHAIR)


def test_the_database_refuses_a_group_for_a_committee_member(barnet):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="c", role=Role.COMMITTEE_MEMBER, cpeg=barnet.cpeg)


def test_a_link_officer_is_created_with_their_boroughs(barnet, camden):
    officer = user_create(
        username="lo", role=Role.LINK_OFFICER, password="x", assigned_boroughs=[barnet, camden]
    )
    assert set(officer.assigned_boroughs.all()) == {barnet, camden}
    assert officer.check_password("x")


def test_exactly_one_of_password_and_hash_is_given():
    with pytest.raises(ValueError, match="exactly one"):
        user_create(username="n", role=Role.COMMITTEE_MEMBER)


@pytest.mark.parametrize("role", [r for r in Role if r != Role.FUNDING_MANAGER])
def test_only_the_funding_manager_has_the_portal_model_permissions(user_in_role, role):
    assert not user_in_role(role).has_perm("boroughs.change_borough")


def test_the_funding_manager_may_change_portal_data_but_not_django_internals(user_in_role):
    manager = user_in_role(Role.FUNDING_MANAGER)
    assert manager.has_perm("accounts.change_user")
    assert manager.has_perm("boroughs.change_cpeg")
    assert not manager.has_perm("sessions.delete_session")
    assert Borough.objects.exists()

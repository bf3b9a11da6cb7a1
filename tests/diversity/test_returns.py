"""The secretary's diversity return, from start to submission, and the officer's review."""

import pytest
from django.urls import reverse

from accounts.models import Role
from audit.models import AuditEvent
from diversity.models import CategoryCount, Characteristic, DiversityReturn, ReturnStatus
from diversity.selectors import return_year_due

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretary(user_in_role):
    return user_in_role(Role.SECRETARY)


@pytest.fixture
def started(client, secretary, barnet):
    client.force_login(secretary)
    response = client.post(reverse("diversity:group_returns", kwargs={"slug": "barnet"}))
    diversity_return = DiversityReturn.objects.get(cpeg=barnet.cpeg)
    assert response["Location"] == reverse("diversity:return", kwargs={"pk": diversity_return.pk})
    return diversity_return


def url(name, diversity_return, **kwargs):
    return reverse(f"diversity:{name}", kwargs={"pk": diversity_return.pk, **kwargs})


def counts_data(characteristic_key, diversity_return, values):
    characteristic = Characteristic.objects.get(
        classification=diversity_return.classification, key=characteristic_key
    )
    categories = {c.key: c for c in characteristic.categories.all()}
    return {f"category_{categories[key].pk}": value for key, value in values.items()}


def answer_everything(client, diversity_return, members=3):
    client.post(url("members", diversity_return), {"member_count": members})
    for characteristic in Characteristic.objects.filter(
        classification=diversity_return.classification
    ):
        first = characteristic.categories.order_by("position").first()
        response = client.post(
            url("counts", diversity_return, key=characteristic.key),
            {f"category_{first.pk}": members},
        )
        assert response.status_code == 302, response.context["form"].errors


def test_starting_a_return_opens_a_draft_for_the_year_and_audits_it(started, secretary):
    assert (started.year_start, started.version, started.status) == (
        return_year_due(),
        1,
        ReturnStatus.DRAFT,
    )
    assert started.classification.code == "census-2011"
    event = AuditEvent.objects.get(object_id=started.pk, action="started")
    assert event.actor == secretary


def test_starting_again_continues_the_open_draft(client, started):
    client.post(reverse("diversity:group_returns", kwargs={"slug": "barnet"}))
    assert DiversityReturn.objects.count() == 1


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Enter the number of members on the executive committee"),
        ("eleven", "Enter the number of members as a whole number, like 11"),
        ("-3", "The committee must have at least 1 member"),
        ("0", "The committee must have at least 1 member"),
        ("200", "An executive committee has at most 50 members: check the number you entered"),
        ("4.5", "Enter the number of members as a whole number, like 11"),
    ],
)
def test_a_bad_number_of_members_gets_a_field_message_and_saves_nothing(
    client, started, value, message
):
    response = client.post(url("members", started), {"member_count": value})
    assert response.status_code == 200
    assert response.context["form"].errors["member_count"] == [message]
    started.refresh_from_db()
    assert started.member_count is None


def test_counts_that_do_not_add_up_name_the_characteristic_and_the_difference(client, started):
    client.post(url("members", started), {"member_count": 11})
    data = counts_data("ethnicity", started, {"white-irish": 4, "asian-chinese": 5})
    response = client.post(url("counts", started, key="ethnicity"), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Ethnicity adds up to 9, but the committee has 11 members" in content
    assert "There is a problem" in content
    assert not CategoryCount.objects.exists()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-1", "The number for irish must be 0 or more"),
        ("three", "Enter the number for irish as a whole number, like 3"),
        ("51", "The number for irish must be 50 or fewer"),
    ],
)
def test_a_bad_count_gets_a_message_beside_its_box(client, started, value, message):
    client.post(url("members", started), {"member_count": 3})
    data = counts_data("ethnicity", started, {"white-irish": value})
    response = client.post(url("counts", started, key="ethnicity"), data)
    field = next(iter(data))
    assert response.context["form"].errors[field] == [message]
    assert not CategoryCount.objects.exists()


def test_counts_that_add_up_are_saved_with_empty_boxes_as_zero(client, started):
    client.post(url("members", started), {"member_count": 3})
    data = counts_data("sex", started, {"female": 2, "male": "", "prefer-not-to-say": 1})
    response = client.post(url("counts", started, key="sex"), data)
    assert response.status_code == 302
    saved = dict(
        CategoryCount.objects.filter(diversity_return=started).values_list("category__key", "count")
    )
    assert saved == {"female": 2, "male": 0, "prefer-not-to-say": 1, "not-known": 0}


def test_the_questions_wait_for_the_number_of_members(client, started):
    response = client.get(url("counts", started, key="sex"))
    assert response["Location"] == url("members", started)


def test_submitting_an_unfinished_return_lists_each_problem(client, started):
    client.post(url("members", started), {"member_count": 3})
    response = client.post(url("check", started))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Answer the question about ethnicity" in content
    assert url("counts", started, key="ethnicity") in content
    started.refresh_from_db()
    assert started.status == ReturnStatus.DRAFT


def test_a_complete_return_is_submitted_audited_and_frozen(client, started, secretary):
    answer_everything(client, started)
    response = client.post(url("check", started))
    assert response["Location"] == url("submitted", started)
    started.refresh_from_db()
    assert started.status == ReturnStatus.SUBMITTED
    assert AuditEvent.objects.filter(
        object_id=started.pk, action="submitted", actor=secretary
    ).exists()
    # Frozen: the editing pages send the secretary back to the return.
    assert client.get(url("members", started))["Location"] == url("return", started)
    client.post(url("members", started), {"member_count": 9})
    started.refresh_from_db()
    assert started.member_count == 3


def test_changing_the_member_count_later_shows_what_no_longer_adds_up(client, started):
    answer_everything(client, started, members=3)
    client.post(url("members", started), {"member_count": 4})
    response = client.post(url("check", started))
    assert "Sex adds up to 3, but the committee has 4 members" in response.content.decode()


def test_an_officer_sends_a_return_back_with_a_question_and_the_secretary_sees_it(
    client, started, user_in_role
):
    answer_everything(client, started)
    client.post(url("check", started))
    officer = user_in_role(Role.LINK_OFFICER)
    client.force_login(officer)
    response = client.post(url("review", started), {"action": "return", "question": ""})
    assert response.status_code == 200
    assert "Enter the question the group should answer" in response.content.decode()
    client.post(url("review", started), {"action": "return", "question": "Is the chair counted?"})
    started.refresh_from_db()
    assert (started.status, started.officer_question) == (
        ReturnStatus.RETURNED,
        "Is the chair counted?",
    )
    assert (
        AuditEvent.objects.get(object_id=started.pk, action="sent back with a question").actor
        == officer
    )


def test_an_officer_accepts_a_submitted_return(client, started, user_in_role):
    answer_everything(client, started)
    client.post(url("check", started))
    client.force_login(user_in_role(Role.FUNDING_MANAGER))
    client.post(url("review", started), {"action": "accept"})
    started.refresh_from_db()
    assert started.status == ReturnStatus.ACCEPTED


def test_a_new_version_is_started_when_the_committee_changes_and_the_old_one_is_kept(
    client, started, secretary
):
    answer_everything(client, started)
    client.post(url("check", started))
    client.force_login(secretary)
    client.post(reverse("diversity:group_returns", kwargs={"slug": "barnet"}))
    versions = list(DiversityReturn.objects.order_by("version").values_list("version", "status"))
    assert versions == [(1, ReturnStatus.SUBMITTED), (2, ReturnStatus.DRAFT)]


def test_member_organisations_are_added_and_removed(client, started):
    category = Characteristic.objects.get(key="ethnicity").categories.get(key="asian-chinese")
    response = client.post(
        url("member_groups", started),
        {"name": "Chinese Community Centre", "communities": [category.pk]},
    )
    assert response.status_code == 302
    group = started.member_groups.get()
    assert list(group.communities.all()) == [category]
    duplicate = client.post(url("member_groups", started), {"name": "chinese community centre"})
    assert duplicate.context["form"].errors["name"] == [
        "chinese community centre is already listed"
    ]
    client.post(
        reverse("diversity:remove_member_group", kwargs={"pk": started.pk, "group_pk": group.pk})
    )
    assert not started.member_groups.exists()


def test_the_funding_manager_can_add_a_classification_as_data(client, user_in_role):
    from diversity.models import Classification

    client.force_login(user_in_role(Role.FUNDING_MANAGER))
    assert client.get(reverse("admin:diversity_classification_changelist")).status_code == 200
    response = client.post(
        reverse("admin:diversity_classification_add"),
        {
            "code": "census-2021",
            "name": "2021 Census",
            "census_year": 2021,
            "characteristics-TOTAL_FORMS": 0,
            "characteristics-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302
    assert Classification.objects.filter(code="census-2021").exists()

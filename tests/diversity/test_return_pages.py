"""The return's pages (#9, item 4): started on the year due, "Save and continue" walking the
questions, "Change" coming back to check answers, the officer's question answered and sent
back with the return, one fieldset a question, and character counts on the long answers."""

import re

import pytest
from django.urls import reverse

from accounts.models import Role
from audit.models import AuditEvent
from diversity import services
from diversity.models import Characteristic, DiversityReturn, ReturnStatus
from diversity.selectors import return_year_due
from tests.diversity.factories import DiversityReturnFactory, return_reviewer, return_secretary

pytestmark = pytest.mark.django_db

GROUP_RETURNS = reverse("diversity:group_returns", kwargs={"slug": "barnet"})
QUESTION = "Is the chair counted among the members?"
ANSWER = "Yes: the chair is one of the eleven members."


def url(name, diversity_return, **kwargs):
    return reverse(f"diversity:{name}", kwargs={"pk": diversity_return.pk, **kwargs})


def keys_in_order(diversity_return):
    return list(
        Characteristic.objects.filter(classification=diversity_return.classification)
        .order_by("position")
        .values_list("key", flat=True)
    )


@pytest.fixture
def secretary(barnet):
    return return_secretary(barnet.cpeg)


@pytest.fixture
def secretary_client(client, secretary):
    client.force_login(secretary)
    return client


@pytest.fixture
def draft(barnet):
    return DiversityReturnFactory(cpeg=barnet.cpeg, year_start=return_year_due())


@pytest.fixture
def returned(barnet):
    """The year due's return, sent back with ``QUESTION``."""
    diversity_return = DiversityReturnFactory(
        cpeg=barnet.cpeg, year_start=return_year_due(), member_count=3, submitted=True
    )
    return services.diversity_return_send_back(
        user=return_reviewer(), diversity_return=diversity_return, question=QUESTION
    )


# Starting on the year due


def test_a_group_whose_last_return_is_an_accepted_earlier_year_starts_the_year_due(
    secretary_client, barnet
):
    earlier = DiversityReturnFactory(
        cpeg=barnet.cpeg, year_start=return_year_due() - 1, member_count=4, accepted=True
    )
    page = secretary_client.get(GROUP_RETURNS).content.decode()
    due_label = f"{return_year_due()}/{(return_year_due() + 1) % 100:02d}"
    assert f"The group's return for {due_label} is due" in page
    assert "Start the return" in page
    assert 'name="year"' not in page  # no year to choose: the year due is the one started

    response = secretary_client.post(GROUP_RETURNS)
    started = DiversityReturn.objects.exclude(pk=earlier.pk).get()
    assert response["Location"] == url("return", started)
    assert (started.year_start, started.version) == (return_year_due(), 1)
    earlier.refresh_from_db()
    assert (earlier.version, earlier.status) == (1, ReturnStatus.ACCEPTED)


def test_an_open_return_for_the_year_due_is_continued_not_duplicated(secretary_client, draft):
    page = secretary_client.get(GROUP_RETURNS).content.decode()
    assert f'href="{url("return", draft)}">Continue the return' in page
    assert "Start the return" not in page
    secretary_client.post(GROUP_RETURNS)
    assert DiversityReturn.objects.count() == 1


def test_a_changed_committee_gets_a_new_version_of_the_year_due(secretary_client, barnet):
    made = DiversityReturnFactory(
        cpeg=barnet.cpeg, year_start=return_year_due(), member_count=4, accepted=True
    )
    page = secretary_client.get(GROUP_RETURNS).content.decode()
    assert "Start a new version of the return" in page
    secretary_client.post(GROUP_RETURNS)
    new = DiversityReturn.objects.exclude(pk=made.pk).get()
    assert (new.year_start, new.version, new.status) == (return_year_due(), 2, ReturnStatus.DRAFT)


@pytest.mark.parametrize("role", [Role.CHAIR, Role.LINK_OFFICER, Role.FUNDING_MANAGER])
def test_only_the_secretary_is_offered_the_start_button_or_may_press_it(client, user_in_role, role):
    client.force_login(user_in_role(role))
    assert "Start the return" not in client.get(GROUP_RETURNS).content.decode()
    assert client.post(GROUP_RETURNS).status_code == 403
    assert not DiversityReturn.objects.exists()


# Save and continue, and Change


def test_save_and_continue_walks_every_question_then_check_answers(secretary_client, draft):
    keys = keys_in_order(draft)
    response = secretary_client.post(url("members", draft), {"member_count": 1})
    assert response["Location"] == url("counts", draft, key=keys[0])
    for key, following in zip(keys, [*keys[1:], None], strict=True):
        characteristic = Characteristic.objects.get(classification=draft.classification, key=key)
        first = characteristic.categories.order_by("position").first()
        response = secretary_client.post(url("counts", draft, key=key), {f"category_{first.pk}": 1})
        expected = url("counts", draft, key=following) if following else url("check", draft)
        assert response["Location"] == expected


def test_change_from_check_answers_comes_back_to_check_answers(secretary_client, draft):
    secretary_client.post(url("members", draft), {"member_count": 2})
    check = secretary_client.get(url("check", draft)).content.decode()
    members_change = url("members", draft) + "?next=check"
    assert f'href="{members_change}"' in check
    assert f'href="{url("member_groups", draft)}?next=check"' in check

    page = secretary_client.get(members_change).content.decode()
    assert f'href="{url("check", draft)}" class="govuk-back-link"' in page
    response = secretary_client.post(members_change, {"member_count": 3})
    assert response["Location"] == url("check", draft)

    sex = Characteristic.objects.get(classification=draft.classification, key="sex")
    female = sex.categories.get(key="female")
    response = secretary_client.post(
        url("counts", draft, key="sex") + "?next=check", {f"category_{female.pk}": 3}
    )
    assert response["Location"] == url("check", draft)


def test_member_organisations_from_check_answers_stay_on_the_way_back(secretary_client, draft):
    response = secretary_client.post(
        url("member_groups", draft) + "?next=check", {"name": "Youth Forum"}
    )
    assert response["Location"] == url("member_groups", draft) + "?next=check"
    page = secretary_client.get(response["Location"]).content.decode()
    assert "Back to check your answers" in page


@pytest.mark.parametrize(
    "next_value", ["https://evil.example/", "//evil.example", "/admin/", "CHECK", ""]
)
def test_any_other_next_is_ignored_and_never_leaves_the_return(secretary_client, draft, next_value):
    response = secretary_client.post(
        url("members", draft) + f"?next={next_value}", {"member_count": 3}
    )
    assert response["Location"] == url("counts", draft, key=keys_in_order(draft)[0])


# Returned with a question


def test_the_secretary_reads_the_question_on_the_return_and_answers_it(secretary_client, returned):
    page = secretary_client.get(url("return", returned)).content.decode()
    assert "govuk-notification-banner" in page
    assert "Returned with a question" in page
    assert QUESTION in page
    assert f'href="{url("answer", returned)}">Answer the question' in page
    assert "Answer your link officer&#x27;s question" in page  # the first task

    form = secretary_client.get(url("answer", returned)).content.decode()
    assert QUESTION in form
    response = secretary_client.post(url("answer", returned), {"answer": f"  {ANSWER}  "})
    assert response["Location"] == url("check", returned)
    returned.refresh_from_db()
    assert (returned.group_answer, returned.status) == (ANSWER, ReturnStatus.RETURNED)

    check = secretary_client.get(url("check", returned)).content.decode()
    assert QUESTION in check
    assert ANSWER in check


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ("", "Enter your answer to your link officer's question"),
        ("   ", "Enter your answer to your link officer's question"),
        ("x" * 2001, "Your answer must be 2,000 characters or fewer"),
    ],
)
def test_a_bad_answer_gets_its_message_and_saves_nothing(
    secretary_client, returned, answer, message
):
    response = secretary_client.post(url("answer", returned), {"answer": answer})
    assert response.status_code == 200
    assert response.context["form"].errors["answer"] == [message]
    returned.refresh_from_db()
    assert returned.group_answer == ""


def test_resubmitting_needs_the_answer_then_carries_it_audited(secretary_client, returned):
    response = secretary_client.post(url("check", returned))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Answer your link officer&#x27;s question" in content
    assert f'href="{url("answer", returned)}?next=check"' in content
    returned.refresh_from_db()
    assert returned.status == ReturnStatus.RETURNED

    secretary_client.post(url("answer", returned), {"answer": ANSWER})
    response = secretary_client.post(url("check", returned))
    assert response["Location"] == url("submitted", returned)
    returned.refresh_from_db()
    assert (returned.status, returned.officer_question, returned.group_answer) == (
        ReturnStatus.SUBMITTED,
        QUESTION,
        ANSWER,
    )
    event = AuditEvent.objects.filter(object_id=returned.pk, action="submitted").latest("pk")
    assert event.reason == f"Answer: {ANSWER}"


def test_the_officer_sees_question_and_answer_when_reviewing_and_after_accepting(
    client, user_in_role, returned
):
    services.diversity_return_answer_question(
        user=returned.created_by, diversity_return=returned, answer=ANSWER
    )
    services.diversity_return_submit(user=returned.created_by, diversity_return=returned)
    officer = user_in_role(Role.LINK_OFFICER)
    client.force_login(officer)
    page = client.get(url("return", returned)).content.decode()
    assert "Question and answer" in page
    assert QUESTION in page
    assert ANSWER in page
    assert "Accept the return" in page
    client.post(url("review", returned), {"action": "accept"})
    returned.refresh_from_db()
    assert returned.status == ReturnStatus.ACCEPTED
    assert ANSWER in client.get(url("return", returned)).content.decode()


def test_a_new_question_clears_the_earlier_answer(user_in_role, returned):
    services.diversity_return_answer_question(
        user=returned.created_by, diversity_return=returned, answer=ANSWER
    )
    services.diversity_return_submit(user=returned.created_by, diversity_return=returned)
    again = services.diversity_return_send_back(
        user=user_in_role(Role.LINK_OFFICER),
        diversity_return=returned,
        question="And the vice-chair?",
    )
    assert (again.officer_question, again.group_answer) == ("And the vice-chair?", "")


def test_there_is_no_question_to_answer_on_a_draft(secretary_client, draft):
    assert secretary_client.get(url("answer", draft))["Location"] == url("return", draft)
    secretary_client.post(url("answer", draft), {"answer": ANSWER})
    draft.refresh_from_db()
    assert draft.group_answer == ""
    with pytest.raises(services.ValidationError, match="no question"):
        services.diversity_return_answer_question(
            user=draft.created_by, diversity_return=draft, answer=ANSWER
        )


def test_only_the_secretary_may_answer(user_in_role, returned):
    for role in (Role.CHAIR, Role.LINK_OFFICER):
        with pytest.raises(services.ValidationError, match="cannot change"):
            services.diversity_return_answer_question(
                user=user_in_role(role), diversity_return=returned, answer=ANSWER
            )


def test_an_over_long_question_gets_its_message(client, user_in_role, returned):
    services.diversity_return_answer_question(
        user=returned.created_by, diversity_return=returned, answer=ANSWER
    )
    services.diversity_return_submit(user=returned.created_by, diversity_return=returned)
    client.force_login(user_in_role(Role.LINK_OFFICER))
    response = client.post(url("review", returned), {"action": "return", "question": "q" * 2001})
    assert response.status_code == 200
    assert response.context["send_back_form"].errors["question"] == [
        "The question must be 2,000 characters or fewer"
    ]
    returned.refresh_from_db()
    assert returned.status == ReturnStatus.SUBMITTED


# The question's layout, and the character counts


def test_a_questions_boxes_sit_in_one_fieldset_with_the_heading_as_legend(secretary_client, draft):
    secretary_client.post(url("members", draft), {"member_count": 3})
    page = secretary_client.get(url("counts", draft, key="sex")).content.decode()
    legend = re.search(r'<legend class="govuk-fieldset__legend[^"]*">(.*?)</legend>', page, re.S)
    assert legend is not None
    assert '<h1 class="govuk-fieldset__heading">Sex</h1>' in legend.group(1)
    assert page.count("<h1") == 1

    sex = Characteristic.objects.get(classification=draft.classification, key="sex")
    female = sex.categories.get(key="female")
    response = secretary_client.post(url("counts", draft, key="sex"), {f"category_{female.pk}": 1})
    page = response.content.decode()
    error_group = page.index("govuk-form-group--error")
    group_end = page.index("</fieldset>", error_group)
    button = page.index("Save and continue</button>")
    assert button > group_end  # the button is clear of the error border
    assert "Sex adds up to 1, but the committee has 3 members" in page[error_group:group_end]


def test_the_long_answers_have_a_character_count_and_no_maxlength(
    secretary_client, client, user_in_role, returned
):
    answer_page = secretary_client.get(url("answer", returned)).content.decode()
    assert 'data-module="govuk-character-count"' in answer_page
    assert 'data-maxlength="2000"' in answer_page
    assert "maxlength=" not in answer_page.replace("data-maxlength=", "")
    groups_page = secretary_client.get(url("member_groups", returned)).content.decode()
    assert 'name="name"' in groups_page
    assert "maxlength=" not in groups_page.replace("data-maxlength=", "")

    services.diversity_return_answer_question(
        user=returned.created_by, diversity_return=returned, answer=ANSWER
    )
    services.diversity_return_submit(user=returned.created_by, diversity_return=returned)
    client.force_login(user_in_role(Role.LINK_OFFICER))
    review = client.get(url("return", returned)).content.decode()
    assert 'data-module="govuk-character-count"' in review
    assert "maxlength=" not in review.replace("data-maxlength=", "")


def test_an_over_long_member_organisation_name_gets_its_message(secretary_client, draft):
    response = secretary_client.post(url("member_groups", draft), {"name": "n" * 201})
    assert response.context["form"].errors["name"] == ["The name must be 200 characters or fewer"]
    with pytest.raises(services.ValidationError, match="200 characters or fewer"):
        services.member_group_add(
            user=draft.created_by, diversity_return=draft, name="n" * 201, communities=[]
        )
    assert not draft.member_groups.exists()

"""The return's task list and what stops it being submitted, read by the selectors."""

import pytest
from django.urls import reverse

from accounts.models import Role
from diversity import selectors, services
from diversity.models import Characteristic
from diversity.selectors import TaskStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretary(user_in_role):
    return user_in_role(Role.SECRETARY)


@pytest.fixture
def draft(secretary, barnet):
    return services.diversity_return_start(user=secretary, cpeg=barnet.cpeg, year_start=2011)


@pytest.fixture
def characteristics(draft):
    return list(
        Characteristic.objects.filter(classification=draft.classification)
        .prefetch_related("categories")
        .order_by("position")
    )


def answer(secretary, draft, characteristic, members):
    first = min(characteristic.categories.all(), key=lambda c: c.position)
    services.diversity_return_set_counts(
        user=secretary,
        diversity_return=draft,
        characteristic=characteristic,
        counts={first.pk: members},
    )


def fresh(draft):
    return selectors.diversity_return_detail(pk=draft.pk)


def progress_of(draft):
    return selectors.return_progress(fresh(draft))


def test_a_new_return_asks_for_the_members_first(draft, characteristics):
    progress = progress_of(draft)
    members, *questions, groups = progress.tasks
    assert (members.name, members.status, members.done) == (
        "Number of members",
        "Not started",
        False,
    )
    assert members.url == reverse("diversity:members", kwargs={"pk": draft.pk})
    assert [q.name for q in questions] == [c.name for c in characteristics]
    assert {(q.status, q.done, q.cannot_start) for q in questions} == {
        (TaskStatus.NOT_STARTED, False, True)
    }
    assert (groups.status, groups.done, groups.optional) == ("0 listed", True, True)
    assert progress.done == 1
    assert selectors.submission_problems(fresh(draft)) == [
        ("members", "Say how many members the executive committee has")
    ]


def test_each_question_is_not_started_completed_or_does_not_add_up(
    secretary, draft, characteristics
):
    services.diversity_return_set_member_count(
        user=secretary, diversity_return=draft, member_count=3
    )
    first, second, *rest = characteristics
    answer(secretary, draft, first, 3)
    answer(secretary, draft, second, 3)
    # The committee grows: the first answer no longer makes it up.
    services.diversity_return_set_member_count(
        user=secretary, diversity_return=draft, member_count=4
    )
    answer(secretary, draft, second, 4)

    members, *questions, _ = progress_of(draft).tasks
    assert (members.status, members.done, members.tag_colour) == ("4", True, "")
    assert [(q.status, q.done, q.tag_colour) for q in questions[:3]] == [
        (TaskStatus.DOES_NOT_ADD_UP, False, "red"),
        (TaskStatus.COMPLETED, True, ""),
        (TaskStatus.NOT_STARTED, False, "blue"),
    ]
    assert not any(q.cannot_start for q in questions)
    assert questions[0].url == reverse(
        "diversity:counts", kwargs={"pk": draft.pk, "key": first.key}
    )
    assert progress_of(draft).done == 3  # members, the second question, member organisations
    problems = selectors.submission_problems(fresh(draft))
    assert problems[0] == (first.key, f"{first.name} adds up to 3, but the committee has 4 members")
    assert [key for key, _ in problems] == [c.key for c in [first, *rest]]


def test_a_complete_return_has_nothing_left(secretary, draft, characteristics):
    services.diversity_return_set_member_count(
        user=secretary, diversity_return=draft, member_count=1
    )
    for characteristic in characteristics:
        answer(secretary, draft, characteristic, 1)
    progress = progress_of(draft)
    assert progress.done == len(progress.tasks) == len(characteristics) + 2
    assert selectors.submission_problems(fresh(draft)) == []


def test_the_task_list_takes_two_queries(secretary, draft, django_assert_num_queries):
    detail = selectors.diversity_return_detail(pk=draft.pk)
    # The questions of the census and the sums of the saved counts; the member
    # organisations come prefetched with the return.
    with django_assert_num_queries(2):
        selectors.return_progress(detail)

"""The return's task list and what stops it being submitted, read by the selectors."""

import itertools

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
    assert {(q.status, q.done, q.cannot_start, q.hint) for q in questions} == {
        (TaskStatus.CANNOT_START_YET, False, True, "Answer “Number of members” first")
    }
    # The optional section is not counted as completed: nothing is done yet.
    assert (groups.status, groups.done, groups.optional) == ("None listed", False, True)
    assert (progress.done, progress.required) == (0, len(characteristics) + 1)
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
    assert progress_of(draft).done == 2  # members and the second question
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
    assert progress.done == progress.required == len(characteristics) + 1
    assert len(progress.tasks) == len(characteristics) + 2  # and the optional section
    assert selectors.submission_problems(fresh(draft)) == []


def test_listing_member_organisations_completes_no_required_section(
    secretary, draft, characteristics
):
    services.member_group_add(
        user=secretary, diversity_return=draft, name="Tenants' Association", communities=[]
    )
    progress = progress_of(draft)
    groups = progress.tasks[-1]
    assert (groups.name, groups.status, groups.done) == (
        "Member organisations",
        "1 listed",
        False,
    )
    assert (progress.done, progress.required) == (0, len(characteristics) + 1)


def test_a_return_sent_back_asks_first_for_the_answer(user_in_role, barnet):
    from tests.diversity.factories import DiversityReturnFactory

    returned = DiversityReturnFactory(cpeg=barnet.cpeg, member_count=2, returned=True)
    progress = progress_of(returned)
    answer_task, *_ = progress.tasks
    assert (answer_task.name, answer_task.status, answer_task.done) == (
        "Answer your link officer's question",
        TaskStatus.NOT_STARTED,
        False,
    )
    assert answer_task.url == reverse("diversity:answer", kwargs={"pk": returned.pk})
    assert progress.done == progress.required - 1
    assert selectors.return_problems(fresh(returned)) == [
        ("answer", "Answer your link officer's question")
    ]
    assert selectors.submission_problems(fresh(returned)) == []  # the counts are complete
    services.diversity_return_answer_question(
        user=returned.created_by, diversity_return=returned, answer="Yes, the chair is counted."
    )
    progress = progress_of(returned)
    assert progress.tasks[0].status == TaskStatus.COMPLETED
    assert progress.done == progress.required
    assert selectors.return_problems(fresh(returned)) == []


def test_save_and_continue_walks_the_questions_then_goes_to_check_answers(draft, characteristics):
    keys = ["members", *(c.key for c in characteristics)]
    assert selectors.question_keys(draft) == keys
    for current, following in itertools.pairwise(keys):
        assert selectors.next_question_url(draft, current) == reverse(
            "diversity:counts", kwargs={"pk": draft.pk, "key": following}
        )
    assert selectors.next_question_url(draft, keys[-1]) == reverse(
        "diversity:check", kwargs={"pk": draft.pk}
    )


def test_the_year_due_is_the_financial_year_today_falls_in(barnet):
    import datetime

    from tests.diversity.factories import DiversityReturnFactory

    today = datetime.date(2012, 3, 31)  # the last day of 2011/12
    accepted = DiversityReturnFactory(
        cpeg=barnet.cpeg, year_start=2010, member_count=2, accepted=True
    )
    due = selectors.year_due([accepted], today)
    # Never the latest year already accepted.
    assert (due.financial_year.start_year, due.open_return, due.made) == (2011, None, None)
    assert selectors.year_due([accepted], datetime.date(2012, 4, 1)).financial_year.label == (
        "2012/13"
    )
    submitted = DiversityReturnFactory(
        cpeg=barnet.cpeg, year_start=2011, member_count=2, submitted=True
    )
    draft = DiversityReturnFactory(cpeg=barnet.cpeg, year_start=2011)
    assert draft.version == 2
    due = selectors.year_due([draft, submitted, accepted], today)
    assert (due.open_return, due.made) == (draft, submitted)


def test_the_task_list_takes_two_queries(secretary, draft, django_assert_num_queries):
    detail = selectors.diversity_return_detail(pk=draft.pk)
    # The questions of the census and the sums of the saved counts; the member
    # organisations come prefetched with the return.
    with django_assert_num_queries(2):
        selectors.return_progress(detail)

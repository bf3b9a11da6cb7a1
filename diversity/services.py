"""Writes for diversity returns. Each change runs in one transaction and is audited."""

from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import User
from audit.services import audit_record
from boroughs.models import Cpeg
from diversity.models import (
    MAX_COMMITTEE_MEMBERS,
    MAX_MEMBER_GROUP_NAME,
    MAX_QUESTION_LENGTH,
    Category,
    CategoryCount,
    Characteristic,
    DiversityReturn,
    MemberGroup,
)
from diversity.permissions import (
    can_edit_diversity_return,
    can_start_diversity_return,
)
from diversity.selectors import (
    adding_up_error,
    classification_for_year,
    needs_answer,
    return_problems,
)
from diversity.workflows.diversity_return import (
    ACCEPT,
    DIVERSITY_RETURN,
    EDITABLE,
    SEND_BACK,
    SUBMIT,
)


def _locked(diversity_return: DiversityReturn) -> DiversityReturn:
    return DIVERSITY_RETURN.lock(diversity_return)


def _require(allowed: bool) -> None:
    if not allowed:
        raise ValidationError("You cannot change this return.")


@transaction.atomic
def diversity_return_start(*, user: User, cpeg: Cpeg, year_start: int) -> DiversityReturn:
    """Open a draft return for the year: the first, or the next version when the committee
    has changed. An open draft (or one sent back) is returned as it is, not duplicated."""
    _require(can_start_diversity_return(user, cpeg))
    Cpeg.objects.select_for_update().get(pk=cpeg.pk)  # one starter at a time per group
    existing = DiversityReturn.objects.filter(cpeg=cpeg, year_start=year_start)
    open_return = existing.filter(status__in=EDITABLE).first()
    if open_return is not None:
        return open_return
    latest_version = existing.aggregate(latest=Max("version"))["latest"] or 0
    diversity_return = DiversityReturn.objects.create(
        cpeg=cpeg,
        year_start=year_start,
        version=latest_version + 1,
        classification=classification_for_year(year_start=year_start),
        created_by=user,
    )
    audit_record(
        subject=diversity_return,
        actor=user,
        action="started",
        to_state=DIVERSITY_RETURN.initial,
        reason="A new executive committee" if latest_version else "",
    )
    return diversity_return


@transaction.atomic
def diversity_return_set_member_count(
    *, user: User, diversity_return: DiversityReturn, member_count: int
) -> DiversityReturn:
    diversity_return = _locked(diversity_return)
    _require(can_edit_diversity_return(user, diversity_return))
    if not 1 <= member_count <= MAX_COMMITTEE_MEMBERS:
        raise ValidationError(
            {
                "member_count": "Enter a number of members from 1 to "
                f"{MAX_COMMITTEE_MEMBERS}, the size of the executive committee"
            }
        )
    diversity_return.member_count = member_count
    diversity_return.save(update_fields=["member_count", "updated_at"])
    return diversity_return


@transaction.atomic
def diversity_return_set_counts(
    *,
    user: User,
    diversity_return: DiversityReturn,
    characteristic: Characteristic,
    counts: Mapping[int, int],
) -> DiversityReturn:
    """Save one characteristic's counts (category id -> count); they must make up the committee."""
    diversity_return = _locked(diversity_return)
    _require(can_edit_diversity_return(user, diversity_return))
    if characteristic.classification_id != diversity_return.classification_id:
        raise ValidationError("That question belongs to another census classification.")
    if diversity_return.member_count is None:
        raise ValidationError("Say how many members the executive committee has first.")
    categories = {c.pk: c for c in characteristic.categories.all()}
    unknown = set(counts) - set(categories)
    if unknown:
        raise ValidationError("Some answers are not categories of this question.")
    if any(count < 0 or count > MAX_COMMITTEE_MEMBERS for count in counts.values()):
        raise ValidationError(f"Each count must be from 0 to {MAX_COMMITTEE_MEMBERS}.")
    total = sum(counts.values())
    if total != diversity_return.member_count:
        raise ValidationError(adding_up_error(characteristic, total, diversity_return.member_count))
    CategoryCount.objects.filter(
        diversity_return=diversity_return, category__characteristic=characteristic
    ).delete()
    CategoryCount.objects.bulk_create(
        CategoryCount(diversity_return=diversity_return, category_id=pk, count=counts.get(pk, 0))
        for pk in categories
    )
    diversity_return.save(update_fields=["updated_at"])
    return diversity_return


@transaction.atomic
def member_group_add(
    *,
    user: User,
    diversity_return: DiversityReturn,
    name: str,
    communities: Iterable[Category],
) -> MemberGroup:
    diversity_return = _locked(diversity_return)
    _require(can_edit_diversity_return(user, diversity_return))
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Enter the member organisation's name"})
    if len(name) > MAX_MEMBER_GROUP_NAME:
        raise ValidationError(
            {"name": f"The name must be {MAX_MEMBER_GROUP_NAME} characters or fewer"}
        )
    if diversity_return.member_groups.filter(name__iexact=name).exists():
        raise ValidationError({"name": f"{name} is already listed"})
    communities = list(communities)
    if any(
        c.characteristic.classification_id != diversity_return.classification_id
        for c in communities
    ):
        raise ValidationError({"communities": "Choose communities from this return's census"})
    group = MemberGroup.objects.create(diversity_return=diversity_return, name=name)
    group.communities.set(communities)
    return group


@transaction.atomic
def member_group_remove(*, user: User, member_group: MemberGroup) -> None:
    diversity_return = _locked(member_group.diversity_return)
    _require(can_edit_diversity_return(user, diversity_return))
    member_group.delete()


@transaction.atomic
def diversity_return_answer_question(
    *, user: User, diversity_return: DiversityReturn, answer: str
) -> DiversityReturn:
    """Save the secretary's answer to the question the return was sent back with. It goes to
    the officer with the return when it is submitted again."""
    diversity_return = _locked(diversity_return)
    _require(can_edit_diversity_return(user, diversity_return))
    if not needs_answer(diversity_return):
        raise ValidationError("This return has no question from your link officer to answer.")
    answer = answer.strip()
    if not answer:
        raise ValidationError({"answer": "Enter your answer to your link officer's question"})
    if len(answer) > MAX_QUESTION_LENGTH:
        raise ValidationError(
            {"answer": f"Your answer must be {MAX_QUESTION_LENGTH:,} characters or fewer"}
        )
    diversity_return.group_answer = answer
    diversity_return.save(update_fields=["group_answer", "updated_at"])
    return diversity_return


@transaction.atomic
def diversity_return_submit(*, user: User, diversity_return: DiversityReturn) -> DiversityReturn:
    """Submit the return; one sent back with a question goes again with the secretary's
    answer, which the audit log records with the submission."""
    diversity_return = _locked(diversity_return)
    if DIVERSITY_RETURN.may(SUBMIT, user, diversity_return):
        # The secretary's answers are checked before the move, so each problem is listed.
        problems = return_problems(diversity_return)
        if problems:
            raise ValidationError([message for _, message in problems])
    answered = needs_answer(diversity_return)
    return DIVERSITY_RETURN.move(
        diversity_return,
        SUBMIT,
        user=user,
        locked=True,
        reason=f"Answer: {diversity_return.group_answer}" if answered else "",
        fields={"submitted_at": timezone.now()},
    )


@transaction.atomic
def diversity_return_accept(*, user: User, diversity_return: DiversityReturn) -> DiversityReturn:
    """Accept the return. A question and its answer stay with it, as the record of what was
    asked before it was accepted."""
    return DIVERSITY_RETURN.move(diversity_return, ACCEPT, user=user)


@transaction.atomic
def diversity_return_send_back(
    *, user: User, diversity_return: DiversityReturn, question: str
) -> DiversityReturn:
    """Send the return back to the group with a question; an earlier answer is cleared, since
    it answered another question."""
    diversity_return = _locked(diversity_return)
    question = question.strip()
    if not question:
        raise ValidationError({"question": "Enter the question the group should answer"})
    if len(question) > MAX_QUESTION_LENGTH:
        raise ValidationError(
            {"question": f"The question must be {MAX_QUESTION_LENGTH:,} characters or fewer"}
        )
    if (
        not DIVERSITY_RETURN.starts_from(SEND_BACK, diversity_return)
        and diversity_return.officer_question != question
    ):
        raise DIVERSITY_RETURN.refusal(SEND_BACK, diversity_return)  # not a repeat of the same
    return DIVERSITY_RETURN.move(
        diversity_return,
        SEND_BACK,
        user=user,
        locked=True,
        reason=question,
        fields={"officer_question": question, "group_answer": ""},
    )

"""A diversity return in any state the code can produce, reached through ``diversity.services``.

``DiversityReturnFactory(accepted=True, member_count=6, counts={...})`` starts the group's
return as its secretary, answers how many members the committee has and every question
(``counts`` maps a characteristic key to {category key: count}; a characteristic not named
puts every member in its first category), submits it, and has the funding manager accept it
(``submitted``, ``returned`` and ``accepted`` are the traits; the default is a draft). A
second return for the same group and year is the next version, as the service starts it once
the first is no longer being written.
"""

from collections.abc import Mapping

import factory

from accounts.models import Role, User
from boroughs.models import Borough, Cpeg
from diversity import services
from diversity.models import Characteristic, DiversityReturn, ReturnStatus
from tests.factories import UserFactory

#: The question the builder's officer asks when it sends a return back.
QUESTION_ASKED = "Please check the figures for age."


def return_secretary(cpeg: Cpeg) -> User:
    return UserFactory(username=f"secretary-{cpeg.borough.slug}", role=Role.SECRETARY, cpeg=cpeg)


def return_reviewer() -> User:
    return UserFactory(username="test-funding_manager", role=Role.FUNDING_MANAGER)


def _counts_by_characteristic(
    diversity_return: DiversityReturn, members: int, counts: Mapping[str, Mapping[str, int]]
) -> list[tuple[Characteristic, dict[int, int]]]:
    """Each question of the return's classification with its answer as category id -> count."""
    characteristics = list(
        Characteristic.objects.filter(
            classification=diversity_return.classification
        ).prefetch_related("categories")
    )
    unknown = set(counts) - {c.key for c in characteristics}
    assert not unknown, f"No such characteristic: {unknown}"
    answers = []
    for characteristic in characteristics:
        categories = list(characteristic.categories.all())
        given = counts.get(characteristic.key, {categories[0].key: members})
        ids = {c.key: c.pk for c in categories}
        assert set(given) <= set(ids), f"No such {characteristic.key}: {set(given) - set(ids)}"
        answers.append((characteristic, {ids[key]: count for key, count in given.items()}))
    return answers


def answer_every_question(
    diversity_return: DiversityReturn,
    *,
    user: User,
    member_count: int,
    counts: Mapping[str, Mapping[str, int]] | None = None,
) -> DiversityReturn:
    """The secretary says how many members the committee has and answers every question."""
    diversity_return = services.diversity_return_set_member_count(
        user=user, diversity_return=diversity_return, member_count=member_count
    )
    for characteristic, answer in _counts_by_characteristic(
        diversity_return, member_count, counts or {}
    ):
        diversity_return = services.diversity_return_set_counts(
            user=user,
            diversity_return=diversity_return,
            characteristic=characteristic,
            counts=answer,
        )
    return diversity_return


class DiversityReturnFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DiversityReturn

    cpeg = factory.LazyFunction(lambda: Borough.objects.get(slug="barnet").cpeg)
    year_start = 2011
    member_count = None  # None: nothing answered yet
    counts = None
    state = ReturnStatus.DRAFT

    class Params:
        submitted = factory.Trait(state=ReturnStatus.SUBMITTED)
        returned = factory.Trait(state=ReturnStatus.RETURNED)
        accepted = factory.Trait(state=ReturnStatus.ACCEPTED)

    @classmethod
    def _create(
        cls,
        model_class,
        *,
        cpeg: Cpeg,
        year_start: int,
        member_count: int | None,
        counts: Mapping[str, Mapping[str, int]] | None,
        state: str,
    ) -> DiversityReturn:
        secretary = return_secretary(cpeg)
        diversity_return = services.diversity_return_start(
            user=secretary, cpeg=cpeg, year_start=year_start
        )
        if member_count is not None:
            diversity_return = answer_every_question(
                diversity_return, user=secretary, member_count=member_count, counts=counts
            )
        if state == ReturnStatus.DRAFT:
            return diversity_return
        diversity_return = services.diversity_return_submit(
            user=secretary, diversity_return=diversity_return
        )
        if state == ReturnStatus.ACCEPTED:
            diversity_return = services.diversity_return_accept(
                user=return_reviewer(), diversity_return=diversity_return
            )
        elif state == ReturnStatus.RETURNED:
            diversity_return = services.diversity_return_send_back(
                user=return_reviewer(), diversity_return=diversity_return, question=QUESTION_ASKED
            )
        return DiversityReturn.objects.get(pk=diversity_return.pk)

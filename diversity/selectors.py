"""Reads of diversity returns shared by the group's pages and the London-wide views."""

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery, Sum

from boroughs.models import Cpeg
from diversity.models import (
    Category,
    CategoryCount,
    Characteristic,
    Classification,
    DiversityReturn,
    MemberGroup,
    ReturnStatus,
)

#: Returns whose figures count: submitted (awaiting review) or accepted. Drafts and returns
#: sent back with a question are not yet the group's word.
COUNTED_STATUSES = (ReturnStatus.SUBMITTED, ReturnStatus.ACCEPTED)


def current_returns(*, year_start: int) -> QuerySet[DiversityReturn]:
    """For each group, its latest counted return for the year (a later draft does not replace
    an accepted one until it is submitted)."""
    latest = (
        DiversityReturn.objects.filter(
            cpeg=OuterRef("cpeg"), year_start=year_start, status__in=COUNTED_STATUSES
        )
        .order_by("-version")
        .values("pk")[:1]
    )
    return (
        DiversityReturn.objects.filter(
            year_start=year_start, status__in=COUNTED_STATUSES, pk=Subquery(latest)
        )
        .select_related("cpeg__borough", "classification")
        .order_by("cpeg__borough__name")
    )


def groups_without_return(*, year_start: int) -> QuerySet[Cpeg]:
    """Groups with no submitted or accepted return for the year."""
    return (
        Cpeg.objects.exclude(
            diversity_returns__year_start=year_start,
            diversity_returns__status__in=COUNTED_STATUSES,
        )
        .select_related("borough")
        .order_by("borough__name")
    )


def classification_for_year(*, year_start: int) -> Classification:
    """The census classification in force in a financial year: the latest census before it."""
    classification = (
        Classification.objects.filter(census_year__lte=year_start).order_by("-census_year").first()
    )
    if classification is None:
        classification = Classification.objects.order_by("census_year").first()
    if classification is None:
        raise Classification.DoesNotExist("No census classification is loaded")
    return classification


def characteristic_totals(
    diversity_return: DiversityReturn,
) -> list[tuple[Characteristic, int | None]]:
    """Each question of the return's classification with the sum of its saved counts (None
    when the question has not been answered yet). Two queries."""
    characteristics = Characteristic.objects.filter(
        classification_id=diversity_return.classification_id
    ).order_by("position")
    sums = dict(
        CategoryCount.objects.filter(diversity_return=diversity_return)
        .values("category__characteristic")
        .annotate(total=Sum("count"))
        .values_list("category__characteristic", "total")
    )
    return [(c, sums.get(c.pk)) for c in characteristics]


def diversity_return_detail(*, pk: int) -> DiversityReturn | None:
    """A return with its group, its counts by category and its member groups."""
    return (
        DiversityReturn.objects.select_related("cpeg__borough", "classification", "created_by")
        .prefetch_related(
            Prefetch(
                "counts",
                queryset=CategoryCount.objects.select_related("category__characteristic"),
            ),
            Prefetch(
                "member_groups",
                queryset=MemberGroup.objects.prefetch_related(
                    Prefetch(
                        "communities",
                        queryset=Category.objects.select_related("characteristic"),
                    )
                ),
            ),
        )
        .filter(pk=pk)
        .first()
    )


def group_returns(*, cpeg: Cpeg) -> QuerySet[DiversityReturn]:
    """Every return the group has made, newest year and version first."""
    return DiversityReturn.objects.filter(cpeg=cpeg).order_by("-year_start", "-version")


def characteristic_with_categories(
    *, diversity_return: DiversityReturn, key: str
) -> Characteristic | None:
    return (
        Characteristic.objects.filter(classification_id=diversity_return.classification_id, key=key)
        .prefetch_related(Prefetch("categories", queryset=Category.objects.order_by("position")))
        .first()
    )

"""Diversity returns: counts describing each group's executive committee, never people.

Categories belong to a versioned classification (the 2011 census now; 2021, which adds
White: Roma, can be added as data), so each return is compared with the census of its time.
"""

from django.conf import settings
from django.db import models

from boroughs.models import Cpeg
from cpeg_portal.fiscal import FinancialYear

#: The most members an executive committee may report. A larger figure is a typing error.
MAX_COMMITTEE_MEMBERS = 50
#: The longest question an officer may send back, and the longest answer to it.
MAX_QUESTION_LENGTH = 2000
#: The longest name of a member organisation.
MAX_MEMBER_GROUP_NAME = 200


class Classification(models.Model):
    """A set of characteristics and categories, as one census defined them."""

    code = models.SlugField(max_length=30, unique=True)
    name = models.CharField(max_length=100)
    census_year = models.PositiveSmallIntegerField(unique=True)

    class Meta:
        ordering = ["census_year"]

    def __str__(self) -> str:
        return self.name


class Characteristic(models.Model):
    """A protected characteristic (Equality Act 2010, s.4) as a classification asks it."""

    classification = models.ForeignKey(
        Classification, on_delete=models.CASCADE, related_name="characteristics"
    )
    key = models.SlugField(max_length=40)
    name = models.CharField(max_length=100)
    question = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["classification", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["classification", "key"], name="characteristic_key_unique_in_classification"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CategoryKind(models.TextChoices):
    CATEGORY = "category", "Category"
    PREFER_NOT_TO_SAY = "prefer_not_to_say", "Prefer not to say"
    NOT_KNOWN = "not_known", "Not known"


class Category(models.Model):
    """One answer to a characteristic's question, e.g. Ethnicity: Asian/Asian British: Chinese."""

    characteristic = models.ForeignKey(
        Characteristic, on_delete=models.CASCADE, related_name="categories"
    )
    key = models.SlugField(max_length=60)
    name = models.CharField(max_length=100)
    heading = models.CharField(
        max_length=100, blank=True, help_text="The group a category sits under (ethnicity)."
    )
    kind = models.CharField(
        max_length=20, choices=CategoryKind.choices, default=CategoryKind.CATEGORY
    )
    age_to = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Age bands: the oldest age in the band; empty if open."
    )
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["characteristic", "position"]
        verbose_name_plural = "categories"
        constraints = [
            models.UniqueConstraint(
                fields=["characteristic", "key"], name="category_key_unique_in_characteristic"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.heading}: {self.name}" if self.heading else self.name

    @property
    def is_answer(self) -> bool:
        """A real answer, rather than "Prefer not to say" or "Not known"."""
        return self.kind == CategoryKind.CATEGORY


class ReturnStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    RETURNED = "returned", "Returned with a question"
    ACCEPTED = "accepted", "Accepted"


class DiversityReturn(models.Model):
    """A group's executive committee, described as counts, for one financial year.

    A group makes one a year, and a fresh one (the next version) whenever its executive
    committee changes; earlier versions are kept.
    """

    cpeg = models.ForeignKey(Cpeg, on_delete=models.PROTECT, related_name="diversity_returns")
    year_start = models.PositiveSmallIntegerField(
        help_text="The financial year, by the calendar year it starts in (2011 for 2011/12)."
    )
    version = models.PositiveSmallIntegerField(default=1)
    classification = models.ForeignKey(Classification, on_delete=models.PROTECT)
    status = models.CharField(
        max_length=20, choices=ReturnStatus.choices, default=ReturnStatus.DRAFT
    )
    member_count = models.PositiveSmallIntegerField(null=True, blank=True)
    officer_question = models.TextField(
        blank=True, help_text="The question an officer sent the return back with."
    )
    group_answer = models.TextField(
        blank=True, help_text="The secretary's answer, sent with the resubmitted return."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["cpeg__borough__name", "-year_start", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["cpeg", "year_start", "version"], name="diversity_return_one_per_version"
            ),
            models.CheckConstraint(
                condition=models.Q(member_count__isnull=True)
                | models.Q(member_count__gte=1, member_count__lte=MAX_COMMITTEE_MEMBERS),
                name="diversity_return_member_count_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(version__gte=1), name="diversity_return_version_from_1"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cpeg} {self.financial_year} (version {self.version})"

    @property
    def financial_year(self) -> FinancialYear:
        return FinancialYear(self.year_start)


class CategoryCount(models.Model):
    """How many members of the committee fall in one category."""

    diversity_return = models.ForeignKey(
        DiversityReturn, on_delete=models.CASCADE, related_name="counts"
    )
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="+")
    count = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["diversity_return", "category"], name="category_count_one_per_category"
            ),
            models.CheckConstraint(
                condition=models.Q(count__gte=0, count__lte=MAX_COMMITTEE_MEMBERS),
                name="category_count_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category}: {self.count}"


class MemberGroup(models.Model):
    """An organisation that is a member of the group, and the communities it represents."""

    diversity_return = models.ForeignKey(
        DiversityReturn, on_delete=models.CASCADE, related_name="member_groups"
    )
    name = models.CharField(max_length=MAX_MEMBER_GROUP_NAME)
    communities = models.ManyToManyField(Category, blank=True, related_name="+")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PopulationBenchmark(models.Model):
    """The population in one category in one area, loaded from a census table (KS201EW)."""

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="benchmarks")
    area_code = models.CharField(
        max_length=9, help_text="GSS code: E12000007 for London, E090000nn for a borough."
    )
    count = models.PositiveIntegerField()
    source = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["category", "area_code"], name="benchmark_one_per_category_and_area"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category} in {self.area_code}: {self.count}"

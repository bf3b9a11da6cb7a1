"""Fixtures that build diversity returns through the services, with exactly the counts a test
names (the London-wide figures are tested against these numbers)."""

from collections.abc import Mapping
from pathlib import Path

import pytest
from django.conf import settings

from boroughs.models import Borough
from diversity.models import Category, Classification, DiversityReturn, ReturnStatus
from tests.diversity.factories import DiversityReturnFactory


@pytest.fixture
def census_2011() -> Classification:
    return Classification.objects.get(code="census-2011")


@pytest.fixture
def make_return():
    """Make a group's return with its counts through the services (started, every question
    answered, then submitted and accepted or sent back as ``status`` says).

    ``counts`` maps a characteristic key to {category key: count}. A characteristic not
    named puts every member in its first category (e.g. all "16 to 24" for age).
    ``version`` is the version the services give it: a group's second return for a year is
    started once its first has been submitted."""

    def make(
        borough: Borough | str,
        *,
        members: int,
        counts: Mapping[str, Mapping[str, int]] | None = None,
        year_start: int = 2011,
        status: str = ReturnStatus.ACCEPTED,
        version: int = 1,
    ) -> DiversityReturn:
        if isinstance(borough, str):
            borough = Borough.objects.select_related("cpeg").get(slug=borough)
        diversity_return = DiversityReturnFactory(
            cpeg=borough.cpeg,
            year_start=year_start,
            member_count=members,
            counts=counts,
            state=status,
        )
        assert diversity_return.version == version, "the services gave another version"
        return diversity_return

    return make


@pytest.fixture
def category(census_2011):
    def get(characteristic_key: str, key: str) -> Category:
        return Category.objects.get(
            characteristic__classification=census_2011,
            characteristic__key=characteristic_key,
            key=key,
        )

    return get


WHITE_BRITISH = "white-english-welsh-scottish-northern-irish-british"


@pytest.fixture
def london_2011(make_return):
    """The returns the London-wide tests count, with the figures worked out by hand:

    2011/12 — Barnet (version 2, submitted; replaces its accepted version 1) has 10
    members, Camden (accepted) 6: 16 members in London. Croydon's draft and Ealing's
    return sent back with a question do not count. 2010/11 — Barnet alone, 8 members.
    Characteristics not named put every member in the first category.
    """
    make_return(
        "barnet",
        members=8,
        version=1,
        counts={"ethnicity": {"asian-chinese": 1, "white-irish": 1, WHITE_BRITISH: 6}},
    )
    barnet = make_return(
        "barnet",
        members=10,
        version=2,
        status=ReturnStatus.SUBMITTED,
        counts={
            "age": {
                "16-24": 1,
                "25-34": 2,
                "35-44": 3,
                "45-54": 2,
                "55-64": 1,
                "prefer-not-to-say": 1,
            },
            "sex": {"female": 6, "male": 3, "prefer-not-to-say": 1},
            "ethnicity": {
                WHITE_BRITISH: 4,
                "asian-indian": 2,
                "black-caribbean": 2,
                "not-known": 1,
                "prefer-not-to-say": 1,
            },
        },
    )
    camden = make_return(
        "camden",
        members=6,
        counts={
            "age": {"25-34": 2, "45-54": 2, "65-and-over": 2},
            "sex": {"female": 3, "male": 3},
            "ethnicity": {WHITE_BRITISH: 2, "black-african": 3, "asian-bangladeshi": 1},
        },
    )
    make_return(
        "croydon",
        members=5,
        status=ReturnStatus.DRAFT,
        counts={"ethnicity": {"white-irish": 5}},
    )
    make_return(
        "ealing",
        members=4,
        status=ReturnStatus.RETURNED,
        counts={"ethnicity": {"asian-chinese": 4}},
    )
    make_return(
        "barnet",
        members=8,
        year_start=2010,
        counts={"age": {"16-24": 2, "25-34": 2, "35-44": 4}},
    )
    return {"barnet": barnet, "camden": camden}


BENCHMARK_FILE = "london-2011-ethnicity-KS201EW.csv"


@pytest.fixture
def london_benchmark_csv() -> Path:
    """The London-wide 2011 figures (ONS KS201EW), as the demo ships them."""
    return Path(settings.BASE_DIR) / "demo" / "data" / BENCHMARK_FILE

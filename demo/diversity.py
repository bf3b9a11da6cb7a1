"""The demo's diversity returns for the previous and the current financial year (of the day
the demo is loaded), made through the same services a secretary and an officer use.

As the 2011 paper found, no group has an Irish or a Chinese member. Every group returned for
the previous year (almost all accepted). For the current year, the one every group owes
(``diversity.selectors.return_year_due``), most groups have returned (some still in draft, one
sent back with a question, a few not at all); some answers are "Prefer not to say".
"""

import datetime
import io
import random
from dataclasses import dataclass
from pathlib import Path

from django.core.management import call_command

from accounts.models import Role, User
from boroughs.models import Borough
from cpeg_portal.fiscal import FinancialYear
from demo.clock import at
from diversity import services
from diversity.models import Category, CategoryKind, Characteristic, DiversityReturn
from diversity.selectors import classification_for_year, return_year_due

#: Boroughs (by GSS code, last two digits) that have not returned for the current year at all.
MISSING = {8, 19, 27}
#: Boroughs whose current year's return is still a draft, half-answered.
DRAFT = {5, 14, 30}
#: Boroughs whose current year's return was sent back with a question.
RETURNED = {23}
#: Boroughs whose previous year's return was submitted and never accepted.
SUBMITTED_PREVIOUS = {11, 22}
#: Categories no group has, London-wide (the 2011 paper's finding).
ABSENT = {("ethnicity", "white-irish"), ("ethnicity", "asian-chinese")}

#: How likely each category is on a committee, by characteristic; the rest share what is left.
WEIGHTS = {
    "age": {"16-24": 1, "25-34": 3, "35-44": 6, "45-54": 9, "55-64": 10, "65-and-over": 9},
    "sex": {"female": 5, "male": 6},
    "gender-identity": {"yes": 30, "no": 1},
    "disability": {"yes": 2, "no": 9},
    "religion": {
        "no-religion": 5, "christian": 9, "buddhist": 1, "hindu": 2, "jewish": 1,
        "muslim": 3, "sikh": 1, "any-other-religion": 1,
    },
    "sexual-orientation": {
        "heterosexual-or-straight": 20, "gay-or-lesbian": 2, "bisexual": 1, "other": 0,
    },
}  # fmt: skip


def _weights(characteristic: Characteristic, categories: list[Category]) -> list[float]:
    if characteristic.key == "ethnicity":
        common = {
            "white-english-welsh-scottish-northern-irish-british": 10,
            "black-caribbean": 4,
            "black-african": 4,
            "asian-indian": 3,
            "asian-pakistani": 2,
            "asian-bangladeshi": 2,
            "white-other-white": 2,
        }
        return [
            0 if (characteristic.key, c.key) in ABSENT else common.get(c.key, 0.3)
            for c in categories
        ]
    table = WEIGHTS[characteristic.key]
    return [table.get(c.key, 0) for c in categories]


def _counts(
    rng: random.Random, characteristic: Characteristic, members: int, undisclosed: int
) -> dict[int, int]:
    """Spread ``members`` over the categories; ``undisclosed`` of them prefer not to say."""
    categories = list(characteristic.categories.all())
    answers = [c for c in categories if c.kind == CategoryKind.CATEGORY]
    counts = dict.fromkeys((c.pk for c in categories), 0)
    for category in rng.choices(
        answers, weights=_weights(characteristic, answers), k=members - undisclosed
    ):
        counts[category.pk] += 1
    prefer_not = next(c for c in categories if c.kind == CategoryKind.PREFER_NOT_TO_SAY)
    counts[prefer_not.pk] += undisclosed
    return counts


@dataclass(frozen=True)
class ReturnDays:
    """The days a year's returns are started, submitted, and accepted or sent back."""

    started: datetime.date
    submitted: datetime.date
    reviewed: datetime.date


def return_days(year_start: int, today: datetime.date) -> ReturnDays:
    """A past year's returns were made in May; the current year's in the last three weeks,
    not before the year began (unless it began today: never later than yesterday)."""
    year = FinancialYear(year_start)
    if today > year.end:
        return ReturnDays(
            started=datetime.date(year_start, 5, 2),
            submitted=datetime.date(year_start, 5, 9),
            reviewed=datetime.date(year_start, 5, 16),
        )

    def back(days: int) -> datetime.date:
        yesterday = today - datetime.timedelta(days=1)
        return min(max(year.start, today - datetime.timedelta(days=days)), yesterday)

    return ReturnDays(started=back(21), submitted=back(14), reviewed=back(7))


def _make_return(
    *,
    borough: Borough,
    year_start: int,
    secretary: User,
    officer: User,
    state: str,
    days: ReturnDays,
) -> None:
    rng = random.Random(f"{borough.gss_code}-{year_start}")  # noqa: S311 (demo data, not secrets)
    minute = int(borough.gss_code[-2:])
    with at(days.started, minute=minute):
        diversity_return = _answer(rng, borough, year_start, secretary, state)
    if state == "draft":
        return
    with at(days.submitted, hour=12, minute=minute):
        services.diversity_return_submit(user=secretary, diversity_return=diversity_return)
    with at(days.reviewed, hour=15, minute=minute):
        if state == "accepted":
            services.diversity_return_accept(user=officer, diversity_return=diversity_return)
        elif state == "returned":
            services.diversity_return_send_back(
                user=officer,
                diversity_return=diversity_return,
                question="Does the committee of 14 include the two co-opted youth members?",
            )


def _answer(
    rng: random.Random, borough: Borough, year_start: int, secretary: User, state: str
) -> DiversityReturn:
    """Start the return and answer its questions (the first three only, for a draft)."""
    members = rng.randint(7, 16)
    undisclosed = rng.choice([0, 0, 0, 1, 2])
    diversity_return = services.diversity_return_start(
        user=secretary, cpeg=borough.cpeg, year_start=year_start
    )
    services.diversity_return_set_member_count(
        user=secretary, diversity_return=diversity_return, member_count=members
    )
    characteristics = list(
        Characteristic.objects.filter(classification=diversity_return.classification)
        .prefetch_related("categories")
        .order_by("position")
    )
    if state == "draft":
        characteristics = characteristics[:3]
    for characteristic in characteristics:
        services.diversity_return_set_counts(
            user=secretary,
            diversity_return=diversity_return,
            characteristic=characteristic,
            counts=_counts(
                rng, characteristic, members, undisclosed if characteristic.key != "sex" else 0
            ),
        )
    return diversity_return


#: London-wide 2011 census figures (ONS KS201EW), shipped with the demo.
LONDON_BENCHMARKS = Path(__file__).parent / "data" / "london-2011-ethnicity-KS201EW.csv"


def seed_benchmarks() -> None:
    """Load the London-wide population benchmarks (idempotent: loading again changes nothing)."""
    call_command("load_benchmarks", str(LONDON_BENCHMARKS), stdout=io.StringIO())


def _state(number: int, *, current: bool) -> str | None:
    """What a borough's return for the year is (None: there is none)."""
    if not current:
        return "submitted" if number in SUBMITTED_PREVIOUS else "accepted"
    if number in MISSING:
        return None
    if number in DRAFT:
        return "draft"
    if number in RETURNED:
        return "returned"
    return "submitted" if number % 4 == 0 else "accepted"


def seed_diversity(today: datetime.date) -> int:
    """Make the demo returns for the year due on ``today`` and the one before that are not
    there yet; returns how many were made."""
    current = return_year_due(today)
    classification_for_year(year_start=current)  # fails clearly if no classification is loaded
    made = 0
    for borough in Borough.objects.select_related("cpeg").order_by("gss_code"):
        number = int(borough.gss_code[-2:])
        secretary = User.objects.get(username=f"secretary-{borough.slug}", role=Role.SECRETARY)
        officer = borough.link_officers.order_by("username").first()
        for year_start in (current - 1, current):
            state = _state(number, current=year_start == current)
            if state is None:
                continue
            if DiversityReturn.objects.filter(cpeg=borough.cpeg, year_start=year_start).exists():
                continue
            _make_return(
                borough=borough,
                year_start=year_start,
                secretary=secretary,
                officer=officer,
                state=state,
                days=return_days(year_start, today),
            )
            made += 1
    return made

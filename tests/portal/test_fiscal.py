import datetime
import itertools

import pytest

from cpeg_portal.fiscal import FinancialYear, Quarter


def test_31_march_belongs_to_the_year_that_began_the_april_before():
    assert FinancialYear.containing(datetime.date(2012, 3, 31)).label == "2011/12"


def test_1_april_starts_a_new_financial_year():
    assert FinancialYear.containing(datetime.date(2012, 4, 1)).label == "2012/13"


def test_a_year_runs_from_1_april_to_31_march():
    year = FinancialYear.parse("2011/12")
    assert (year.start, year.end) == (datetime.date(2011, 4, 1), datetime.date(2012, 3, 31))


def test_the_turn_of_the_century_is_labelled_with_two_digits():
    assert FinancialYear(1999).label == "1999/00"
    assert FinancialYear.parse("1999/00") == FinancialYear(1999)


@pytest.mark.parametrize("label", ["2011/13", "2011-12", "11/12", "2011/2012", ""])
def test_a_label_that_is_not_a_financial_year_is_refused(label):
    with pytest.raises(ValueError, match="financial year"):
        FinancialYear.parse(label)


@pytest.mark.parametrize(
    ("day", "number"),
    [
        (datetime.date(2011, 4, 1), 1),
        (datetime.date(2011, 6, 30), 1),
        (datetime.date(2011, 7, 1), 2),
        (datetime.date(2011, 9, 30), 2),
        (datetime.date(2011, 10, 1), 3),
        (datetime.date(2011, 12, 31), 3),
        (datetime.date(2012, 1, 1), 4),
        (datetime.date(2012, 3, 31), 4),
    ],
)
def test_quarters_change_on_their_first_day(day, number):
    quarter = Quarter.containing(day)
    assert quarter.number == number
    assert quarter.year.label == "2011/12"
    assert day in quarter


def test_q4_spans_the_new_calendar_year():
    q4 = FinancialYear.parse("2011/12").quarter(4)
    assert (q4.start, q4.end) == (datetime.date(2012, 1, 1), datetime.date(2012, 3, 31))
    assert datetime.date(2011, 12, 31) not in q4


def test_quarters_tile_the_year_without_gaps():
    quarters = FinancialYear(2011).quarters
    assert quarters[0].start == datetime.date(2011, 4, 1)
    for earlier, later in itertools.pairwise(quarters):
        assert later.start - earlier.end == datetime.timedelta(days=1)
    assert quarters[-1].end == datetime.date(2012, 3, 31)
    assert [q.end for q in quarters[:3]] == [
        datetime.date(2011, 6, 30),
        datetime.date(2011, 9, 30),
        datetime.date(2011, 12, 31),
    ]


def test_the_last_day_of_february_in_a_leap_year_is_q4():
    assert Quarter.containing(datetime.date(2012, 2, 29)).label == "Q4 2011/12"


def test_there_is_no_fifth_quarter():
    with pytest.raises(ValueError, match="1 to 4"):
        FinancialYear(2011).quarter(5)

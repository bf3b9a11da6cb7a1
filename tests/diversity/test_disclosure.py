"""Disclosure control (diversity/disclosure.py): examples, then properties over random tables.

The properties check the module's output with a recoverability checker written here, which
shares no code with the module's algorithm, and that checker is itself checked against
brute-force enumeration.
"""

import itertools
from collections import deque
from collections.abc import Hashable, Mapping
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from diversity.disclosure import (
    PRIMARY_LABEL,
    SECONDARY_LABEL,
    Cell,
    SuppressedTable,
    Suppression,
    label,
    percentage,
    resolve_threshold,
    suppress_counts,
    suppress_table,
)

PRIMARY, SECONDARY = Suppression.PRIMARY, Suppression.SECONDARY


def shown(table) -> dict:
    """Every figure of a one-row result as its published label, "Total" included."""
    return {**{k: label(c) for k, c in table.cells.items()}, "Total": label(table.total)}


# --- Examples --------------------------------------------------------------------------------


def test_zero_is_shown_as_zero():
    result = suppress_counts({"White": 40, "Irish": 0, "Chinese": 0}, threshold=5)

    assert shown(result) == {"White": "40", "Irish": "0", "Chinese": "0", "Total": "40"}


@pytest.mark.parametrize("count", [1, 2, 3, 4])
def test_counts_from_one_to_four_are_hidden_as_fewer_than_five(count):
    result = suppress_counts({"Irish": count, "White": 30, "Black": 20}, threshold=5)

    assert result.cells["Irish"] == Cell(None, PRIMARY, 5)
    assert label(result.cells["Irish"]) == "fewer than 5"


def test_a_count_of_five_is_shown():
    result = suppress_counts({"Irish": 5, "White": 30}, threshold=5)

    assert shown(result) == {"Irish": "5", "White": "30", "Total": "35"}


def test_one_small_cell_forces_a_second_cell_to_be_hidden_not_the_total():
    result = suppress_counts({"Irish": 3, "Black": 10, "White": 20, "Chinese": 0}, threshold=5)

    # Without a second hidden cell, Irish = 33 − 10 − 20 − 0. The smaller shown cell goes.
    assert shown(result) == {
        "Irish": "fewer than 5",
        "Black": "[c]",
        "White": "20",
        "Chinese": "0",
        "Total": "33",
    }
    assert result.cells["Black"].suppression is SECONDARY


def test_one_small_cell_beside_zeros_hides_the_total():
    result = suppress_counts({"Irish": 3, "Chinese": 0, "Black": 0}, threshold=5)

    assert shown(result) == {"Irish": "fewer than 5", "Chinese": "0", "Black": "0", "Total": "[c]"}


def test_a_cell_of_exactly_the_threshold_is_not_used_to_protect_a_one():
    # Hiding Black (5) would not do: "[c]" tells the reader Black ≥ 5, so Irish + Black = 26 − 20
    # would pin Irish = 1 and Black = 5. The 20 can move down as Irish moves up.
    result = suppress_counts({"Irish": 1, "Black": 5, "White": 20}, threshold=5)

    assert shown(result) == {"Irish": "fewer than 5", "Black": "5", "White": "[c]", "Total": "26"}


def test_two_small_cells_whose_sum_would_pin_them_are_protected():
    # With the total shown, Irish + Black = 2 and each is at least 1: both would be 1.
    result = suppress_counts({"Irish": 1, "Black": 1, "White": 20}, threshold=5)

    assert shown(result) == {
        "Irish": "fewer than 5",
        "Black": "fewer than 5",
        "White": "[c]",
        "Total": "22",
    }


def test_a_small_total_is_labelled_c_so_that_it_cannot_pin_its_cells():
    # "Fewer than 5" four times plus a total "fewer than 5" would prove each count is 1.
    result = suppress_counts({"A": 1, "B": 1, "C": 1, "D": 1}, threshold=5)

    assert result.total == Cell(None, SECONDARY, 5)
    assert shown(result)["Total"] == SECONDARY_LABEL


def test_no_counts_publish_a_total_of_zero():
    result = suppress_counts({}, threshold=5)

    assert result.cells == {}
    assert result.total == Cell(0, None, 5)


def test_all_zero_table_shows_everything():
    table = suppress_table({(g, k): 0 for g in ("Barnet", "Camden") for k in ("A", "B", "C")}, 5)

    for cell in (
        *table.cells.values(),
        *table.row_totals.values(),
        *table.column_totals.values(),
        table.grand_total,
    ):
        assert cell == Cell(0, None, 5)


def test_table_with_no_small_counts_hides_nothing():
    table = suppress_table({("Barnet", "A"): 7, ("Barnet", "B"): 0, ("Camden", "A"): 12,
                            ("Camden", "B"): 5}, threshold=5)  # fmt: skip

    assert not any(cell.hidden for cell in table.cells.values())
    assert table.grand_total.value == 24


def test_one_small_cell_in_a_two_by_two_table_hides_the_rectangle_and_keeps_the_totals():
    table = suppress_table({("Barnet", "A"): 3, ("Barnet", "B"): 10, ("Camden", "A"): 12,
                            ("Camden", "B"): 20}, threshold=5)  # fmt: skip

    assert {key: label(cell) for key, cell in table.cells.items()} == {
        ("Barnet", "A"): "fewer than 5",
        ("Barnet", "B"): "[c]",
        ("Camden", "A"): "[c]",
        ("Camden", "B"): "[c]",
    }
    assert [c.value for c in table.row_totals.values()] == [13, 32]
    assert [c.value for c in table.column_totals.values()] == [15, 30]
    assert table.grand_total.value == 45


def test_a_one_row_table_labels_each_column_total_as_its_cell():
    table = suppress_table({("London", "A"): 3, ("London", "B"): 9, ("London", "C"): 30}, 5)

    for column in ("A", "B", "C"):
        assert table.column_totals[column] == table.cells["London", column]
    assert table.row_totals["London"] == table.grand_total


def test_rows_and_columns_keep_their_first_order():
    table = suppress_table({("b", "y"): 9, ("b", "x"): 9, ("a", "y"): 9, ("a", "x"): 9}, 5)

    assert table.rows == ("b", "a")
    assert table.columns == ("y", "x")


def test_threshold_comes_from_settings(settings):
    settings.DISCLOSURE_THRESHOLD = 10

    result = suppress_counts({"Irish": 7, "White": 30, "Black": 40})

    assert result.threshold == 10
    assert label(result.cells["Irish"]) == "fewer than 10"


def test_threshold_defaults_to_five_when_not_configured(settings):
    del settings.DISCLOSURE_THRESHOLD

    assert resolve_threshold() == 5


@pytest.mark.parametrize("threshold", [-1, 0, 1, 2])
def test_threshold_below_three_is_refused(threshold):
    # Zeros are shown, so "fewer than 2" could only mean 1.
    with pytest.raises(ValueError, match="3 or more"):
        suppress_counts({"A": 1, "B": 9}, threshold=threshold)


@pytest.mark.parametrize("bad", [-1, 2.0, True, None])
def test_counts_must_be_whole_numbers_of_zero_or_more(bad):
    with pytest.raises(ValueError, match="whole number"):
        suppress_counts({"A": bad, "B": 9}, threshold=5)


def test_a_table_missing_a_cell_is_refused():
    with pytest.raises(ValueError, match="no count for row 'Camden', column 'B'"):
        suppress_table({("Barnet", "A"): 1, ("Barnet", "B"): 2, ("Camden", "A"): 3}, 5)


def test_labels():
    assert label(Cell(12, None, 5)) == "12"
    assert label(Cell(0, None, 5)) == "0"
    assert label(Cell(None, PRIMARY, 5)) == "fewer than 5" == PRIMARY_LABEL.format(threshold=5)
    assert label(Cell(None, PRIMARY, 10)) == "fewer than 10"
    assert label(Cell(None, SECONDARY, 5)) == "[c]" == SECONDARY_LABEL


def test_a_cell_cannot_have_both_a_value_and_a_reason():
    with pytest.raises(ValueError, match="not both"):
        Cell(3, PRIMARY, 5)
    with pytest.raises(ValueError, match="not both"):
        Cell(None, None, 5)


def test_percentage_of_shown_figures():
    assert percentage(Cell(1, None, 5), Cell(3, None, 5)) == Decimal("33.3")
    assert percentage(Cell(2, None, 5), Cell(3, None, 5)) == Decimal("66.7")
    assert percentage(Cell(1, None, 5), Cell(8, None, 5), places=2) == Decimal("12.50")
    assert percentage(Cell(0, None, 5), Cell(8, None, 5)) == Decimal("0.0")


def test_percentage_is_hidden_with_its_count_or_its_denominator():
    assert percentage(Cell(None, PRIMARY, 5), Cell(30, None, 5)) is None
    assert percentage(Cell(None, SECONDARY, 5), Cell(30, None, 5)) is None
    assert percentage(Cell(12, None, 5), Cell(None, SECONDARY, 5)) is None
    assert percentage(Cell(0, None, 5), Cell(0, None, 5)) is None


def test_percentages_from_suppressed_counts():
    result = suppress_counts({"Irish": 3, "Black": 10, "White": 20, "Chinese": 0}, threshold=5)

    assert {k: percentage(c, result.total) for k, c in result.cells.items()} == {
        "Irish": None,
        "Black": None,
        "White": Decimal("60.6"),
        "Chinese": Decimal("0.0"),
    }


# --- An independent recoverability checker ---------------------------------------------------

TOTAL = ("total",)  # the virtual row and column that hold the margins


def extended(table: SuppressedTable) -> dict[tuple[Hashable, Hashable], Cell]:
    """Every published figure at its place in the table bordered by its totals."""
    figures: dict[tuple[Hashable, Hashable], Cell] = dict(table.cells)
    figures.update({(r, TOTAL): cell for r, cell in table.row_totals.items()})
    figures.update({(TOTAL, c): cell for c, cell in table.column_totals.items()})
    figures[TOTAL, TOTAL] = table.grand_total
    return figures


def true_extended(counts: Mapping[tuple[Hashable, Hashable], int]) -> dict:
    """The true value of every figure, keyed as `extended` keys them."""
    figures = dict(counts)
    for (r, c), n in counts.items():
        figures[r, TOTAL] = figures.get((r, TOTAL), 0) + n
        figures[TOTAL, c] = figures.get((TOTAL, c), 0) + n
    figures[TOTAL, TOTAL] = sum(counts.values())
    return figures


def known_range(place, cell: Cell, threshold: int) -> tuple[int, int | None]:
    """What a reader knows of a figure (low, high; None for no upper bound) from its label:
    a shown figure exactly; "fewer than t" is 1 to t − 1; "[c]" is never zero, and on a cell it
    is t or more, since a smaller cell would be labelled "fewer than t"."""
    if cell.value is not None:
        return cell.value, cell.value
    if cell.suppression is PRIMARY:
        return 1, threshold - 1
    is_cell = TOTAL not in place
    return (threshold if is_cell else 1), None


def determined_figures(figures: dict, truth: dict, threshold: int) -> set:
    """The hidden figures whose value the reader can work out.

    Put a total's value in the bordered table with a minus sign (the grand total with a plus):
    then every row and every column of the bordered table adds up to zero, and any other table
    the reader cannot rule out differs from the truth by a matrix D whose lines all add to 0 and
    which is zero where figures are shown.

    Lemma: such a D is a sum of alternating cycles (+1, −1, +1, … round a closed rook's tour
    of places), each with the sign D has at every place it touches. Proof: start at a place
    where D > 0, move along its row to a place where D < 0 (the row adds to 0), along that
    column to a place where D > 0, and so on; places are finite, so the tour closes; subtract
    it and repeat, since the sum of |D| falls.

    So if another table gives a hidden figure a different value, one cycle C of that sum goes
    through it, and truth + C is also possible: each place C touches moves one step towards the
    other table, staying inside the interval of values the reader allows there. Hence a hidden
    figure is undetermined if and only if some alternating cycle through it, using only hidden
    places, can step each place within its allowed interval.

    An alternating cycle is a cycle in the bipartite graph of rows and columns (the border
    included) whose edges are the hidden places: going row → column adds 1 to that place,
    column → row takes 1 away. A breadth-first search finds one.
    """

    def sign(place) -> int:
        return -1 if (place[0] == TOTAL) != (place[1] == TOTAL) else 1

    steps: dict = {}  # place -> (can add 1 to the bordered entry, can take 1 away)
    for place, cell in figures.items():
        if cell.hidden:
            low, high = known_range(place, cell, threshold)
            value = truth[place]

            def allowed(v: int, low: int = low, high: int | None = high) -> bool:
                return low <= v and (high is None or v <= high)

            steps[place] = (allowed(value + sign(place)), allowed(value - sign(place)))

    def path(start, goal, avoid) -> bool:
        seen, queue = {start}, deque([start])
        while queue:
            node = queue.popleft()
            if node == goal:
                return True
            for place, (add, take) in steps.items():
                if place == avoid:
                    continue
                row, column = ("row", place[0]), ("column", place[1])
                for a, b, ok in ((row, column, add), (column, row, take)):
                    if ok and a == node and b not in seen:
                        seen.add(b)
                        queue.append(b)
        return False

    determined = set()
    for place, (add, take) in steps.items():
        row, column = ("row", place[0]), ("column", place[1])
        if not (add and path(column, row, place)) and not (take and path(row, column, place)):
            determined.add(place)
    return determined


def determined_by_enumeration(figures: dict, truth: dict, threshold: int) -> set:
    """The same question answered by listing every table whose hidden cells are each within 1
    of the truth (enough, by the lemma in `determined_figures`: one cycle moves each place by
    at most 1) and keeping those that agree with everything the reader knows."""
    ranges = {place: known_range(place, cell, threshold) for place, cell in figures.items()}

    def fits(place, value) -> bool:
        low, high = ranges[place]
        return low <= value and (high is None or value <= high)

    rows = list(dict.fromkeys(r for r, c in figures if TOTAL not in (r, c)))
    columns = list(dict.fromkeys(c for r, c in figures if TOTAL not in (r, c)))
    choices_per_row = []
    for r in rows:
        options = [
            [truth[r, c] + d for d in (-1, 0, 1) if fits((r, c), truth[r, c] + d)]
            if figures[r, c].hidden
            else [truth[r, c]]
            for c in columns
        ]
        choices_per_row.append(
            [line for line in itertools.product(*options) if fits((r, TOTAL), sum(line))]
        )
    seen: dict = {place: set() for place, cell in figures.items() if cell.hidden}
    for lines in itertools.product(*choices_per_row):
        column_sums = [sum(col) for col in zip(*lines, strict=True)]
        if not all(fits((TOTAL, c), s) for c, s in zip(columns, column_sums, strict=True)):
            continue
        if not fits((TOTAL, TOTAL), sum(column_sums)):
            continue
        table = {
            (r, c): n
            for r, line in zip(rows, lines, strict=True)
            for c, n in zip(columns, line, strict=True)
        }
        values = true_extended(table)
        for place in seen:
            seen[place].add(values[place])
    return {place for place, values in seen.items() if len(values) == 1}


# --- Properties ------------------------------------------------------------------------------

counts_strategy = st.one_of(st.just(0), st.integers(1, 4), st.integers(1, 9), st.integers(0, 30))


@st.composite
def tables(draw, max_rows: int = 6, max_columns: int = 20):
    n_rows = draw(st.integers(1, max_rows))
    n_columns = draw(st.integers(1, max_columns))
    values = draw(
        st.lists(counts_strategy, min_size=n_rows * n_columns, max_size=n_rows * n_columns)
    )
    counts = {
        (f"group {r}", f"category {c}"): values[r * n_columns + c]
        for r in range(n_rows)
        for c in range(n_columns)
    }
    return counts, draw(st.integers(3, 10))


@settings(max_examples=200, deadline=None)
@given(tables())
def test_published_tables_disclose_nothing(drawn):
    counts, threshold = drawn
    figures = extended(suppress_table(counts, threshold))
    truth = true_extended(counts)

    for place, cell in figures.items():
        if cell.hidden:
            # The labels tell the truth, which the recoverability check relies on.
            low, high = known_range(place, cell, threshold)
            assert low <= truth[place]
            assert high is None or truth[place] <= high
        else:
            assert cell.value == truth[place]  # shown figures are true
            assert not 1 <= cell.value < threshold  # no small figure is shown
        if truth[place] == 0:
            assert cell == Cell(0, None, threshold)  # zeros are always shown
    assert determined_figures(figures, truth, threshold) == set()


@settings(max_examples=100, deadline=None)
@given(tables())
def test_nothing_is_hidden_without_a_small_figure(drawn):
    counts, threshold = drawn
    truth = true_extended(counts)

    table = suppress_table(counts, threshold)

    small = any(1 <= n < threshold for n in truth.values())
    assert any(cell.hidden for cell in extended(table).values()) == small


@settings(max_examples=100, deadline=None)
@given(tables(max_rows=3, max_columns=3))
def test_small_published_tables_disclose_nothing_by_enumeration(drawn):
    counts, threshold = drawn
    figures = extended(suppress_table(counts, threshold))

    assert determined_by_enumeration(figures, true_extended(counts), threshold) == set()


@st.composite
def hidden_at_random(draw):
    """A small table with an arbitrary, honestly labelled choice of hidden figures: test
    material for the checker, not for the module."""
    counts, threshold = draw(tables(max_rows=3, max_columns=3))
    truth = true_extended(counts)
    figures = {}
    for place, value in truth.items():
        if value and draw(st.booleans()):
            is_small_cell = TOTAL not in place and value < threshold
            figures[place] = Cell(None, PRIMARY if is_small_cell else SECONDARY, threshold)
        else:
            figures[place] = Cell(value, None, threshold)
    return figures, truth, threshold


@settings(max_examples=300, deadline=None)
@given(hidden_at_random())
def test_the_cycle_checker_agrees_with_enumeration(drawn):
    figures, truth, threshold = drawn

    assert determined_figures(figures, truth, threshold) == determined_by_enumeration(
        figures, truth, threshold
    )

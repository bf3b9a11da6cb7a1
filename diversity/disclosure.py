"""Disclosure control: every published diversity figure goes through this module.

DESIGN.md, "Why counts, not people": published counts between 1 and the threshold (default 5)
are hidden, with secondary suppression so that a hidden figure cannot be worked back from the
others, and zero is always shown.

A *table* is one characteristic's category counts for one or more groups (rows = groups,
columns = categories) with its row totals, column totals and grand total. Each of those is a
*figure*. `suppress_table` decides which figures to hide; `suppress_counts` is the one-row case
(London-wide categories plus a Total) that the CSV export uses.

Labels
------
``PRIMARY_LABEL`` ("fewer than 5") marks a hidden cell whose count is 1 to threshold − 1.
``SECONDARY_LABEL`` ("[c]") marks every other hidden figure: a cell of threshold or more hidden
to protect a small one, and any hidden total. "Fewer than 5" would be false for a hidden 12,
so the two labels differ. A hidden total is "[c]" even when it is small: a total labelled
"fewer than 5" beside four cells each "fewer than 5" would prove every cell is exactly 1. A
total that is the very same figure as a cell (the column totals of a one-row table) takes the
cell's label.

What is guaranteed, for one table and a threshold t ≥ 3
--------------------------------------------------------
1. A figure of 0 is always shown as 0, and zeros are never hidden to protect anything.
2. Every shown figure is its true value, and no shown figure (cell or total) is 1 to t − 1.
3. No hidden figure can be worked out. The reader is assumed to know every shown figure, that
   rows and columns add up to their totals, that counts are whole numbers ≥ 0, and what the
   labels imply: "fewer than t" means 1 to t − 1; "[c]" means not zero, and for a cell, t or
   more (a smaller cell would say "fewer than t"). For every hidden figure there are two
   whole-number tables consistent with all of that which differ in that figure.

   This is checked exactly, not by a rule of thumb. A table with its totals is a circulation
   in a network source → row → category → sink → source: row totals, cells, column totals and
   the grand total are the flows on its edges, and "lines add up" is flow conservation. The
   reader's knowledge bounds each edge (shown: fixed; hidden: the interval its label implies).
   Such a system is totally unimodular, so another whole-number table exists in which a hidden
   edge differs if and only if one unit can be pushed round a cycle of hidden edges through it
   within their bounds, a path search in the residual graph. This is stronger than a linear-
   algebra test (a cell not fixed by the equations can still be pinned by its bounds: two
   hidden cells "fewer than 5" with a shown sum of 2 are both 1), and it covers that test.
4. Small margins are hidden first; then, while a hidden figure is pinned, the cheapest cycle
   of figures that would free it is hidden too: shown cells before totals, then the smallest
   counts. Hiding every non-zero figure always frees every figure when t ≥ 3, so this ends.

Not covered: the same figure published in another table (a borough's counts in its own table
and in a London-wide one, or the same total under two characteristics) must be suppressed
consistently by the caller; and a reader who knows which cell this algorithm would choose may
learn bounds from that choice. A threshold below 3 is refused: with zeros shown, "fewer than 2"
can only mean 1.
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Generic, NamedTuple, TypeVar

from django.conf import settings

DEFAULT_THRESHOLD = 5
MINIMUM_THRESHOLD = 3

#: Label for a hidden cell whose count is 1 to threshold − 1; format with ``threshold``.
PRIMARY_LABEL = "fewer than {threshold}"
#: Label for every other hidden figure.
SECONDARY_LABEL = "[c]"
#: The legend to print beside any table that uses `SECONDARY_LABEL`.
SECONDARY_LABEL_MEANING = (
    "hidden so that a figure elsewhere in the table cannot be worked out; never zero"
)

R = TypeVar("R", bound=Hashable)
C = TypeVar("C", bound=Hashable)
K = TypeVar("K", bound=Hashable)


class Suppression(StrEnum):
    PRIMARY = "primary"  # the count itself is 1 to threshold − 1
    SECONDARY = "secondary"  # hidden to protect another figure


@dataclass(frozen=True)
class Cell:
    """One published figure: its value when shown, or why it is hidden (never its value)."""

    value: int | None
    suppression: Suppression | None
    threshold: int

    def __post_init__(self) -> None:
        if (self.value is None) == (self.suppression is None):
            raise ValueError("A cell has either a value or a suppression reason, not both.")

    @property
    def hidden(self) -> bool:
        return self.suppression is not None


@dataclass(frozen=True)
class SuppressedTable(Generic[R, C]):
    threshold: int
    rows: tuple[R, ...]
    columns: tuple[C, ...]
    cells: dict[tuple[R, C], Cell]
    row_totals: dict[R, Cell]
    column_totals: dict[C, Cell]
    grand_total: Cell


@dataclass(frozen=True)
class SuppressedCounts(Generic[K]):
    threshold: int
    cells: dict[K, Cell]
    total: Cell


def resolve_threshold(threshold: int | None = None) -> int:
    """The threshold to use: the one given, else ``settings.DISCLOSURE_THRESHOLD``, else 5."""
    if threshold is None:
        threshold = getattr(settings, "DISCLOSURE_THRESHOLD", DEFAULT_THRESHOLD)
    if isinstance(threshold, bool) or not isinstance(threshold, int):
        raise TypeError(f"The disclosure threshold must be a whole number, not {threshold!r}.")
    if threshold < MINIMUM_THRESHOLD:
        raise ValueError(
            f"The disclosure threshold must be {MINIMUM_THRESHOLD} or more, not {threshold}: "
            "zeros are shown, so 'fewer than 2' would reveal the count is 1."
        )
    return threshold


def suppress_table(
    cells: Mapping[tuple[R, C], int], threshold: int | None = None
) -> SuppressedTable[R, C]:
    """Suppress a complete table of counts and its row, column and grand totals.

    ``cells`` maps (row, column) to a count; every row must have every column. Rows and columns
    keep the order in which they first appear.
    """
    t = resolve_threshold(threshold)
    rows = tuple(dict.fromkeys(r for r, _ in cells))
    columns = tuple(dict.fromkeys(c for _, c in cells))
    grid: list[list[int]] = []
    for r in rows:
        line = []
        for c in columns:
            if (r, c) not in cells:
                raise ValueError(f"The table has no count for row {r!r}, column {c!r}.")
            line.append(_count(cells[r, c], (r, c)))
        grid.append(line)

    values = _figure_values(grid)
    hidden = _Suppressor(grid, t).run()

    def cell(key: _Key) -> Cell:
        reason = hidden.get(key)
        return Cell(None if reason else values[key], reason, t)

    return SuppressedTable(
        threshold=t,
        rows=rows,
        columns=columns,
        cells={
            (r, c): cell(_Key("cell", i, j))
            for i, r in enumerate(rows)
            for j, c in enumerate(columns)
        },
        row_totals={r: cell(_Key("row", i, -1)) for i, r in enumerate(rows)},
        column_totals={c: cell(_Key("column", -1, j)) for j, c in enumerate(columns)},
        grand_total=cell(_GRAND),
    )


def suppress_counts(counts: Mapping[K, int], threshold: int | None = None) -> SuppressedCounts[K]:
    """Suppress one list of category counts published with its total (a one-row table)."""
    table = suppress_table({(None, k): n for k, n in counts.items()}, threshold)
    return SuppressedCounts(
        threshold=table.threshold,
        cells={k: table.cells[None, k] for k in counts},
        total=table.grand_total,
    )


def label(cell: Cell) -> str:
    """The text to publish: the count, `PRIMARY_LABEL` or `SECONDARY_LABEL`."""
    if cell.suppression is Suppression.PRIMARY:
        return PRIMARY_LABEL.format(threshold=cell.threshold)
    if cell.suppression is Suppression.SECONDARY:
        return SECONDARY_LABEL
    return str(cell.value)


def percentage(part: Cell, whole: Cell, places: int = 1) -> Decimal | None:
    """``part`` as a percentage of ``whole``, rounded half up; None unless both are shown and
    ``whole`` is not zero (a hidden count hides its percentage)."""
    if part.value is None or whole.value is None or whole.value == 0:
        return None
    exact = Decimal(part.value) * 100 / Decimal(whole.value)
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


# --- The algorithm ---------------------------------------------------------------------------


class _Key(NamedTuple):
    kind: str  # "cell", "row", "column" or "grand"
    row: int
    column: int


_GRAND = _Key("grand", -1, -1)
_SOURCE, _SINK = 0, 1


def _count(value: object, where: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"The count at {where!r} must be a whole number ≥ 0, not {value!r}.")
    return value


def _figure_values(grid: list[list[int]]) -> dict[_Key, int]:
    values = {_Key("cell", i, j): n for i, line in enumerate(grid) for j, n in enumerate(line)}
    for i, line in enumerate(grid):
        values[_Key("row", i, -1)] = sum(line)
    for j, column in enumerate(zip(*grid, strict=True)):
        values[_Key("column", -1, j)] = sum(column)
    values[_GRAND] = sum(map(sum, grid))
    return values


class _Suppressor:
    """The table as a circulation; edges are figures, grouped when two are the same figure."""

    def __init__(self, grid: list[list[int]], threshold: int) -> None:
        self.t = threshold
        n_rows, n_cols = len(grid), len(grid[0]) if grid else 0
        self.n_nodes = 2 + n_rows + n_cols
        values = _figure_values(grid)
        self.keys: list[_Key] = []
        self.ends: list[tuple[int, int]] = []  # (tail, head) of each edge
        supports: list[frozenset[int]] = []  # the cells each figure adds up

        def add(key: _Key, tail: int, head: int, support: frozenset[int]) -> None:
            self.keys.append(key)
            self.ends.append((tail, head))
            supports.append(support)

        for i in range(n_rows):
            for j in range(n_cols):
                cell = frozenset({i * n_cols + j})
                add(_Key("cell", i, j), 2 + i, 2 + n_rows + j, cell)
        for i in range(n_rows):
            row = frozenset(i * n_cols + j for j in range(n_cols))
            add(_Key("row", i, -1), _SOURCE, 2 + i, row)
        for j in range(n_cols):
            column = frozenset(i * n_cols + j for i in range(n_rows))
            add(_Key("column", -1, j), 2 + n_rows + j, _SINK, column)
        add(_GRAND, _SINK, _SOURCE, frozenset(range(n_rows * n_cols)))

        self.values = [values[key] for key in self.keys]
        # A one-row table's column totals are its cells, and so on: one figure, one decision.
        group_of: dict[frozenset[int], int] = {}
        self.group = [group_of.setdefault(s, len(group_of)) for s in supports]
        self.members: list[list[int]] = [[] for _ in group_of]
        for edge, group in enumerate(self.group):
            self.members[group].append(edge)
        self.is_cell = [any(self.keys[e].kind == "cell" for e in m) for m in self.members]
        self.status: list[Suppression | None] = [None] * len(group_of)

    def run(self) -> dict[_Key, Suppression]:
        for group, members in enumerate(self.members):
            if 1 <= self.values[members[0]] < self.t:
                self.status[group] = (
                    Suppression.PRIMARY if self.is_cell[group] else Suppression.SECONDARY
                )
        unsettled = {e for e, g in enumerate(self.group) if self.status[g]}
        while True:
            # Hiding more only adds freedom, so a freed figure stays free.
            residual = self._residual()
            pinned = sorted((e for e in unsettled if self._pinned(e, residual)), key=self._urgency)
            if not pinned:
                break
            newly_hidden = self._cheapest_cycle(pinned[0])
            for group in newly_hidden:
                self.status[group] = Suppression.SECONDARY
            unsettled = set(pinned).union(*(self.members[g] for g in newly_hidden))
        return {
            self.keys[e]: status
            for e, g in enumerate(self.group)
            if (status := self.status[g]) is not None
        }

    def _urgency(self, edge: int) -> tuple[bool, int, int]:
        group = self.group[edge]
        return (self.status[group] is not Suppression.PRIMARY, self.values[edge], edge)

    def _moves(self, edge: int) -> tuple[bool, bool]:
        """Whether the edge's flow could go up, and down, by one within the bounds the reader
        knows (as they would be if the edge is hidden)."""
        group, value = self.group[edge], self.values[edge]
        if self.status[group] is Suppression.PRIMARY:
            low, high = 1, self.t - 1
        elif self.is_cell[group]:
            low, high = self.t, None
        else:
            low, high = 1, None
        return (high is None or value < high), value > low

    def _arcs(self, edge: int) -> list[tuple[int, int]]:
        """The residual moves of a hidden edge: tail → head if its flow can go up, back if down."""
        (tail, head), (up, down) = self.ends[edge], self._moves(edge)
        return ([(tail, head)] if up else []) + ([(head, tail)] if down else [])

    def _residual(self) -> list[list[tuple[int, int]]]:
        """For each node, the (next node, edge) moves that hidden edges allow."""
        adjacent: list[list[tuple[int, int]]] = [[] for _ in range(self.n_nodes)]
        for edge, group in enumerate(self.group):
            if self.status[group]:
                for a, b in self._arcs(edge):
                    adjacent[a].append((b, edge))
        return adjacent

    def _pinned(self, edge: int, residual: list[list[tuple[int, int]]]) -> bool:
        """Whether no cycle of other hidden edges lets this hidden edge move either way."""
        tail, head = self.ends[edge]
        up, down = self._moves(edge)
        free = (up and _reaches(residual, head, tail, edge)) or (
            down and _reaches(residual, tail, head, edge)
        )
        return not free

    def _cheapest_cycle(self, edge: int) -> set[int]:
        """Groups of shown figures to hide so that ``edge`` lies on a cycle that can move: a
        cheapest path closing the cycle, where hidden edges are free and a shown one costs
        (is a total, its count), so totals are hidden only when no cells will do."""
        adjacent: list[list[tuple[int, tuple[int, int], int]]] = [[] for _ in range(self.n_nodes)]
        for other, group in enumerate(self.group):
            if other == edge or self.values[other] == 0:
                continue
            cost = (
                (0, 0) if self.status[group] else (int(not self.is_cell[group]), self.values[other])
            )
            for a, b in self._arcs(other):
                adjacent[a].append((b, cost, other))
        tail, head = self.ends[edge]
        up, down = self._moves(edge)
        paths = []
        if up and (found := _cheapest_path(adjacent, head, tail)):
            paths.append(found)
        if down and (found := _cheapest_path(adjacent, tail, head)):
            paths.append(found)
        if not paths:  # impossible for a threshold ≥ 3 (module docstring, point 4)
            raise RuntimeError(f"No suppression protects {self.keys[edge]}.")
        _, path = min(paths)
        return {self.group[e] for e in path if not self.status[self.group[e]]}


def _reaches(adjacent: list[list[tuple[int, int]]], start: int, goal: int, avoid: int) -> bool:
    """Breadth-first search for a path from ``start`` to ``goal`` not using edge ``avoid``."""
    seen, queue = {start}, deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            return True
        for nxt, edge in adjacent[node]:
            if edge != avoid and nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return False


def _cheapest_path(
    adjacent: list[list[tuple[int, tuple[int, int], int]]], start: int, goal: int
) -> tuple[tuple[int, int], list[int]] | None:
    """Dijkstra over (totals, count) costs; the cost and the edges of the path, or None."""
    best: dict[int, tuple[int, int]] = {start: (0, 0)}
    via: dict[int, tuple[int, int]] = {}  # node -> (previous node, edge)
    heap = [((0, 0), start)]
    while heap:
        cost, node = heapq.heappop(heap)
        if node == goal:
            path = []
            while node != start:
                node, edge = via[node]
                path.append(edge)
            return cost, path
        if cost > best[node]:
            continue
        for nxt, (totals, count), edge in adjacent[node]:
            new = (cost[0] + totals, cost[1] + count)
            if nxt not in best or new < best[nxt]:
                best[nxt], via[nxt] = new, (node, edge)
                heapq.heappush(heap, (new, nxt))
    return None

"""Bar charts as inline SVG: the geometry is worked out here, a template draws it.

A chart is never the only way to a figure: each is drawn beside a table of the same
figures, and carries a <title> and <desc> for people who cannot see it. Colours are GOV.UK
colours with enough contrast on white (WCAG 2.2, 1.4.3 and 1.4.11): blue bars (#1d70b8,
5.2:1), and a second series in black hatching with a black outline, so the two series
differ in pattern as well as colour. Text is #0b0c0c.

The bars run across the page, with each category's label above its bars, so long names
("English/Welsh/Scottish/Northern Irish/British") need no room at the side.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from diversity.aggregates import BenchmarkComparison, YearOnYear

BLUE = "#1d70b8"
BLACK = "#0b0c0c"
WHITE = "#ffffff"
MID_GREY = "#b1b4b6"  # gridlines only: the values are written on the bars

WIDTH = 520  # drawn in a two-thirds column: about 1.2 screen pixels a unit
VALUE_ROOM = 70  # to the right of the longest bar, for its value ("100.0%")
PLOT_WIDTH = WIDTH - VALUE_ROOM
LEGEND_HEIGHT = 34
LABEL_HEIGHT = 22
BAR_HEIGHT = 18
BAR_GAP = 4
BLOCK_GAP = 14
AXIS_HEIGHT = 24
FONT_SIZE = 15
MARGIN = 20
NICE_STEPS = (1, 2, 5, 10, 20, 25, 50)


@dataclass(frozen=True)
class Series:
    name: str
    hatched: bool = False


@dataclass(frozen=True)
class Bar:
    series: Series
    x: float
    y: float
    width: float
    height: float
    value_text: str
    text_x: float
    text_y: float


@dataclass(frozen=True)
class Block:
    """One category: its label and a bar per series."""

    label: str
    label_y: float
    bars: list[Bar]

    @property
    def axis_top(self) -> float:
        return self.bars[0].y

    @property
    def axis_bottom(self) -> float:
        return self.bars[-1].y + self.bars[-1].height


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class LegendKey:
    series: Series
    x: float
    y: float
    text_x: float
    text_y: float


@dataclass(frozen=True)
class BarChart:
    id: str
    title: str
    description: str
    width: int
    height: int
    series: list[Series]
    legend: list[LegendKey]
    blocks: list[Block]
    ticks: list[Tick]
    plot_top: float
    plot_bottom: float
    axis_label_y: float
    font_size: int = FONT_SIZE
    blue: str = BLUE
    black: str = BLACK
    white: str = WHITE
    grid: str = MID_GREY

    @property
    def view_box(self) -> str:
        """Room either side of the plot for the first and last axis labels."""
        return f"{-MARGIN} 0 {self.width + 2 * MARGIN} {self.height}"

    @property
    def title_id(self) -> str:
        return f"{self.id}-title"

    @property
    def desc_id(self) -> str:
        return f"{self.id}-desc"

    @property
    def hatch_id(self) -> str:
        return f"{self.id}-hatch"

    @property
    def has_hatched(self) -> bool:
        return any(series.hatched for series in self.series)


def axis_maximum(largest: Decimal | float) -> tuple[int, int]:
    """A round top for the axis at or above ``largest`` (at most 100%), and its step."""
    largest = float(largest)
    for step in NICE_STEPS:
        top = step * max(1, -(-largest // step))
        if top / step <= 5:
            return int(min(top, 100)), step
    return 100, 20


def horizontal_bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    labels: Sequence[str],
    series: Sequence[tuple[Series, Sequence[Decimal | None]]],
    missing_text: str = "no figure",
    unit: str = "%",
) -> BarChart:
    """A bar per series for each label; a missing value draws no bar and says so."""
    values = [value for _, column in series for value in column if value is not None]
    top, step = axis_maximum(max(values, default=0))
    scale = PLOT_WIDTH / top
    many = len(series) > 1
    legend_height = LEGEND_HEIGHT if many else 0
    legend = []
    x = 0.0
    for item, _ in series if many else []:
        legend.append(LegendKey(item, x, 6, x + 26, 6 + 14))
        x += 26 + 8 * len(item.name) + 28
    block_height = LABEL_HEIGHT + len(series) * (BAR_HEIGHT + BAR_GAP) + BLOCK_GAP
    plot_top = legend_height
    blocks = []
    for index, label in enumerate(labels):
        y = plot_top + index * block_height
        bars = []
        for row, (item, column) in enumerate(series):
            value = column[index]
            bar_y = y + LABEL_HEIGHT + row * (BAR_HEIGHT + BAR_GAP)
            width = 0.0 if value is None else float(value) * scale
            if value is None:
                text = f"{missing_text} ({item.name.lower()})" if many else missing_text
            else:
                text = f"{value}{unit}"
            bars.append(
                Bar(
                    series=item,
                    x=0,
                    y=bar_y,
                    width=round(width, 1),
                    height=BAR_HEIGHT,
                    value_text=text,
                    text_x=round(width + 6, 1),
                    text_y=bar_y + BAR_HEIGHT - 4,
                )
            )
        blocks.append(Block(label=label, label_y=y + LABEL_HEIGHT - 6, bars=bars))
    plot_bottom = plot_top + len(labels) * block_height
    ticks = [Tick(round(v * scale, 1), f"{v}{unit}") for v in range(0, top + 1, step)]
    return BarChart(
        id=chart_id,
        title=title,
        description=description,
        width=WIDTH,
        height=int(plot_bottom + AXIS_HEIGHT),
        series=[item for item, _ in series],
        legend=legend,
        blocks=blocks,
        ticks=ticks,
        plot_top=plot_top,
        plot_bottom=plot_bottom,
        axis_label_y=plot_bottom + AXIS_HEIGHT - 6,
    )


MEMBERS = Series("Committee members")
POPULATION = Series("London population", hatched=True)


def ethnicity_chart(comparison: BenchmarkComparison, *, chart_id: str) -> BarChart:
    """Each ethnic group's share of committee members beside its share of the population."""
    year_note = comparison.classification_name
    return horizontal_bar_chart(
        chart_id=chart_id,
        title=f"Ethnicity of committee members and of London's population ({year_note})",
        description=(
            "Horizontal bar chart. For each ethnic group, the first bar is its share of "
            "executive committee members in London and the second, hatched bar its share of "
            "London's population. The same figures, with the gap between them, are in the "
            "table after the chart."
        ),
        labels=[row.category.label for row in comparison.rows],
        series=[
            (MEMBERS, [row.category.percentage for row in comparison.rows]),
            (POPULATION, [row.population_percentage for row in comparison.rows]),
        ],
    )


UNDER_35 = Series("Members under 35")


def under_35_chart(change: YearOnYear, *, chart_id: str) -> BarChart:
    """The share of members under 35 this year and last."""
    years = [change.previous, change.current]
    said = []
    for year in years:
        if year.has_returns:
            said.append(f"{year.under_35_percentage}% in {year.financial_year}")
        else:
            said.append(f"no returns in {year.financial_year}")
    return horizontal_bar_chart(
        chart_id=chart_id,
        title=f"Share of committee members under 35, {change.previous.financial_year} and "
        f"{change.current.financial_year}",
        description=(
            f"Horizontal bar chart. Members under 35: {said[0]}; {said[1]}. The same figures "
            "are in the table after the chart."
        ),
        labels=[str(year.financial_year) for year in years],
        series=[(UNDER_35, [year.under_35_percentage for year in years])],
        missing_text="no returns",
    )

"""Charts are inline SVG, labelled for assistive technology, in colours with enough
contrast, and never the only way to a figure: the same figures are in a table."""

import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import Role
from diversity import charts
from diversity.aggregates import YearOnYear, YearSummary

pytestmark = pytest.mark.django_db

WHITE = "#ffffff"


def luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def summary(year_start, groups, members, under_35):
    return YearSummary(year_start, groups, members, under_35, 0, 0, members * 7)


@pytest.fixture
def page(client, user_in_role, london_2011, london_benchmark_csv) -> str:
    call_command("load_benchmarks", str(london_benchmark_csv), verbosity=0)
    client.force_login(user_in_role(Role.FUNDING_MANAGER))
    return client.get(
        reverse("diversity:london_year", kwargs={"year_start": 2011})
    ).content.decode()


def svgs(content: str) -> list[str]:
    return re.findall(r"<svg.*?</svg>", content, flags=re.S)


def test_the_page_draws_two_charts_ethnicity_and_under_35(page):
    titles = [re.search(r"<title[^>]*>(.*?)</title>", svg).group(1) for svg in svgs(page)]
    assert titles == [
        "Share of committee members under 35, 2010/11 and 2011/12",
        "Ethnicity of committee members and of London&#x27;s population "
        "(2011 Census (England and Wales))",
    ]


def test_each_chart_is_an_image_labelled_by_its_title_and_description(page):
    for svg in svgs(page):
        opening = svg[: svg.index(">")]
        assert 'role="img"' in opening
        title_id, desc_id = re.search(r'aria-labelledby="([^" ]+) ([^"]+)"', opening).groups()
        assert re.search(rf'<title id="{title_id}">[^<]+</title>', svg)
        assert re.search(rf'<desc id="{desc_id}">[^<]+</desc>', svg)
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), "ids on the page must be unique"


def test_the_under_35_description_gives_the_figures(page):
    assert (
        "Members under 35: 50.0% in 2010/11; 31.3% in 2011/12. The same figures are in the "
        "table after the chart." in page
    )


def test_chart_colours_have_enough_contrast_on_white(page):
    for svg in svgs(page):
        text_colours = set(re.findall(r'<svg[^>]* fill="(#[0-9a-f]{6})"', svg))
        bar_colours = set(re.findall(r'<rect[^>]* fill="(#[0-9a-f]{6})"', svg)) - {WHITE}
        outlines = set(re.findall(r'stroke="(#[0-9a-f]{6})" stroke-width="[12]"/>', svg))
        gridlines = {charts.MID_GREY}
        assert text_colours == {"#0b0c0c"}
        for colour in text_colours:
            assert contrast(colour, WHITE) >= 4.5, colour  # WCAG 1.4.3, text
        for colour in bar_colours | (outlines - gridlines):
            assert contrast(colour, WHITE) >= 3, colour  # WCAG 1.4.11, graphics
    assert charts.BLUE == "#1d70b8"


def test_the_population_series_differs_by_pattern_not_only_colour(page):
    ethnicity = svgs(page)[1]
    assert '<pattern id="ethnicity-chart-1-hatch"' in ethnicity
    assert ethnicity.count('fill="url(#ethnicity-chart-1-hatch)"') == 18 + 1  # bars + legend


def test_every_bar_value_is_also_in_a_table(page):
    tables = re.sub(r"<svg.*?</svg>", "", page, flags=re.S)
    for svg in svgs(page):
        values = re.findall(r">([0-9]+\.[0-9]%)</text>", svg)
        assert values
        for value in values:
            assert f">{value}</td>" in tables, value


def test_bar_lengths_are_in_proportion_to_the_figures():
    chart = charts.under_35_chart(
        YearOnYear(current=summary(2011, 2, 16, 5), previous=summary(2010, 1, 8, 4)),
        chart_id="c",
    )
    (last_year,), (this_year,) = (block.bars for block in chart.blocks)
    # The axis runs to 50%: 50.0% fills the plot; 31.3% is 31.3/50 of it.
    assert chart.ticks[-1].label == "50%"
    assert last_year.width == charts.PLOT_WIDTH
    assert this_year.width == round(charts.PLOT_WIDTH * 31.3 / 50, 1)
    assert (last_year.value_text, this_year.value_text) == ("50.0%", "31.3%")


def test_a_year_without_returns_draws_no_bar_and_says_so():
    chart = charts.under_35_chart(
        YearOnYear(current=summary(2011, 2, 16, 5), previous=summary(2010, 0, 0, 0)),
        chart_id="c",
    )
    last_year = chart.blocks[0].bars[0]
    assert (last_year.width, last_year.value_text) == (0, "no returns")
    assert "no returns in 2010/11; 31.3% in 2011/12" in chart.description


@pytest.mark.parametrize(
    ("largest", "top", "step"),
    [(Decimal("37.5"), 40, 10), (Decimal("44.9"), 50, 10), (Decimal("100"), 100, 20), (0, 1, 1)],
)
def test_the_axis_ends_at_a_round_number_above_the_largest_figure(largest, top, step):
    assert charts.axis_maximum(largest) == (top, step)

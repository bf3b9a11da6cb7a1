"""``manage.py load_benchmarks``: population figures come from a CSV file, never from code.
A file with any error changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Sum

from diversity.models import PopulationBenchmark

pytestmark = pytest.mark.django_db

LONDON = "E12000007"
BARNET = "E09000003"
HEADER = "heading,category,count\n"


def load(path, **options) -> str:
    out = StringIO()
    call_command("load_benchmarks", str(path), stdout=out, **options)
    return out.getvalue()


def benchmarks(area=LONDON):
    return dict(
        PopulationBenchmark.objects.filter(area_code=area).values_list("category__key", "count")
    )


@pytest.fixture
def london_rows(london_benchmark_csv) -> list[str]:
    """The shared file's data lines, to build good and bad variants from."""
    return [
        line
        for line in london_benchmark_csv.read_text().splitlines()
        if line and not line.startswith("#") and line != HEADER.strip()
    ]


@pytest.fixture
def write(tmp_path):
    def make(text: str, name: str = "benchmark.csv"):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return make


def test_the_london_file_loads_18_categories_totalling_8173941(london_benchmark_csv):
    output = load(london_benchmark_csv)
    rows = PopulationBenchmark.objects.filter(area_code=LONDON)
    assert rows.count() == 18
    assert rows.aggregate(total=Sum("count"))["total"] == 8_173_941
    assert set(rows.values_list("source", flat=True)) == {"london-2011-ethnicity-KS201EW.csv"}
    assert set(rows.values_list("category__characteristic__key", flat=True)) == {"ethnicity"}
    assert set(rows.values_list("category__characteristic__classification__code", flat=True)) == {
        "census-2011"
    }
    assert benchmarks()["white-irish"] == 175_974
    assert benchmarks()["asian-chinese"] == 124_250
    assert "18 new, 0 changed, 0 unchanged" in output
    assert "Total population 8,173,941" in output


def test_loading_the_same_file_again_changes_nothing(london_benchmark_csv):
    load(london_benchmark_csv)
    before = list(PopulationBenchmark.objects.order_by("pk").values())
    output = load(london_benchmark_csv)
    assert list(PopulationBenchmark.objects.order_by("pk").values()) == before
    assert "0 new, 0 changed, 18 unchanged" in output


def test_a_corrected_file_updates_the_figures_in_place(london_benchmark_csv, london_rows, write):
    load(london_benchmark_csv)
    corrected = [
        "White,Irish,175975" if row.startswith("White,Irish,") else row for row in london_rows
    ]
    output = load(write(HEADER + "\n".join(corrected) + "\n", name="corrected.csv"))
    assert PopulationBenchmark.objects.filter(area_code=LONDON).count() == 18
    irish = PopulationBenchmark.objects.get(area_code=LONDON, category__key="white-irish")
    assert (irish.count, irish.source) == (175_975, "corrected.csv")
    # Every row now names the file it came from.
    assert "0 new, 18 changed, 0 unchanged" in output


def test_a_borough_file_loads_for_its_own_area(london_rows, write):
    load(write(HEADER + "\n".join(london_rows) + "\n"), area=BARNET)
    assert len(benchmarks(BARNET)) == 18
    assert benchmarks(LONDON) == {}


def test_headings_and_names_match_whatever_their_case_and_spacing(london_rows, write):
    rows = [row.upper().replace(",", " , ") for row in london_rows]
    load(write(HEADER.upper() + "\n".join(rows) + "\n"))
    assert len(benchmarks()) == 18


def test_comments_and_blank_lines_are_skipped(london_rows, write):
    text = "# a comment\n\n" + HEADER + "# another\n" + "\n\n".join(london_rows) + "\n"
    load(write(text))
    assert len(benchmarks()) == 18


@pytest.mark.parametrize(
    ("replace", "by", "message"),
    [
        ("White,Irish,175974", "White,Irish (Republic),175974", "line 5: White: Irish (Republic)"),
        ("White,Irish,175974", "Black,Irish,175974", "line 5: Black: Irish is not an ethnicity"),
        ("White,Irish,175974", "White,Irish,17597.4", "line 5: the count '17597.4' is not a"),
        ("White,Irish,175974", "White,Irish,175,974", "line 5: expected 3 values"),
        ("White,Irish,175974", "White,Irish,", "line 5: the count '' is not a whole number"),
        ("White,Irish,175974", "White,Irish,-175974", "line 5: the count -175974 is negative"),
        (
            "White,Irish,175974",
            "White,Other White,1",
            "line 7: White: Other White is already given on line 5",
        ),
    ],
)
def test_a_bad_row_is_refused_naming_its_line_and_nothing_changes(
    london_benchmark_csv, write, replace, by, message
):
    load(london_benchmark_csv)
    before = benchmarks()
    text = london_benchmark_csv.read_text()
    # Line 4 (the first figure) is changed too: a valid change before the bad line is
    # not saved either.
    text = text.replace("3669284", "1").replace(replace, by)
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load(write(text))
    assert benchmarks() == before


def test_a_file_without_the_header_is_refused(london_rows, write):
    with pytest.raises(CommandError, match=r"line 1: expected the header 'heading,category,count'"):
        load(write("\n".join(london_rows) + "\n"))
    assert benchmarks() == {}


def test_a_file_of_only_comments_is_refused_for_its_missing_header(write):
    with pytest.raises(CommandError, match="has no header"):
        load(write("# nothing here\n"))


def test_a_file_missing_a_category_is_refused(london_rows, write):
    rows = [row for row in london_rows if not row.startswith("Asian/Asian British,Chinese")]
    with pytest.raises(CommandError, match=r"no figure for 1 of the 18 categories.*Chinese"):
        load(write(HEADER + "\n".join(rows) + "\n"))
    assert benchmarks() == {}


def test_an_area_that_is_not_a_gss_code_is_refused(london_benchmark_csv):
    with pytest.raises(CommandError, match="not a GSS code"):
        load(london_benchmark_csv, area="London")
    assert PopulationBenchmark.objects.count() == 0


def test_an_unknown_classification_is_refused(london_benchmark_csv):
    with pytest.raises(CommandError, match=r"no classification 'census-2031'.*census-2011"):
        load(london_benchmark_csv, classification="census-2031")


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(CommandError, match="There is no file"):
        load(tmp_path / "nowhere.csv")

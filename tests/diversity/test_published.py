"""What the committee sees: London-wide counts after disclosure control, on the page and in
`export_diversity --published`."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.models import Role
from diversity.models import Characteristic

pytestmark = pytest.mark.django_db

THRESHOLD = 5
PRIMARY = f"fewer than {THRESHOLD}"
SECONDARY = "[c]"


@pytest.fixture
def london(make_return):
    """Three groups, 30 members. Ethnicity: 2 Caribbean (small), 0 Irish, 0 Chinese."""
    ethnicity = {
        "white-english-welsh-scottish-northern-irish-british": 6,
        "black-caribbean": 1,
        "asian-indian": 3,
    }
    make_return("barnet", members=10, counts={"ethnicity": ethnicity})
    make_return("camden", members=10, counts={"ethnicity": {**ethnicity, "black-caribbean": 1}})
    make_return(
        "brent",
        members=10,
        counts={"ethnicity": {"white-english-welsh-scottish-northern-irish-british": 10}},
    )


def read_export(tmp_path, *args):
    output = tmp_path / "out.csv"
    call_command("export_diversity", "--round", "2011/12", "--output", str(output), *args)
    with output.open(newline="") as file:
        return list(csv.reader(file))


def pinned(values: list[str], total: str) -> list[int]:
    """Independent check for one characteristic: the positions of hidden cells a reader could
    work out from the shown cells, the total, and the labels' ranges."""
    if total in (PRIMARY, SECONDARY):
        return []  # the total is hidden (and equally in every table): no sum to work from
    lows, highs = [], []
    shown = 0
    hidden = []
    for position, value in enumerate(values):
        if value == PRIMARY:
            hidden.append(position)
            lows.append(1)
            highs.append(THRESHOLD - 1)
        elif value == SECONDARY:
            hidden.append(position)
            lows.append(THRESHOLD)
            highs.append(int(total))
        else:
            shown += int(value)
    rest = int(total) - shown
    found = []
    for index, position in enumerate(hidden):
        others_low = sum(lows) - lows[index]
        others_high = sum(highs) - highs[index]
        smallest = max(lows[index], rest - others_high)
        largest = min(highs[index], rest - others_low)
        if smallest == largest:
            found.append(position)
    return found


def test_the_published_export_has_one_row_per_category_and_a_total_per_characteristic(
    tmp_path, london
):
    rows = read_export(tmp_path, "--published")
    assert rows[0] == ["characteristic", "category", "count"]
    totals = [row for row in rows[1:] if row[1] == "Total"]
    assert [row[0] for row in totals] == [
        "Age", "Sex", "Gender identity", "Ethnicity", "Disability", "Religion or belief",
        "Sexual orientation",
    ]  # fmt: skip
    assert all(row[2] == "30" for row in totals)
    assert len(rows) == 1 + 8 + 4 + 4 + 20 + 4 + 10 + 6 + 7


def test_the_published_export_shows_no_small_count_and_zeros_as_zero(tmp_path, london):
    rows = {(row[0], row[1]): row[2] for row in read_export(tmp_path, "--published")[1:]}
    for value in rows.values():
        assert value in (PRIMARY, SECONDARY) or not 1 <= int(value) < THRESHOLD
    assert rows[("Ethnicity", "White: Irish")] == "0"
    assert rows[("Ethnicity", "Asian/Asian British: Chinese")] == "0"
    assert rows[("Ethnicity", "Black/African/Caribbean/Black British: Caribbean")] == PRIMARY


def test_no_hidden_count_in_the_published_export_can_be_worked_out(tmp_path, london):
    by_characteristic: dict[str, list[list[str]]] = {}
    for row in read_export(tmp_path, "--published")[1:]:
        by_characteristic.setdefault(row[0], []).append(row)
    hidden_somewhere = False
    for rows in by_characteristic.values():
        values = [row[2] for row in rows if row[1] != "Total"]
        total = next(row[2] for row in rows if row[1] == "Total")
        hidden_somewhere |= any(value in (PRIMARY, SECONDARY) for value in values)
        assert pinned(values, total) == []
    assert hidden_somewhere  # the fixture has small counts, so something was hidden


def test_the_full_export_is_unsuppressed(tmp_path, london):
    rows = {(row[0], row[1]): row[2] for row in read_export(tmp_path)[1:]}
    assert rows[("Ethnicity", "Black/African/Caribbean/Black British: Caribbean")] == "2"


def test_a_year_with_no_returns_is_refused(tmp_path):
    with pytest.raises(
        CommandError, match="No group has a submitted or accepted return for 2011/12"
    ):
        read_export(tmp_path, "--published")


def test_a_malformed_round_is_refused(tmp_path):
    with pytest.raises(CommandError, match="financial year"):
        call_command("export_diversity", "--round", "2011-12", "--output", str(tmp_path / "x"))


def test_without_a_round_the_latest_year_with_a_counted_return_is_exported(
    tmp_path, london, make_return
):
    make_return("ealing", members=7, year_start=2012, status="submitted")
    make_return("enfield", members=9, year_start=2013, status="draft")  # not counted
    output = tmp_path / "out.csv"
    stdout = io.StringIO()
    call_command("export_diversity", "--output", str(output), stdout=stdout)
    assert stdout.getvalue() == (
        f"Wrote 63 rows of full, unsuppressed figures for 2012/13 from 1 group to {output}\n"
    )
    with output.open(newline="") as file:
        totals = [row for row in csv.reader(file) if row[1] == "Total"]
    assert {row[2] for row in totals} == {"7"}


def test_without_a_round_or_any_counted_return_nothing_is_written(tmp_path, make_return):
    make_return("ealing", members=7, year_start=2012, status="draft")
    output = tmp_path / "out.csv"
    with pytest.raises(
        CommandError, match="No group has a submitted or accepted return for any year"
    ):
        call_command("export_diversity", "--output", str(output))
    assert not output.exists()


def test_the_export_help_says_which_year_is_written_when_none_is_named():
    from diversity.management.commands.export_diversity import Command

    text = " ".join(Command().create_parser("manage.py", "export_diversity").format_help().split())
    assert "when left out, the latest year with a submitted or accepted return" in text


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (None, 302),
        (Role.SECRETARY, 403),
        (Role.CHAIR, 403),
        (Role.POLICE_PARTNER, 403),
        (Role.COUNCIL_PARTNER, 403),
        (Role.LINK_OFFICER, 200),
        (Role.FUNDING_MANAGER, 200),
        (Role.COMMITTEE_MEMBER, 200),
    ],
)
@pytest.mark.parametrize("name", ["published_year", "published_csv"])
def test_who_sees_the_published_figures(client, user_in_role, london, role, status, name):
    if role is not None:
        client.force_login(user_in_role(role))
    assert (
        client.get(reverse(f"diversity:{name}", kwargs={"year_start": 2011})).status_code == status
    )


def test_a_committee_member_sees_only_suppressed_figures(client, user_in_role, london):
    client.force_login(user_in_role(Role.COMMITTEE_MEMBER))
    content = client.get(
        reverse("diversity:published_year", kwargs={"year_start": 2011})
    ).content.decode()
    assert PRIMARY in content
    home = client.get(reverse("home")).content.decode()
    assert reverse("diversity:published_year", kwargs={"year_start": 2011}) in home


@pytest.mark.parametrize("name", ["group_returns", "london_index"])
def test_a_committee_member_never_sees_a_groups_figures(client, user_in_role, london, name):
    client.force_login(user_in_role(Role.COMMITTEE_MEMBER))
    kwargs = {"slug": "barnet"} if name == "group_returns" else {}
    assert client.get(reverse(f"diversity:{name}", kwargs=kwargs)).status_code in (403, 404)


def test_the_published_page_takes_a_fixed_number_of_queries(
    client, user_in_role, london, django_assert_num_queries
):
    client.force_login(user_in_role(Role.COMMITTEE_MEMBER))
    # 1 session, 1 user, 1 for every category with its London-wide counts aggregated.
    with django_assert_num_queries(3):
        client.get(reverse("diversity:published_year", kwargs={"year_start": 2011}))


def test_a_year_with_nothing_published_answers_404(client, user_in_role):
    client.force_login(user_in_role(Role.COMMITTEE_MEMBER))
    assert (
        client.get(reverse("diversity:published_year", kwargs={"year_start": 2030})).status_code
        == 404
    )


#: Names the funding manager could give a question or an answer in the admin, which a
#: spreadsheet would run as formulas (a link, a sum, a telephone number read as a sum).
HYPERLINK = '=HYPERLINK("http://evil.example","Click")'
FORMULA_CATEGORIES = ["+44 20 7230 1212", "-1+2", "@SUM(A1)"]


@pytest.fixture
def formula_names(london, census_2011):
    age = Characteristic.objects.get(classification=census_2011, key="age")
    Characteristic.objects.filter(pk=age.pk).update(name=HYPERLINK)
    first_three = age.categories.order_by("position")[:3]
    for category, name in zip(first_three, FORMULA_CATEGORIES, strict=True):
        category.name = name
        category.save(update_fields=["name"])


def published_download(client, user_in_role, tmp_path):
    client.force_login(user_in_role(Role.COMMITTEE_MEMBER))
    response = client.get(reverse("diversity:published_csv", kwargs={"year_start": 2011}))
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))


@pytest.mark.parametrize(
    "read",
    [
        published_download,
        lambda client, user_in_role, tmp_path: read_export(tmp_path, "--published"),
        lambda client, user_in_role, tmp_path: read_export(tmp_path),
    ],
    ids=["published download", "published export", "full export"],
)
def test_text_that_starts_like_a_formula_gets_an_apostrophe(
    client, user_in_role, tmp_path, formula_names, read
):
    rows = read(client, user_in_role, tmp_path)
    age = [row for row in rows if row[0] == f"'{HYPERLINK}"]
    # Every member of the fixture's groups is in the first age band.
    assert age[:3] == [
        [f"'{HYPERLINK}", "'+44 20 7230 1212", "30"],
        [f"'{HYPERLINK}", "'-1+2", "0"],
        [f"'{HYPERLINK}", "'@SUM(A1)", "0"],
    ]
    assert age[-1] == [f"'{HYPERLINK}", "Total", "30"]
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)

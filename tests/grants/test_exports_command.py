"""`manage.py export_360giving --output FILE [--round 2011/12 | --all-rounds]` writes a valid
360Giving file (the latest round with awards when no round is named), and writes nothing when
it cannot."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from grants.exports.giving360 import validate_360giving
from tests.grants.exports_builders import (
    borough,
    build_round_2011,
    make_award,
    official_validator,
)
from tests.grants.factories import make_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_rounds():
    """2011/12 as the export tests know it, and 2012/13 with one interim award."""
    build_round_2011()
    second = make_round(year_start=2012)
    make_award(
        funding_round=second,
        borough=borough("camden"),
        reference="CPEG-2012-I01",
        amount="1250.25",
        awarded_on=datetime.date(2012, 5, 1),
        interim_reason="Awaiting the outline.",
    )


def export(*args: str) -> str:
    stdout = StringIO()
    call_command("export_360giving", *args, stdout=stdout)
    return stdout.getvalue()


def test_it_writes_a_valid_file_for_one_round(two_rounds, tmp_path):
    output = tmp_path / "grants.json"
    message = export("--output", str(output), "--round", "2011/12")
    package = json.loads(output.read_text(encoding="utf-8"))
    assert list(official_validator().iter_errors(package)) == []
    validate_360giving(package)
    assert [grant["id"] for grant in package["grants"]] == [
        "360G-mpa-cpeg-CPEG-2011-BARNET-A",
        "360G-mpa-cpeg-CPEG-2011-CROYDON-A",
    ]
    assert message == (
        f"Wrote 2 grants from funding round 2011/12 to {output}, valid against the 360Giving "
        "schema.\n"
    )


def test_it_writes_the_latest_round_with_awards_when_no_round_is_named(two_rounds, tmp_path):
    make_round(year_start=2013)  # a later round, with no awards yet
    output = tmp_path / "grants.json"
    message = export("--output", str(output))
    package = json.loads(output.read_text(encoding="utf-8"))
    assert list(official_validator().iter_errors(package)) == []
    assert [grant["id"] for grant in package["grants"]] == ["360G-mpa-cpeg-CPEG-2012-I01"]
    assert message == (
        f"Wrote 1 grant from funding round 2012/13 to {output}, valid against the 360Giving "
        "schema.\n"
    )


def test_the_help_says_which_round_is_written_when_none_is_named():
    from grants.management.commands.export_360giving import Command

    text = " ".join(Command().create_parser("manage.py", "export_360giving").format_help().split())
    assert "when left out, the latest round with awards" in text
    assert "--all-rounds Every round's awards in one file" in text


def test_a_round_and_all_rounds_together_are_refused(two_rounds, tmp_path):
    output = tmp_path / "grants.json"
    with pytest.raises(CommandError, match="not allowed with argument --round"):
        export("--output", str(output), "--round", "2011/12", "--all-rounds")
    assert not output.exists()


def test_it_writes_every_round_when_asked(two_rounds, tmp_path):
    output = tmp_path / "grants.json"
    message = export("--output", str(output), "--all-rounds")
    package = json.loads(output.read_text(encoding="utf-8"))
    assert list(official_validator().iter_errors(package)) == []
    assert [grant["id"] for grant in package["grants"]] == [
        "360G-mpa-cpeg-CPEG-2011-BARNET-A",
        "360G-mpa-cpeg-CPEG-2011-CROYDON-A",
        "360G-mpa-cpeg-CPEG-2012-I01",
    ]
    assert package["grants"][2]["amountAwarded"] == 1250.25
    assert "Wrote 3 grants from all funding rounds" in message


def test_an_unknown_round_is_a_clear_error_and_writes_nothing(two_rounds, tmp_path):
    output = tmp_path / "grants.json"
    with pytest.raises(CommandError, match=r"^No funding round 2009/10$"):
        export("--output", str(output), "--round", "2009/10")
    assert not output.exists()


@pytest.mark.parametrize(
    ("label", "message"),
    [
        ("2011", "Enter a financial year like 2011/12, not '2011'"),
        ("2011/13", "'2011/13' is not a financial year: 2011 is followed by 12"),
    ],
)
def test_a_round_that_is_not_a_financial_year_is_a_clear_error(tmp_path, label, message):
    with pytest.raises(CommandError) as error:
        export("--output", str(tmp_path / "grants.json"), "--round", label)
    assert str(error.value) == message


def test_a_round_without_awards_writes_nothing(tmp_path):
    make_round(year_start=2012)
    output = tmp_path / "grants.json"
    with pytest.raises(CommandError) as error:
        export("--output", str(output), "--round", "2012/13")
    assert str(error.value) == (
        "No awards in funding round 2012/13, so nothing to publish: a 360Giving file holds at "
        f"least one grant. {output} was not written."
    )
    assert not output.exists()


@pytest.mark.parametrize("which", [(), ("--all-rounds",)], ids=["latest", "all rounds"])
def test_no_awards_at_all_writes_nothing(tmp_path, which):
    make_round(year_start=2012)
    output = tmp_path / "grants.json"
    with pytest.raises(CommandError, match="No awards in any funding round"):
        export("--output", str(output), *which)
    assert not output.exists()


def test_invalid_data_is_refused_with_each_problem_named(two_rounds, tmp_path, monkeypatch):
    from grants.exports import giving360

    real = giving360.grant_record
    monkeypatch.setattr(
        giving360, "grant_record", lambda award: {**real(award), "awardDate": "2011-13-45"}
    )
    output = tmp_path / "grants.json"
    with pytest.raises(CommandError) as error:
        export("--output", str(output), "--round", "2011/12")
    lines = str(error.value).splitlines()
    assert lines[0] == (
        f"The 360Giving data for funding round 2011/12 is not valid, so {output} was not written:"
    )
    assert [line.split(":")[0] for line in lines[1:]] == [
        "  package.grants[0].awardDate",
        "  package.grants[1].awardDate",
    ]
    assert "'2011-13-45' is not valid under any of the given schemas" in lines[1]
    assert not output.exists()


def test_an_existing_file_is_left_alone_when_the_export_fails(tmp_path):
    output = tmp_path / "grants.json"
    output.write_text("the last good export")
    with pytest.raises(CommandError):
        export("--output", str(output), "--round", "2009/10")
    assert output.read_text() == "the last good export"

"""Awards as 360Giving data: valid against the official package schema with formats checked,
currency GBP, identifiers with the configured prefix, and each grant's beneficiary location
its borough by GSS code with geoCodeType LONB."""

import copy
import csv
import datetime
import hashlib
import json
from decimal import Decimal

import pytest
from django.test import override_settings
from django.urls import reverse
from jsonschema import Draft202012Validator

from accounts.models import Role
from grants.exports.giving360 import (
    InvalidPackage,
    grants_package,
    json_number,
    package_json,
    validate_360giving,
)
from grants.models import Award, FundingRound
from tests.grants.exports_builders import (
    SCHEMAS,
    borough,
    build_round_2011,
    make_award,
    official_validator,
)
from tests.grants.factories import make_round

pytestmark = pytest.mark.django_db

#: The official 360Giving 1.4.3 files as published (shared/standards/360giving/): the copies
#: in the repository must be these, unchanged.
OFFICIAL_SHA256 = {
    "360-giving-package-schema.json": (
        "30c0897090628d161cda0f3048031abd955eb9b68cfd83f8fe54340756886b11"
    ),
    "360-giving-schema.json": "e8a1c581ce18447b2dc9c757d7229862624970a3724718d8319a8d3c47429ebb",
    "LICENSE.md": "c701444d81234a1dfdf4c3289a11429548473b47e6bc36735db938ae18837141",
    "currency.csv": "b5697e00bffea8b5cb75cc8273ff3348b6a69d1815cd15c69b80419e28b35f62",
    "geoCodeType.csv": "244362443ff29d913f906006877737e75f65c6f5d22f3d53245f63ac029c299f",
    "locationScope.csv": "80f16f775793ed33ca7783349c705bd70151551b136843018ad09c021543858a",
}


@pytest.fixture
def round_2011() -> FundingRound:
    return build_round_2011()


@pytest.fixture
def package(round_2011) -> dict:
    return grants_package(funding_round=round_2011)


def grant_for(package: dict, reference: str) -> dict:
    (grant,) = [g for g in package["grants"] if g["id"].endswith(f"-{reference}")]
    return grant


# Validity


def test_the_export_is_valid_against_the_official_package_schema(package):
    validator = official_validator()
    assert sorted(error.message for error in validator.iter_errors(package)) == []
    validate_360giving(package)  # and the portal's own check agrees


def test_the_export_as_written_is_valid_too(package):
    written = json.loads(package_json(package))
    assert list(official_validator().iter_errors(written)) == []


def test_the_schemas_themselves_are_well_formed_draft_2020_12():
    for name in ("360-giving-package-schema.json", "360-giving-schema.json"):
        Draft202012Validator.check_schema(json.loads((SCHEMAS / name).read_text()))


def test_the_licence_travels_with_the_schemas():
    assert "Creative Commons Attribution 4.0" in (SCHEMAS / "LICENSE.md").read_text()
    assert "360Giving" in (SCHEMAS / "README.md").read_text()


def test_validation_catches_a_package_with_no_grants():
    with pytest.raises(InvalidPackage) as invalid:
        validate_360giving({"grants": []})
    assert invalid.value.errors == ["package.grants: [] should be non-empty"]


def test_validation_catches_a_grant_without_a_required_field(package):
    broken = copy.deepcopy(package)
    del broken["grants"][0]["fundingOrganization"]
    with pytest.raises(InvalidPackage):
        validate_360giving(broken)
    assert not official_validator().is_valid(broken)


def test_validation_catches_an_amount_written_as_text(package):
    broken = copy.deepcopy(package)
    broken["grants"][0]["amountAwarded"] = "38500.50"
    with pytest.raises(InvalidPackage) as invalid:
        validate_360giving(broken)
    assert invalid.value.errors == [
        "package.grants[0].amountAwarded: '38500.50' is not of type 'number'"
    ]


def test_validation_catches_a_currency_not_in_the_codelist(package):
    broken = copy.deepcopy(package)
    broken["grants"][0]["currency"] = "GBX"
    with pytest.raises(InvalidPackage) as invalid:
        validate_360giving(broken)
    assert invalid.value.errors == ["package.grants[0].currency: 'GBX' is not in the currency.csv"]


def test_validation_catches_an_impossible_award_date(package):
    broken = copy.deepcopy(package)
    broken["grants"][0]["awardDate"] = "2011-13-45"
    with pytest.raises(InvalidPackage) as invalid:
        validate_360giving(broken)
    (error,) = invalid.value.errors
    assert error.startswith(
        "package.grants[0].awardDate: '2011-13-45' is not valid under any of the given schemas"
    )
    assert not official_validator().is_valid(broken)


def award_date_errors(validator: Draft202012Validator, package: dict) -> dict[int, int]:
    """How many errors each grant's awardDate has."""
    errors: dict[int, int] = {}
    for error in validator.iter_errors(package):
        if list(error.absolute_path)[2:] == ["awardDate"]:
            errors[error.absolute_path[1]] = errors.get(error.absolute_path[1], 0) + 1
    return errors


def test_format_checking_is_what_rejects_the_impossible_date(package):
    """awardDate is oneOf a date-time format or a YYYY-MM-DD pattern. Unchecked, the format
    branch accepts anything: "2011-13-45" slips through, and a good date, matching both
    branches, is refused. Only with formats checked is each judged right."""
    broken = copy.deepcopy(package)
    broken["grants"][0]["awardDate"] = "2011-13-45"
    assert award_date_errors(official_validator(check_formats=False), broken) == {1: 1}
    assert award_date_errors(official_validator(), broken) == {0: 1}


def test_validation_catches_a_bad_date_time_and_a_bad_uri(package):
    broken = copy.deepcopy(package)
    broken["grants"][0]["dateModified"] = "2011-02-30T10:00:00Z"
    broken["grants"][1]["url"] = "not a web address"
    with pytest.raises(InvalidPackage) as invalid:
        validate_360giving(broken)
    assert invalid.value.errors == [
        "package.grants[0].dateModified: '2011-02-30T10:00:00Z' is not a 'date-time'",
        "package.grants[1].url: 'not a web address' is not a 'uri'",
    ]


def test_validation_catches_a_geo_code_type_not_in_the_codelist(package):
    broken = copy.deepcopy(package)
    broken["grants"][0]["beneficiaryLocation"][0]["geoCodeType"] = "BOROUGH"
    with pytest.raises(InvalidPackage) as invalid:
        validate_360giving(broken)
    assert invalid.value.errors == [
        "package.grants[0].beneficiaryLocation[0].geoCodeType: 'BOROUGH' is not in the "
        "geoCodeType codelist"
    ]


def test_validation_catches_a_location_scope_not_in_the_codelist(package):
    broken = copy.deepcopy(package)
    broken["grants"][1]["locationScope"] = "GLS500"
    with pytest.raises(InvalidPackage) as invalid:
        validate_360giving(broken)
    assert invalid.value.errors == [
        "package.grants[1].locationScope: 'GLS500' is not in the locationScope codelist"
    ]


def test_the_copied_schemas_are_the_official_files_unchanged():
    digests = {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(SCHEMAS.iterdir())
        if path.name != "README.md"
    }
    assert digests == OFFICIAL_SHA256


# Content


def test_there_is_one_grant_per_award_interim_awards_included(package):
    assert [grant["id"] for grant in package["grants"]] == [
        "360G-mpa-cpeg-CPEG-2011-BARNET-A",
        "360G-mpa-cpeg-CPEG-2011-CROYDON-A",
    ]


def test_a_grant_from_a_committee_decision(package, settings):
    assert grant_for(package, "CPEG-2011-BARNET-A") == {
        "id": "360G-mpa-cpeg-CPEG-2011-BARNET-A",
        "title": "Barnet Community and Police Engagement Group, 2011/12",
        "description": (
            "Funding for Barnet Community and Police Engagement Group to carry out its 2011/12 "
            "work plan of community and police engagement in Barnet: public meetings and "
            "engagement events, work with local partners and reaching the borough's "
            "communities."
        ),
        "currency": "GBP",
        "amountAwarded": 38500.5,
        "awardDate": "2011-07-20",
        "plannedDates": [{"startDate": "2011-04-01", "endDate": "2012-03-31", "duration": 12}],
        "recipientOrganization": [
            {
                "id": "360G-mpa-cpeg-org-barnet",
                "name": "Barnet Community and Police Engagement Group",
            }
        ],
        "fundingOrganization": [{"id": "XI-EXAMPLE-mpa", "name": "Metropolitan Police Authority"}],
        "beneficiaryLocation": [
            {"name": "Barnet", "geoCode": "E09000003", "geoCodeType": "LONB", "countryCode": "GB"}
        ],
        "locationScope": "GLS050",
        "grantProgramme": [
            {"code": "2011/12", "title": "Community and Police Engagement Group funding 2011/12"}
        ],
        "amountAppliedFor": 40000,
    }


def test_an_interim_grant_says_so_and_has_no_amount_applied_for(package):
    grant = grant_for(package, "CPEG-2011-CROYDON-A")
    assert (
        grant["title"]
        == "Interim funding for Croydon Community and Police Engagement Group, 2011/12"
    )
    assert grant["description"].startswith("Interim funding for Croydon")
    assert grant["amountAwarded"] == 5000
    assert "amountAppliedFor" not in grant


def test_each_grant_benefits_its_borough_by_gss_code_as_a_london_borough(package):
    assert [grant["beneficiaryLocation"] for grant in package["grants"]] == [
        [{"name": "Barnet", "geoCode": "E09000003", "geoCodeType": "LONB", "countryCode": "GB"}],
        [{"name": "Croydon", "geoCode": "E09000008", "geoCodeType": "LONB", "countryCode": "GB"}],
    ]


def test_lonb_is_the_codelists_code_for_london_boroughs_and_gbp_for_sterling():
    with (SCHEMAS / "geoCodeType.csv").open(newline="") as codelist:
        geo = {row["Code"]: row for row in csv.DictReader(codelist)}
    assert geo["LONB"]["Title"] == "London Boroughs"
    assert geo["LONB"]["Documentation (URL)"].endswith("/statistical-entity/E09")
    with (SCHEMAS / "currency.csv").open(newline="") as codelist:
        currencies = {row["Code"]: row["Title"] for row in csv.DictReader(codelist)}
    assert currencies["GBP"] == "Pound sterling"


def test_every_grant_is_in_pounds_sterling(package):
    assert {grant["currency"] for grant in package["grants"]} == {"GBP"}


@override_settings(GRANTS_360GIVING_PREFIX="360G-example")
def test_identifiers_follow_the_configured_prefix(round_2011):
    package = grants_package(funding_round=round_2011)
    assert [grant["id"] for grant in package["grants"]] == [
        "360G-example-CPEG-2011-BARNET-A",
        "360G-example-CPEG-2011-CROYDON-A",
    ]
    assert [grant["recipientOrganization"][0]["id"] for grant in package["grants"]] == [
        "360G-example-org-barnet",
        "360G-example-org-croydon",
    ]
    validate_360giving(package)


@override_settings(GRANTS_FUNDER_ID="GB-GOR-PB188", GRANTS_FUNDER_NAME="The Funder")
def test_the_funder_comes_from_the_settings(round_2011):
    package = grants_package(funding_round=round_2011)
    assert {json.dumps(g["fundingOrganization"]) for g in package["grants"]} == {
        json.dumps([{"id": "GB-GOR-PB188", "name": "The Funder"}])
    }


def test_the_recipient_identifier_is_the_same_in_every_round(round_2011):
    second = make_round(year_start=2012)
    make_award(
        funding_round=second,
        borough=borough("barnet"),
        reference="CPEG-2012-I01",
        amount="1000.00",
        awarded_on=datetime.date(2012, 5, 1),
        interim_reason="Awaiting the outline.",
    )
    package = grants_package()
    assert [
        (grant["id"], grant["recipientOrganization"][0]["id"], grant["grantProgramme"][0]["code"])
        for grant in package["grants"]
    ] == [
        ("360G-mpa-cpeg-CPEG-2011-BARNET-A", "360G-mpa-cpeg-org-barnet", "2011/12"),
        ("360G-mpa-cpeg-CPEG-2011-CROYDON-A", "360G-mpa-cpeg-org-croydon", "2011/12"),
        ("360G-mpa-cpeg-CPEG-2012-I01", "360G-mpa-cpeg-org-barnet", "2012/13"),
    ]
    validate_360giving(package)


@pytest.mark.parametrize(
    "amount", ["0.01", "0.10", "9625.13", "38500.50", "1320000.00", "9999999999.99"]
)
def test_amounts_are_json_numbers_with_exactly_the_awards_value(amount):
    written = json.dumps({"amountAwarded": json_number(Decimal(amount))})
    assert json.loads(written, parse_float=Decimal, parse_int=Decimal)["amountAwarded"] == Decimal(
        amount
    )


def test_the_written_file_holds_each_amount_to_the_penny(round_2011):
    Award.objects.filter(reference="CPEG-2011-BARNET-A").update(amount=Decimal("9625.13"))
    text = package_json(grants_package(funding_round=round_2011))
    assert '"amountAwarded": 9625.13,' in text
    amounts = [grant["amountAwarded"] for grant in json.loads(text, parse_float=Decimal)["grants"]]
    assert amounts == [Decimal("9625.13"), 5000]


def test_another_rounds_awards_are_left_out_of_a_rounds_package(round_2011):
    second = make_round(year_start=2012)
    make_award(
        funding_round=second,
        borough=borough("barnet"),
        reference="CPEG-2012-I01",
        amount="1000.00",
        awarded_on=datetime.date(2012, 5, 1),
        interim_reason="Awaiting the outline.",
    )
    assert [g["id"] for g in grants_package(funding_round=second)["grants"]] == [
        "360G-mpa-cpeg-CPEG-2012-I01"
    ]


# The download


def test_the_funding_manager_downloads_the_rounds_file(client, user_in_role, round_2011):
    client.force_login(user_in_role(Role.FUNDING_MANAGER))
    response = client.get(reverse("grants:export_360giving", kwargs={"year": 2011}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="cpeg-360giving-2011-12.json"'
    downloaded = json.loads(response.content)
    assert list(official_validator().iter_errors(downloaded)) == []
    assert [grant["id"] for grant in downloaded["grants"]] == [
        "360G-mpa-cpeg-CPEG-2011-BARNET-A",
        "360G-mpa-cpeg-CPEG-2011-CROYDON-A",
    ]


def test_the_url_is_where_the_brief_puts_it():
    assert reverse("grants:export_360giving", kwargs={"year": 2011}) == (
        "/funding/rounds/2011/exports/360giving.json"
    )


def test_a_round_without_awards_has_no_file_to_download(client, user_in_role):
    make_round(year_start=2012)
    client.force_login(user_in_role(Role.FUNDING_MANAGER))
    response = client.get(reverse("grants:export_360giving", kwargs={"year": 2012}))
    assert response.status_code == 404


def test_an_invalid_package_is_never_downloaded(client, user_in_role, round_2011, monkeypatch):
    from grants.exports import giving360

    real = giving360.grant_record
    monkeypatch.setattr(
        giving360, "grant_record", lambda award: {**real(award), "awardDate": "2011-13-45"}
    )
    client.raise_request_exception = True
    client.force_login(user_in_role(Role.FUNDING_MANAGER))
    with pytest.raises(InvalidPackage):
        client.get(reverse("grants:export_360giving", kwargs={"year": 2011}))

"""Awards as 360Giving data, checked against the official 360Giving Data Standard.

One grant per award (interim awards included), in a package ``{"grants": [...]}``:

- ``id``: the funder's 360Giving prefix (``settings.GRANTS_360GIVING_PREFIX``), a hyphen and
  the award's reference;
- ``amountAwarded`` (and ``amountAppliedFor`` when the award came from an application): JSON
  numbers with exactly the value of the ``Decimal`` held, in pounds (``currency`` GBP);
- ``recipientOrganization``: the borough's CPEG. Groups are unincorporated, with no charity
  or company number, so their identifier is made from the funder's prefix as the
  identifier guidance allows: ``<prefix>-org-<borough slug>``, stable from year to year;
- ``beneficiaryLocation``: the borough, by its GSS code with ``geoCodeType`` ``LONB``
  (London Boroughs, from the ``geoCodeType`` codelist), and ``locationScope`` GLS050
  (local authority);
- ``plannedDates``: the round's financial year, 1 April to 31 March, 12 months;
- ``grantProgramme``: the round, by its label (``2011/12``).

No ``classifications``: the portal holds no classification from a 360Giving vocabulary.

``validate_360giving`` checks a package against the package schema, with the grant schema
each grant refers to, and with formats checked (dates, date-times and URIs), as the
360Giving tools do; and checks ``geoCodeType`` and ``locationScope`` against their
codelists, which the schema leaves open.
"""

import csv
import functools
import json
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from grants.models import Award, FundingRound

if TYPE_CHECKING:  # jsonschema's format checkers take seconds to import: load them on first use
    from jsonschema import Draft202012Validator, ValidationError

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
PACKAGE_SCHEMA = SCHEMA_DIR / "360-giving-package-schema.json"
GRANT_SCHEMA = SCHEMA_DIR / "360-giving-schema.json"

CURRENCY = "GBP"
GEO_CODE_TYPE = "LONB"  # London Boroughs: an ONS administrative code, E09…
COUNTRY_CODE = "GB"
LOCATION_SCOPE = "GLS050"  # local authority
FORMATS_CHECKED = frozenset({"date", "date-time", "uri"})


class InvalidPackage(ValueError):
    """A package the 360Giving standard would reject; ``errors`` says where and why."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("; ".join(errors))


def _load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


@functools.cache
def package_validator() -> "Draft202012Validator":
    """The package schema, able to resolve the grant schema, with format checking on.

    The schemas declare ``http://json-schema.org/draft/2020-12/schema``, which the library
    does not recognise as draft 2020-12 (it knows the https address), so the draft is named
    here. The package schema refers to the grant schema by a different release's address
    than the grant schema's own ``$id``; the registry answers to both.
    """
    from jsonschema import Draft202012Validator
    from referencing import Registry
    from referencing.jsonschema import DRAFT202012

    package_schema = _load(PACKAGE_SCHEMA)
    grant_schema = _load(GRANT_SCHEMA)
    grant_resource = DRAFT202012.create_resource(grant_schema)
    addresses = {grant_schema["$id"], package_schema["properties"]["grants"]["items"]["$ref"]}
    registry: Registry = Registry().with_resources(
        (address, grant_resource) for address in sorted(addresses)
    )
    format_checker = Draft202012Validator.FORMAT_CHECKER
    missing = FORMATS_CHECKED - set(format_checker.checkers)
    if missing:
        # jsonschema skips a format whose checking library is not installed, silently.
        raise ImproperlyConfigured(
            f"jsonschema cannot check the formats {', '.join(sorted(missing))}: "
            "install the requirements (jsonschema[format-nongpl])"
        )
    return Draft202012Validator(package_schema, registry=registry, format_checker=format_checker)


@functools.cache
def codelist(name: str) -> frozenset[str]:
    """The codes in one of the standard's codelists (``geoCodeType.csv``, …)."""
    with (SCHEMA_DIR / name).open(encoding="utf-8", newline="") as codes:
        return frozenset(row["Code"] for row in csv.DictReader(codes))


def _where(path: Any) -> str:
    where = "package"
    for part in path:
        where += f"[{part}]" if isinstance(part, int) else f".{part}"
    return where


def _message(error: "ValidationError") -> str:
    """The library's message, made readable: a codelist is named rather than listed in full,
    and a value that fits none of a field's forms is followed by what the field expects."""
    schema = error.schema if isinstance(error.schema, dict) else {}
    if error.validator == "enum":
        message = f"{error.instance!r} is not in the {schema.get('codelist', 'allowed values')}"
    elif error.validator == "oneOf" and "description" in schema:
        message = f"{error.message}. {schema['description']}"
    else:
        message = error.message
    return f"{_where(error.absolute_path)}: {message}"


def _codelist_errors(package: dict[str, Any]) -> list[str]:
    """Codes the schema leaves open but the standard takes from a codelist."""
    errors = []
    grants = package.get("grants")
    for index, grant in enumerate(grants if isinstance(grants, list) else []):
        if not isinstance(grant, dict):
            continue
        scope = grant.get("locationScope")
        if scope is not None and scope not in codelist("locationScope.csv"):
            errors.append(
                f"package.grants[{index}].locationScope: {scope!r} is not in the "
                "locationScope codelist"
            )
        locations = grant.get("beneficiaryLocation")
        for place, location in enumerate(locations if isinstance(locations, list) else []):
            code_type = location.get("geoCodeType") if isinstance(location, dict) else None
            if code_type is not None and code_type not in codelist("geoCodeType.csv"):
                errors.append(
                    f"package.grants[{index}].beneficiaryLocation[{place}].geoCodeType: "
                    f"{code_type!r} is not in the geoCodeType codelist"
                )
    return errors


def validate_360giving(package: dict[str, Any]) -> None:
    """Raise ``InvalidPackage`` unless the package is valid 360Giving data."""
    errors = [_message(error) for error in package_validator().iter_errors(package)]
    errors += _codelist_errors(package)
    if errors:
        raise InvalidPackage(sorted(errors))


def json_number(amount: Decimal) -> int | float:
    """A JSON number with exactly the amount's value.

    Whole pounds become an integer. Otherwise the float whose shortest form is the amount's
    digits: true for every sum a money field can hold (at most 12 significant digits, well
    within a float's 15), and checked, so a value that could not be written exactly stops
    the export rather than being rounded.
    """
    if amount == amount.to_integral_value():
        return int(amount)
    number = float(amount)
    if Decimal(repr(number)) != amount:
        raise ValueError(f"£{amount} cannot be written exactly as a JSON number")
    return number


def recipient_id(award: Award) -> str:
    return f"{settings.GRANTS_360GIVING_PREFIX}-org-{award.cpeg.borough.slug}"


def grant_record(award: Award) -> dict[str, Any]:
    """One award as a 360Giving grant. Needs the award's round, group, borough and decision
    with its application loaded (``awards_for_360giving`` does that)."""
    year = award.funding_round.year
    cpeg = award.cpeg
    borough = cpeg.borough
    if award.is_interim:
        title = f"Interim funding for {cpeg.name}, {year.label}"
        description = (
            f"Interim funding for {cpeg.name} in {year.label}, given while the group had no "
            f"agreed work plan, so that community and police engagement in {borough.name} "
            "could continue."
        )
    else:
        title = f"{cpeg.name}, {year.label}"
        description = (
            f"Funding for {cpeg.name} to carry out its {year.label} work plan of community and "
            f"police engagement in {borough.name}: public meetings and engagement events, work "
            "with local partners and reaching the borough's communities."
        )
    grant: dict[str, Any] = {
        "id": f"{settings.GRANTS_360GIVING_PREFIX}-{award.reference}",
        "title": title,
        "description": description,
        "currency": CURRENCY,
        "amountAwarded": json_number(award.amount),
        "awardDate": award.awarded_on.isoformat(),
        "plannedDates": [
            {
                "startDate": year.start.isoformat(),
                "endDate": year.end.isoformat(),
                "duration": 12,
            }
        ],
        "recipientOrganization": [{"id": recipient_id(award), "name": cpeg.name}],
        "fundingOrganization": [
            {"id": settings.GRANTS_FUNDER_ID, "name": settings.GRANTS_FUNDER_NAME}
        ],
        "beneficiaryLocation": [
            {
                "name": borough.name,
                "geoCode": borough.gss_code,
                "geoCodeType": GEO_CODE_TYPE,
                "countryCode": COUNTRY_CODE,
            }
        ],
        "locationScope": LOCATION_SCOPE,
        "grantProgramme": [
            {
                "code": year.label,
                "title": f"Community and Police Engagement Group funding {year.label}",
            }
        ],
    }
    requested = award.decision.application.requested_amount if award.decision else None
    if requested is not None:
        grant["amountAppliedFor"] = json_number(requested)
    return grant


def awards_for_360giving(*, funding_round: FundingRound | None = None):
    """The awards of one round, or of every round, in one query."""
    awards = Award.objects.select_related(
        "funding_round", "cpeg__borough", "decision__application"
    ).order_by("funding_round__year_start", "cpeg__borough__name", "awarded_on", "reference")
    if funding_round is not None:
        awards = awards.filter(funding_round=funding_round)
    return awards


def grants_package(*, funding_round: FundingRound | None = None) -> dict[str, Any]:
    """The awards of one round (or every round) as a 360Giving package. Not yet validated:
    call ``validate_360giving`` before anyone gets it."""
    return {
        "grants": [
            grant_record(award) for award in awards_for_360giving(funding_round=funding_round)
        ]
    }


def package_json(package: dict[str, Any]) -> str:
    return json.dumps(package, indent=2, ensure_ascii=False) + "\n"


def filename(funding_round: FundingRound | None) -> str:
    if funding_round is None:
        return "cpeg-360giving.json"
    return f"cpeg-360giving-{funding_round.label.replace('/', '-')}.json"

"""Write a funding round's awards (the latest round with awards unless told) as a 360Giving
JSON file, checked against the standard."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cpeg_portal.fiscal import FinancialYear
from grants.exports.giving360 import (
    InvalidPackage,
    grants_package,
    package_json,
    validate_360giving,
)
from grants.models import FundingRound


class Command(BaseCommand):
    help = (
        "Write awards as 360Giving data (a JSON package of grants). The file is checked "
        "against the 360Giving schema first, and is not written if it is not valid."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="The JSON file to write")
        which = parser.add_mutually_exclusive_group()
        which.add_argument(
            "--round",
            dest="round_label",
            metavar="ROUND",
            help="The funding round, e.g. 2011/12; when left out, the latest round with awards",
        )
        which.add_argument(
            "--all-rounds",
            action="store_true",
            help="Every round's awards in one file",
        )

    def handle(
        self, *args, output: str, round_label: str | None, all_rounds: bool, **options
    ) -> None:
        funding_round = None if all_rounds else _funding_round(round_label)
        scope = f"funding round {funding_round.label}" if funding_round else "all funding rounds"
        package = grants_package(funding_round=funding_round)
        if not package["grants"]:
            where = scope if funding_round else "any funding round"
            raise CommandError(
                f"No awards in {where}, so nothing to publish: a 360Giving file holds at least "
                f"one grant. {output} was not written."
            )
        try:
            validate_360giving(package)
        except InvalidPackage as invalid:
            problems = "\n".join(f"  {error}" for error in invalid.errors)
            raise CommandError(
                f"The 360Giving data for {scope} is not valid, so {output} was not "
                f"written:\n{problems}"
            ) from None
        Path(output).write_text(package_json(package), encoding="utf-8")
        count = len(package["grants"])
        self.stdout.write(
            f"Wrote {count} grant{'' if count == 1 else 's'} from {scope} to {output}, "
            "valid against the 360Giving schema."
        )


def _funding_round(label: str | None) -> FundingRound | None:
    """The round named, or the latest round with awards (None when no round has any: the
    export then says there is nothing to publish)."""
    if label is None:
        return FundingRound.objects.filter(awards__isnull=False).order_by("-year_start").first()
    try:
        year = FinancialYear.parse(label)
    except ValueError as error:
        raise CommandError(str(error)) from None
    funding_round = FundingRound.objects.filter(year_start=year.start_year).first()
    if funding_round is None:
        raise CommandError(f"No funding round {year.label}")
    return funding_round

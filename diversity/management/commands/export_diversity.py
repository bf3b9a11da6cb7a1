"""Write a year's London-wide diversity counts as CSV: `characteristic,category,count`."""

from django.core.management.base import BaseCommand, CommandError

from cpeg_portal import writers
from cpeg_portal.fiscal import FinancialYear
from diversity import exports
from diversity.aggregates import london_totals
from diversity.published import published_year


class Command(BaseCommand):
    help = (
        "Export a round's London-wide diversity counts as CSV. With --published, every count "
        "goes through disclosure control, as the committee sees it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--round", required=True, help="The financial year, e.g. 2011/12")
        parser.add_argument("--output", required=True, help="The CSV file to write")
        parser.add_argument(
            "--published",
            action="store_true",
            help="Apply disclosure control (small counts hidden); without it, the full counts",
        )

    def handle(self, *args, round: str, output: str, published: bool, **options) -> None:
        try:
            year = FinancialYear.parse(round)
        except ValueError as error:
            raise CommandError(str(error)) from None
        if published:
            figures = published_year(year_start=year.start_year)
            table = exports.published_table(figures)
            groups = figures.groups_returned
        else:
            totals = london_totals(year_start=year.start_year)
            table = exports.full_counts_table(totals)
            groups = totals.groups_returned
        if not groups:
            raise CommandError(f"No group has a submitted or accepted return for {year}.")
        with open(output, "w", newline="", encoding="utf-8") as file:
            file.write(writers.to_csv(table))
        kind = "published (suppressed)" if published else "full, unsuppressed"
        self.stdout.write(
            f"Wrote {len(table.rows)} rows of {kind} figures for {year} from {groups} groups "
            f"to {output}"
        )

"""Write a year's London-wide diversity counts as CSV: `characteristic,category,count`. The
year is the latest with a submitted or accepted return unless told."""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Max

from cpeg_portal import writers
from cpeg_portal.fiscal import FinancialYear
from diversity import exports
from diversity.aggregates import london_totals
from diversity.models import DiversityReturn
from diversity.published import published_year
from diversity.selectors import COUNTED_STATUSES


class Command(BaseCommand):
    help = (
        "Export a round's London-wide diversity counts as CSV. With --published, every count "
        "goes through disclosure control, as the committee sees it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--round",
            help="The financial year, e.g. 2011/12; when left out, the latest year with a "
            "submitted or accepted return",
        )
        parser.add_argument("--output", required=True, help="The CSV file to write")
        parser.add_argument(
            "--published",
            action="store_true",
            help="Apply disclosure control (small counts hidden); without it, the full counts",
        )

    def handle(self, *args, round: str | None, output: str, published: bool, **options) -> None:
        year = _year(round)
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
            f"Wrote {len(table.rows)} rows of {kind} figures for {year} from {groups} "
            f"group{'' if groups == 1 else 's'} to {output}"
        )


def _year(label: str | None) -> FinancialYear:
    if label is None:
        latest = DiversityReturn.objects.filter(status__in=COUNTED_STATUSES).aggregate(
            latest=Max("year_start")
        )["latest"]
        if latest is None:
            raise CommandError("No group has a submitted or accepted return for any year.")
        return FinancialYear(latest)
    try:
        return FinancialYear.parse(label)
    except ValueError as error:
        raise CommandError(str(error)) from None

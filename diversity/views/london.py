"""London-wide diversity for officers: the unsuppressed tables and charts for a year, and
their downloads. Link officers and the funding manager only (the published, suppressed
figures for the committee are another page)."""

from django.http import Http404
from django.views.generic import TemplateView, View

from cpeg_portal import writers
from cpeg_portal.access import PermissionRequiredMixin
from cpeg_portal.fiscal import FinancialYear
from diversity import aggregates, charts, exports
from diversity.permissions import can_view_london_diversity

#: The years a URL may name: anything else is a mistyped address.
EARLIEST_YEAR, LATEST_YEAR = 2000, 2099


class LondonDiversityMixin(PermissionRequiredMixin):
    """Signed-in link officers and the funding manager; anyone else signed in gets 403."""

    permission = staticmethod(can_view_london_diversity)


class LondonYearMixin(LondonDiversityMixin):
    """A financial year named in the URL by the year it starts in (2011 for 2011/12)."""

    @property
    def year_start(self) -> int:
        # Read in the handler, after the sign-in and permission checks.
        year_start = int(self.kwargs["year_start"])
        if not EARLIEST_YEAR <= year_start <= LATEST_YEAR:
            raise Http404("No financial year here")
        return year_start

    @property
    def financial_year(self) -> FinancialYear:
        return FinancialYear(self.year_start)

    def filename(self, extension: str) -> str:
        return f"london-diversity-{exports.year_slug(self.year_start)}.{extension}"


class LondonIndexView(LondonDiversityMixin, TemplateView):
    template_name = "diversity/london_index.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(years=aggregates.years_with_returns(), **kwargs)


class LondonYearView(LondonYearMixin, TemplateView):
    template_name = "diversity/london_year.html"

    def get_context_data(self, **kwargs):
        london = aggregates.london_year(year_start=self.year_start)
        return super().get_context_data(
            london=london,
            financial_year=self.financial_year,
            previous_year=FinancialYear(self.year_start - 1),
            london_area_code=aggregates.LONDON_AREA_CODE,
            under_35_chart=charts.under_35_chart(london.year_on_year, chart_id="under-35-chart"),
            population_comparisons=[
                (
                    comparison,
                    charts.ethnicity_chart(comparison, chart_id=f"ethnicity-chart-{index}")
                    if comparison.loaded
                    else None,
                )
                for index, comparison in enumerate(london.benchmarks, start=1)
            ],
            **kwargs,
        )


class LondonCsvView(LondonYearMixin, View):
    """The unsuppressed London-wide table as CSV: characteristic, heading, category, count,
    percentage (of all members, to one decimal place; empty when nobody has returned)."""

    def get(self, request, *args, **kwargs):
        return writers.attachment(
            writers.to_csv(exports.london_table(year_start=self.year_start)),
            content_type=writers.CSV_CONTENT_TYPE,
            filename=self.filename("csv"),
        )


class LondonXlsxView(LondonYearMixin, View):
    """The same table as an Excel workbook, with numbers stored as numbers."""

    def get(self, request, *args, **kwargs):
        return writers.attachment(
            writers.to_xlsx(exports.london_table(year_start=self.year_start)),
            content_type=writers.XLSX_CONTENT_TYPE,
            filename=self.filename("xlsx"),
        )

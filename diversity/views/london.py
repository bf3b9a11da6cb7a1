"""London-wide diversity for officers: the unsuppressed tables and charts for a year, and
their downloads. Link officers and the funding manager only (the published, suppressed
figures for the committee are another page)."""

import csv
import io

from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.http import Http404, HttpResponse
from django.views.generic import TemplateView, View
from openpyxl import Workbook
from openpyxl.styles import Font

from cpeg_portal.fiscal import FinancialYear
from diversity import aggregates, charts
from diversity.permissions import can_view_london_diversity

#: The years a URL may name: anything else is a mistyped address.
EARLIEST_YEAR, LATEST_YEAR = 2000, 2099

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: A spreadsheet program runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class LondonDiversityMixin(LoginRequiredMixin, UserPassesTestMixin):
    """Signed-in link officers and the funding manager; anyone else signed in gets 403."""

    def test_func(self) -> bool:
        return can_view_london_diversity(self.request.user)


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
        return f"london-diversity-{self.financial_year.label.replace('/', '-')}.{extension}"


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


def _cell(value):
    """A value safe to open in a spreadsheet: text that looks like a formula is quoted."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value


class LondonCsvView(LondonYearMixin, View):
    """The unsuppressed London-wide table as CSV: characteristic, heading, category, count,
    percentage (of all members, to one decimal place; empty when nobody has returned)."""

    def get(self, request, *args, **kwargs):
        totals = aggregates.london_totals(year_start=self.year_start)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.filename("csv")}"'
        writer = csv.writer(response)
        writer.writerow(aggregates.EXPORT_COLUMNS)
        for row in totals.export_rows():
            writer.writerow(
                [
                    _cell(row.characteristic),
                    _cell(row.heading),
                    _cell(row.category),
                    row.count,
                    "" if row.percentage is None else row.percentage,
                ]
            )
        return response


class LondonXlsxView(LondonYearMixin, View):
    """The same table as an Excel workbook, with numbers stored as numbers."""

    def get(self, request, *args, **kwargs):
        totals = aggregates.london_totals(year_start=self.year_start)
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = f"London {self.financial_year.label.replace('/', '-')}"
        sheet.append(list(aggregates.EXPORT_COLUMNS))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in totals.export_rows():
            sheet.append(
                [
                    _cell(row.characteristic),
                    _cell(row.heading),
                    _cell(row.category),
                    row.count,
                    row.percentage,
                ]
            )
            sheet.cell(row=sheet.max_row, column=5).number_format = "0.0"
        sheet.freeze_panes = "A2"
        for column, width in zip("ABCDE", (20, 38, 46, 10, 12), strict=True):
            sheet.column_dimensions[column].width = width
        content = io.BytesIO()
        workbook.save(content)
        response = HttpResponse(content.getvalue(), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{self.filename("xlsx")}"'
        return response

"""The published diversity figures: what committee members see, after disclosure control."""

import csv

from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.http import Http404, HttpResponse
from django.views.generic import TemplateView, View

from cpeg_portal.fiscal import FinancialYear
from diversity import disclosure
from diversity.permissions import can_view_published_diversity
from diversity.published import published_csv_rows, published_year


class PublishedMixin(LoginRequiredMixin, UserPassesTestMixin):
    def test_func(self) -> bool:
        return can_view_published_diversity(self.request.user)

    def published(self):
        figures = published_year(year_start=self.kwargs["year_start"])
        if not figures.groups_returned:
            raise Http404("No published figures for that year")
        return figures


class PublishedYearView(PublishedMixin, TemplateView):
    template_name = "diversity/published_year.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            published=self.published(),
            financial_year=FinancialYear(self.kwargs["year_start"]),
            secondary_meaning=disclosure.SECONDARY_LABEL_MEANING,
            secondary_label=disclosure.SECONDARY_LABEL,
            **kwargs,
        )


class PublishedCsvView(PublishedMixin, View):
    def get(self, request, *args, **kwargs):
        rows = published_csv_rows(self.published())
        year = FinancialYear(kwargs["year_start"])
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        filename = f"cpeg-diversity-{year.label.replace('/', '-')}-published.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        writer = csv.writer(response)
        writer.writerow(["characteristic", "category", "count"])
        writer.writerows(rows)
        return response

"""The published diversity figures: what committee members see, after disclosure control."""

from django.http import Http404
from django.views.generic import TemplateView, View

from cpeg_portal import writers
from cpeg_portal.access import PermissionRequiredMixin
from cpeg_portal.fiscal import FinancialYear
from diversity import disclosure, exports
from diversity.permissions import can_view_published_diversity
from diversity.published import published_year


class PublishedMixin(PermissionRequiredMixin):
    permission = staticmethod(can_view_published_diversity)

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
        year_slug = exports.year_slug(kwargs["year_start"])
        return writers.attachment(
            writers.to_csv(exports.published_table(self.published())),
            content_type=writers.CSV_CONTENT_TYPE,
            filename=f"cpeg-diversity-{year_slug}-published.csv",
        )

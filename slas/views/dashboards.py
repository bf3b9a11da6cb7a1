"""The round's dashboards and its download.

- ``dashboard``: link officers and the funding manager. The grid of 32 boroughs by four
  quarters (each return's state, time state and overall rating, with a link), the grids of
  ratings per objective, the groups without an agreed work plan and the London-wide totals.
- ``committee_grid``: committee members (and staff). Accepted ratings and London-wide counts
  only: never a return, a link to one, its narrative, evidence or a group's spend.
- ``export``: the round's returns as CSV or Excel, for staff.

A role that may not use a page gets 403; a round that does not exist (or has no returns, for
the grids), or a format other than csv or xlsx, 404.
"""

from collections.abc import Callable

from django.http import Http404
from django.views.generic import TemplateView, View

from cpeg_portal import writers
from cpeg_portal.access import PermissionRequiredMixin
from cpeg_portal.writers import attachment
from grants.models import FundingRound
from slas.exports import ReturnsTable, returns_table
from slas.permissions import (
    can_export_returns,
    can_view_committee_grid,
    can_view_returns_dashboard,
)
from slas.selectors.dashboards import (
    choose_round,
    round_dashboard,
    rounds_with_returns,
)

FORMATS: dict[str, tuple[Callable[[ReturnsTable], str | bytes], str]] = {
    "csv": (writers.to_csv, writers.CSV_CONTENT_TYPE),
    "xlsx": (writers.to_xlsx, writers.XLSX_CONTENT_TYPE),
}


class RoundGridView(PermissionRequiredMixin, TemplateView):
    """A round's grid, the round chosen with ``?round=2011`` (by default the newest round
    with returns)."""

    committee = False

    def get_context_data(self, **kwargs):
        rounds = rounds_with_returns()
        asked = self.request.GET.get("round", "").strip()
        if asked and not asked.isdecimal():
            raise Http404("Choose a round by its first year, like 2011")
        funding_round = choose_round(rounds, int(asked) if asked else None)
        if asked and funding_round is None:
            raise Http404("No round with returns for that year")
        dashboard = (
            round_dashboard(funding_round=funding_round, rounds=rounds, committee=self.committee)
            if funding_round is not None
            else None
        )
        return super().get_context_data(
            dashboard=dashboard,
            funding_round=funding_round,
            rounds=rounds,
            **kwargs,
        )


class DashboardView(RoundGridView):
    permission = staticmethod(can_view_returns_dashboard)
    template_name = "slas/dashboards/dashboard.html"


class CommitteeGridView(RoundGridView):
    permission = staticmethod(can_view_committee_grid)
    template_name = "slas/dashboards/committee_grid.html"
    committee = True


class ExportView(PermissionRequiredMixin, View):
    """The round's returns (``year``) as CSV or Excel (``fmt``)."""

    permission = staticmethod(can_export_returns)

    def get(self, request, *args, **kwargs):
        if kwargs["fmt"] not in FORMATS:
            raise Http404("We export as csv or xlsx only")
        funding_round = FundingRound.objects.filter(year_start=kwargs["year"]).first()
        if funding_round is None:
            raise Http404("No round for that year")
        write, content_type = FORMATS[kwargs["fmt"]]
        table = returns_table(funding_round=funding_round)
        return attachment(
            write(table), content_type=content_type, filename=table.filename(kwargs["fmt"])
        )

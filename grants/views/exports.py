"""A round's exports: the page listing them, the CSV and Excel downloads of applications and
awards for MPA staff, and the 360Giving file the funding manager publishes.

Signed in but neither a link officer nor the funding manager: 403, as for the London-wide
diversity downloads (these are pages for a role, not objects some users may see). A round
that does not exist, or a format other than csv or xlsx: 404.
"""

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest
from django.views.generic import TemplateView, View

from accounts.models import User
from cpeg_portal import writers
from cpeg_portal.writers import attachment
from grants.exports import giving360
from grants.exports.tables import TABLES, Table
from grants.models import Application, Award
from grants.permissions import can_export_360giving, can_export_grants
from grants.views.mixins import RoundPageMixin

FORMATS: dict[str, tuple[Callable[[Table], str | bytes], str]] = {
    "csv": (writers.to_csv, writers.CSV_CONTENT_TYPE),
    "xlsx": (writers.to_xlsx, writers.XLSX_CONTENT_TYPE),
}


class RoundExportMixin(RoundPageMixin):
    """Link officers and the funding manager (``may_export``); the round named by its first
    year (2011)."""

    request: HttpRequest
    kwargs: dict[str, Any]
    refused = "Only link officers and the funding manager download the round's files"
    role_first = True
    may_export: Callable[[User], bool] = staticmethod(can_export_grants)

    def may_use(self, user: User) -> bool:
        return self.may_export(user)

    def user_may(self, permission: Callable[[User], bool]) -> bool:
        user = self.request.user
        return isinstance(user, User) and permission(user)


class ExportsView(RoundExportMixin, TemplateView):
    """What can be downloaded for the round, and what each file holds."""

    template_name = "grants/exports/exports.html"

    def get_context_data(self, **kwargs):
        funding_round = self.funding_round
        return super().get_context_data(
            # The same applications the export holds: those submitted at least once.
            application_count=Application.objects.filter(
                funding_round=funding_round, submitted_version__gt=0
            ).count(),
            award_count=Award.objects.filter(funding_round=funding_round).count(),
            may_publish_360giving=self.user_may(can_export_360giving),
            **kwargs,
        )


class TableExportView(RoundExportMixin, View):
    """Applications or awards (``table``) as CSV or Excel (``fmt`` in the URL)."""

    table = ""

    def get(self, request, *args, **kwargs):
        if kwargs["fmt"] not in FORMATS:
            raise Http404("We export as csv or xlsx only")
        write, content_type = FORMATS[kwargs["fmt"]]
        table = TABLES[self.table](funding_round=self.funding_round)
        return attachment(
            write(table), content_type=content_type, filename=table.filename(kwargs["fmt"])
        )


class Giving360ExportView(RoundExportMixin, View):
    """The round's awards as 360Giving JSON, for the funding manager to publish. Checked
    against the 360Giving schema first: an invalid file is never handed out."""

    may_export = staticmethod(can_export_360giving)

    def get(self, request, *args, **kwargs):
        funding_round = self.funding_round
        package = giving360.grants_package(funding_round=funding_round)
        if not package["grants"]:
            raise Http404("No awards in this round to publish yet")
        # Raises InvalidPackage (a server error, logged) rather than serve invalid data.
        giving360.validate_360giving(package)
        return attachment(
            giving360.package_json(package),
            content_type="application/json; charset=utf-8",
            filename=giving360.filename(funding_round),
        )

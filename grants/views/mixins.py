"""What every page of one funding round shares: the round named by its first year in the URL
(``/funding/2011/...``), and for a borough's page, the borough named by its slug."""

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.models import User
from boroughs.mixins import GroupPageMixin
from grants.models import FundingRound
from grants.permissions import can_view_group_round, can_view_round


class RoundPageMixin(LoginRequiredMixin):
    """A page of one round: 404 for a round the user may not see (exactly as if it did not
    exist); 403 for a user whose role may not use the page (``may_use``)."""

    #: Said with the 403 when ``may_use`` refuses.
    refused = "You cannot use this page"
    #: Ask ``may_use`` before the round is looked up (403 before 404), for pages of a role
    #: (the exports), so that guessing years teaches nothing.
    role_first = False

    def may_use(self, user: User) -> bool:
        """Who may use the page, beyond seeing the round: by default everyone who may."""
        return True

    def load_round(self, year: int) -> FundingRound | None:
        return FundingRound.objects.filter(year_start=year).first()

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if self.role_first and not self.may_use(request.user):
            raise PermissionDenied(self.refused)
        self.funding_round = self.load_round(kwargs["year"])
        if self.funding_round is None or not can_view_round(request.user, self.funding_round):
            raise Http404("No round here that you may see")
        if not self.may_use(request.user):
            raise PermissionDenied(self.refused)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(funding_round=self.funding_round, **kwargs)  # type: ignore[misc]


class GroupRoundPageMixin(GroupPageMixin, RoundPageMixin):
    """A borough's page of one round: also 404 for a borough whose group the user may not see
    (checked before the round)."""

    may_see_group = staticmethod(can_view_group_round)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(borough=self.borough, cpeg=self.borough.cpeg, **kwargs)

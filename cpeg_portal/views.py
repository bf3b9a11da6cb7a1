"""Pages that belong to the portal as a whole: home, health check, statements, errors."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from accounts.models import Role
from boroughs.selectors import borough_visible_list
from cpeg_portal import next_steps
from diversity.aggregates import years_with_returns
from grants.selectors.overview import current_round, opened_round


class HomeView(LoginRequiredMixin, TemplateView):
    """Each role lands on a page made for it."""

    templates = {
        Role.SECRETARY: "home/borough_user.html",
        Role.CHAIR: "home/borough_user.html",
        Role.POLICE_PARTNER: "home/borough_user.html",
        Role.COUNCIL_PARTNER: "home/borough_user.html",
        Role.LINK_OFFICER: "home/officer.html",
        Role.FUNDING_MANAGER: "home/officer.html",
        Role.COMMITTEE_MEMBER: "home/committee.html",
    }

    def get_template_names(self) -> list[str]:
        return [self.templates[self.request.user.role]]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        officer = user.role in (Role.LINK_OFFICER, Role.FUNDING_MANAGER)
        # Officers see the work in the newest round that has been opened: next year's round,
        # while the manager sets it up, must not hide the work waiting in this year's.
        funding_round = opened_round() if officer else current_round(user=user)
        context["funding_round"] = funding_round
        if officer:
            boroughs = list(borough_visible_list(user=user))
            if user.role == Role.LINK_OFFICER:
                boroughs = [borough for borough in boroughs if borough.assigned_to_user]
            context["boroughs"] = boroughs
            context["overview"] = next_steps.officer_overview(
                user=user, boroughs=boroughs, funding_round=funding_round
            )
        if user.role == Role.COMMITTEE_MEMBER:
            context["diversity_years"] = years_with_returns()
            context["reading"] = next_steps.committee_reading(funding_round=funding_round)
        if user.is_borough_user:
            position = next_steps.group_position(cpeg=user.cpeg, funding_round=funding_round)
            context["position"] = position
            context["steps"] = [
                step
                for step in (
                    next_steps.funding_step(user, position),
                    next_steps.earlier_return_step(user, position),
                    next_steps.diversity_step(user, position),
                )
                if step is not None
            ]
        return context


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers; 503 when it does not. No login: for load balancers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any database failure means "not healthy"
        return JsonResponse({"status": "unavailable", "database": type(error).__name__}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})

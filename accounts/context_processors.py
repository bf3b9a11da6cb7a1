"""The role-aware navigation shown in every page's header."""

from typing import TypedDict

from django.http import HttpRequest
from django.urls import reverse

from accounts.models import Role
from boroughs.permissions import can_list_boroughs
from diversity.permissions import can_view_london_diversity
from slas.permissions import can_view_committee_grid, can_view_returns_dashboard


def funding_url(user) -> str:
    """Borough users go to their group's page in the current round; others to the rounds."""
    from grants.selectors.overview import current_round

    if user.is_borough_user and user.cpeg is not None:
        funding_round = current_round(user=user)
        if funding_round is None:
            return ""
        return reverse(
            "grants:group_round",
            kwargs={"year": funding_round.year_start, "slug": user.cpeg.borough.slug},
        )
    if user.role in (Role.LINK_OFFICER, Role.FUNDING_MANAGER, Role.COMMITTEE_MEMBER):
        return reverse("grants:round_list")
    return ""


class NavigationItem(TypedDict):
    label: str
    url: str
    active: bool


def navigation(request: HttpRequest) -> dict[str, list[NavigationItem]]:
    user = request.user
    if not user.is_authenticated:
        return {"navigation": []}
    items = [("Home", reverse("home"))]
    if user.is_borough_user and user.cpeg is not None:
        items.append(("Your group", user.cpeg.borough.get_absolute_url()))
    elif can_list_boroughs(user):
        items.append(("Boroughs", reverse("boroughs:list")))
    funding = funding_url(user)
    if funding:
        items.append(("Funding", funding))
    if can_view_returns_dashboard(user):
        items.append(("Returns", reverse("slas:dashboard")))
    elif can_view_committee_grid(user):
        items.append(("Performance", reverse("slas:committee_grid")))
    if can_view_london_diversity(user):
        items.append(("Diversity", reverse("diversity:london_index")))
    if user.role == Role.FUNDING_MANAGER:
        items.append(("Administration", reverse("admin:index")))
    items.append(("Your account", reverse("account")))
    path = request.path
    return {
        "navigation": [
            NavigationItem(
                label=label,
                url=url,
                active=path == url if url == "/" else path.startswith(url),
            )
            for label, url in items
        ]
    }

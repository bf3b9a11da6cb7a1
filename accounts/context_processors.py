"""The role-aware navigation shown in every page's header."""

from typing import TypedDict

from django.http import HttpRequest
from django.urls import reverse

from accounts.models import Role
from boroughs.permissions import can_list_boroughs
from diversity.permissions import can_view_london_diversity


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

"""Reads of boroughs and their groups, shaped for the pages that show them."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from accounts.models import BOROUGH_ROLES, User
from boroughs.models import Borough
from boroughs.permissions import LONDON_WIDE_ROLES


def borough_visible_list(*, user: User) -> QuerySet[Borough]:
    """The boroughs this user may open, with their group, people and link officers counted."""
    boroughs = Borough.objects.select_related("cpeg").annotate(
        member_count=Count(
            "cpeg__members",
            filter=Q(cpeg__members__is_active=True, cpeg__members__role__in=BOROUGH_ROLES),
            distinct=True,
        ),
        link_officer_count=Count("link_officers", distinct=True),
        assigned_to_user=Exists(
            User.assigned_boroughs.through.objects.filter(
                borough_id=OuterRef("pk"), user_id=user.pk
            )
        ),
    )
    if user.role in LONDON_WIDE_ROLES:
        return boroughs
    if user.is_borough_user and user.cpeg_id is not None:
        return boroughs.filter(cpeg__id=user.cpeg_id)
    return boroughs.none()


def borough_detail(*, slug: str) -> Borough | None:
    """One borough with its group's active people and its link officers."""
    people = User.objects.filter(is_active=True, role__in=BOROUGH_ROLES).order_by(
        "role", "last_name"
    )
    officers = User.objects.filter(is_active=True).order_by("last_name")
    return (
        Borough.objects.select_related("cpeg")
        .prefetch_related(
            Prefetch("cpeg__members", queryset=people, to_attr="active_members"),
            Prefetch("link_officers", queryset=officers, to_attr="active_link_officers"),
        )
        .filter(slug=slug)
        .first()
    )

"""The one mixin for a page of one borough's group, the borough named by its slug."""

from collections.abc import Callable

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import User
from boroughs.models import Borough, Cpeg


class GroupPageMixin(LoginRequiredMixin):
    """Loads the borough in the URL (``slug``) with its group; 404, exactly as if it did not
    exist, for a user whom ``may_see_group(user, cpeg)`` refuses. Set
    ``may_see_group = staticmethod(can_view_thing)``."""

    may_see_group: Callable[[User, Cpeg], bool]
    borough: Borough

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.borough = get_object_or_404(
            Borough.objects.select_related("cpeg"), slug=kwargs["slug"]
        )
        if not type(self).may_see_group(request.user, self.borough.cpeg):
            raise Http404("No group here that you may see")
        return super().dispatch(request, *args, **kwargs)

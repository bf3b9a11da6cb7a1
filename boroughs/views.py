"""Borough pages: the list of boroughs a user may open, and one borough's group."""

from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.http import Http404
from django.views.generic import TemplateView

from boroughs import selectors
from boroughs.permissions import can_list_boroughs, can_view_borough


class BoroughListView(LoginRequiredMixin, UserPassesTestMixin, TemplateView):
    template_name = "boroughs/borough_list.html"

    def test_func(self) -> bool:
        return can_list_boroughs(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            boroughs=selectors.borough_visible_list(user=self.request.user), **kwargs
        )


class BoroughDetailView(LoginRequiredMixin, TemplateView):
    template_name = "boroughs/borough_detail.html"

    def get_context_data(self, **kwargs):
        borough = selectors.borough_detail(slug=kwargs["slug"])
        if borough is None or not can_view_borough(self.request.user, borough):
            raise Http404("No borough here that you may see")
        return super().get_context_data(borough=borough, **kwargs)

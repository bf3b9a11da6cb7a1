"""URLs for the dashboards: the staff grid, the committee's grid, and the round's download."""

from django.urls import path

from slas.views import dashboards

urlpatterns = [
    path("dashboard/", dashboards.DashboardView.as_view(), name="dashboard"),
    path("committee/", dashboards.CommitteeGridView.as_view(), name="committee_grid"),
    path("dashboard/<int:year>/returns.<str:fmt>", dashboards.ExportView.as_view(), name="export"),
]

"""URLs for instalments: the round's instalments, and the funding manager's release of one."""

from django.urls import path

from slas.views import instalments as views

urlpatterns = [
    path("instalments/", views.InstalmentListView.as_view(), name="instalments"),
    path(
        "instalments/<int:pk>/release/",
        views.InstalmentReleaseView.as_view(),
        name="instalment_release",
    ),
]

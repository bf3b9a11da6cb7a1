"""URLs for rounds: the list, a round's page with its ledger, and the manager's pages."""

from django.urls import path

from grants.views import rounds as views

urlpatterns = [
    path("rounds/", views.RoundListView.as_view(), name="round_list"),
    path("rounds/new/", views.RoundCreateView.as_view(), name="round_create"),
    path("rounds/<int:year>/", views.RoundView.as_view(), name="round"),
    path("rounds/<int:year>/edit/", views.RoundEditView.as_view(), name="round_edit"),
    path("rounds/<int:year>/status/", views.RoundStatusView.as_view(), name="round_status"),
    path(
        "rounds/<int:year>/objectives/new/",
        views.ObjectiveAddView.as_view(),
        name="objective_add",
    ),
    path(
        "rounds/<int:year>/objectives/<int:pk>/",
        views.ObjectiveEditView.as_view(),
        name="objective_edit",
    ),
    path(
        "rounds/<int:year>/access-fund/top-up/",
        views.AccessTopUpView.as_view(),
        name="access_top_up",
    ),
    path(
        "rounds/<int:year>/access-fund/draw/",
        views.AccessDrawdownView.as_view(),
        name="access_drawdown",
    ),
]

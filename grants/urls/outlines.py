"""URLs for the borough outline: drafting, signing, declining and brokering."""

from django.urls import path

from grants.views import outlines as views

urlpatterns = [
    path("rounds/<int:year>/outlines/", views.OutlineListView.as_view(), name="outline_list"),
    path(
        "rounds/<int:year>/boroughs/<slug:slug>/",
        views.GroupRoundView.as_view(),
        name="group_round",
    ),
    path(
        "rounds/<int:year>/boroughs/<slug:slug>/outline/",
        views.OutlineStartView.as_view(),
        name="outline_start",
    ),
    path("outlines/<int:pk>/", views.OutlineView.as_view(), name="outline"),
    path("outlines/<int:pk>/edit/", views.OutlineEditView.as_view(), name="outline_edit"),
    path("outlines/<int:pk>/sign/", views.OutlineSignView.as_view(), name="outline_sign"),
    path("outlines/<int:pk>/decline/", views.OutlineDeclineView.as_view(), name="outline_decline"),
    path(
        "outlines/<int:pk>/brokering/contacts/new/",
        views.BrokeringContactAddView.as_view(),
        name="brokering_contact_add",
    ),
    path(
        "outlines/<int:pk>/brokering/outcome/",
        views.BrokeringOutcomeView.as_view(),
        name="brokering_outcome",
    ),
]

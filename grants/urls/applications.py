"""URLs for the full application: the task list and its sections, check your answers, the
declaration and confirmation, and the permission-checked document download."""

from django.urls import path

from grants.views import applications as views

urlpatterns = [
    path(
        "outlines/<int:pk>/apply/",
        views.ApplicationStartView.as_view(),
        name="application_start",
    ),
    path("applications/<int:pk>/", views.ApplicationView.as_view(), name="application"),
    path("applications/<int:pk>/about/", views.AboutView.as_view(), name="application_about"),
    path(
        "applications/<int:pk>/activities/",
        views.ActivitiesView.as_view(),
        name="application_activities",
    ),
    path(
        "applications/<int:pk>/activities/new/",
        views.ActivityAddView.as_view(),
        name="activity_add",
    ),
    path(
        "applications/<int:pk>/activities/<int:activity_pk>/",
        views.ActivityEditView.as_view(),
        name="activity_edit",
    ),
    path(
        "applications/<int:pk>/activities/<int:activity_pk>/delete/",
        views.ActivityDeleteView.as_view(),
        name="activity_delete",
    ),
    path("applications/<int:pk>/budget/", views.BudgetView.as_view(), name="application_budget"),
    path(
        "applications/<int:pk>/documents/",
        views.DocumentsView.as_view(),
        name="application_documents",
    ),
    path("documents/<int:pk>/", views.DocumentView.as_view(), name="document"),
    path("documents/<int:pk>/delete/", views.DocumentDeleteView.as_view(), name="document_delete"),
    path(
        "applications/<int:pk>/check/",
        views.CheckAnswersView.as_view(),
        name="application_check",
    ),
    path(
        "applications/<int:pk>/declaration/",
        views.DeclarationView.as_view(),
        name="application_declaration",
    ),
    path(
        "applications/<int:pk>/confirmation/",
        views.ConfirmationView.as_view(),
        name="application_confirmation",
    ),
]

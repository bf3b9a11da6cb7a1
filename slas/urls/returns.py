"""URLs for the group's quarterly return: its page (the task list or the return read-only),
its section pages, check, declaration and confirmation, evidence files, and the group's list
of its returns for a round."""

from django.urls import path

from slas.views import returns as views

urlpatterns = [
    path("<int:pk>/", views.ReturnView.as_view(), name="return"),
    path("<int:pk>/start/", views.ReturnStartView.as_view(), name="return_start"),
    path(
        "<int:pk>/milestones/<int:report_pk>/",
        views.MilestoneView.as_view(),
        name="return_milestone",
    ),
    path("<int:pk>/evidence/", views.EvidenceView.as_view(), name="return_evidence"),
    path("<int:pk>/evidence/add/", views.EvidenceFileAddView.as_view(), name="return_evidence_add"),
    path("<int:pk>/counts/", views.CountsView.as_view(), name="return_counts"),
    path("<int:pk>/spend/", views.SpendView.as_view(), name="return_spend"),
    path("<int:pk>/narrative/", views.NarrativeView.as_view(), name="return_narrative"),
    path("<int:pk>/questions/", views.QuestionsView.as_view(), name="return_questions"),
    path(
        "<int:pk>/questions/<int:question_pk>/",
        views.QuestionView.as_view(),
        name="return_question",
    ),
    path("<int:pk>/check/", views.CheckView.as_view(), name="return_check"),
    path("<int:pk>/declaration/", views.DeclarationView.as_view(), name="return_declaration"),
    path("<int:pk>/confirmation/", views.ConfirmationView.as_view(), name="return_confirmation"),
    path("evidence-files/<int:pk>/", views.EvidenceFileView.as_view(), name="evidence_file"),
    path(
        "evidence-files/<int:pk>/remove/",
        views.EvidenceFileRemoveView.as_view(),
        name="evidence_file_remove",
    ),
    path(
        "group/<int:year>/<slug:slug>/",
        views.GroupReturnsView.as_view(),
        name="group_returns",
    ),
]

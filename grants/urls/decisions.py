"""URLs for committee decisions and awards."""

from django.urls import path

from grants.views import decisions as views

urlpatterns = [
    path(
        "rounds/<int:year>/decisions/new/",
        views.MeetingCreateView.as_view(),
        name="meeting_create",
    ),
    path(
        "rounds/<int:year>/decisions/check/",
        views.MeetingCheckView.as_view(),
        name="meeting_check",
    ),
    path("meetings/<int:pk>/", views.MeetingView.as_view(), name="meeting"),
    path("decisions/<int:pk>/letter/", views.DecisionLetterView.as_view(), name="decision_letter"),
    path("awards/<int:pk>/", views.AwardView.as_view(), name="award"),
    path(
        "awards/<int:pk>/instalments/",
        views.AwardInstalmentsView.as_view(),
        name="award_instalments",
    ),
    path("rounds/<int:year>/awards/", views.AwardListView.as_view(), name="award_list"),
    path(
        "rounds/<int:year>/awards/interim/",
        views.InterimAwardCreateView.as_view(),
        name="interim_award_create",
    ),
]

"""A group's diversity returns: the secretary's form and the officer's review."""

from django.urls import path

from diversity.views import returns as views

urlpatterns = [
    path("groups/<slug:slug>/", views.GroupReturnsView.as_view(), name="group_returns"),
    path("returns/<int:pk>/", views.ReturnView.as_view(), name="return"),
    path("returns/<int:pk>/members/", views.MemberCountView.as_view(), name="members"),
    path("returns/<int:pk>/questions/<slug:key>/", views.CountsView.as_view(), name="counts"),
    path(
        "returns/<int:pk>/member-organisations/",
        views.MemberGroupsView.as_view(),
        name="member_groups",
    ),
    path(
        "returns/<int:pk>/member-organisations/<int:group_pk>/remove/",
        views.RemoveMemberGroupView.as_view(),
        name="remove_member_group",
    ),
    path("returns/<int:pk>/answer/", views.AnswerView.as_view(), name="answer"),
    path("returns/<int:pk>/check/", views.CheckAnswersView.as_view(), name="check"),
    path("returns/<int:pk>/submitted/", views.SubmittedView.as_view(), name="submitted"),
    path("returns/<int:pk>/review/", views.ReviewView.as_view(), name="review"),
]

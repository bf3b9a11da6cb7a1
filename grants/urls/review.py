"""URLs for review: the link officer's list, one application's review and its versions."""

from django.urls import path

from grants.views import review as views

urlpatterns = [
    path("review/", views.ReviewListView.as_view(), name="review_list"),
    path(
        "applications/<int:pk>/review/",
        views.ApplicationReviewView.as_view(),
        name="application_review",
    ),
    path(
        "applications/<int:pk>/review/comments/",
        views.ReviewCommentAddView.as_view(),
        name="review_comment_add",
    ),
    path(
        "applications/<int:pk>/review/request-changes/",
        views.ReviewRequestChangesView.as_view(),
        name="review_request_changes",
    ),
    path(
        "applications/<int:pk>/review/recommend/",
        views.ReviewRecommendView.as_view(),
        name="review_recommend",
    ),
    path(
        "applications/<int:pk>/review/notes/",
        views.InternalNoteAddView.as_view(),
        name="internal_note_add",
    ),
    path(
        "applications/<int:pk>/versions/",
        views.ApplicationVersionsView.as_view(),
        name="application_versions",
    ),
]

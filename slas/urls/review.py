"""URLs for the officer's review of returns, their versions and corrections."""

from django.urls import path

from slas.views import review as views

urlpatterns = [
    path("review/", views.ReviewListView.as_view(), name="review_list"),
    path("<int:pk>/review/", views.ReturnReviewView.as_view(), name="review"),
    path("<int:pk>/review/return/", views.ReviewReturnView.as_view(), name="review_return"),
    path("<int:pk>/review/accept/", views.ReviewAcceptView.as_view(), name="review_accept"),
    path("<int:pk>/versions/", views.VersionsView.as_view(), name="versions"),
    path("<int:pk>/correct/", views.CorrectionStartView.as_view(), name="correction_start"),
]

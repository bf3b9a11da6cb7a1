"""The funding round's pages, one URL module per stage."""

from grants.urls import applications, decisions, exports, outlines, review, rounds

app_name = "grants"
urlpatterns = [
    *rounds.urlpatterns,
    *outlines.urlpatterns,
    *applications.urlpatterns,
    *review.urlpatterns,
    *decisions.urlpatterns,
    *exports.urlpatterns,
]

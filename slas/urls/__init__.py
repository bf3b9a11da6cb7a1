"""Quarterly returns' pages, one URL module per part: the group's return, the officer's
review, instalments, and the dashboards and exports."""

from slas.urls import dashboards, instalments, returns, review

app_name = "slas"
urlpatterns = [
    *returns.urlpatterns,
    *review.urlpatterns,
    *instalments.urlpatterns,
    *dashboards.urlpatterns,
]

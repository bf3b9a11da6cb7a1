from django.urls import include, path

from diversity.views import published

app_name = "diversity"
urlpatterns = [
    path("", include("diversity.urls_returns")),
    path("london/", include("diversity.urls_london")),
    path(
        "published/<int:year_start>/",
        published.PublishedYearView.as_view(),
        name="published_year",
    ),
    path(
        "published/<int:year_start>/csv/",
        published.PublishedCsvView.as_view(),
        name="published_csv",
    ),
]

"""London-wide diversity: officers' tables and charts, and the published aggregates."""

from django.urls import path, re_path

from diversity.views import london

YEAR = r"(?P<year_start>[0-9]{4})"

urlpatterns = [
    path("", london.LondonIndexView.as_view(), name="london_index"),
    re_path(rf"^{YEAR}/$", london.LondonYearView.as_view(), name="london_year"),
    re_path(rf"^{YEAR}/csv/$", london.LondonCsvView.as_view(), name="london_csv"),
    re_path(rf"^{YEAR}/xlsx/$", london.LondonXlsxView.as_view(), name="london_xlsx"),
]

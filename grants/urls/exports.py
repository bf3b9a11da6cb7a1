"""URLs for exports: a round's downloads page, its CSV and Excel files, and its 360Giving data."""

from django.urls import path

from grants.views import exports

urlpatterns = [
    path("rounds/<int:year>/exports/", exports.ExportsView.as_view(), name="exports"),
    path(
        "rounds/<int:year>/exports/applications.<str:fmt>",
        exports.TableExportView.as_view(table="applications"),
        name="export_applications",
    ),
    path(
        "rounds/<int:year>/exports/awards.<str:fmt>",
        exports.TableExportView.as_view(table="awards"),
        name="export_awards",
    ),
    path(
        "rounds/<int:year>/exports/360giving.json",
        exports.Giving360ExportView.as_view(),
        name="export_360giving",
    ),
]

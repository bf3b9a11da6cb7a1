"""URLs for dashboards (being built)."""

urlpatterns: list = []

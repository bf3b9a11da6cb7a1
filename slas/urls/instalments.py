"""URLs for instalments (being built)."""

urlpatterns: list = []

"""URLs for returns (being built)."""

urlpatterns: list = []

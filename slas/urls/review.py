"""URLs for review (being built)."""

urlpatterns: list = []

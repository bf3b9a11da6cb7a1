"""The grants app's pages. Empty until the capability that fills it is built."""

app_name = "grants"
urlpatterns: list = []

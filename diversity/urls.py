"""The diversity app's pages. Empty until the capability that fills it is built."""

app_name = "diversity"
urlpatterns: list = []

from django.urls import path

from boroughs import views

app_name = "boroughs"
urlpatterns = [
    path("", views.BoroughListView.as_view(), name="list"),
    path("<slug:slug>/", views.BoroughDetailView.as_view(), name="detail"),
]

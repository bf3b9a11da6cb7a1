from django.contrib import admin
from django.urls import include, path

from cpeg_portal import views
from cpeg_portal.pages import StatementView

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("accounts.urls")),
    path("boroughs/", include("boroughs.urls")),
    path("diversity/", include("diversity.urls")),
    path("funding/", include("grants.urls")),
    path("returns/", include("slas.urls")),
    path(
        "accessibility/",
        StatementView.as_view(template_name="pages/accessibility.html"),
        name="accessibility",
    ),
    path("privacy/", StatementView.as_view(template_name="pages/privacy.html"), name="privacy"),
    path("admin/", admin.site.urls),
]

"""The statements every visitor can read, signed in or not."""

from django.conf import settings
from django.views.generic import TemplateView


class StatementView(TemplateView):
    """A statement page, with the team's contact details from the settings."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["support"] = {
            "team": settings.SUPPORT_TEAM,
            "email": settings.SUPPORT_EMAIL,
            "phone": settings.SUPPORT_PHONE,
        }
        return context

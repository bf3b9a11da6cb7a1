"""Helpers shared by every app's forms and views."""

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpResponse


def apply_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's refusal beside the field it concerns, or above the form."""
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


class ServiceFormMixin:
    """A form view whose valid form calls one service (in ``perform``, which returns the
    response, usually a redirect). A refusal from the service goes beside the field it
    concerns, or above the form, and the page is shown again with nothing changed."""

    def perform(self, form: forms.BaseForm) -> HttpResponse:
        """Call the service with the form's cleaned data; return the response on success."""
        raise NotImplementedError(f"{type(self).__name__} must say which service it calls")

    def form_valid(self, form: forms.BaseForm) -> HttpResponse:
        try:
            return self.perform(form)
        except ValidationError as error:
            apply_service_errors(form, error)
            return self.form_invalid(form)  # type: ignore[attr-defined]

"""Helpers shared by every app's forms and views."""

from django import forms
from django.core.exceptions import ValidationError


def apply_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's refusal beside the field it concerns, or above the form."""
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)

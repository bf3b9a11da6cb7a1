"""Helpers shared by every app's forms and views."""

import datetime
from typing import Any

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.layout import Field
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.http import HttpResponse
from django.utils import timezone


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


class LongTextField(forms.CharField):
    """Text typed in a textarea, with a ``max_length`` counted as the GOV.UK character count
    counts it: browsers send each new line as two characters (CR LF) but count it as one
    while typing, so new lines are made one character before the length is checked. Without
    this, an answer the character count calls fine could be refused for being too long."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if value else value


class GovukDateField(DateInputField):
    """The GOV.UK date input (day, month and year boxes), with one set of messages that name
    the date and say how to fix it. ``noun`` completes "Enter the date …", e.g. "outlines are
    due" or "of the contact". ``past_only``: the date must be today or in the past."""

    def __init__(self, *, noun: str, past_only: bool = False, **kwargs: Any) -> None:
        super().__init__(require_all_fields=False, **kwargs)
        self.noun = noun
        self.past_only = past_only
        self.error_messages["required"] = f"Enter the date {noun}"
        self.error_messages["incomplete"] = f"Enter the date {noun}"
        for part, subfield in zip(("day", "month", "year"), self.fields, strict=True):
            subfield.error_messages["incomplete"] = f"The date {noun} must include a {part}"
            subfield.validators = [
                RegexValidator(r"^[0-9]+$", f"The date {noun} must be a real date")
            ]
            subfield.widget.attrs["inputmode"] = "numeric"

    def compress(self, data_list: list[str]) -> datetime.date | None:
        day, month, year = data_list
        if not (day and month and year):
            return None
        if len(year) != 4:
            raise ValidationError(
                f"The date {self.noun} must have a 4-digit year, like 2012", code="year"
            )
        try:
            date = datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(
                f"The date {self.noun} must be a real date", code="real"
            ) from None
        if self.past_only and date > timezone.localdate():
            raise ValidationError(
                f"The date {self.noun} must be today or in the past", code="future"
            )
        return date


def counted(form: forms.BaseForm, name: str, **kwargs: Any) -> Field:
    """The GOV.UK character count for a textarea, set to the form field's ``max_length``.

    The browser's ``maxlength`` is taken off the box, so nothing typed or pasted is cut
    silently: the count says how many characters are left (or too many) while typing, and
    the server's own message says what to do if the form is sent over the limit."""
    field = form.fields[name]
    if field.max_length is None:  # type: ignore[attr-defined]
        raise ValueError(f"{name} has no max_length to count against")
    field.widget.attrs.pop("maxlength", None)
    return Field.textarea(name, max_characters=field.max_length, **kwargs)  # type: ignore[attr-defined]


def uncut(form: forms.BaseForm, *names: str) -> None:
    """Take the browser's ``maxlength`` off single-line boxes (the character count is for
    textareas), so an over-long answer reaches the server and gets its message instead of
    being cut silently."""
    for name in names:
        form.fields[name].widget.attrs.pop("maxlength", None)


class RoundAndBoroughFilterForm(forms.Form):
    """A list's filter form (GET, so no CSRF token in the address) choosing a round and a
    borough among those given. Subclasses declare the ``round`` and ``borough`` fields with
    their messages, their other filters, and lay them out with ``filter_layout``."""

    def __init__(self, *args: Any, rounds: list, boroughs: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rounds = {r.year_start: r for r in rounds}
        self.boroughs = {b.slug: b for b in boroughs}
        self.fields["round"].choices = [(r.year_start, r.label) for r in rounds]  # type: ignore[attr-defined]
        self.fields["borough"].choices = [  # type: ignore[attr-defined]
            ("", "All boroughs"),
            *((b.slug, b.name) for b in boroughs),
        ]

    def filter_layout(self, *fields: Any) -> None:
        from crispy_forms_gds.helper import FormHelper
        from crispy_forms_gds.layout import Button, Layout

        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.form_method = "get"
        self.helper.layout = Layout(*fields, Button.secondary("filter", "Apply filters"))

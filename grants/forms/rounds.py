"""Forms for the funding round: its terms, objectives and the access-needs fund.

Dates use the GOV.UK date input (day, month, year boxes) with messages that say which part
is missing or that the date is not real; money uses pounds and pence (grants.forms.fields).
"""

import uuid
from decimal import Decimal

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Field, Fixed, Layout, Size, Submit
from django import forms
from django.core.exceptions import ValidationError

from boroughs.models import Cpeg
from cpeg_portal.fiscal import FinancialYear
from cpeg_portal.forms import GovukDateField, LongTextField, counted, uncut
from grants.forms.fields import MoneyField
from grants.models.rounds import DEADLINE_FIELDS
from grants.services.rounds.terms import DEFAULT_REMINDER_DAYS, MAX_REMINDER_DAYS


def _helper(*items, button: str) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False  # the template writes the <form>, with its CSRF token
    helper.layout = Layout(*items, Submit("submit", button))
    return helper


def _date(label: str, noun: str, hint: str) -> GovukDateField:
    return GovukDateField(noun=noun, label=label, help_text=hint)


class RoundForm(forms.Form):
    """The round's terms: create a round, or change one (the year only while it is set up)."""

    year_start = forms.CharField(
        label="Financial year",
        help_text="For example, 2011/12. The year runs from 1 April to 31 March.",
        max_length=7,
        error_messages={
            "required": "Enter the financial year, like 2011/12",
            "max_length": "The financial year must be 7 characters or fewer, like 2011/12",
        },
    )
    total_budget = MoneyField(
        noun="the total budget",
        label="Total budget",
        help_text="In pounds, for example 1400000.",
        minimum=Decimal("0.01"),
    )
    allocable_ceiling = MoneyField(
        noun="the most that may be allocated to groups",
        label="Most that may be allocated to groups",
        help_text="Awards never exceed this; recommendations may go over it, with a warning. "
        "It is no more than the total budget.",
    )
    access_fund = MoneyField(
        noun="the access-needs fund",
        label="Access-needs fund at the start",
        help_text="Top-ups are recorded later, each with a reason.",
    )
    outline_deadline = _date("Outlines due", "outlines are due", "For example, 13 5 2011")
    application_deadline = _date(
        "Applications due",
        "applications are due",
        "On or after the outlines deadline. For example, 17 6 2011",
    )
    q1_return_deadline = _date(
        "Quarter 1 return due",
        "the quarter 1 return is due",
        "After 30 June. For example, 29 7 2011",
    )
    q2_return_deadline = _date(
        "Quarter 2 return due",
        "the quarter 2 return is due",
        "After 30 September. For example, 28 10 2011",
    )
    q3_return_deadline = _date(
        "Quarter 3 return due",
        "the quarter 3 return is due",
        "After 31 December. For example, 27 1 2012",
    )
    q4_return_deadline = _date(
        "Quarter 4 return due",
        "the quarter 4 return is due",
        "After 31 March. For example, 27 4 2012",
    )

    reminder_days_before = forms.IntegerField(
        label="How many days before a quarterly return is due should the secretary be reminded?",
        help_text="A whole number of days from 0 to 60, for example 7. Secretaries are "
        "reminded again on the day it is due; 0 means on the day only.",
        required=False,
        initial=DEFAULT_REMINDER_DAYS,
        min_value=0,
        max_value=MAX_REMINDER_DAYS,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={
            "invalid": "Enter the number of days as a whole number, like 7",
            "min_value": "The number of days before a return is due must be 0 or more",
            "max_value": (
                f"The number of days before a return is due must be {MAX_REMINDER_DAYS} or fewer"
            ),
        },
    )

    def __init__(
        self, *args, year_editable: bool = True, button: str = "Create the round", **kwargs
    ):
        super().__init__(*args, **kwargs)
        if not year_editable:
            del self.fields["year_start"]
        self.helper = _helper(
            *([Field.text("year_start", field_width=Fixed.TEN)] if year_editable else []),
            HTML('<h2 class="govuk-heading-m">Money</h2>'),
            Field.text("total_budget", field_width=Fixed.TEN),
            Field.text("allocable_ceiling", field_width=Fixed.TEN),
            Field.text("access_fund", field_width=Fixed.TEN),
            HTML('<h2 class="govuk-heading-m">Deadlines</h2>'),
            *[Field(name, legend_size=Size.SMALL) for name in DEADLINE_FIELDS],
            HTML('<h2 class="govuk-heading-m">Reminders</h2>'),
            Field.text("reminder_days_before", field_width=Fixed.TWO),
            button=button,
        )
        if year_editable:
            uncut(self, "year_start")

    def clean_year_start(self) -> int:
        try:
            return FinancialYear.parse(self.cleaned_data["year_start"]).start_year
        except ValueError:
            raise ValidationError(
                "Enter the financial year as its two years, like 2011/12", code="invalid"
            ) from None

    def clean(self):
        cleaned = super().clean()
        total, ceiling = cleaned.get("total_budget"), cleaned.get("allocable_ceiling")
        if total is not None and ceiling is not None and ceiling > total:
            self.add_error(
                "allocable_ceiling",
                "The most that may be allocated to groups must be no more than the total "
                f"budget of £{total:,.2f}",
            )
        return cleaned


class ObjectiveForm(forms.Form):
    code = forms.CharField(
        label="Code",
        help_text="A short code groups use to refer to it, for example O1.",
        max_length=10,
        error_messages={
            "required": "Enter a short code for the objective, like O1",
            "max_length": "The code must be 10 characters or fewer",
        },
    )
    title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={
            "required": "Enter the objective's title",
            "max_length": "The title must be 200 characters or fewer",
        },
    )
    description = forms.CharField(
        label="Description (optional)",
        help_text="What groups should do towards it, and how the link officer will judge it.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, button: str = "Add the objective", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.text("code", field_width=Fixed.FIVE),
            Field.text("title"),
            Field.textarea("description"),
            button=button,
        )
        uncut(self, "code", "title")


FORM_INCOMPLETE = "The form was incomplete: open it again and re-enter the details"


class TokenField(forms.UUIDField):
    """A hidden token made when the form is shown: the same form posted twice is one entry."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(initial=uuid.uuid4, **kwargs)


class TokenFormMixin(forms.Form):
    """A form with a ``token``: a missing or broken one is said above the form (the field is
    hidden, so there is nothing to put a message beside)."""

    token = TokenField()

    def clean(self):
        cleaned = super().clean()
        if self.has_error("token"):
            del self.errors["token"]
            raise ValidationError(FORM_INCOMPLETE, code="token")
        return cleaned


_REASON_MESSAGES = {
    "required": "Enter the reason, so the committee can see why",
    "max_length": "The reason must be 2,000 characters or fewer",
}


class TopUpForm(TokenFormMixin, forms.Form):
    amount = MoneyField(
        noun="the amount to add",
        label="Amount to add",
        help_text="In pounds and pence, for example 500 or 250.50.",
        minimum=Decimal("0.01"),
    )
    reason = LongTextField(
        label="Why is the fund being topped up?",
        help_text="The committee sees this reason with the top-up.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages=_REASON_MESSAGES,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            "token",
            Field.text("amount", field_width=Fixed.TEN),
            counted(self, "reason", rows=3),
            button="Top up the fund",
        )


class DrawdownForm(TokenFormMixin, forms.Form):
    cpeg = forms.ModelChoiceField(
        label="Which group is the money for?",
        queryset=Cpeg.objects.none(),
        empty_label="Choose a group",
        error_messages={
            "required": "Choose the group the money is for",
            "invalid_choice": "Choose one of the groups listed",
        },
    )
    amount = MoneyField(
        noun="the amount to draw",
        label="Amount to draw",
        help_text="In pounds and pence, for example 120 or 85.50.",
        minimum=Decimal("0.01"),
    )
    reason = LongTextField(
        label="What is it for?",
        help_text="For example, a British Sign Language interpreter at the June public meeting.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={
            "required": "Enter what the money is for",
            "max_length": "What the money is for must be 2,000 characters or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cpeg"].queryset = Cpeg.objects.select_related("borough")
        self.helper = _helper(
            "token",
            Field.select("cpeg"),
            Field.text("amount", field_width=Fixed.TEN),
            counted(self, "reason", rows=3),
            button="Draw from the fund",
        )

"""Forms for committee decisions: the meeting and its batch of decisions, instalments, and
interim funding."""

import datetime
from decimal import Decimal

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fixed, Fluid, Layout, Size, Submit
from django import forms
from django.core.exceptions import ValidationError

from boroughs.models import Cpeg
from cpeg_portal.fiscal import QUARTERS
from cpeg_portal.forms import LongTextField, counted, uncut
from grants.forms.fields import MoneyField
from grants.models import Application, Award, DecisionOutcome
from grants.models.awards import FUNDING_OUTCOMES
from grants.models.money import money

#: The batch's one message when the applications waiting changed since the page was drawn.
STALE = (
    "The applications waiting for a decision have changed since this page was drawn: "
    "check the decisions below and record them again"
)
#: The row's answer when the committee did not consider an application at this meeting.
NOT_DECIDED = "not_decided"
PENNY = Decimal("0.01")


def _helper(*items, button: str | None = None) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False  # the template writes the <form>, with its CSRF token
    helper.disable_csrf = True
    if button:
        items = (*items, Submit("submit", button))
    helper.layout = Layout(*items)
    return helper


class DayMonthYearField(DateInputField):
    """The GOV.UK date input (day, month, year) with messages that name the date."""

    def __init__(self, *, noun: str, **kwargs):
        super().__init__(**kwargs)
        self.noun = noun
        self.error_messages["required"] = f"Enter {noun}"
        self.error_messages["incomplete"] = f"Enter {noun}, with a day, month and year"
        capitalised = f"{noun[0].upper()}{noun[1:]}"
        for subfield, part in zip(self.fields, ("day", "month", "year"), strict=True):
            subfield.error_messages["incomplete"] = f"{capitalised} must include a {part}"
            subfield.validators = []  # compress() explains a date that is not real

    def compress(self, data_list):
        day, month, year = data_list
        if not (day and month and year):
            return None
        if not (len(str(year).strip()) == 4 and str(year).strip().isdecimal()):
            raise ValidationError(
                f"{self.noun[0].upper()}{self.noun[1:]} must have a year of 4 numbers, like 2011",
                code="invalid",
            )
        try:
            return datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(
                f"{self.noun[0].upper()}{self.noun[1:]} must be a real date, like 14 7 2011",
                code="invalid",
            ) from None


class MeetingForm(forms.Form):
    name = forms.CharField(
        # Its letters read "at the meeting of the {name} on {date}": the committee's name.
        label="Which committee met?",
        help_text="For example, Community Engagement and Citizen Focus Sub-committee.",
        max_length=200,
        error_messages={
            "required": "Enter which committee met",
            "max_length": "The name of the committee must be 200 characters or fewer",
        },
    )
    held_on = DayMonthYearField(
        noun="the date of the meeting",
        label="Date of the meeting",
        help_text="For example, 14 7 2011.",
        require_all_fields=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        uncut(self, "name")
        self.helper = _helper(
            Field.text("name", field_width=Fluid.TWO_THIRDS),
            Field("held_on", context={"legend_size": Size.for_legend(Size.SMALL)}),
        )


class DecisionForm(forms.Form):
    """One application's row of the batch. Amount and conditions count only for the outcomes
    that use them; the service checks the whole batch again before anything is saved."""

    # Not "application": the template reads ``row.application``, the Application itself.
    application_pk = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(
        widget=forms.RadioSelect,
        choices=[*DecisionOutcome.choices, (NOT_DECIDED, "Not decided at this meeting")],
    )
    amount = MoneyField(noun="the amount awarded", required=False)
    conditions = LongTextField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000
    )

    def __init__(self, *args, application: Application | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.application = application
        #: Whether the row was drawn for another application than the one now in its place.
        self.stale = False
        # As the row's heading names the borough, so does each field's label.
        who = application.cpeg.borough.name if application else "this group"
        self.who = who
        self.fields["outcome"].label = f"What did the committee decide for {who}?"
        self.fields["outcome"].error_messages = {
            "required": f"Choose what the committee decided for {who}",
            "invalid_choice": f"Choose one of the decisions listed for {who}",
        }
        amount = self.fields["amount"]
        assert isinstance(amount, MoneyField)  # noqa: S101 - narrows the type for the lines below
        amount.noun = f"the amount awarded to {who}"
        amount.label = f"Amount awarded to {who}"
        amount.help_text = "Only when the committee funds. It starts as the recommendation."
        self.fields["conditions"].label = f"Conditions for {who}"
        self.fields["conditions"].help_text = "Only when the committee funds with conditions."
        self.fields["conditions"].error_messages["max_length"] = (
            f"The conditions for {who} must be 5,000 characters or fewer"
        )
        self.helper = _helper(
            Field.radios("outcome", legend_size=Size.SMALL, small=True),
            Field.text("amount", field_width=Fixed.TEN),
            counted(self, "conditions", rows=3),
        )
        self.helper.render_hidden_fields = True

    def clean_application_pk(self):
        pk = self.cleaned_data["application_pk"]
        # Not an error of this row: the batch says it once (``BaseDecisionFormSet.clean``).
        self.stale = self.application is None or pk != self.application.pk
        return pk

    def clean(self):
        cleaned = super().clean()
        if self.errors.pop("application_pk", None):  # missing: the page was not this one
            self.stale = True
        outcome = cleaned.get("outcome")
        if outcome and outcome not in FUNDING_OUTCOMES:
            self.errors.pop("amount", None)  # the amount counts only when the committee funds
        if outcome in FUNDING_OUTCOMES and cleaned.get("amount") is None:
            if "amount" not in self.errors:
                self.add_error("amount", f"Enter the amount the committee awarded {self.who}")
        elif outcome in FUNDING_OUTCOMES and cleaned["amount"] <= 0:
            self.add_error("amount", f"The amount awarded to {self.who} must be more than £0")
        if (
            outcome == DecisionOutcome.FUND_WITH_CONDITIONS
            and not cleaned.get("conditions")
            and "conditions" not in self.errors  # too long is said already
        ):
            self.add_error("conditions", f"Enter the conditions the committee set for {self.who}")
        return cleaned

    @property
    def decided(self) -> bool:
        return self.cleaned_data.get("outcome") not in (None, "", NOT_DECIDED)

    def entry(self) -> tuple[Application, str, Decimal | None, str]:
        """The row as the service takes it."""
        assert self.application is not None  # noqa: S101 - a valid row has its application
        return (
            self.application,
            self.cleaned_data["outcome"],
            self.cleaned_data.get("amount"),
            self.cleaned_data.get("conditions", ""),
        )


class BaseDecisionFormSet(forms.BaseFormSet):
    """One row per application awaiting a decision, in the order the page listed them."""

    def __init__(self, *args, applications: list[Application], **kwargs):
        self.applications = applications
        kwargs.setdefault(
            "initial",
            [
                {
                    "application_pk": application.pk,
                    # A meeting rarely decides everything waiting: each row starts undecided.
                    "outcome": NOT_DECIDED,
                    "amount": application.recommended_amount,
                    "conditions": application.recommendation_conditions,
                }
                for application in applications
            ],
        )
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        kwargs["application"] = (
            self.applications[index]
            if index is not None and index < len(self.applications)
            else None
        )
        return kwargs

    @property
    def stale(self) -> bool:
        """Whether the page was drawn for other applications than those waiting now (one
        decided meanwhile, or another recommended)."""
        return self.is_bound and (
            self.total_form_count() != len(self.applications)
            or any(form.stale for form in self.forms)  # each row is cleaned first
        )

    def clean(self):
        if self.stale:
            raise ValidationError(STALE, code="stale")
        if not any(form.decided for form in self.forms if form.is_valid()):
            raise ValidationError("Record the committee's decision on at least one application")

    def entries(self) -> list[tuple[Application, str, Decimal | None, str]]:
        return [form.entry() for form in self.forms if form.decided]


DecisionFormSet = forms.formset_factory(DecisionForm, formset=BaseDecisionFormSet, extra=0)


class InstalmentsForm(forms.Form):
    """The award's payment schedule: one amount per quarter, adding up to the award."""

    def __init__(self, *args, award: Award, **kwargs):
        super().__init__(*args, **kwargs)
        self.award = award
        year = award.funding_round.year
        for quarter in QUARTERS:
            period = year.quarter(quarter)
            self.fields[f"q{quarter}"] = MoneyField(
                noun=f"the instalment for quarter {quarter}",
                label=f"Quarter {quarter} ({period.start:%B} to {period.end:%B %Y})",
            )
        self.helper = _helper(
            *(Field.text(f"q{quarter}", field_width=Fixed.TEN) for quarter in QUARTERS),
            button="Save the instalments",
        )

    def amounts(self) -> dict[int, Decimal]:
        return {quarter: self.cleaned_data[f"q{quarter}"] for quarter in QUARTERS}

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            total = sum(self.amounts().values(), Decimal(0))
            if total != self.award.amount:
                raise ValidationError(
                    f"The instalments add up to {money(total)}; they must add up to the award, "
                    f"{money(self.award.amount)}"
                )
        return cleaned


class InterimAwardForm(forms.Form):
    cpeg = forms.ModelChoiceField(
        label="Which group is given interim funding?",
        queryset=Cpeg.objects.select_related("borough").order_by("borough__name"),
        empty_label="Choose a group",
        error_messages={
            "required": "Choose the group given interim funding",
            "invalid_choice": "Choose one of the groups listed",
        },
    )
    amount = MoneyField(noun="the amount of interim funding", minimum=PENNY)
    reason = forms.CharField(
        label="Why is the group given interim funding?",
        help_text="For example, the partners have not agreed a work plan yet.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why the group is given interim funding"},
    )
    awarded_on = DayMonthYearField(
        noun="the date the interim funding was agreed",
        label="Date the interim funding was agreed",
        help_text="For example, 14 7 2011.",
        require_all_fields=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cpeg"].label_from_instance = lambda cpeg: cpeg.borough.name
        self.fields["amount"].label = "Amount of interim funding"
        self.helper = _helper(
            Field.select("cpeg"),
            Field.text("amount", field_width=Fixed.TEN),
            Field.textarea("reason", rows=4),
            Field("awarded_on", context={"legend_size": Size.for_legend(Size.SMALL)}),
            button="Award interim funding",
        )

"""Forms for the borough outline: the secretary's draft, signing or declining it, and the
link officer's brokering."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms

from cpeg_portal.forms import GovukDateField, LongTextField, counted, uncut
from grants.forms.fields import MoneyField
from grants.models import BrokeringOutcome
from grants.selectors.outlines import STATUS_FILTERS


def _helper(*items, button: str) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False  # the template writes the <form>, with its CSRF token
    helper.layout = Layout(*items, Submit("submit", button))
    return helper


#: The most a long answer on these forms may say; the GOV.UK character count shows it.
LONGEST = 10_000


def _textarea(
    label: str, *, noun: str, required: str, hint: str = "", rows: int = 6
) -> forms.CharField:
    """A long answer. ``noun`` names it in the message about its length ("The notes")."""
    return LongTextField(
        label=label,
        help_text=hint,
        max_length=LONGEST,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": required,
            "max_length": f"{noun} must be {LONGEST:,} characters or fewer",
        },
    )


class OutlineForm(forms.Form):
    """The outline as the secretary writes it with the chair and partners."""

    position = _textarea(
        "The borough’s position",
        noun="The borough’s position",
        required="Enter the borough’s position: where the partners stand",
        hint=(
            "Where the police, the council and the community stand, and whether they agree "
            "on how the group should spend the year."
        ),
    )
    proposed_activities = _textarea(
        "Proposed activities",
        noun="The proposed activities",
        required="Enter the activities the group proposes",
        hint="For example public meetings, ward panel visits, a youth forum.",
    )
    proposed_sum = MoneyField(
        noun="the proposed sum",
        label="Proposed sum",
        help_text="In pounds and pence, for example 40000 or 40000.50.",
    )

    def __init__(self, *args, button: str = "Save the outline", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            counted(self, "position", label_size=Size.SMALL, rows=6),
            counted(self, "proposed_activities", label_size=Size.SMALL, rows=6),
            Field.text("proposed_sum", field_width=10),
            button=button,
        )


class SignForm(forms.Form):
    """Carries the version the signatory read, so a signature binds to it."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, version: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            "version", button=f"Sign the outline as it stands (version {version})"
        )


class DeclineForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reason = _textarea(
        "Why do you decline the outline?",
        noun="Your reason for declining",
        required="Enter why you decline the outline",
        hint="The link officer reads this when brokering an agreement.",
        rows=5,
    )

    def __init__(self, *args, version: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            "version",
            counted(self, "reason", label_size=Size.MEDIUM, rows=5),
            button=f"Decline the outline (version {version})",
        )


class BrokeringContactForm(forms.Form):
    contacted_on = GovukDateField(
        noun="of the contact",
        past_only=True,
        label="When was the contact?",
        help_text="For example, 27 3 2011",
    )
    contact_with = forms.CharField(
        label="Who did you speak to or meet?",
        help_text="Names and roles, for example “Ch Supt A. Smith, Borough Commander”.",
        max_length=200,
        error_messages={
            "required": "Enter who you spoke to or met",
            "max_length": "Who you spoke to must be 200 characters or fewer",
        },
    )
    notes = _textarea(
        "Notes",
        noun="The notes",
        required="Enter notes on what was discussed",
        hint="What was said and agreed, and what happens next.",
        rows=5,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field("contacted_on", context={"legend_size": Size.for_legend(Size.SMALL)}),
            Field.text("contact_with"),
            counted(self, "notes", label_size=Size.SMALL, rows=5),
            button="Log the contact",
        )
        uncut(self, "contact_with")


class BrokeringOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Did the partners agree?",
        choices=BrokeringOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether the partners agreed",
            "invalid_choice": "Choose whether the partners agreed",
        },
    )
    notes = _textarea(
        "What should the committee be told?",
        noun="What the committee should be told",
        required="Enter what the committee should be told about the brokering",
        hint="The committee sees this with the outcome.",
        rows=5,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.radios("outcome", legend_size=Size.MEDIUM),
            counted(self, "notes", label_size=Size.SMALL, rows=5),
            button="Record the outcome",
        )


class StatusFilterForm(forms.Form):
    """The round's list, filtered by outline status and "assigned to me", as the review list
    has it (GET)."""

    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "All statuses"), *STATUS_FILTERS],
        error_messages={"invalid_choice": "Choose one of the statuses listed"},
    )
    mine = forms.BooleanField(label="Only boroughs assigned to me", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.select("status"),
            Field.checkbox("mine", small=True),
            Submit("filter", "Filter", css_class="govuk-button--secondary"),
        )

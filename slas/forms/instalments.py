"""Forms for instalments: the list's filters, and the funding manager's release."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fixed, Layout, Size, Submit
from django import forms

from cpeg_portal.fiscal import QUARTERS
from cpeg_portal.forms import (
    GovukDateField,
    LongTextField,
    RoundAndBoroughFilterForm,
    counted,
    uncut,
)
from grants.workflows.instalment import INSTALMENT
from slas.models import MAX_NARRATIVE
from slas.services.instalments import MAX_REFERENCE


class InstalmentFilterForm(RoundAndBoroughFilterForm):
    """The list's filters (GET). Choices come from lists the view has already read, so that
    filtering costs no query of its own."""

    round = forms.TypedChoiceField(
        label="Round",
        coerce=int,
        error_messages={"invalid_choice": "Choose one of the rounds listed"},
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status"), *((s.value, s.label) for s in INSTALMENT.states)],
        error_messages={"invalid_choice": "Choose one of the statuses listed"},
    )
    borough = forms.ChoiceField(
        label="Borough",
        required=False,
        error_messages={"invalid_choice": "Choose one of the boroughs listed"},
    )
    quarter = forms.TypedChoiceField(
        label="Quarter",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Every quarter"), *((q, f"Quarter {q}") for q in QUARTERS)],
        error_messages={"invalid_choice": "Choose one of the quarters listed"},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.filter_layout(
            Field.select("round"),
            Field.select("status"),
            Field.select("borough"),
            Field.select("quarter"),
        )


class ReleaseForm(forms.Form):
    """The date the instalment was paid, the finance system's payment reference and, for
    interim funding only, why it is released. The service checks each again."""

    released_on = GovukDateField(
        noun="the instalment was released",
        past_only=True,
        label="When was the instalment released?",
        help_text="The day the finance system paid it. For example, 3 10 2011.",
    )
    reference = forms.CharField(
        label="Payment reference",
        help_text="The finance system's reference for the payment.",
        max_length=MAX_REFERENCE,
        error_messages={
            "required": "Enter the payment reference from the finance system",
            "max_length": f"The payment reference must be {MAX_REFERENCE} characters or fewer",
        },
    )
    reason = LongTextField(
        label="Why is this instalment of interim funding released?",
        help_text="The group has no agreed work plan: say what the payment is for.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MAX_NARRATIVE,
        error_messages={
            "required": "Enter why this instalment of interim funding is released",
            "max_length": (
                "The reason for releasing the instalment must be "
                f"{MAX_NARRATIVE:,} characters or fewer"
            ),
        },
    )

    def __init__(self, *args, interim: bool, button: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        uncut(self, "reference")
        items = [
            Field("released_on", context={"legend_size": Size.for_legend(Size.SMALL)}),
            Field.text("reference", field_width=Fixed.TWENTY),
        ]
        if interim:
            items.append(counted(self, "reason", rows=4))
        else:
            del self.fields["reason"]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template writes the <form> and its token
        self.helper.layout = Layout(*items, Submit("submit", button))

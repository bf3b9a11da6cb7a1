"""Forms for the full application: one per task page, with GOV.UK layouts and messages that
say how to put a mistake right. The services check everything again."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Field, Fieldset, Fixed, Layout, Size, Submit
from django import forms
from django.conf import settings
from django.utils.html import format_html

from cpeg_portal.fiscal import QUARTERS
from cpeg_portal.forms import LongTextField, counted, uncut
from grants.forms.fields import MoneyField
from grants.models import BudgetCategory, FundingRound, Objective, SupportingDocument
from grants.models.money import money
from grants.selectors.applications import ZERO, BudgetSummary
from grants.services.applications import LineAnswer
from grants.services.documents import size_text, too_large

QUARTER_MONTHS = {
    1: "April to June",
    2: "July to September",
    3: "October to December",
    4: "January to March",
}


def _helper(*items, button: str = "Save and return to the task list") -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False  # the template writes the <form>, with its CSRF token
    helper.layout = Layout(*items, Submit("submit", button))
    return helper


class AboutForm(forms.Form):
    group_summary = LongTextField(
        label="What does the group do?",
        help_text="Who the group brings together, and what it has done in the past year.",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"max_length": "Say what the group does in 5,000 characters or fewer"},
    )
    meeting_arrangements = LongTextField(
        label="How and where does the group meet?",
        help_text="For example: monthly public meetings in the town hall, open to everyone.",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "max_length": "Say how and where the group meets in 2,000 characters or fewer"
        },
    )
    bank_account_name = forms.CharField(
        label="Name on the group's bank account",
        help_text="Exactly as it appears on bank statements.",
        required=False,
        max_length=150,
        error_messages={
            "max_length": "The name on the bank account must be 150 characters or fewer"
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            HTML(
                '<p class="govuk-body">You can leave a question unanswered and come back to it. '
                "Every question must be answered before you submit.</p>"
            ),
            counted(self, "group_summary", label_size=Size.SMALL, rows=6),
            counted(self, "meeting_arrangements", label_size=Size.SMALL, rows=4),
            Field.text("bank_account_name", label_size=Size.SMALL),
        )
        uncut(self, "bank_account_name")


class ActivityForm(forms.Form):
    """An activity and, for each quarter, its milestone or "not this quarter"."""

    objective = forms.ModelChoiceField(
        label="Which objective does this activity work towards?",
        queryset=Objective.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": "Choose the objective this activity works towards",
            "invalid_choice": "Choose one of the round's objectives",
        },
    )
    title = forms.CharField(
        label="Title of the activity",
        help_text="For example: Quarterly public meetings with the Borough Commander.",
        max_length=200,
        error_messages={
            "required": "Enter the activity's title",
            "max_length": "The title must be 200 characters or fewer",
        },
    )
    description = LongTextField(
        label="Description (optional)",
        help_text="What the group will do, with whom, and who it will reach.",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "The description must be 5,000 characters or fewer"},
    )

    def __init__(self, *args, funding_round: FundingRound, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objective"].queryset = funding_round.objectives.order_by("position", "code")
        quarter_layouts = []
        for quarter in QUARTERS:
            months = QUARTER_MONTHS[quarter]
            self.fields[f"q{quarter}_milestone"] = LongTextField(
                label="Milestone",
                help_text=(
                    f"What the activity will have achieved by the end of {months.split()[-1]}, "
                    "in a way you can measure: for example, 2 public meetings held with 60 "
                    "residents."
                ),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
                error_messages={
                    "max_length": f"The quarter {quarter} milestone must be 2,000 characters "
                    "or fewer"
                },
            )
            self.fields[f"q{quarter}_not_this_quarter"] = forms.BooleanField(
                label="Not this quarter",
                help_text="Nothing is planned for this activity this quarter.",
                required=False,
            )
            quarter_layouts.append(
                Fieldset(
                    counted(self, f"q{quarter}_milestone", rows=2),
                    Field.checkbox(f"q{quarter}_not_this_quarter", small=True),
                    legend=f"Quarter {quarter}: {months}",
                    legend_size=Size.SMALL,
                )
            )
        self.helper = _helper(
            Field.radios("objective", legend_size=Size.SMALL),
            Field.text("title", label_size=Size.SMALL),
            counted(self, "description", label_size=Size.SMALL, rows=4),
            Fieldset(
                HTML(
                    '<p class="govuk-body">For each quarter, give a milestone or choose “Not '
                    "this quarter”. You can leave a quarter for now and come back to it.</p>"
                ),
                *quarter_layouts,
                legend="Milestones",
                legend_size=Size.MEDIUM,
            ),
            button="Save activity",
        )
        uncut(self, "title")

    def clean(self):
        cleaned = super().clean()
        for quarter in QUARTERS:
            described = (cleaned.get(f"q{quarter}_milestone") or "").strip()
            if described and cleaned.get(f"q{quarter}_not_this_quarter"):
                self.add_error(
                    f"q{quarter}_milestone",
                    f"Either describe the quarter {quarter} milestone or choose “not this "
                    "quarter”, not both",
                )
        return cleaned

    def milestones(self) -> dict[int, str | None]:
        """The quarters answered: a description, or None for "not this quarter"."""
        answers: dict[int, str | None] = {}
        for quarter in QUARTERS:
            if self.cleaned_data.get(f"q{quarter}_not_this_quarter"):
                answers[quarter] = None
            elif (self.cleaned_data.get(f"q{quarter}_milestone") or "").strip():
                answers[quarter] = self.cleaned_data[f"q{quarter}_milestone"].strip()
        return answers

    @staticmethod
    def initial_for(activity) -> dict:
        initial = {
            "objective": activity.objective_id,
            "title": activity.title,
            "description": activity.description,
        }
        for milestone in activity.milestones.all():
            initial[f"q{milestone.quarter}_milestone"] = milestone.description
            initial[f"q{milestone.quarter}_not_this_quarter"] = milestone.not_this_quarter
        return initial


#: A sum of money laid out as the GOV.UK input with a "£" prefix.
MONEY_TEMPLATE = "grants/partials/applications_money_field.html"


def money_input(name: str, **kwargs) -> Field:
    return Field.text(name, field_width=Fixed.TEN, template=MONEY_TEMPLATE, **kwargs)


class BudgetForm(forms.Form):
    """One amount (and what it pays for) per budget category, and the amount requested. Any
    of them may be left empty to come back to: only submitting needs every line, and the
    lines to add up to the request. ``budget`` is the budget as saved, whose total the page
    shows between the lines and the request (the browser keeps it up to date as amounts are
    typed, with static/grants/budget-total.js)."""

    def __init__(self, *args, budget: BudgetSummary | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        line_layouts = []
        for category in BudgetCategory:
            noun = f"the amount for {category.label.lower()}"
            self.fields[f"amount_{category}"] = MoneyField(
                noun=noun,
                label="Amount, in pounds",
                help_text="Enter 0 if you need nothing for this line.",
                required=False,
            )
            self.fields[f"description_{category}"] = forms.CharField(
                label="What it pays for (optional)",
                required=False,
                max_length=300,
                error_messages={
                    "max_length": f"Say what the {category.label.lower()} line pays for in "
                    "300 characters or fewer"
                },
            )
            line_layouts.append(
                Fieldset(
                    money_input(f"amount_{category}", data_budget_line=""),
                    Field.text(f"description_{category}"),
                    legend=category.label,
                    legend_size=Size.SMALL,
                )
            )
            uncut(self, f"description_{category}")
        self.fields["requested_amount"] = MoneyField(
            noun="the amount requested",
            label="How much is the group asking for?",
            help_text="This must equal the total of the budget lines before you submit.",
            required=False,
        )
        self.helper = _helper(
            *line_layouts,
            HTML(running_total(budget)),
            money_input("requested_amount", label_size=Size.MEDIUM, data_budget_requested=""),
        )

    def lines(self) -> dict[str, LineAnswer]:
        return {
            category: LineAnswer(
                amount=self.cleaned_data.get(f"amount_{category}"),
                description=self.cleaned_data.get(f"description_{category}", ""),
            )
            for category in BudgetCategory
        }

    @staticmethod
    def initial_for(application) -> dict:
        initial: dict = {"requested_amount": application.requested_amount}
        for line in application.budget_lines.all():
            initial[f"amount_{line.category}"] = line.amount
            initial[f"description_{line.category}"] = line.description
        return initial


def running_total(budget: BudgetSummary | None) -> str:
    """The lines' total as saved, and how far it is from the request; the browser's script
    replaces both with the figures typed so far. Without the script it stays as saved."""
    total = budget.total if budget else ZERO
    difference = budget.difference_text if budget else ""
    return format_html(
        '<div class="govuk-inset-text" id="budget-total" data-budget-total>'
        '<p class="govuk-body govuk-!-margin-bottom-2"><span data-budget-total-label>'
        "Total of the budget lines as saved</span>: "
        '<strong class="govuk-!-font-weight-bold" data-budget-total-amount>{}</strong></p>'
        '<p class="govuk-body govuk-!-margin-bottom-0" data-budget-difference>{}</p>'
        '<p class="govuk-visually-hidden" aria-live="polite" data-budget-announce></p>'
        "</div>",
        money(total),
        f"{difference}. They must be equal before you submit." if difference else "",
    )


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(
        label="What is the document?",
        choices=SupportingDocument.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose what the document is",
            "invalid_choice": "Choose what the document is",
        },
    )
    file = forms.FileField(
        label="Upload a file",
        error_messages={
            "required": "Select a file",
            "empty": "The selected file is empty",
            "invalid": "Select a file",
            "max_length": "The file's name must be 255 characters or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            "A PDF, Word (DOCX), Excel (XLSX) or OpenDocument text (ODT) file, "
            f"{size_text(settings.GRANTS_UPLOAD_MAX_BYTES)} or smaller."
        )
        self.helper = _helper(
            Field.radios("kind", legend_size=Size.SMALL, small=True),
            Field("file"),
            button="Upload the document",
        )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if uploaded.size > settings.GRANTS_UPLOAD_MAX_BYTES:
            raise forms.ValidationError(too_large())
        return uploaded


class DeclarationForm(forms.Form):
    declaration = forms.BooleanField(
        label="I confirm that the information in this application is correct, and that the "
        "group's committee has agreed it",
        required=False,  # the service says what is missing, with everything else left to do
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.checkbox("declaration"),
            button="Accept and submit the application",
        )

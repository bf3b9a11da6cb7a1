"""Forms for the diversity return: one question per page, counts as whole numbers."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Fixed, Layout, Size, Submit
from django import forms
from django.utils.html import format_html

from cpeg_portal.fiscal import FinancialYear
from diversity.models import MAX_COMMITTEE_MEMBERS, Category, Characteristic


def _helper(*items, button: str = "Save and continue") -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False  # the template writes the <form>, with its CSRF token
    helper.layout = Layout(*items, Submit("submit", button))
    return helper


def _count_field(label: str, *, required: bool, hint: str = "") -> forms.IntegerField:
    noun = label[0].lower() + label[1:]
    return forms.IntegerField(
        label=label,
        help_text=hint,
        required=required,
        min_value=0,
        max_value=MAX_COMMITTEE_MEMBERS,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={
            "required": f"Enter the number for {noun}",
            "invalid": f"Enter the number for {noun} as a whole number, like 3",
            "min_value": f"The number for {noun} must be 0 or more",
            "max_value": f"The number for {noun} must be {MAX_COMMITTEE_MEMBERS} or fewer",
        },
    )


class StartReturnForm(forms.Form):
    year = forms.TypedChoiceField(
        label="Which financial year is this return for?",
        coerce=int,
        error_messages={
            "required": "Choose the financial year",
            "invalid_choice": "Choose one of the years listed",
        },
    )

    def __init__(self, *args, years: list[FinancialYear], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y.start_year, y.label) for y in years]
        self.helper = _helper(Field.select("year"), button="Start the return")


class MemberCountForm(forms.Form):
    member_count = forms.IntegerField(
        label="How many members does the executive committee have?",
        help_text="Count everyone on the committee today, including its officers.",
        min_value=1,
        max_value=MAX_COMMITTEE_MEMBERS,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={
            "required": "Enter the number of members on the executive committee",
            "invalid": "Enter the number of members as a whole number, like 11",
            "min_value": "The committee must have at least 1 member",
            "max_value": (
                f"An executive committee has at most {MAX_COMMITTEE_MEMBERS} members: "
                "check the number you entered"
            ),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.text("member_count", field_width=Fixed.TWO, label_size=Size.LARGE, label_tag="h1")
        )


class CountsForm(forms.Form):
    """The counts for one characteristic, one box per category (an empty box counts as 0)."""

    def __init__(self, *args, characteristic: Characteristic, member_count: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.characteristic = characteristic
        self.member_count = member_count
        self.categories: list[Category] = list(characteristic.categories.all())
        layout: list = []
        heading = None
        group: list = []

        def close_group():
            if group:
                layout.append(
                    Fieldset(*group, legend=heading, legend_size=Size.MEDIUM)
                    if heading
                    else Layout(*group)
                )

        for category in self.categories:
            name = f"category_{category.pk}"
            self.fields[name] = _count_field(category.name, required=False)
            if category.heading != heading:
                close_group()
                heading, group = category.heading, []
            group.append(Field.text(name, field_width=Fixed.TWO))
        close_group()
        self.helper = _helper(*layout)

    def field_name(self, category: Category) -> str:
        return f"category_{category.pk}"

    def counts(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data.get(self.field_name(c)) or 0 for c in self.categories}

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            total = sum(self.counts().values())
            if total != self.member_count:
                from diversity.services import adding_up_error

                raise forms.ValidationError(
                    adding_up_error(self.characteristic, total, self.member_count)
                )
        return cleaned


class MemberGroupForm(forms.Form):
    name = forms.CharField(
        label="Name of the member organisation",
        max_length=200,
        error_messages={
            "required": "Enter the member organisation's name",
            "max_length": "The name must be 200 characters or fewer",
        },
    )
    communities = forms.ModelMultipleChoiceField(
        label="Which communities does it represent?",
        help_text="Select all that apply, or none.",
        queryset=Category.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose communities from the list"},
    )

    def __init__(self, *args, classification_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = (
            Category.objects.filter(
                characteristic__classification_id=classification_id, kind="category"
            )
            .select_related("characteristic")
            .order_by("characteristic__position", "position")
        )
        self.fields["communities"].queryset = queryset
        self.fields["communities"].label_from_instance = lambda c: format_html(
            "{}: {}", c.characteristic.name, c
        )
        self.helper = _helper(
            Field.text("name"),
            Field.checkboxes("communities", small=True),
            button="Add organisation",
        )


class SendBackForm(forms.Form):
    question = forms.CharField(
        label="What should the group answer?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": "Enter the question the group should answer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("question"), button="Send back with this question")

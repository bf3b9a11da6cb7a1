"""Forms for the diversity return: one question per page, counts as whole numbers."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Fixed, Layout, Size, Submit
from django import forms
from django.utils.html import format_html

from cpeg_portal.forms import LongTextField, counted, uncut
from diversity.models import (
    MAX_COMMITTEE_MEMBERS,
    MAX_MEMBER_GROUP_NAME,
    MAX_QUESTION_LENGTH,
    Category,
    Characteristic,
)


def _helper(*items, button: str | None = "Save and continue") -> FormHelper:
    """The form's layout, ending in its button (``None``: the template writes the button,
    outside a group of boxes that may be highlighted as in error)."""
    helper = FormHelper()
    helper.form_tag = False  # the template writes the <form>, with its CSRF token
    helper.layout = Layout(*items, *([Submit("submit", button)] if button else []))
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
    """The counts for one characteristic, one box per category (an empty box counts as 0).

    The template puts the boxes in one fieldset whose legend is the page's heading, and the
    button after it, clear of the error border; ethnicity's boxes are grouped in a fieldset
    per heading inside it."""

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
        self.helper = _helper(*layout, button=None)

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
        max_length=MAX_MEMBER_GROUP_NAME,
        error_messages={
            "required": "Enter the member organisation's name",
            "max_length": f"The name must be {MAX_MEMBER_GROUP_NAME} characters or fewer",
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
        uncut(self, "name")
        self.fields["communities"].label_from_instance = lambda c: format_html(
            "{}: {}", c.characteristic.name, c
        )
        self.helper = _helper(
            Field.text("name"),
            Field.checkboxes("communities", small=True),
            button="Add organisation",
        )


class SendBackForm(forms.Form):
    question = LongTextField(
        label="What should the group answer?",
        help_text="The group's secretary sees your question on the return and answers it "
        "before submitting the return again.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MAX_QUESTION_LENGTH,
        error_messages={
            "required": "Enter the question the group should answer",
            "max_length": f"The question must be {MAX_QUESTION_LENGTH:,} characters or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            counted(self, "question", label_size=Size.MEDIUM, rows=4),
            button="Send back with this question",
        )


class AnswerForm(forms.Form):
    """The secretary's answer to the question the return was sent back with."""

    answer = LongTextField(
        label="Your answer",
        help_text="Your link officer reads it with the return when you submit it again.",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=MAX_QUESTION_LENGTH,
        error_messages={
            "required": "Enter your answer to your link officer's question",
            "max_length": f"Your answer must be {MAX_QUESTION_LENGTH:,} characters or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(counted(self, "answer", label_size=Size.MEDIUM, rows=6))

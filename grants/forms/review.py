"""Forms for the link officer's review: the list's filters, comments, a request for changes,
a recommendation, internal notes, and the choice of two versions to compare."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fixed, Layout, Size
from django import forms

from cpeg_portal.forms import LongTextField, RoundAndBoroughFilterForm, counted
from grants.forms.fields import MoneyField
from grants.models import Objective
from grants.workflows.application import APPLICATION


def _helper(*items) -> FormHelper:
    """The review page's forms share one <form>: the template writes it, with its CSRF token,
    and each button (which says where it posts, ``formaction``)."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(*items)
    return helper


class ReviewFilterForm(RoundAndBoroughFilterForm):
    """The review list's filters (GET). Choices come from lists the view has already read,
    so that filtering costs no query of its own."""

    round = forms.TypedChoiceField(
        label="Round",
        coerce=int,
        error_messages={"invalid_choice": "Choose one of the rounds listed"},
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        # Every state but the draft nobody has submitted, which staff never see.
        choices=[
            ("", "Any status"),
            *((s.value, s.label) for s in APPLICATION.states if s.value != APPLICATION.initial),
        ],
        error_messages={"invalid_choice": "Choose one of the statuses listed"},
    )
    borough = forms.ChoiceField(
        label="Borough",
        required=False,
        error_messages={"invalid_choice": "Choose one of the boroughs listed"},
    )
    mine = forms.BooleanField(
        label="Only boroughs assigned to me",
        required=False,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.filter_layout(
            Field.select("round"),
            Field.select("status"),
            Field.select("borough"),
            Field.checkbox("mine", small=True),
        )


class CommentForm(forms.Form):
    """A comment on one objective (or, with no objective, on the whole application).

    The review page is one form: each comment box has its own prefix (``comment-O2-body``,
    ``comment-general-body``), so that every box typed in reaches whichever button is pressed
    and nothing typed is thrown away."""

    body = LongTextField(
        label="Your comment",
        required=False,  # only the box whose "Add comment" was pressed must have text
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages={"max_length": "Your comment must be 5,000 characters or fewer"},
    )

    def __init__(self, *args, objective: Objective | None = None, **kwargs):
        self.key = objective.code if objective is not None else "general"
        kwargs.setdefault("prefix", f"comment-{self.key}")
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)
        self.objective = objective
        body = self.fields["body"]
        body.label = (
            f"Your comment on {objective.code}"
            if objective is not None
            else "Your comment on the application as a whole"
        )
        body.help_text = "The group will see this comment."
        if objective is not None:
            body.error_messages["max_length"] = (
                f"Your comment on {objective.code} must be 5,000 characters or fewer"
            )
        self.helper = _helper(counted(self, "body", label_size=Size.SMALL, rows=3))

    @property
    def text(self) -> str:
        """What was typed (once valid), without surrounding spaces."""
        return (self.cleaned_data.get("body") or "").strip() if self.is_bound else ""

    def require(self) -> None:
        """This box's "Add comment" was pressed: it (or another box) must say something."""
        self.add_error("body", "Enter your comment")


class RequestChangesForm(forms.Form):
    message = LongTextField(
        label="What does the group need to change?",
        help_text="The group sees this message with your comments, and is e-mailed a link.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={
            "required": "Enter what the group needs to change",
            "max_length": "The message must be 5,000 characters or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "changes")
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)
        self.helper = _helper(counted(self, "message", label_size=Size.SMALL, rows=4))


class RecommendForm(forms.Form):
    amount = MoneyField(
        noun="the recommended amount",
        label="Recommended amount, in pounds",
        help_text="No more than the amount requested.",
    )
    conditions = LongTextField(
        label="Conditions (optional)",
        help_text="Anything the group must do for the recommendation to stand.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages={"max_length": "The conditions must be 5,000 characters or fewer"},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "recommend")
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.text("amount", field_width=Fixed.TEN, label_size=Size.SMALL),
            counted(self, "conditions", label_size=Size.SMALL, rows=3),
        )


class InternalNoteForm(forms.Form):
    body = LongTextField(
        label="Add an internal note",
        help_text="Only MPA staff can read internal notes.",
        required=False,  # required only when "Add note" is pressed (``require``)
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages={"max_length": "The note must be 5,000 characters or fewer"},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "note")
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)
        self.helper = _helper(counted(self, "body", label_size=Size.SMALL, rows=3))

    @property
    def text(self) -> str:
        return (self.cleaned_data.get("body") or "").strip() if self.is_bound else ""

    def require(self) -> None:
        self.add_error("body", "Enter the note")


class CompareVersionsForm(forms.Form):
    """Choose two submitted versions (GET)."""

    a = forms.TypedChoiceField(
        label="Compare version",
        coerce=int,
        error_messages={
            "required": "Choose the earlier version",
            "invalid_choice": "Choose one of the versions listed",
        },
    )
    b = forms.TypedChoiceField(
        label="with version",
        coerce=int,
        error_messages={
            "required": "Choose the later version",
            "invalid_choice": "Choose one of the versions listed",
        },
    )

    def __init__(self, *args, numbers: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("a", "b"):
            self.fields[name].choices = [(n, f"Version {n}") for n in numbers]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # a GET form: no token in the address
        self.helper.form_method = "get"
        self.helper.layout = Layout(
            Field.select("a"),
            Field.select("b"),
            Button.secondary("compare", "Compare"),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("a") is not None and cleaned.get("a") == cleaned.get("b"):
            self.add_error("b", "Choose a different version to compare with")
        return cleaned

"""Forms for the officer's review of a return: the list's filters, a question box per
milestone and one on the return overall, a rating (with an override reason) per objective and
overall, and the reason for a correction."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms

from cpeg_portal.fiscal import QUARTERS
from cpeg_portal.forms import LongTextField, RoundAndBoroughFilterForm, counted
from slas.models import MAX_NARRATIVE, MilestoneReport, Rag
from slas.workflows.quarterly_return import QUARTERLY_RETURN


def _helper(*items: Any) -> FormHelper:
    """The page writes the <form> tag, its CSRF token and its button."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(*items)
    return helper


class ReviewFilterForm(RoundAndBoroughFilterForm):
    """The list's filters (GET). Choices come from lists the view has already read."""

    round = forms.TypedChoiceField(
        label="Round", coerce=int, error_messages={"invalid_choice": "Choose a round listed"}
    )
    quarter = forms.TypedChoiceField(
        label="Quarter",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Any quarter"), *((q, f"Quarter {q}") for q in QUARTERS)],
        error_messages={"invalid_choice": "Choose a quarter listed"},
    )
    state = forms.ChoiceField(
        label="State",
        required=False,
        choices=[("", "Any state"), *((s.value, s.label) for s in QUARTERLY_RETURN.states)],
        error_messages={"invalid_choice": "Choose a state listed"},
    )
    borough = forms.ChoiceField(
        label="Borough",
        required=False,
        error_messages={"invalid_choice": "Choose a borough listed"},
    )
    overdue = forms.BooleanField(label="Only overdue returns", required=False)
    mine = forms.BooleanField(label="Only boroughs assigned to me", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filter_layout(
            Field.select("round"),
            Field.select("quarter"),
            Field.select("state"),
            Field.select("borough"),
            Field.checkbox("overdue", small=True),
            Field.checkbox("mine", small=True),
        )


class QuestionForm(forms.Form):
    """A question on one milestone report, or (no report) on the return overall. Each box has
    its own prefix (``question-12-text``, ``question-overall-text``)."""

    text = LongTextField(
        label="Your question",
        help_text="The group sees your question in the return and answers it there.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=MAX_NARRATIVE,
    )

    def __init__(self, *args: Any, report: MilestoneReport | None = None, **kwargs: Any):
        self.key = "overall" if report is None else str(report.pk)
        kwargs.setdefault("prefix", f"question-{self.key}")
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)
        self.report = report
        about = (
            f"“{report.milestone.activity_title}”" if report is not None else "the return overall"
        )
        text = self.fields["text"]
        text.label = f"Your question on {about} (optional)"
        text.error_messages["max_length"] = (
            f"Your question on {about} must be {MAX_NARRATIVE:,} characters or fewer"
        )
        self.helper = _helper(counted(self, "text", label_size=Size.SMALL, rows=3))

    @property
    def typed(self) -> str:
        return (self.cleaned_data.get("text") or "").strip() if self.is_bound else ""


class RatingForm(forms.Form):
    """The rating of one objective (or of the quarter overall), preselected with the
    portal's suggestion, and the reason for choosing another."""

    rating = forms.ChoiceField(choices=Rag.choices, widget=forms.RadioSelect)
    reason = LongTextField(
        label="Why you chose a different rating",
        help_text="Only if you change the suggested rating.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=MAX_NARRATIVE,
    )

    def __init__(self, *args: Any, row: Any, **kwargs: Any) -> None:
        self.key = row.key
        kwargs.setdefault("prefix", f"rating-{self.key}")
        kwargs.setdefault("auto_id", "%s")
        kwargs.setdefault("initial", {"rating": row.suggested})
        super().__init__(*args, **kwargs)
        self.row = row
        name = (
            f"objective {row.objective.code}"
            if row.objective is not None
            else "the quarter overall"
        )
        self.name = name
        rating = self.fields["rating"]
        rating.label = (
            f"Rating for {row.name}" if row.objective is not None else "Rating for the quarter"
        )
        rating.error_messages["required"] = f"Choose a rating for {name}"
        rating.error_messages["invalid_choice"] = f"Choose a rating for {name}"
        self.fields["reason"].error_messages["max_length"] = (
            f"The reason for the rating of {name} must be {MAX_NARRATIVE:,} characters or fewer"
        )
        self.helper = _helper(
            Field.radios("rating", legend_size=Size.SMALL, small=True, inline=True),
            counted(self, "reason", label_size=Size.SMALL, rows=2),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        rating, reason = data.get("rating"), (data.get("reason") or "").strip()
        if rating and rating != self.row.suggested and not reason:
            self.add_error(
                "reason",
                f"Say why you rate {self.name} {Rag(rating).label} when the portal suggests "
                f"{Rag(self.row.suggested).label}",
            )
        return data


class CorrectionForm(forms.Form):
    reason = LongTextField(
        label="Why does the return need correcting?",
        help_text="The officer and the group see this reason on the return's history.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MAX_NARRATIVE,
        error_messages={
            "required": "Enter why the return needs correcting",
            "max_length": f"The reason must be {MAX_NARRATIVE:,} characters or fewer",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            counted(self, "reason", label_size=Size.MEDIUM, rows=4),
            Button("correct", "Start the correction"),
        )

"""Forms for the group's quarterly return: one per section page, GOV.UK layouts, messages
that say how to put a mistake right. The services check everything again."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import (
    HTML,
    ConditionalQuestion,
    ConditionalRadios,
    Field,
    Fieldset,
    Fixed,
    Layout,
    Size,
    Submit,
)
from django import forms
from django.conf import settings
from django.utils.html import format_html

from cpeg_portal.forms import LongTextField, counted
from grants.forms.applications import money_input
from grants.forms.fields import MoneyField
from grants.models.money import money
from grants.services.documents import size_text, too_large
from slas.models import COUNT_FIELDS, MAX_COUNT, MAX_NARRATIVE, MilestoneOutcome
from slas.selectors.returns import SpendRow
from slas.services.returns import COUNT_NOUNS

SAVE = "Save and continue"


def _helper(*items: Any, button: str = SAVE) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False  # the template writes the <form>, with its CSRF token
    helper.layout = Layout(*items, Submit("submit", button))
    return helper


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


class RevealQuestion(ConditionalQuestion):
    """A radio of the conditional radios that names the boxes it reveals only if it has any."""

    template = "slas/returns/partials/reveal_question.html"


def narrative(label: str, noun: str, *, required: str = "", help_text: str = "") -> LongTextField:
    messages = {"max_length": f"{_capital(noun)} must be {MAX_NARRATIVE:,} characters or fewer"}
    if required:
        messages["required"] = required
    return LongTextField(
        label=label,
        help_text=help_text,
        required=bool(required),
        max_length=MAX_NARRATIVE,
        # crispy-forms-gds's character count adds to this attribute and needs it present
        # on a box without a hint.
        widget=forms.Textarea(attrs={"rows": 5, "aria-describedby": ""}),
        error_messages=messages,
    )


# A milestone


class MilestoneForm(forms.Form):
    """Met, partly met, not met, or not due after all; partly met and not met each reveal
    their own "what happened" and "what happens next" boxes (GOV.UK conditional radios: a box
    can be revealed by one radio only), and ``explanation()`` picks the pair that applies."""

    outcome = forms.ChoiceField(
        label="Was the milestone met?",
        choices=MilestoneOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether the milestone was met",
            "invalid_choice": "Select whether the milestone was met",
        },
    )

    EXPLAINED = (MilestoneOutcome.PARTLY_MET, MilestoneOutcome.NOT_MET)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for outcome in self.EXPLAINED:
            self.fields[f"{outcome}_what_happened"] = narrative("What happened?", "what happened")
            self.fields[f"{outcome}_next_steps"] = narrative(
                "What happens next?", "what happens next"
            )
        self.helper = _helper(
            ConditionalRadios(
                "outcome",
                RevealQuestion(MilestoneOutcome.MET.label),
                *(
                    RevealQuestion(
                        outcome.label,
                        counted(self, f"{outcome}_what_happened", label_size=Size.SMALL, rows=4),
                        counted(self, f"{outcome}_next_steps", label_size=Size.SMALL, rows=4),
                    )
                    for outcome in self.EXPLAINED
                ),
                RevealQuestion(MilestoneOutcome.NOT_DUE.label),
            ),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        outcome = data.get("outcome")
        if outcome in self.EXPLAINED:
            for part, message in (
                ("what_happened", "Say what happened"),
                ("next_steps", "Say what happens next"),
            ):
                name = f"{outcome}_{part}"
                if name not in self.errors and not (data.get(name) or "").strip():
                    self.add_error(name, message)
        return data

    def explanation(self) -> dict[str, str]:
        outcome = self.cleaned_data["outcome"]
        if outcome not in self.EXPLAINED:
            return {"what_happened": "", "next_steps": ""}
        return {
            "what_happened": self.cleaned_data[f"{outcome}_what_happened"],
            "next_steps": self.cleaned_data[f"{outcome}_next_steps"],
        }

    def service_field(self, name: str) -> str:
        """The form's box for a service's error key (the pair of the chosen outcome)."""
        outcome = self.cleaned_data.get("outcome") if hasattr(self, "cleaned_data") else None
        if name in ("what_happened", "next_steps") and outcome in self.EXPLAINED:
            return f"{outcome}_{name}"
        return name

    @staticmethod
    def initial_for(report: Any) -> dict[str, str]:
        initial = {"outcome": report.outcome}
        if report.outcome in MilestoneForm.EXPLAINED:
            initial[f"{report.outcome}_what_happened"] = report.what_happened
            initial[f"{report.outcome}_next_steps"] = report.next_steps
        return initial


# Evidence


class EvidenceForm(forms.Form):
    evidence = narrative(
        "Describe the evidence",
        "the evidence",
        required="Describe the evidence of what the group did this quarter",
        help_text="For example: minutes of meetings, attendance sheets, publicity, "
        "feedback forms. Say where the link officer can see them.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(counted(self, "evidence", label_size=Size.MEDIUM, rows=8))


class EvidenceFileForm(forms.Form):
    file = forms.FileField(
        label="Upload a file",
        error_messages={
            "required": "Select a file",
            "empty": "The selected file is empty",
            "invalid": "Select a file",
            "max_length": "The file's name must be 255 characters or fewer",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            "A PDF, Word (DOCX), Excel (XLSX), OpenDocument text (ODT), JPEG or PNG file, "
            f"{size_text(settings.GRANTS_UPLOAD_MAX_BYTES)} or smaller."
        )
        self.helper = _helper(Field("file"), button="Upload the file")

    def clean_file(self) -> Any:
        uploaded = self.cleaned_data["file"]
        if uploaded.size > settings.GRANTS_UPLOAD_MAX_BYTES:
            raise forms.ValidationError(too_large())
        return uploaded


# Counts

_WHOLE = re.compile(r"^-?\d+$")


class CountField(forms.CharField):
    """A whole number from 0 to ``MAX_COUNT``, typed in a numeric box; each message names
    the count ("Enter the number of CDRP meetings attended"). Commas are allowed ("1,200")."""

    def __init__(self, *, noun: str, **kwargs: Any) -> None:
        self.noun = noun
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric"}))
        super().__init__(error_messages={"required": f"Enter {noun}"}, max_length=None, **kwargs)

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        cleaned = value.strip().replace(",", "").replace(" ", "")
        if not _WHOLE.match(cleaned):
            raise forms.ValidationError(
                f"{_capital(self.noun)} must be a whole number", code="invalid"
            )
        number = int(cleaned)
        if number < 0:
            raise forms.ValidationError(
                f"{_capital(self.noun)} must be 0 or more", code="min_value"
            )
        if number > MAX_COUNT:
            raise forms.ValidationError(
                f"{_capital(self.noun)} must be {MAX_COUNT:,} or fewer", code="max_value"
            )
        return number


COUNT_LABELS = {
    "public_meetings": "How many public meetings and engagement events did the group hold?",
    "public_attendance": "What was the total attendance at them?",
    "cdrp_meetings": "How many CDRP meetings did the group attend?",
    "snp_meetings": "How many Safer Neighbourhoods panel meetings did the group attend?",
    "outreach_events": "How many outreach events did the group hold?",
    "young_people": "How many young people (under 25) did the group engage?",
}
COUNT_HINTS = {
    "public_attendance": "Add up the people at every public meeting and event. "
    "Enter 0 if none were held.",
    "cdrp_meetings": "Crime and Disorder Reduction Partnership meetings.",
}


class CountsForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in COUNT_FIELDS:
            self.fields[name] = CountField(
                noun=COUNT_NOUNS[name],
                label=COUNT_LABELS[name],
                help_text=COUNT_HINTS.get(name, "Enter 0 if none."),
            )
        self.helper = _helper(
            *(
                Field.text(name, field_width=Fixed.FIVE, label_size=Size.SMALL)
                for name in COUNT_FIELDS
            )
        )


# Spend


class SpendForm(forms.Form):
    """Spend to date on each budget line, and a reason where it is lower than the last
    accepted quarter's (the service says when one is needed)."""

    def __init__(self, *args: Any, rows: list[SpendRow], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        layouts = []
        for row in rows:
            pk = row.line.pk
            label = row.label.lower()
            self.fields[f"spent_{pk}"] = MoneyField(
                noun=f"the spend to date on {label}",
                label="Spent to date",
                help_text="Everything spent on this line since the start of the year, "
                "in pounds and pence.",
            )
            hint = "Only needed if spend to date is lower than last quarter's."
            if row.previous is not None:
                hint = (
                    f"Needed if spend to date is lower than the {money(row.previous)} "
                    f"reported for quarter {row.previous_quarter}."
                )
            self.fields[f"reason_{pk}"] = narrative(
                "Why is spend to date lower? (if it is)", "the reason", help_text=hint
            )
            variance = row.variance_text
            layouts.append(
                Fieldset(
                    HTML(
                        format_html(
                            '<p class="govuk-body">Budget: <strong>{}</strong>{}</p>',
                            money(row.line.budget),
                            format_html(". As saved: {}", variance) if variance else "",
                        )
                    ),
                    money_input(f"spent_{pk}"),
                    counted(self, f"reason_{pk}", rows=3),
                    legend=row.label,
                    legend_size=Size.MEDIUM,
                )
            )
        self.helper = _helper(*layouts)

    def spend(self) -> dict[int, tuple[Decimal | None, str]]:
        return {
            row.line.pk: (
                self.cleaned_data.get(f"spent_{row.line.pk}"),
                self.cleaned_data.get(f"reason_{row.line.pk}", ""),
            )
            for row in self.rows
        }

    @staticmethod
    def initial_for(rows: list[SpendRow]) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        for row in rows:
            initial[f"spent_{row.line.pk}"] = row.line.spent_to_date
            initial[f"reason_{row.line.pk}"] = row.line.lower_reason
        return initial


# Narrative


class NarrativeForm(forms.Form):
    highlights = narrative(
        "What were the quarter's highlights?",
        "the highlights",
        required="Enter the quarter's highlights",
        help_text="What went well, and what difference it made.",
    )
    problems = narrative(
        "Were there any problems? (optional)",
        "the problems",
        help_text="Anything that held the group back this quarter.",
    )
    support_wanted = narrative(
        "What support would the group like from its link officer? (optional)",
        "the support wanted",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            *(
                counted(self, name, label_size=Size.SMALL, rows=5)
                for name in ("highlights", "problems", "support_wanted")
            )
        )


# Questions


class AnswerForm(forms.Form):
    answer = narrative("Your answer", "your answer", required="Enter your answer")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(counted(self, "answer", label_size=Size.MEDIUM, rows=6))


# Declaration


class DeclarationForm(forms.Form):
    declaration = forms.BooleanField(
        label="I confirm that this return is correct and complete, to the best of my knowledge",
        required=False,  # the service says what is missing, with everything else left to do
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.checkbox("declaration"), button="Accept and submit the return")

"""The question and its answer are counted as the GOV.UK character count counts them: a new
line is one character, though the browser sends it as two."""

import pytest

from diversity.forms import MAX_QUESTION_LENGTH, AnswerForm, SendBackForm


@pytest.mark.parametrize(
    ("form_class", "field"), [(SendBackForm, "question"), (AnswerForm, "answer")]
)
def test_new_lines_count_once_towards_the_limit(form_class, field):
    text = "x\r\n" * (MAX_QUESTION_LENGTH // 2 - 1) + "xy"  # 2,999 sent, 2,000 counted
    form = form_class({field: text})
    assert form.is_valid(), form.errors
    assert len(form.cleaned_data[field]) == MAX_QUESTION_LENGTH


@pytest.mark.parametrize(
    ("form_class", "field"), [(SendBackForm, "question"), (AnswerForm, "answer")]
)
def test_one_character_over_the_limit_is_refused_with_the_limit_named(form_class, field):
    form = form_class({field: "x" * (MAX_QUESTION_LENGTH + 1)})
    assert not form.is_valid()
    assert "2,000 characters or fewer" in form.errors[field][0]

from decimal import Decimal

import pytest
from django import forms

from grants.forms.fields import MoneyField


class AmountForm(forms.Form):
    amount = MoneyField(noun="the amount for training")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1250", Decimal("1250.00")),
        ("1250.5", Decimal("1250.50")),
        ("£1,250.50", Decimal("1250.50")),
        (" 0 ", Decimal("0.00")),
    ],
)
def test_pounds_and_pence_are_read_as_exact_decimals(typed, expected):
    form = AmountForm(data={"amount": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter the amount for training"),
        ("ten pounds", "Enter the amount for training as a number in pounds, like 1250 or 1250.50"),
        (
            "12.345",
            "Enter the amount for training in pounds and pence, with no more than 2 decimal places",
        ),
        ("-5", "The amount for training must be £0 or more"),
        ("1e5", "Enter the amount for training as a number in pounds, like 1250 or 1250.50"),
        ("99999999999", "The amount for training is too large: check the number"),
    ],
)
def test_bad_amounts_get_a_message_that_says_how_to_fix_them(typed, message):
    form = AmountForm(data={"amount": typed})
    assert not form.is_valid()
    assert form.errors["amount"] == [message]


def test_a_minimum_above_zero_is_named_in_the_message():
    class AwardForm(forms.Form):
        amount = MoneyField(noun="the award", minimum=Decimal("0.01"))

    form = AwardForm(data={"amount": "0"})
    assert not form.is_valid()
    assert form.errors["amount"] == ["The award must be £0.01 or more"]

"""Form fields the funding pages share: sums of money in pounds and pence."""

import re
from decimal import Decimal, InvalidOperation

from django import forms

from grants.models.money import MAX_DIGITS

_MONEY = re.compile(r"^-?\d+(\.\d{1,2})?$")
LARGEST = Decimal(10 ** (MAX_DIGITS - 2)) - Decimal("0.01")


class MoneyField(forms.CharField):
    """Pounds and pence, 0 or more. Accepts "£1,250.50", "1250.5" or "1250"; gives a Decimal.

    ``noun`` names the amount in messages: "Enter the amount for training", "…must be £0
    or more".
    """

    def __init__(self, *, noun: str, minimum: Decimal = Decimal("0"), **kwargs):
        self.noun = noun
        self.minimum = minimum
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        kwargs.setdefault("error_messages", {})
        kwargs["error_messages"].setdefault("required", f"Enter {noun}")
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        cleaned = value.strip().replace(",", "").replace(" ", "")
        if cleaned.startswith("£"):
            cleaned = cleaned[1:]
        elif cleaned.startswith("-£"):
            cleaned = "-" + cleaned[2:]
        if not _MONEY.match(cleaned):
            if re.match(r"^-?\d+\.\d{3,}$", cleaned):
                raise forms.ValidationError(
                    f"Enter {self.noun} in pounds and pence, with no more than 2 decimal places",
                    code="decimal_places",
                )
            raise forms.ValidationError(
                f"Enter {self.noun} as a number in pounds, like 1250 or 1250.50", code="invalid"
            )
        try:
            amount = Decimal(cleaned).quantize(Decimal("0.01"))
        except InvalidOperation:  # pragma: no cover - the pattern above admits only numbers
            raise forms.ValidationError(f"Enter {self.noun} as a number", code="invalid") from None
        if amount < self.minimum:
            raise forms.ValidationError(
                f"{self.noun[0].upper()}{self.noun[1:]} must be £{self.minimum:,} or more"
                if self.minimum
                else f"{self.noun[0].upper()}{self.noun[1:]} must be £0 or more",
                code="min_value",
            )
        if amount > LARGEST:
            raise forms.ValidationError(
                f"{self.noun[0].upper()}{self.noun[1:]} is too large: check the number",
                code="max_value",
            )
        return amount

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return f"{value:.2f}"
        return value

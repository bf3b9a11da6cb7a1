"""Template filters for the rounds pages."""

from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()


@register.filter
def pounds(value) -> str:
    """A sum of money as £1,234.56 (negative sums as -£1,234.56); empty for no value."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(value).quantize(Decimal("0.01"))
    except (InvalidOperation, TypeError, ValueError):
        return ""
    sign = "-" if amount < 0 else ""
    return f"{sign}£{abs(amount):,.2f}"

"""Template filters for the funding pages: sums of money as £1,234.56."""

from django import template

from grants.models.money import money as format_money

register = template.Library()


@register.filter
def money(value) -> str:
    """£1,234.56 (and -£1,234.56); an empty value stays empty."""
    return format_money(value)

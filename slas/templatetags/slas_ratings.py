"""``{{ value|rating_colour }}``: a rating's GOV.UK tag colour, from the one map in
``slas.ratings`` (every page shows the word in the tag too)."""

from django import template

from slas.ratings import rating_colour as colour_of

register = template.Library()


@register.filter
def rating_colour(value: str) -> str:
    return colour_of(value)

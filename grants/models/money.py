"""Money fields: pounds and pence, never floats."""

from django.db import models

MAX_DIGITS = 12  # up to £9,999,999,999.99: far above any round


def MoneyField(verbose_name: str | None = None, **kwargs) -> models.DecimalField:
    """A sum of money in pounds and pence."""
    return models.DecimalField(verbose_name, max_digits=MAX_DIGITS, decimal_places=2, **kwargs)


def not_negative(field: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=models.Q(**{f"{field}__gte": 0}), name=name)

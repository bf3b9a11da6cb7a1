"""Shares and percentages: exact fractions, rounded half up to one decimal place.

A change or a gap is worked out from the exact shares before it is rounded.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

_ONE_DECIMAL = Decimal("0.1")


def _rounded(value: Fraction) -> Decimal:
    """A fraction as a Decimal rounded half up (away from zero) to one decimal place."""
    sign = -1 if value < 0 else 1
    exact = abs(value)
    decimal = Decimal(exact.numerator) / Decimal(exact.denominator)
    return (sign * decimal).quantize(_ONE_DECIMAL, rounding=ROUND_HALF_UP)


def share(part: int, whole: int) -> Fraction | None:
    """``part`` as an exact percentage of ``whole``; None when there is no whole."""
    if not whole:
        return None
    return Fraction(part * 100, whole)


def percentage(part: int, whole: int) -> Decimal | None:
    """``part`` as a percentage of ``whole`` to one decimal place (6.25 → 6.3)."""
    exact = share(part, whole)
    return None if exact is None else _rounded(exact)


def points_difference(a: Fraction | None, b: Fraction | None) -> Decimal | None:
    """``a − b`` in percentage points, to one decimal place, from the exact shares."""
    if a is None or b is None:
        return None
    return _rounded(a - b)


def format_percentage(value: Decimal | None) -> str:
    return "–" if value is None else f"{value}%"


def format_points(value: Decimal | None) -> str:
    """A signed change in percentage points: "+2.5", "−18.8" (a true minus sign), "0.0"."""
    if value is None:
        return "–"
    if value > 0:
        return f"+{value}"
    if value < 0:
        return f"−{-value}"
    return f"{abs(value)}"


def describe_change(value: Decimal | None) -> str:
    """A change in words: "rose by 2.5 percentage points", "fell by 18.8 percentage points"."""
    if value is None:
        return ""
    if value == 0:
        return "did not change"
    unit = "percentage point" if abs(value) == 1 else "percentage points"
    return f"{'rose' if value > 0 else 'fell'} by {abs(value)} {unit}"

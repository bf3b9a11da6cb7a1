"""Money: the field (pounds and pence, never floats), how a sum reads (£1,234.56), and the
administration share, each written once."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import models

MAX_DIGITS = 12  # up to £9,999,999,999.99: far above any round
PENNY = Decimal("0.01")
ONE_DECIMAL_PLACE = Decimal("0.1")


def MoneyField(verbose_name: str | None = None, **kwargs) -> models.DecimalField:
    """A sum of money in pounds and pence."""
    return models.DecimalField(verbose_name, max_digits=MAX_DIGITS, decimal_places=2, **kwargs)


def not_negative(field: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=models.Q(**{f"{field}__gte": 0}), name=name)


def money(value: object) -> str:
    """£1,234.56 (and -£1,234.56); an empty value stays empty. The ``money`` template filter
    and every message that names a sum read through here."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value)).quantize(PENNY)
    except InvalidOperation:
        return str(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}£{abs(amount):,.2f}"


def administration_share(
    *, administration: Decimal | None, total: Decimal | None
) -> Decimal | None:
    """The administration line as a percentage of ``total``, to one decimal place, half up
    (£1,000 of £16,000 is 6.25 %, shown as 6.3 %). None while there is no total; 0 when there
    is no administration line. The group's budget page, the officer's review and the exports
    all show this one figure."""
    if not total:
        return None
    share = (administration or Decimal(0)) * 100 / total
    return share.quantize(ONE_DECIMAL_PLACE, rounding=ROUND_HALF_UP)

"""What the rounds tests share: good terms for a new round, an award written as a row, and
the ledger's rows read from the round page's HTML."""

import datetime
import re
from decimal import Decimal

from accounts.models import Role, User
from boroughs.models import Borough
from grants.models import Award, FundingRound, RoundStatus
from grants.services import rounds as services
from grants.workflows.round import CLOSE, OPEN_APPLICATIONS, OPEN_OUTLINES
from tests.grants.factories import staff

#: Terms the services accept for a new 2012/13 round (make_round already uses 2011).
TERMS_2012 = {
    "year_start": 2012,
    "total_budget": Decimal("1400000.00"),
    "allocable_ceiling": Decimal("1320000.00"),
    "access_fund": Decimal("2000.00"),
    "outline_deadline": datetime.date(2012, 5, 11),
    "application_deadline": datetime.date(2012, 6, 15),
    "q1_return_deadline": datetime.date(2012, 7, 27),
    "q2_return_deadline": datetime.date(2012, 10, 26),
    "q3_return_deadline": datetime.date(2013, 1, 25),
    "q4_return_deadline": datetime.date(2013, 4, 26),
}


#: The moves that bring a new round to each state, in order.
_PATH = {
    RoundStatus.SETUP: (),
    RoundStatus.OUTLINES_OPEN: (OPEN_OUTLINES,),
    RoundStatus.APPLICATIONS_OPEN: (OPEN_OUTLINES, OPEN_APPLICATIONS),
    RoundStatus.CLOSED: (OPEN_OUTLINES, OPEN_APPLICATIONS, CLOSE),
}


def round_in(state: str, *, manager: User | None = None, **terms) -> FundingRound:
    """A 2012/13 round with one objective, brought to ``state`` by the services, as the
    funding manager would (``terms`` change the round's terms)."""
    manager = manager or staff(Role.FUNDING_MANAGER)
    funding_round = services.round_create(
        user=manager, **{**TERMS_2012, **terms}, objectives=[("O1", "Public meetings")]
    )
    for name in _PATH[state]:
        funding_round = services.round_move(
            user=manager, funding_round=funding_round, transition=name
        )
    return funding_round


def update_terms(funding_round: FundingRound, **changes) -> dict:
    """The round's current terms (as round_update takes them), with ``changes``."""
    terms = {name: getattr(funding_round, name) for name in TERMS_2012 if name != "year_start"}
    return {**terms, **changes}


def form_data(**changes) -> dict[str, str]:
    """The round form as a person fills it in: money as typed, dates in three boxes."""
    data = {
        "year_start": "2012/13",
        "total_budget": "1,400,000",
        "allocable_ceiling": "1320000.00",
        "access_fund": "£2,000",
    }
    for name, value in TERMS_2012.items():
        if isinstance(value, datetime.date):
            data[f"{name}_0"] = str(value.day)
            data[f"{name}_1"] = str(value.month)
            data[f"{name}_2"] = str(value.year)
    data.update(changes)
    return data


def make_award(funding_round: FundingRound, borough: Borough, amount: str) -> Award:
    """An interim award written directly (an award from a decision needs a whole meeting)."""
    return Award.objects.create(
        funding_round=funding_round,
        cpeg=borough.cpeg,
        is_interim=True,
        interim_reason="No agreed work plan yet",
        reference=f"TEST-{funding_round.year_start}-{borough.slug}-{Award.objects.count() + 1}",
        amount=Decimal(amount),
        awarded_on=datetime.date(funding_round.year_start, 7, 1),
        created_by=staff(Role.FUNDING_MANAGER),
    )


_ROW = re.compile(
    r'<dt class="govuk-summary-list__key">(?P<key>[^<]*)</dt>'
    r'<dd class="govuk-summary-list__value">(?P<value>[^<]*)'
)


def ledger_rows(html: str) -> dict[str, str]:
    """The round page's ledger as {row name: value as shown}."""
    start = html.index('id="ledger"')
    ledger = html[start : html.index("</dl>", start)]
    return {match["key"]: match["value"].strip() for match in _ROW.finditer(ledger)}


_TOKEN = re.compile(r'<input[^>]*\bname="token"[^>]*>')
_VALUE = re.compile(r'\bvalue="([0-9a-f-]{36})"')


def shown_token(client, path: str) -> str:
    """The token a form carries when it is shown: its hidden field, as the browser posts it."""
    field = _TOKEN.search(client.get(path).content.decode())
    assert field is not None, "the form carries a hidden token"
    value = _VALUE.search(field[0])
    assert value is not None, "the token has a value"
    return value[1]

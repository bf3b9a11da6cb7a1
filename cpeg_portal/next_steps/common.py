"""What the home pages' steps share: the step itself, and how people and days are named."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from diversity.workflows.diversity_return import ACCEPT, DIVERSITY_RETURN, SEND_BACK
from grants.models import SignatoryRole
from grants.workflows.application import APPLICATION, SUBMIT
from grants.workflows.outline import DECLINE, OUTLINE

# The diversity return's states, as its workflow names them.
RETURN_DRAFT = DIVERSITY_RETURN.initial
RETURN_SENT_BACK = DIVERSITY_RETURN.transition(SEND_BACK).target
RETURN_TO_ACCEPT = DIVERSITY_RETURN.sources_of(ACCEPT)
#: The outline state a declined outline goes to: the outline list's filter for brokering.
OUTLINE_DISPUTED = OUTLINE.transition(DECLINE).target
#: The application state the review list filters on for "waiting for review".
APPLICATION_SUBMITTED = APPLICATION.transition(SUBMIT).target


@dataclass(frozen=True)
class Step:
    """One thing a home page says: a heading, a few sentences, and the action if it is the
    user's (``button``: a GOV.UK button; ``post``: the button submits a form to ``url``) or
    a plain link to read more."""

    heading: str
    body: list[str]
    url: str = ""
    action: str = ""
    button: bool = False
    post: bool = False


def people_named(roles: Iterable[str]) -> str:
    """The signatories named in a sentence, in the signing order: "the CPEG chair and the
    council partner"."""
    names = [
        "the " + (label if label.startswith("CPEG") else label.lower())
        for role, label in SignatoryRole.choices
        if role in roles
    ]
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def day_named(day: datetime.date | None) -> str:
    """A deadline as the pages write it: "17 June 2011"."""
    return f"{day:%-d %B %Y}" if day else ""

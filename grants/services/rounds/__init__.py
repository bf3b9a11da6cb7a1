"""Writes for funding rounds: the round's terms, its status, objectives and access-needs fund.

Only the funding manager changes a round. Every change locks the round's row, runs in one
transaction and is recorded in the round's audit log, so the round page's history says who
did what, when and why. The round's status moves only along its workflow
(``grants.workflows.round``), through ``ROUND.move``.

A package: ``terms`` creates a round and changes its terms; ``objectives``; ``access_fund``
(top-ups and drawdowns); ``status`` (the workflow's moves). Import from here.
"""

from grants.services.rounds.access_fund import access_fund_draw, access_fund_top_up
from grants.services.rounds.objectives import objective_add, objective_update
from grants.services.rounds.status import round_move
from grants.services.rounds.terms import (
    RoundTerms,
    round_create,
    round_terms_problems,
    round_update,
)

__all__ = [
    "RoundTerms",
    "access_fund_draw",
    "access_fund_top_up",
    "objective_add",
    "objective_update",
    "round_create",
    "round_move",
    "round_terms_problems",
    "round_update",
]

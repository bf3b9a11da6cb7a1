"""The rule that suggests ratings: every case of the table, and the change since last quarter."""

import pytest

from slas.models import MilestoneOutcome as O
from slas.models import Rag, Rating, ReturnStatus
from slas.ratings import (
    RULE_TEXT,
    RULE_VERSION,
    change_since_last_quarter,
    describe_change,
    return_suggestions,
    suggest,
)
from slas.services.review import review_accept
from tests.slas.factories import (
    all_ratings,
    funded_award,
    officer_for,
    reports_with,
    return_in,
)

M, P, N, X = O.MET, O.PARTLY_MET, O.NOT_MET, O.NOT_DUE


@pytest.mark.parametrize(
    ("outcomes", "rating"),
    [
        ([], Rag.NOT_RATED),
        ([X], Rag.NOT_RATED),
        ([X, X], Rag.NOT_RATED),
        ([M], Rag.GREEN),
        ([M, M, X], Rag.GREEN),  # not due after all does not count
        ([M, P], Rag.AMBER),  # 1.5 of 2
        ([M, N], Rag.AMBER),  # exactly half
        ([P, P], Rag.AMBER),  # two partly met make one met: half of 2
        ([P, P, N, N], Rag.RED),  # two partly met count as one met: 1 of 4 is below half
        ([P], Rag.AMBER),  # half of one
        ([P, N], Rag.RED),  # 0.5 of 2
        ([N], Rag.RED),
        ([M, N, N], Rag.RED),  # 1 of 3
        ([M, P, N, N], Rag.RED),  # 1.5 of 4
        ([M, M, N, N], Rag.AMBER),  # 2 of 4
        ([M, N, X, X], Rag.AMBER),  # 1 of the 2 due
        (["", M], Rag.GREEN),  # an unanswered milestone does not count
    ],
)
def test_the_rule_table(outcomes, rating):
    assert suggest(outcomes) == rating


def test_the_rule_is_written_once_with_its_version():
    assert "Green when every due milestone is met" in RULE_TEXT
    assert "partly met milestone counting half" in RULE_TEXT
    assert "Not rated when nothing was due" in RULE_TEXT
    assert RULE_VERSION


@pytest.mark.parametrize(
    ("previous", "current", "said"),
    [
        (None, Rag.GREEN, "First rating"),
        (Rag.AMBER, Rag.AMBER, "No change"),
        (Rag.AMBER, Rag.GREEN, "Up from Amber"),
        (Rag.RED, Rag.AMBER, "Up from Red"),
        (Rag.GREEN, Rag.AMBER, "Down from Green"),
        (Rag.AMBER, Rag.RED, "Down from Amber"),
        (Rag.NOT_RATED, Rag.GREEN, "Was Not rated"),
        (Rag.GREEN, Rag.NOT_RATED, "Was Green"),
    ],
)
def test_the_change_since_last_quarter_reads_as_words(previous, current, said):
    assert describe_change(previous, current) == said


@pytest.mark.django_db
def test_suggestions_per_objective_and_overall(barnet):
    award = funded_award(borough=barnet)
    q2 = return_in(ReturnStatus.SUBMITTED, award=award, quarter=2)
    reports_with(q2, [M, P, N, X, M])
    suggestions = return_suggestions(q2)
    assert [(s.objective.code if s.objective else None, s.suggested) for s in suggestions] == [
        ("O1", Rag.GREEN),
        ("O2", Rag.AMBER),
        ("O3", Rag.RED),
        ("O4", Rag.NOT_RATED),
        ("O5", Rag.GREEN),
        (None, Rag.AMBER),  # 2.5 of 4 due
    ]


@pytest.mark.django_db
def test_change_since_last_quarter_compares_the_same_objective_of_the_previous_quarter(barnet):
    award = funded_award(borough=barnet)
    officer = officer_for(barnet)
    q1 = return_in(ReturnStatus.SUBMITTED, award=award, quarter=1)
    reports_with(q1, [M, M, M, M, N])
    review_accept(user=officer, quarterly_return=q1, ratings=all_ratings(q1))
    q2 = return_in(ReturnStatus.SUBMITTED, award=award, quarter=2)
    reports_with(q2, [P, M, M, M, M])
    review_accept(user=officer, quarterly_return=q2, ratings=all_ratings(q2))
    first = Rating.objects.get(quarterly_return=q1, objective__code="O1")
    assert change_since_last_quarter(first) == "First rating"
    by_code = {
        (r.objective.code if r.objective else None): change_since_last_quarter(r)
        for r in Rating.objects.filter(quarterly_return=q2).select_related("objective")
    }
    assert by_code == {
        "O1": "Down from Green",
        "O2": "No change",
        "O3": "No change",
        "O4": "No change",
        "O5": "Up from Red",
        None: "No change",  # Amber (4 of 5) then Amber (4.5 of 5)
    }

"""What changed between two submitted versions reads as the page names things: milestones by
objective and activity, spend lines by budget line, answers by question — never by database
ids or the snapshot's bookkeeping."""

import pytest

from slas.models import MilestoneOutcome
from slas.selectors.returns import return_detail, return_snapshot
from slas.selectors.review import content_changes
from slas.services import returns as services
from tests.slas.factories import filled_return, funded_award, secretary_of

pytestmark = pytest.mark.django_db


def test_changes_are_named_by_milestone_and_budget_line_not_by_ids(barnet):
    award = funded_award(borough=barnet)
    quarterly_return = filled_return(award=award, quarter=1)
    before = return_snapshot(return_detail(pk=quarterly_return.pk))
    report = quarterly_return.milestone_reports.select_related("milestone__objective").first()
    services.return_save_milestone(
        user=secretary_of(barnet),
        report=report,
        outcome=MilestoneOutcome.PARTLY_MET,
        what_happened="Only one ward's meeting was held.",
        next_steps="The second is booked.",
    )
    after = return_snapshot(return_detail(pk=quarterly_return.pk))
    fields = {change.field for change in content_changes(before, after)}
    name = f"Milestones: {report.milestone.objective.code}: {report.milestone.activity_title}"
    assert fields == {
        f"{name}: Outcome",
        f"{name}: Outcome label",
        f"{name}: What happened",
        f"{name}: Next steps",
    }
    assert not any("Position" in field for field in fields)

"""The SLA's own writer: an award's milestones, copied from the application's work plan."""

import pytest

from grants.models import Activity, ApplicationStatus, Award, Milestone
from slas.models import SlaMilestone
from slas.services import sla_milestones_create
from tests.grants.factories import application_in, make_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def funded(barnet):
    """A funded application (through the services) and its award."""
    application = application_in(
        ApplicationStatus.FUNDED, funding_round=make_round(), borough=barnet
    )
    return application, Award.objects.get(decision__application=application)


def test_the_committee_decision_copies_each_milestone_of_the_work_plan(funded):
    application, award = funded
    copied = {
        (m.objective_id, m.activity_title, m.quarter, m.description, m.not_due)
        for m in SlaMilestone.objects.filter(award=award)
    }
    expected = {
        (m.activity.objective_id, m.activity.title, m.quarter, m.description, m.not_this_quarter)
        for m in Milestone.objects.filter(activity__application=application).select_related(
            "activity"
        )
    }
    assert copied == expected
    assert len(copied) == 20  # 5 activities × 4 quarters


def test_not_this_quarter_becomes_not_due_with_no_description(funded):
    application, award = funded
    SlaMilestone.objects.filter(award=award).delete()
    activity = Activity.objects.filter(application=application).first()
    Milestone.objects.filter(activity=activity, quarter=2).update(
        not_this_quarter=True, description=""
    )
    sla_milestones_create(award=award, application=application)
    milestone = SlaMilestone.objects.get(award=award, activity_title=activity.title, quarter=2)
    assert (milestone.not_due, milestone.description) == (True, "")
    assert SlaMilestone.objects.filter(award=award, not_due=True).count() == 1


def test_asked_again_it_adds_nothing(funded):
    application, award = funded
    again = sla_milestones_create(award=award, application=application)
    assert len(again) == 20
    assert SlaMilestone.objects.filter(award=award).count() == 20

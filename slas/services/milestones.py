"""The SLA's milestones, copied from the work plan when the committee funds it; and with them
the award's quarterly returns (``slas.services.schedule``)."""

from django.db import transaction

from grants.models import Application, Award, Milestone
from slas.models import SlaMilestone


@transaction.atomic
def sla_milestones_create(*, award: Award, application: Application) -> list[SlaMilestone]:
    """The award's SLA: each milestone of the application's work plan, copied ("not this
    quarter" becomes not due). The committee's funding decision calls this once per award;
    asked again for an award that has its milestones, it returns them and adds none."""
    existing = list(SlaMilestone.objects.filter(award=award))
    if existing:
        return existing
    milestones = Milestone.objects.filter(activity__application=application).select_related(
        "activity"
    )
    made = SlaMilestone.objects.bulk_create(
        SlaMilestone(
            award=award,
            objective_id=milestone.activity.objective_id,
            activity_title=milestone.activity.title,
            quarter=milestone.quarter,
            description=milestone.description,
            not_due=milestone.not_this_quarter,
        )
        for milestone in milestones
    )
    from slas.services.schedule import returns_create_for_award

    returns_create_for_award(award=award)
    return made

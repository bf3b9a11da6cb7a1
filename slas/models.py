"""The service-level agreement that comes with an award: the work plan's quarterly milestones.

Quarterly returns against these milestones are a later capability; the milestones are made
when the committee funds an application (``slas.services.sla_milestones_create``, which
the committee decision calls).
"""

from django.db import models

from grants.models import Award, Objective


class SlaMilestone(models.Model):
    """A milestone the group agreed to meet in one quarter, copied from its work plan."""

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="sla_milestones")
    objective = models.ForeignKey(Objective, on_delete=models.PROTECT, related_name="+")
    activity_title = models.CharField(max_length=200)
    quarter = models.PositiveSmallIntegerField()
    description = models.TextField(help_text="Empty when nothing is due this quarter.", blank=True)
    not_due = models.BooleanField("not due this quarter", default=False)

    class Meta:
        ordering = ["award", "quarter", "objective__position", "objective__code", "pk"]
        verbose_name = "SLA milestone"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4),
                name="sla_milestone_quarter_1_to_4",
            ),
        ]

    def __str__(self) -> str:
        return f"Q{self.quarter} {self.activity_title}"

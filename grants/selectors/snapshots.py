"""What an application said when it was submitted, as plain data.

``application_submit`` stores this in ``ApplicationVersion.snapshot``; the review pages show
a version from it and compare two versions. Amounts are strings ("1250.00") so that JSON keeps
them exact.
"""

from typing import Any

from grants.models import Application, BudgetCategory

SNAPSHOT_FORMAT = 1


def application_snapshot(*, application: Application) -> dict[str, Any]:
    activities = application.activities.select_related("objective").prefetch_related("milestones")
    lines = {line.category: line for line in application.budget_lines.all()}
    return {
        "format": SNAPSHOT_FORMAT,
        "about": {
            "group_summary": application.group_summary,
            "meeting_arrangements": application.meeting_arrangements,
            "bank_account_name": application.bank_account_name,
        },
        "requested_amount": (
            f"{application.requested_amount:.2f}"
            if application.requested_amount is not None
            else None
        ),
        "activities": [
            {
                "id": activity.pk,
                "objective": activity.objective.code,
                "objective_title": activity.objective.title,
                "title": activity.title,
                "description": activity.description,
                "milestones": {
                    str(milestone.quarter): (
                        None if milestone.not_this_quarter else milestone.description
                    )
                    for milestone in activity.milestones.all()
                },
            }
            for activity in activities
        ],
        "budget": [
            {
                "category": category.value,
                "label": category.label,
                "amount": f"{lines[category].amount:.2f}" if category in lines else None,
                "description": lines[category].description if category in lines else "",
            }
            for category in BudgetCategory
        ],
        "documents": [
            {"kind": document.get_kind_display(), "name": document.original_name}
            for document in application.documents.all()
        ],
    }

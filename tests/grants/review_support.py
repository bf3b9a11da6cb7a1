"""Builders the review tests share: a submitted application (its version holds the snapshot
the service took), the group's edits made through the application services, and a
resubmission made as people make it."""

from decimal import Decimal

from accounts.models import Role
from boroughs.models import Borough
from grants.models import Application, ApplicationStatus, FundingRound
from grants.services import applications, review
from tests.grants.factories import make_application, staff

#: What the builder's officer asks when an application must go back before a new version.
ASKED_FOR_A_NEW_VERSION = "Please send us the application again."


def submitted_application(funding_round: FundingRound, borough: Borough, **kwargs) -> Application:
    """``make_application``: version 1's snapshot is what was filled in when it was submitted."""
    return make_application(funding_round=funding_round, borough=borough, **kwargs)


def set_budget_line(application: Application, category: str, amount: str | Decimal) -> None:
    """The secretary changes one budget line, and the amount requested to the lines' new
    total (the application could not be submitted again otherwise)."""
    application.refresh_from_db()
    lines = {
        line.category: applications.LineAnswer(line.amount, line.description)
        for line in application.budget_lines.all()
    }
    lines[category] = applications.LineAnswer(Decimal(amount))
    applications.application_set_budget(
        user=application.created_by,
        application=application,
        lines=lines,
        requested_amount=sum((line.amount for line in lines.values()), Decimal("0.00")),
    )


def send_back(application: Application) -> Application:
    """The officer asks the group for changes (so that it may edit and submit again)."""
    return review.review_request_changes(
        user=staff(Role.LINK_OFFICER), application=application, message=ASKED_FOR_A_NEW_VERSION
    )


def resubmit(application: Application) -> Application:
    """The group submits the application as it stands as the next version; a submitted one
    is first sent back by the officer (only an application sent back can be submitted again)."""
    application.refresh_from_db()
    if application.status == ApplicationStatus.SUBMITTED:
        send_back(application)
    applications.application_submit(
        user=application.created_by, application=application, declaration_confirmed=True
    )
    application.refresh_from_db()
    return application

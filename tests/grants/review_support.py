"""Builders the review tests share: a submitted application whose version holds a real
snapshot, and a resubmission written directly (the group's pages are another helper's)."""

import datetime

from django.utils import timezone

from boroughs.models import Borough
from grants.models import Application, ApplicationStatus, ApplicationVersion, FundingRound
from grants.selectors.snapshots import application_snapshot
from tests.grants.factories import make_application


def submitted_application(funding_round: FundingRound, borough: Borough, **kwargs) -> Application:
    """``make_application`` with version 1's snapshot taken from what was filled in."""
    application = make_application(funding_round=funding_round, borough=borough, **kwargs)
    application.versions.filter(number=1).update(
        snapshot=application_snapshot(application=application)
    )
    return application


def resubmit(application: Application, *, when: datetime.datetime | None = None) -> Application:
    """Write the next version from the application as it stands, and mark it submitted."""
    application.refresh_from_db()
    number = application.submitted_version + 1
    submitted_at = when or timezone.now()
    ApplicationVersion.objects.create(
        application=application,
        number=number,
        snapshot=application_snapshot(application=application),
        submitted_by=application.created_by,
        submitted_at=submitted_at,
    )
    Application.objects.filter(pk=application.pk).update(
        status=ApplicationStatus.SUBMITTED, submitted_version=number, submitted_at=submitted_at
    )
    application.refresh_from_db()
    return application

"""Load the demo: deterministic for a given day, and safe to run again (it adds only what is
missing)."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from demo.diversity import seed_benchmarks, seed_diversity
from demo.grants import mail_kept_in_memory, seed_grants
from demo.people import DEMO_PASSWORD, seed_people
from demo.slas import seed_returns


class Command(BaseCommand):
    help = (
        "Load the CPEG Portal demo data: the previous financial year's funding round, complete, "
        "and the current year's with its deadlines around today. Refuses to run in the "
        "production profile."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            metavar="YYYY-MM-DD",
            help="The day the demo is loaded as of (today when left out); the same day always "
            "gives the same data. It cannot be later than today.",
        )

    def handle(self, *args, today: str | None = None, **options) -> None:
        if settings.IS_PRODUCTION:
            raise CommandError(
                "The demo data may not be loaded in production. It is for PORTAL_PROFILE=demo "
                "only, as `make run` sets it."
            )
        day = _day(today)
        with mail_kept_in_memory(), transaction.atomic():
            created = seed_people()
            returns = seed_diversity(day)
            seed_benchmarks()
            applications = seed_grants(day)
            quarterly = seed_returns(day)
        self.stdout.write(
            f"Demo loaded: {created} new login{'s' if created != 1 else ''}, "
            f"{returns} new diversity return{'s' if returns != 1 else ''}, "
            f"{applications} new funding application{'s' if applications != 1 else ''}, "
            f"{quarterly} quarterly return{'s' if quarterly != 1 else ''} started. "
            f"Every demo login uses the password {DEMO_PASSWORD}"
        )


def _day(value: str | None) -> datetime.date:
    actual = timezone.localdate()
    if value is None:
        return actual
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Give --today as a date like 2026-12-02, not {value!r}") from None
    if day > actual:
        raise CommandError(
            f"--today cannot be later than today, {actual:%-d %B %Y}: the committee cannot have "
            "met in the future"
        )
    return day

"""Load the demo: deterministic, and safe to run again (it adds only what is missing)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo.diversity import seed_benchmarks, seed_diversity
from demo.grants import mail_kept_in_memory, seed_grants
from demo.people import DEMO_PASSWORD, seed_people


class Command(BaseCommand):
    help = "Load the CPEG Portal demo data. Refuses to run in the production profile."

    def handle(self, *args, **options) -> None:
        if settings.IS_PRODUCTION:
            raise CommandError(
                "The demo data may not be loaded in production. It is for PORTAL_PROFILE=demo "
                "only, as `make run` sets it."
            )
        with mail_kept_in_memory(), transaction.atomic():
            created = seed_people()
            returns = seed_diversity()
            seed_benchmarks()
            applications = seed_grants()
        self.stdout.write(
            f"Demo loaded: {created} new login{'s' if created != 1 else ''}, "
            f"{returns} new diversity return{'s' if returns != 1 else ''}, "
            f"{applications} new funding application{'s' if applications != 1 else ''}. "
            f"Every demo login uses the password {DEMO_PASSWORD}"
        )

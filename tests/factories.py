"""factory_boy factories for the models tests need."""

import factory
from django.db.models import Max

from accounts.models import Role, User
from audit.models import AuditEvent
from boroughs.models import Borough

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    role = Role.COMMITTEE_MEMBER
    password = factory.django.Password(PASSWORD)

    class Params:
        secretary = factory.Trait(
            role=Role.SECRETARY,
            cpeg=factory.LazyFunction(lambda: Borough.objects.get(slug="barnet").cpeg),
        )
        manager = factory.Trait(role=Role.FUNDING_MANAGER)
        officer = factory.Trait(role=Role.LINK_OFFICER)

    @factory.post_generation
    def assigned_boroughs(self, create, extracted, **kwargs):
        if create and extracted:
            self.assigned_boroughs.set(extracted)


def audit_mark() -> int:
    """The last audit row so far: a test's set-up (made through the services) writes history,
    and a check that an action audited nothing looks only past this mark."""
    return AuditEvent.objects.aggregate(last=Max("pk"))["last"] or 0


def audited_since(mark: int):
    """The audit rows written after ``mark``."""
    return AuditEvent.objects.filter(pk__gt=mark)

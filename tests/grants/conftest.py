import pytest

from grants.models import RoundStatus
from grants.services import applications as application_services
from tests.grants.factories import fill_application, make_outline, make_round


@pytest.fixture
def funding_round():
    """The 2011/12 round, open for applications, with the five objectives of the 2011 paper."""
    return make_round(status=RoundStatus.APPLICATIONS_OPEN)


@pytest.fixture
def outlines_round():
    """The 2011/12 round while outlines are being agreed."""
    return make_round(status=RoundStatus.OUTLINES_OPEN)


# The group's application, for the application pages' and services' tests


@pytest.fixture
def outline(funding_round, barnet):
    """Barnet's agreed outline in the round, written by its secretary."""
    return make_outline(funding_round=funding_round, cpeg=barnet.cpeg)


@pytest.fixture
def secretary(outline):
    return outline.created_by


@pytest.fixture
def application(secretary, outline):
    """Barnet's application, just started by its secretary."""
    return application_services.application_start(user=secretary, outline=outline)


@pytest.fixture
def signed_in(client, secretary):
    client.force_login(secretary)
    return client


@pytest.fixture
def complete(application):
    """The application with every section answered (ready to submit)."""
    return fill_application(application)

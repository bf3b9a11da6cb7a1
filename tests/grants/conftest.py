import pytest

from grants.models import RoundStatus
from tests.grants.factories import make_round


@pytest.fixture
def funding_round():
    """The 2011/12 round, open for applications, with the five objectives of the 2011 paper."""
    return make_round(status=RoundStatus.APPLICATIONS_OPEN)


@pytest.fixture
def outlines_round():
    """The 2011/12 round while outlines are being agreed."""
    return make_round(status=RoundStatus.OUTLINES_OPEN)

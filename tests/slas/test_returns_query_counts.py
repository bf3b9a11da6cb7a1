"""The return's pages read what they show in a fixed number of queries, however many
milestones, spend lines, files and questions the return has."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from slas.models import ReviewQuestion, SlaMilestone
from slas.services import returns as services
from slas.workflows.quarterly_return import QUARTERLY_RETURN, RETURN
from tests.slas.factories import (
    filled_return,
    funded_award,
    officer_for,
    return_for,
    secretary_of,
    submitted_return,
)

pytestmark = pytest.mark.django_db

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def add_milestones(award, quarter, how_many):
    first = SlaMilestone.objects.filter(award=award, quarter=quarter).first()
    SlaMilestone.objects.bulk_create(
        SlaMilestone(
            award=award,
            objective=first.objective,
            activity_title=f"Extra activity {n}",
            quarter=quarter,
            description=f"Extra step {n}",
        )
        for n in range(how_many)
    )


def queries(client, address):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(address)
    assert response.status_code == 200
    return len(captured)


def grown(award, quarter):
    """The return with more milestones, files and questions than the plain one."""
    add_milestones(award, quarter, 6)
    r = filled_return(award=award, quarter=quarter, outcome="partly_met")
    secretary = secretary_of(award.cpeg.borough)
    for n in range(3):
        services.return_add_evidence_file(
            user=secretary,
            quarterly_return=r,
            upload=SimpleUploadedFile(f"photo{n}.png", PNG_BYTES),
        )
    return r


def test_the_task_list_and_check_page_do_not_grow_with_milestones(client, barnet):
    award = funded_award(borough=barnet)
    small = filled_return(award=award, quarter=1)
    big = grown(award, 2)
    assert big.milestone_reports.count() > small.milestone_reports.count() + 5
    client.force_login(secretary_of(barnet))
    for name in ("return", "return_check", "return_spend"):
        few = queries(client, reverse(f"slas:{name}", kwargs={"pk": small.pk}))
        many = queries(client, reverse(f"slas:{name}", kwargs={"pk": big.pk}))
        assert few == many, name
    # The task list: the session and the user (2), the return with its round, group and
    # award (1) and its prefetched reports, spend lines, files, questions and submissions
    # (5), the site's header's round (1) and the audit timeline (1: the content type is
    # cached after the first page).
    address = reverse("slas:return", kwargs={"pk": big.pk})
    assert queries(client, address) == 10


def test_the_read_only_page_does_not_grow_with_milestones_or_questions(client, barnet):
    award = funded_award(borough=barnet)
    small = submitted_return(award=award, quarter=1)
    big = grown(award, 2)
    big = services.return_submit(
        user=secretary_of(barnet), quarterly_return=big, declaration_confirmed=True
    )
    officer = officer_for(barnet)
    for n in range(4):
        ReviewQuestion.objects.create(
            quarterly_return=big,
            milestone_report=big.milestone_reports.all()[n],
            question=f"Question {n}",
            asked_by=officer,
        )
    QUARTERLY_RETURN.move(big, RETURN, user=officer)
    client.force_login(officer)
    few = queries(client, reverse("slas:return", kwargs={"pk": small.pk}))
    many = queries(client, reverse("slas:return", kwargs={"pk": big.pk}))
    assert few == many


def test_the_groups_list_is_one_query_for_its_returns(client, barnet):
    award = funded_award(borough=barnet)
    filled_return(award=award, quarter=1)
    return_for(award, 2)
    client.force_login(secretary_of(barnet))
    address = reverse(
        "slas:group_returns", kwargs={"year": award.funding_round.year_start, "slug": "barnet"}
    )
    client.get(address)  # content types and the like, cached from here on
    # Session, user, borough, round (4), the group's returns with round and group (1) and
    # the site's header's round (1).
    assert queries(client, address) == 6

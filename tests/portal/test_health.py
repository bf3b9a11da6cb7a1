from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_health_check_answers_200_without_signing_in(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_the_health_check_answers_503_when_the_database_does_not(client):
    with mock.patch(
        "cpeg_portal.views.connection.cursor", side_effect=OperationalError("server closed")
    ):
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "OperationalError"}


def test_the_health_check_is_never_cached(client):
    assert "no-cache" in client.get(reverse("healthz"))["Cache-Control"]

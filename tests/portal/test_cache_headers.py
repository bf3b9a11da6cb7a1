"""Signed-in pages are never stored, so Back after submitting never shows a stale draft."""

import pytest
from django.urls import reverse

from accounts.models import Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", list(Role))
def test_signed_in_pages_are_sent_with_no_store(client, user_in_role, role):
    client.force_login(user_in_role(role))
    response = client.get(reverse("home"))
    assert response.status_code == 200
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "no-cache", "private"} <= cache_control

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Role
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_signing_in_lands_on_the_home_page(client, user_in_role):
    user = user_in_role(Role.SECRETARY)
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"username": "", "password": "x"}, "username", "Enter your username"),
        ({"username": "someone", "password": ""}, "password", "Enter your password"),
    ],
)
def test_a_missing_field_gets_its_own_message(client, data, field, message):
    response = client.post(reverse("login"), data)
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    content = response.content.decode()
    assert "There is a problem" in content
    assert f'href="#id_{field}"' in content
    assert content.count(message) == 2  # in the error summary and beside the field
    assert "<title>Error: Sign in" in content


def test_a_wrong_password_says_so_without_saying_which_part_was_wrong(client, user_in_role):
    user = user_in_role(Role.SECRETARY)
    response = client.post(reverse("login"), {"username": user.username, "password": "wrong"})
    assert response.status_code == 200
    assert "Enter a correct username and password" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_changing_a_password_needs_the_current_one(client, user_in_role):
    user = user_in_role(Role.CHAIR)
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "not-it",
            "new_password1": "a-new-long-passphrase",
            "new_password2": "a-new-long-passphrase",
        },
    )
    assert response.status_code == 200
    assert "old_password" in response.context["form"].errors
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_a_password_reset_email_is_sent_through_celery_and_its_link_works(
    client, user_in_role, django_capture_on_commit_callbacks
):
    user = user_in_role(Role.SECRETARY, email="sec@example.org")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("password_reset"), {"email": "sec@example.org"})
    assert response.status_code == 302
    assert len(callbacks) == 1  # the e-mail is queued only once the request's work commits
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["sec@example.org"]
    assert message.subject == "Reset your CPEG Portal password"

    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-new-long-passphrase", "new_password2": "a-new-long-passphrase"},
    )
    assert done["Location"] == reverse("password_reset_complete")
    user.refresh_from_db()
    assert user.check_password("a-new-long-passphrase")


def test_a_reset_for_an_unknown_address_sends_nothing_and_reveals_nothing(client):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_a_malformed_reset_address_gets_a_field_message(client):
    response = client.post(reverse("password_reset"), {"email": "not-an-address"})
    assert response.context["form"].errors["email"] == [
        "Enter an email address in the correct format, like name@example.com"
    ]

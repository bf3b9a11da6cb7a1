"""Sign-in and password forms in the GOV.UK Design System style."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fluid, Layout, Submit
from django.contrib.auth import forms as auth_forms

from accounts.services import email_send


def _helper(*fields: Field, button: str) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False  # the template writes the <form>, with its CSRF token
    helper.layout = Layout(*fields, Submit("submit", button))
    return helper


class SignInForm(auth_forms.AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account has been switched off. Ask the funding manager to restore it.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.helper = _helper(
            Field.text(
                "username", field_width=Fluid.ONE_HALF, autocomplete="username", spellcheck="false"
            ),
            Field("password", autocomplete="current-password"),
            button="Sign in",
        )


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].error_messages["required"] = "Enter your current password"
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].error_messages["required"] = "Enter the new password again"
        self.helper = _helper(
            Field("old_password", autocomplete="current-password"),
            Field("new_password1", autocomplete="new-password"),
            Field("new_password2", autocomplete="new-password"),
            button="Change password",
        )


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Asks for the address; the e-mail itself is sent by a Celery worker."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].error_messages = {
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        }
        self.helper = _helper(
            Field.text(
                "email", field_width=Fluid.TWO_THIRDS, autocomplete="email", spellcheck="false"
            ),
            button="Send reset link",
        )

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ) -> None:
        from django.template import loader

        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        email_send(to=[to_email], subject=subject, body=body)


class SetPasswordForm(auth_forms.SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].error_messages["required"] = "Enter the new password again"
        self.helper = _helper(
            Field("new_password1", autocomplete="new-password"),
            Field("new_password2", autocomplete="new-password"),
            button="Set password",
        )

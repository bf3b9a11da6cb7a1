"""Sign in, sign out, passwords (Django's own views with GOV.UK forms) and the account page."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.urls import reverse_lazy
from django.views.generic import TemplateView

from accounts import forms


class SignInView(auth_views.LoginView):
    form_class = forms.SignInForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = forms.PasswordChangeForm


class PasswordResetView(auth_views.PasswordResetView):
    form_class = forms.PasswordResetForm


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = forms.SetPasswordForm
    success_url = reverse_lazy("password_reset_complete")


class AccountView(LoginRequiredMixin, TemplateView):
    template_name = "accounts/account.html"

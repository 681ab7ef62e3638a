"""Guessing a password is as slow on every sign-in form as over the API: one limit per client address.

The limit is checked where the password would be: in the form's ``clean``,
before ``authenticate``. A refused attempt is a form error beside the form
(code ``throttled``), and the view answers 429 with ``Retry-After``. The web
sign-in and the admin's sign-in use it; the API counts the same attempts with
``CredentialThrottle``.
"""

from django.contrib.admin import AdminSite as DjangoAdminSite
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpResponse

from .throttles import sign_in_wait

TOO_MANY = "Too many attempts from your network. Please wait {wait} seconds and try again."


class LimitedSignIn(AuthenticationForm):
    retry_after: int | None = None

    def clean(self):
        self.retry_after = sign_in_wait(self.request)
        if self.retry_after is not None:
            raise ValidationError(TOO_MANY.format(wait=self.retry_after), code="throttled")
        return super().clean()


class LimitedAdminSignIn(LimitedSignIn, AdminAuthenticationForm):
    """The admin's form (staff only) behind the same limit."""


def refused_when_limited(response: HttpResponse, form: object) -> HttpResponse:
    """429 with Retry-After when ``form`` was refused by the limit; ``response`` unchanged otherwise."""
    retry_after = getattr(form, "retry_after", None)
    if retry_after is not None and form.has_error(NON_FIELD_ERRORS, "throttled"):  # type: ignore[attr-defined]
        response.status_code = 429
        response["Retry-After"] = str(retry_after)
    return response


class AdminSite(DjangoAdminSite):
    """Django's admin site, its sign-in behind the sign-in limit."""

    login_form = LimitedAdminSignIn

    def login(self, request, extra_context=None):
        response = super().login(request, extra_context)
        return refused_when_limited(response, getattr(response, "context_data", {}).get("form"))

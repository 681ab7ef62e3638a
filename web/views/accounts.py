"""Accounts for people: sign up, sign in and out, passwords, and deleting the account.

Django's own auth views and forms do the work; sign-up and sign-in are
throttled with the API's credential-endpoint rate and counter
(``todo_project/sign_in.py``), so guessing a password is as slow on a page as
over the API.
"""

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_GET, require_http_methods

from tasks import imports, push, services
from tasks.models import Import, ImportStatus
from todo_project import exports
from todo_project.sign_in import TOO_MANY, LimitedSignIn, refused_when_limited
from todo_project.throttles import sign_in_wait

from .. import time_zones
from ..forms import ChangePasswordForm, DeleteAccountForm, ImportForm, NewPasswordForm, SettingsForm, SignUpForm
from .common import add_service_errors


def _too_many(request: HttpRequest, template: str, form, wait: int) -> HttpResponse:
    form.add_error(None, TOO_MANY.format(wait=wait))
    response = render(request, template, {"form": form}, status=429)
    response["Retry-After"] = str(wait)
    return response


class SignInView(auth_views.LoginView):
    template_name = "web/accounts/login.html"
    form_class = LimitedSignIn
    redirect_authenticated_user = True

    def form_invalid(self, form):
        # The name was kept: the password is what to type again.
        form.fields["username"].widget.attrs.pop("autofocus", None)
        form.fields["password"].widget.attrs["autofocus"] = True
        return refused_when_limited(super().form_invalid(form), form)


class SignOutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, "You're signed out.")
        return response


@require_http_methods(["GET", "POST"])
def sign_up(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("web:tasks")
    form = SignUpForm(request.POST or None)
    if request.method == "POST":
        wait = sign_in_wait(request)
        if wait is not None:
            return _too_many(request, "web/accounts/signup.html", form, wait)
        if form.is_valid():
            user = form.save()
            if form.cleaned_data["time_zone"]:  # the browser's, before sign-in puts it in the session
                services.set_time_zone(user, form.cleaned_data["time_zone"])
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, f"Welcome, {user.get_username()}! Add your first task in the box at the top.")
            return redirect("web:tasks")
    return render(request, "web/accounts/signup.html", {"form": form}, status=400 if form.errors else 200)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "web/accounts/password_change.html"
    form_class = ChangePasswordForm
    success_url = reverse_lazy("web:tasks")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "Your password was changed.")
        return response


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "web/accounts/password_reset.html"
    email_template_name = "web/accounts/password_reset_email.txt"
    subject_template_name = "web/accounts/password_reset_subject.txt"
    success_url = reverse_lazy("web:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "web/accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "web/accounts/password_reset_confirm.html"
    form_class = NewPasswordForm
    success_url = reverse_lazy("web:login")
    post_reset_login = False

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "Your password was reset. Sign in with the new one.")
        return response


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest) -> HttpResponse:
    """The person's settings: their time zone (where the assistant's “today” is) and how they are reminded."""
    reminding = services.reminder_settings(request.user)
    initial = {
        "time_zone": services.time_zone_name(request.user),
        "remind_by_default": reminding.remind_by_default,
        "email_reminders": reminding.email_reminders,
    }
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        time_zones.remember(request, services.set_time_zone(request.user, form.cleaned_data["time_zone"]))
        services.set_reminder_settings(
            request.user,
            services.ReminderSettings(
                remind_by_default=form.cleaned_data["remind_by_default"],
                email_reminders=form.cleaned_data["email_reminders"],
            ),
        )
        messages.success(request, "Saved.")
        return redirect("web:settings")
    context = {"form": form, "push_key": push.application_server_key()}
    return render(request, "web/accounts/settings.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    """Delete the account and everything in it (tasks, conversations, tokens, activity), after typing the name."""
    form = DeleteAccountForm(request.POST or None, username=request.user.get_username())
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        user.delete()
        messages.success(request, "Your account and everything in it were deleted.")
        return redirect("web:landing")
    return render(request, "web/accounts/delete.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    """Download your data: everything as JSON, or your tasks as CSV (``?as=csv``)."""
    return exports.download(request.user, request.GET.get("as", "json"))


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    """Bring tasks in (our JSON export, or a Todoist CSV): the file is checked at once, added by the worker; the
    page shows each import's progress (polled while one runs)."""
    form = ImportForm()
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                job = imports.start(request.user, upload.name, upload.read())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"Importing {job.total} task{'s' if job.total != 1 else ''} from {job.name}.")
                return redirect("web:import")
    recent = list(Import.objects.for_user(request.user).defer("rows")[:10])
    running = any(job.status in {ImportStatus.QUEUED, ImportStatus.RUNNING} for job in recent)
    context = {"form": form, "imports": recent, "running": running}
    template = "web/accounts/_imports.html" if request.htmx else "web/accounts/import.html"
    return render(request, template, context, status=400 if form.errors else 200)

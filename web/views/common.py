"""What every page view shares: who is acting, toasts, and turning service errors into form errors."""

from uuid import UUID

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from tasks.activity import Actor
from tasks.models import Channel

UNDO_TAG = "undo:"
"""A toast whose ``extra_tags`` carry ``undo:<group id>`` offers an Undo button for that group."""
FORCE_TAG = "force:"
"""A toast whose ``extra_tags`` carry ``force:<path>`` offers "Undo anyway", posting force=1 to that path."""


def web_actor() -> Actor:
    """The person themself, on the web; one request's changes form one group (so one Undo takes them back)."""
    return Actor(Channel.WEB).in_new_group()


def toast(
    request: HttpRequest,
    text: str,
    *,
    undo_group: UUID | None = None,
    force_path: str = "",
    error: bool = False,
) -> None:
    """A short message shown after the action: with Undo when ``undo_group`` can be taken back, or
    "Undo anyway" when an undo at ``force_path`` was refused for a later change."""
    tags = f"{UNDO_TAG}{undo_group}" if undo_group else f"{FORCE_TAG}{force_path}" if force_path else ""
    level = messages.ERROR if error else messages.SUCCESS
    messages.add_message(request, level, text, extra_tags=tags)


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's validation messages beside the form's fields (or above them when no field matches)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, field_errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, field_errors)


def toast_errors(request: HttpRequest, errors: ValidationError | forms.Form) -> None:
    """A refusal that has no field on the page to sit beside (a row's button, a form in a folded row): every
    message, as one error toast."""
    found = errors.errors if isinstance(errors, forms.Form) else errors.message_dict
    toast(request, " ".join(message for messages in found.values() for message in messages), error=True)

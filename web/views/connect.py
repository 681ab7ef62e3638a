"""Connect an agent: the /mcp URL for hosted assistants, personal tokens, ready-to-paste configuration, and the
calendar feed."""

import json
import shlex
import sys
from datetime import datetime, time
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from mcp_bridge import oauth, tokens
from tasks import calendar

from ..forms import TokenCreateForm
from .common import add_service_errors, toast

TOKEN_PLACEHOLDER = "todo_pat_…"


def public_origin(request: HttpRequest) -> str:
    """Where people and assistants reach this server: TODO_PUBLIC_URL, or the origin of this request."""
    return settings.TODO_PUBLIC_URL or f"{request.scheme}://{request.get_host()}"


def _python() -> str:
    """The interpreter a desktop client should start: this checkout's virtualenv when there is one."""
    venv_python = Path(settings.BASE_DIR) / ".venv" / "bin" / "python"
    return str(venv_python if venv_python.exists() else Path(sys.executable))


def snippets(*, mcp_url: str, token: str) -> list[dict[str, str]]:
    """Configuration for the usual MCP clients, filled in with this server's values."""
    manage = str(Path(settings.BASE_DIR) / "manage.py")
    stdio = {"command": _python(), "args": [manage, "runmcp"], "env": {"TODO_MCP_TOKEN": token}}
    remote = {"url": mcp_url, "headers": {"Authorization": f"Bearer {token}"}}
    return [
        {
            "name": "Claude Desktop",
            "where": "claude_desktop_config.json (Settings → Developer → Edit Config)",
            "text": json.dumps({"mcpServers": {"todo": stdio}}, indent=2, ensure_ascii=False),
        },
        {
            "name": "Claude Code",
            "where": "a terminal",
            "text": (
                f"claude mcp add --transport http todo {shlex.quote(mcp_url)} "
                f"--header {shlex.quote(f'Authorization: Bearer {token}')}"
            ),
        },
        {
            "name": "VS Code",
            "where": ".vscode/mcp.json",
            "text": json.dumps({"servers": {"todo": {"type": "http", **remote}}}, indent=2, ensure_ascii=False),
        },
        {
            "name": "Cursor",
            "where": "~/.cursor/mcp.json",
            "text": json.dumps({"mcpServers": {"todo": remote}}, indent=2, ensure_ascii=False),
        },
    ]


# A secret made by a POST waits in the session for the page the POST redirects to, which shows it once: a
# reload of that page neither makes another nor shows it again.
SHOWN_ONCE = "connect_shown_once"


def _show_once(request: HttpRequest, anchor: str, **secrets: str) -> HttpResponse:
    request.session[SHOWN_ONCE] = secrets
    return redirect(reverse("web:connect") + anchor)


def _page(request: HttpRequest, *, form: TokenCreateForm | None = None, status: int = 200):
    shown = request.session.pop(SHOWN_ONCE, {})
    new_secret, new_calendar_secret = shown.get("token", ""), shown.get("calendar", "")
    mcp_url = f"{public_origin(request)}/mcp"
    calendar_url = (
        f"{public_origin(request)}{reverse('web:calendar_feed', args=[new_calendar_secret])}"
        if new_calendar_secret
        else ""
    )
    context = {
        "calendar_on": calendar.is_on(request.user),
        "calendar_url": calendar_url,
        "mcp_url": mcp_url,
        "tokens": tokens.active_mcp_tokens(request.user),
        "connected_apps": oauth.connected_apps(request.user),
        "scope_names": settings.OAUTH_SCOPES,
        "form": form or TokenCreateForm(),
        "new_secret": new_secret,
        "snippets": snippets(mcp_url=mcp_url, token=new_secret or TOKEN_PLACEHOLDER),
    }
    return render(request, "web/connect/page.html", context, status=status)


@login_required
@require_GET
def connect_page(request: HttpRequest) -> HttpResponse:
    return _page(request)


@login_required
@require_POST
def create_token(request: HttpRequest) -> HttpResponse:
    form = TokenCreateForm(request.POST)
    if form.is_valid():
        expires_on = form.cleaned_data["expires_on"]
        # A date means "through that day": the token works until its last moment, in the server's time zone.
        expires_at = timezone.make_aware(datetime.combine(expires_on, time.max)) if expires_on else None
        try:
            issued = tokens.create_mcp_token(request.user, name=form.cleaned_data["name"], expires_at=expires_at)
        except ValidationError as error:
            add_service_errors(form, _on_the_form(error))
        else:
            return _show_once(request, "#tokens", token=issued.secret)
    return _page(request, form=form, status=400)


@login_required
@require_POST
def turn_calendar_on(request: HttpRequest) -> HttpResponse:
    """Turn the calendar feed on, or give it a new URL; the URL is shown once, like a new token."""
    return _show_once(request, "#calendar", calendar=calendar.turn_on(request.user))


@login_required
@require_POST
def turn_calendar_off(request: HttpRequest) -> HttpResponse:
    calendar.turn_off(request.user)
    toast(request, "The calendar feed is off; its URL no longer works.")
    return redirect("web:connect")


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The feed itself: no sign-in, the secret in the URL is the key (a wrong or old one is a 404)."""
    document = calendar.feed(token)
    if document is None:
        return HttpResponse("No such calendar.", status=404, content_type="text/plain")
    response = HttpResponse(document, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response


def _on_the_form(error: ValidationError) -> ValidationError:
    """The service names the expiry ``expires_at``; the form's field is ``expires_on``."""
    if hasattr(error, "error_dict") and "expires_at" in error.error_dict:
        return ValidationError({"expires_on": error.error_dict["expires_at"]})
    return error


@login_required
@require_POST
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    revoked = tokens.revoke_mcp_token(request.user, token_id)
    toast(request, f"Revoked “{revoked.name}”: it no longer works anywhere.")
    return redirect("web:connect")


@login_required
@require_POST
def disconnect_app(request: HttpRequest, app_id: int) -> HttpResponse:
    app = oauth.disconnect_app(request.user, app_id)
    toast(request, f"Disconnected “{app.name}”: its access ended at once.")
    return redirect("web:connect")

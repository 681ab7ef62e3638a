"""The activity feed: every change to the person's tasks, from every channel, each with Undo."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import trigger_client_event

from tasks import activity, undo
from tasks.models import Channel

from .chat import TASKS_CHANGED
from .common import toast, web_actor

FEED_PAGE = 50


@login_required
@require_GET
def feed(request: HttpRequest) -> HttpResponse:
    channel = request.GET.get("channel") or None
    if channel not in Channel.values:
        channel = None
    before = request.GET.get("before", "")
    before_id = int(before) if before.isdigit() and len(before) < 19 else None
    page = list(activity.list_activity(request.user, channel=channel, before_id=before_id)[: FEED_PAGE + 1])
    older = page[FEED_PAGE - 1].pk if len(page) > FEED_PAGE else None
    query = f"channel={channel}&" if channel else ""
    context = {
        "activities": page[:FEED_PAGE],
        "channels": Channel.choices,
        "channel": channel,
        "older_url": f"{reverse('web:activity')}?{query}before={older}" if older else None,
        "today": timezone.localdate(),
    }
    return render(request, "web/activity/page.html", context)


def _back(request: HttpRequest) -> str:
    """Where to return after an undo: the page the form was on, if it is ours, else the feed."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("web:activity")


def _answer(request: HttpRequest, outcome: undo.UndoOutcome | None) -> HttpResponse:
    if request.htmx:
        response = render(request, "web/_toasts.html", {"oob": False})
        return trigger_client_event(response, TASKS_CHANGED) if outcome and outcome.records else response
    return redirect(_back(request))


def _undo(request: HttpRequest, run, *, force_path: str = "") -> HttpResponse:
    force = request.POST.get("force") == "1"
    try:
        outcome = run(force)
    except undo.UndoConflict as conflict:
        toast(request, conflict.message, error=True, force_path=force_path or request.path)
        return _answer(request, None)
    toast(request, _said(outcome), error=outcome.status != "undone")
    return _answer(request, outcome)


UNDONE_VERBS = {
    "restored": "Brought back",
    "deleted": "Removed",
    "updated": "Changed back",
    "completed": "Marked done again",
    "uncompleted": "Reopened",
}


def _said(outcome: undo.UndoOutcome) -> str:
    """The undo, as a person reads it: 'Brought back “Call the bank”.' rather than activity numbers."""
    if outcome.status != "undone":
        return outcome.message
    if len(outcome.records) > 1:
        return f"Undid {len(outcome.records)} changes."
    record = outcome.records[0]
    return f"{UNDONE_VERBS[record.action]} “{record.title}”."


@login_required
@require_POST
def undo_activity(request: HttpRequest, activity_id: int) -> HttpResponse:
    return _undo(request, lambda force: undo.undo_activity(request.user, activity_id, actor=web_actor(), force=force))


@login_required
@require_POST
def undo_group(request: HttpRequest, group_id) -> HttpResponse:
    return _undo(request, lambda force: undo.undo_group(request.user, group_id, actor=web_actor(), force=force))


@login_required
@require_POST
def undo_latest(request: HttpRequest) -> HttpResponse:
    """The `u` key: undo the person's newest change made on the web that still stands, with its group."""
    group = undo.latest_group(request.user, channel=Channel.WEB)
    if group is None:
        toast(request, "Nothing to undo.")
        return _answer(request, None)
    return _undo(
        request,
        lambda force: undo.undo_group(request.user, group, actor=web_actor(), force=force),
        force_path=reverse("web:undo_group", args=[group]),
    )

"""The tasks page: the list with its tabs, filters and paging, the quick-add row, and changes in place.

Every action is a plain form POST that redirects back to the list (so the
page works without JavaScript); with htmx the same view answers with the
task panel alone (and the toasts), which htmx swaps in place.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import reswap, retarget

from tasks import organize, services

from ..display import understood_chips
from ..forms import TaskAddForm, TaskEditForm
from .common import add_service_errors, toast, toast_errors, web_actor
from .panels import add_form_context, list_state, list_url, page_context, panel_context, posted_state, state_query


def _panel(request: HttpRequest, state: dict, *, status: int = 200) -> HttpResponse:
    return render(request, "web/tasks/_panel_response.html", panel_context(request.user, state), status=status)


def _done(request: HttpRequest, state: dict) -> HttpResponse:
    """After a change: the fresh panel for htmx, a redirect back to the same list view without it."""
    if request.htmx:
        return _panel(request, state)
    return redirect(list_url(state))


@login_required
@require_GET
def tasks_page(request: HttpRequest) -> HttpResponse:
    state = list_state(request.GET)
    if request.htmx and request.htmx.target == "task-panel":
        return _panel(request, state)
    return render(request, "web/tasks/page.html", page_context(request, state))


@login_required
@require_POST
def add_task(request: HttpRequest) -> HttpResponse:
    state = posted_state(request)
    form = TaskAddForm(request.POST)
    if form.is_valid():
        try:
            fields = form.task_fields(timezone.localtime(), organize.list_names(request.user))
            if state["list"]:  # added while looking at a list: into it, unless the words name another
                fields.setdefault("list_id", state["list"])
            services.add_task(request.user, actor=web_actor(), **fields)
        except ValidationError as error:
            add_service_errors(form, error)
    if form.errors:
        if request.htmx:
            # Only the add row changes: its errors appear beside the fields, the typed text stays.
            response = render(request, "web/tasks/_add_form.html", add_form_context(form, state))
            return reswap(retarget(response, "#add-form"), "outerHTML")
        return render(request, "web/tasks/page.html", page_context(request, state, add_form=form), status=400)
    if request.htmx:
        # The panel with the new task, and a fresh add row swapped out of band: ready for the next one.
        response = _panel(request, state)
        fresh = render(request, "web/tasks/_add_form.html", add_form_context(TaskAddForm(), state, oob=True))
        response.content += fresh.content
        return response
    return redirect(list_url(state))


@login_required
@require_POST
def toggle_task(request: HttpRequest, task_id: int) -> HttpResponse:
    state = posted_state(request)
    task = services.get_task(request.user, task_id)
    actor = web_actor()
    if task.completed:
        services.update_task(request.user, task_id, actor=actor, completed=False)
    else:
        done = services.complete_task(request.user, task_id, actor=actor)
        if done.steps_done:
            steps = f"{done.steps_done} step{'s' if done.steps_done != 1 else ''}"
            toast(request, f"Done: “{task.title}” and its {steps} still open.", undo_group=actor.group_id)
    return _done(request, state)


@login_required
@require_POST
def toggle_step(request: HttpRequest, task_id: int, step: int) -> HttpResponse:
    """Tick a step of a task, or untick it."""
    state = posted_state(request)
    try:
        services.toggle_step(request.user, task_id, step, actor=web_actor())
    except ValidationError as error:  # a step that is gone (edited away in another tab)
        toast_errors(request, error)
    return _done(request, state)


@login_required
@require_POST
def move_task(request: HttpRequest, task_id: int) -> HttpResponse:
    """A new place in the list's order: dragged after or before another task, or one place up or down."""
    state = posted_state(request)
    where = {name: request.POST[name] for name in ("after", "before", "direction") if request.POST.get(name)}
    try:
        services.move_task(request.user, task_id, actor=web_actor(), **where)
    except ValidationError as error:
        toast_errors(request, error)
    return _done(request, state)


@login_required
@require_http_methods(["GET", "POST"])
def edit_task(request: HttpRequest, task_id: int) -> HttpResponse:
    task = services.get_task(request.user, task_id)
    state = posted_state(request) if request.method == "POST" else list_state(request.GET)
    lists = organize.lists(request.user, archived=True)  # a task may be in an archived list
    if request.method == "GET":
        initial = TaskEditForm.initial_for(task)
        form = TaskEditForm(auto_id=f"task-{task.pk}_%s", task=task, lists=lists, initial=initial)
    else:
        form = TaskEditForm(request.POST, auto_id=f"task-{task.pk}_%s", task=task, lists=lists)
        if form.is_valid():
            try:
                services.update_task(request.user, task_id, actor=web_actor(), **form.task_fields())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return _done(request, state)
    context = {"task": task, "form": form, "state_query": state_query(state), "cancel_url": list_url(state)}
    if request.htmx:
        # The row turns into its form (or shows the form's errors) in place.
        response = render(request, "web/tasks/_task_edit.html", context)
        return reswap(retarget(response, f"#task-{task.pk}"), "outerHTML")
    return render(request, "web/tasks/edit_page.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def delete_task(request: HttpRequest, task_id: int) -> HttpResponse:
    state = posted_state(request)
    actor = web_actor()
    deleted = services.delete_task(request.user, task_id, actor=actor)
    toast(request, f"Deleted “{deleted.title}”.", undo_group=actor.group_id)
    return _done(request, state)


@login_required
@require_GET
def understand(request: HttpRequest) -> HttpResponse:
    """What the add box understood so far, as chips under it (a chip taken off leaves its words in the title)."""
    form = TaskAddForm(request.GET)
    form.is_valid()  # a partial title is still read: only the fields that are valid count
    now = timezone.localtime()
    read = form.read(now, organize.list_names(request.user)) if form.cleaned_data.get("title") else None
    chips = understood_chips(read, now.date()) if read is not None and not isinstance(read, str) else []
    ignored = sorted(form.cleaned_data.get("ignore", ()))
    return render(request, "web/tasks/_understood.html", {"chips": chips, "ignored": ignored})

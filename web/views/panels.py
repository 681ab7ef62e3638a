"""The two panels of the tasks page, as context: the task list and the chat.

Views build a whole page from both, or answer an htmx request with one. Each
costs a fixed number of queries whatever the size of the list.
"""

from datetime import date, datetime, timedelta
from math import ceil
from urllib.parse import urlencode

from django.http import HttpRequest, QueryDict
from django.urls import reverse
from django.utils import timezone

from conversations import services as chat
from tasks import organize, schedule, services
from tasks.models import INBOX

from ..display import day_label, due_info
from ..forms import PRIORITY_CHOICES, ChatForm, TaskAddForm, TaskFilterForm

PAGE_SIZE = 50
TABS = (("all", "All"), ("pending", "Pending"), ("completed", "Completed"))
CONVERSATIONS_SHOWN = 10
MESSAGES_SHOWN = 30
ROW_FIELDS = (
    "id",
    "number",
    "title",
    "description",
    "completed",
    "priority",
    "due_date",
    "due_time",
    "repeat",
    "reminders",
    "list_id",
    "labels",
    "steps",
)


def list_state(query: QueryDict) -> dict:
    """The list view (tab, filters, order, page) a query string asks for."""
    return TaskFilterForm(query).state()


def posted_state(request: HttpRequest) -> dict:
    """The list view the person was looking at when they acted (sent along by every form on the page)."""
    return list_state(QueryDict(request.POST.get("state", "")))


def state_query(state: dict, **changes) -> str:
    """The query string of a list view, leaving defaults out so URLs stay short."""
    merged = {**state, **changes}
    return urlencode({name: value for name, value in merged.items() if value != TaskFilterForm.DEFAULTS.get(name)})


def list_url(state: dict, **changes) -> str:
    query = state_query(state, **changes)
    return reverse("web:tasks") + (f"?{query}" if query else "")


def chat_url(query: str, chat_id: object) -> str:
    """The tasks page showing the list view ``query`` and the conversation ``chat_id`` (or ``new``)."""
    params = QueryDict(query, mutable=True)
    params["chat"] = str(chat_id)
    return f"{reverse('web:tasks')}?{params.urlencode()}"


def panel_context(user, state: dict) -> dict:
    """The task panel: the lists and labels with their counts, tab counts, one page of tasks and the links
    around them (a fixed number of queries)."""
    search, priority = state["q"] or None, state["priority"] or None
    lists, labels = organize.lists(user), organize.labels(user)
    chosen = next((found for found in lists if str(found.pk) == state["list"]), None)
    if state["list"] and state["list"] != "inbox" and chosen is None:
        state = {**state, "list": ""}  # an archived, deleted or someone else's list: all tasks instead
    if state["label"] and not any(label.name.lower() == state["label"].lower() for label in labels):
        state = {**state, "label": ""}
    offset = (state["page"] - 1) * PAGE_SIZE
    # Today in the person's time zone, which web/time_zones.py activated for this request from the session.
    task_path, now = reverse("web:tasks"), timezone.localtime()
    today = now.date()
    filters: dict = {
        "status": state["status"],
        "search": search,
        "priority": priority,
        "order": state["order"],
        "with_due_soon": today,
        "list_id": state["list"] or None,
        "labels": [state["label"]] if state["label"] else None,
    }
    if state["view"]:  # a view is a window of days of what is still to do, soonest first
        filters.update(status="pending", order="due", **_view_days(state["view"], today))
    listed = services.task_page(user, fields=ROW_FIELDS, offset=offset, limit=PAGE_SIZE, **filters)
    total = listed.total
    page_count = max(1, ceil(total / PAGE_SIZE))
    page = min(state["page"], page_count)
    if page != state["page"]:
        # Past the last page (a shorter list, an edited URL): show the last one instead.
        offset = (page - 1) * PAGE_SIZE
        listed = services.task_page(user, fields=ROW_FIELDS, offset=offset, limit=PAGE_SIZE, **filters)
        state = {**state, "page": page}
    names = {found.pk: found for found in lists}
    rows = [_row(task, task_path, now, names, show_list=not state["list"]) for task in listed.rows]
    if state["view"] == "upcoming":  # grouped by day
        for previous, task in zip([None, *rows], rows, strict=False):
            if previous is None or previous["due_date"] != task["due_date"]:
                task["day_heading"] = day_label(task["due_date"], today)
    soon = listed.due_soon
    assert soon is not None  # asked for with the page
    filtered = bool(search or priority)
    return {
        "lists_nav": _lists_nav(state, lists, organize.inbox_pending(user), labels),
        "current_list": chosen,
        "list_title": chosen.name if chosen else INBOX if state["list"] == "inbox" else "",
        "reorderable": state["order"] == "manual" and bool(state["list"]) and not state["view"],
        "state": state,
        "state_query": state_query(state),
        "state_suffix": f"?{state_query(state)}" if state_query(state) else "",
        "priority_filter_choices": TaskFilterForm.base_fields["priority"].choices,
        "order_choices": TaskFilterForm.base_fields["order"].choices,
        "tabs": [
            {
                "status": status,
                "label": label,
                "count": listed.counts[status],
                "url": list_url(state, status=status, page=1, view=""),
            }
            for status, label in TABS
        ],
        "views": [
            {"view": "today", "label": "Today", "count": soon.today, "url": list_url(state, view="today", page=1)},
            {
                "view": "upcoming",
                "label": "Upcoming",
                "count": soon.upcoming,
                "url": list_url(state, view="upcoming", page=1),
            },
        ],
        "tasks": rows,
        "total": total,
        "filtered": filtered,
        "page": page,
        "page_count": page_count,
        "previous_url": list_url(state, page=page - 1) if page > 1 else None,
        "next_url": list_url(state, page=page + 1) if page < page_count else None,
        "clear_url": list_url(state, q="", priority="", page=1) if filtered else None,
        "all_url": list_url(state, list="", label="", view="", page=1),
        "today": today,
    }


def _view_days(view: str, today: date) -> dict:
    """The days a view shows, as ``services.task_page`` filters them: Today (and overdue), or the days after."""
    if view == "today":
        return {"due_before": today}
    return {"due_after": today + timedelta(days=1), "due_before": today + timedelta(days=services.UPCOMING_DAYS)}


def _row(task: dict, task_path: str, now: datetime, lists: dict, *, show_list: bool) -> dict:
    """A task as its row draws it: its fields, the path its actions hang off, its due date as people say it,
    its list (when the page shows more than one) and how many of its steps are done.

    Computed here once per row rather than by template tags: a page of 50 rows
    is the hot path of the app.
    """
    task["path"] = f"{task_path}{task['id']}/"
    task["due"] = due_info(task["due_date"], now, task["completed"], task["due_time"])
    task["repeats"] = schedule.repeat_words(task["repeat"])
    task["in_list"] = lists.get(task["list_id"]) if show_list else None
    task["open_steps"] = organize.open_steps(task["steps"])
    task["steps_done"] = len(task["steps"]) - task["open_steps"]
    return task


LABELS_SHOWN = 20
"""The labels beside the tasks: the most used ones (and the one chosen); the Lists page has them all."""


def _lists_nav(state: dict, lists: list, inbox: int, labels: list) -> dict:
    """The lists (the Inbox first) and the most used labels beside the tasks, each with what is still to do in
    it. A list or a label opens with the tab and order kept, the search and other filters cleared."""
    base = reverse("web:tasks")
    kept = {name: state[name] for name in ("status", "order") if state[name] != TaskFilterForm.DEFAULTS[name]}

    def url(**chosen: str) -> str:
        return f"{base}?{urlencode({**kept, **chosen})}"

    chosen_label = state["label"].lower()
    shown = sorted(labels, key=lambda label: (label.name.lower() != chosen_label, -label.pending, label.name.lower()))
    return {
        "lists": [
            {"key": "inbox", "name": INBOX, "count": inbox, "url": url(list="inbox"), "colour": ""},
            *(
                {
                    "key": str(found.pk),
                    "name": found.name,
                    "count": found.pending,
                    "url": url(list=found.pk),
                    "colour": found.colour,
                }
                for found in lists
            ),
        ],
        "current_list": state["list"],
        "labels": [
            {
                "name": label.name,
                "count": label.pending,
                "url": url(label=label.name),
                "current": label.name.lower() == chosen_label,
            }
            for label in shown[:LABELS_SHOWN]
        ],
        "more_labels": max(0, len(labels) - LABELS_SHOWN),
    }


def chat_context(
    request: HttpRequest,
    *,
    list_query: str,
    conversation_id: object = None,
    form: ChatForm | None = None,
    error: str = "",
) -> dict:
    """The chat panel: the chosen (or latest) conversation's messages, the past ones, and the form."""
    user = request.user
    conversations = chat.recent_conversations(user, limit=CONVERSATIONS_SHOWN)
    chosen = conversation_id if conversation_id is not None else request.GET.get("chat")
    if chosen == "new":
        current = None
    elif chosen:
        current = chat.get_conversation(user, chosen)
    else:
        current = conversations[0] if conversations else None
    messages, earlier = chat.latest_messages(user, current, limit=MESSAGES_SHOWN) if current else ([], False)
    return {
        "conversation": current,
        "chat_messages": messages,
        "earlier_url": earlier_url(current, messages) if earlier else "",
        # The others to go back to (the one on show is no past conversation on its own).
        "conversations": [
            {"conversation": conversation, "url": chat_url(list_query, conversation.pk)}
            for conversation in conversations
        ]
        if [conversation for conversation in conversations if conversation != current]
        else [],
        "new_conversation_url": chat_url(list_query, "new"),
        "chat_form": form or ChatForm(initial={"conversation": current.pk if current else None}),
        "chat_error": error,
        "state_query": list_query,
        "today": timezone.localdate(),
    }


def earlier_url(conversation, messages: list[dict]) -> str:
    """Where the messages before the first of ``messages`` are."""
    return reverse("web:chat_earlier", args=[conversation.pk]) + f"?before={messages[0]['id']}"


def page_context(
    request: HttpRequest, state: dict, *, add_form: TaskAddForm | None = None, chat_panel: dict | None = None
) -> dict:
    """The whole tasks page: the add row, the list panel and the chat panel."""
    context = panel_context(request.user, state)
    context.update(chat_panel or chat_context(request, list_query=context["state_query"]))
    context.update(add_form_context(add_form or TaskAddForm(), context["state"]))
    return context


def add_form_context(form: TaskAddForm, state: dict, *, oob: bool = False) -> dict:
    """The quick-add row, on its own (after a bad add, or fresh after a good one) or in the page."""
    return {"add_form": form, "priority_choices": PRIORITY_CHOICES, "state_query": state_query(state), "oob": oob}

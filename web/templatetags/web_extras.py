"""How the pages say things: due dates as people say them, what a chat reply did, what a toast offers."""

import re
from datetime import date, datetime, time
from typing import Any
from urllib.parse import urlsplit

from django import template
from django.contrib.messages.storage.base import Message
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from mcp_bridge import oauth
from tasks import schedule
from tasks.models import Activity, Channel

from ..display import when_label
from ..views.common import FORCE_TAG, UNDO_TAG

register = template.Library()

VERBS = {
    "add_task": "Added",
    "complete_task": "Completed",
    "delete_task": "Deleted",
    "update_task": "Updated",
    "undo_activity": "Undid a change to",
}
FAILED_VERBS = {
    "add_task": "add a task",
    "complete_task": "complete a task",
    "delete_task": "delete a task",
    "update_task": "change a task",
    "undo_activity": "undo a change",
    "list_tasks": "look up tasks",
    "list_activity": "look up changes",
}


def _due_from(arguments: dict[str, Any], today: date) -> str:
    raw = arguments.get("due_date")
    if not isinstance(raw, str):
        return ""
    try:
        due = schedule.parse_due(raw)
    except ValueError:
        return ""
    if isinstance(due, datetime):
        return f" · due {when_label(due.date(), due.time(), today)}"
    try:
        at = time.fromisoformat(arguments["due_time"]) if isinstance(arguments.get("due_time"), str) else None
    except ValueError:
        at = None
    return f" · due {when_label(due, at, today)}" if due else ""


@register.filter
def chips(tool_calls: list[dict[str, Any]], today: date) -> list[dict[str, Any]]:
    """What a reply did, from its stored tool calls: '✓ Added ‘Buy milk’ (#12) · due Tue', or why not."""
    shown = []
    for call in tool_calls or []:
        name = call.get("name", "")
        arguments = call.get("arguments") if isinstance(call.get("arguments"), dict) else {}
        if "error" in call:
            shown.append({"ok": False, "text": f"Couldn't {FAILED_VERBS.get(name, name)}: {call['error']}"})
            continue
        result = call.get("result") or {}
        if name not in VERBS or not isinstance(result, dict):
            continue  # reads (list_tasks, list_activity) are how it looked, not what it did
        number = result.get("number") or result.get("task_id", "?")  # older turns have only the id
        text = f"{VERBS[name]} ‘{result.get('title', '')}’ (#{number})"
        if name in {"add_task", "update_task"}:
            text += _due_from(arguments, today)
            if arguments.get("priority") == "high":
                text += " · high priority"
        shown.append({"ok": True, "text": text})
    return shown


@register.filter
def change_summary(activity: Activity, today: date) -> str:
    """What an edit changed, briefly: 'renamed from “Old”', 'priority medium → high', 'due Fri 5 Dec'."""
    parts = []
    before, after = activity.before, activity.after
    if "title" in after:
        parts.append(f"renamed from “{before.get('title', '')}”")
    if "name" in after:
        parts.append(f"renamed from “{before.get('name', '')}”")
    if "colour" in after:
        parts.append(f"colour {before.get('colour')} → {after['colour']}")
    if "archived" in after:
        parts.append("archived" if after["archived"] else "brought back")
    if "list_id" in after:
        parts.append("moved to another list" if after["list_id"] else "moved to the Inbox")
    if "labels" in after:
        parts.append(" ".join(f"#{label}" for label in after["labels"]) or "labels removed")
    if "steps" in after and "completed" not in after:
        done = sum(1 for step in after["steps"] if step["done"])
        parts.append(f"steps: {done} of {len(after['steps'])} done" if after["steps"] else "steps removed")
    if "position" in after and len(after) == 1:
        parts.append("moved in its list")
    if "priority" in after:
        parts.append(f"priority {before.get('priority')} → {after['priority']}")
    at = time.fromisoformat(after["due_time"]) if after.get("due_time") else None
    if "due_date" in after:  # the record holds what changed: the time only if it changed too
        due = after["due_date"]
        parts.append(f"due {when_label(date.fromisoformat(due), at, today)}" if due else "no due date")
    elif "due_time" in after:
        parts.append(f"at {at.hour}:{at.minute:02d}" if at else "all day")
    if "repeat" in after:
        parts.append(schedule.repeat_words(after["repeat"]) if after["repeat"] else "no longer repeats")
    if "reminders" in after:
        parts.append("reminders changed" if after["reminders"] else "reminders removed")
    if "description" in after:
        parts.append("notes changed" if after["description"] else "notes cleared")
    if "completed" in after and len(after) > 1:
        parts.append("marked done" if after["completed"] else "reopened")
    return "; ".join(parts)


@register.filter
def toast_action(message: Message) -> dict[str, str] | None:
    """What a toast offers besides its text: Undo for a group, or "Undo anyway" for a refused undo."""
    for tag in (message.extra_tags or "").split():
        if tag.startswith(UNDO_TAG):
            return {"kind": "undo", "group": tag.removeprefix(UNDO_TAG)}
        if tag.startswith(FORCE_TAG):
            return {"kind": "force", "path": tag.removeprefix(FORCE_TAG)}
    return None


@register.filter
def url_host(url: str) -> str:
    """The host (and port) a URL points at: what a person should check before being sent there."""
    return urlsplit(url or "").netloc or url


@register.simple_tag
def client_logo(client_id: str) -> str:
    """The https logo an OAuth client registered, or ''."""
    return oauth.client_logo(client_id)


@register.filter
def who(activity: Activity) -> str:
    """Who made a change, for the feed: "Assistant" for the chat (its conversation number means nothing to a
    person), the channel and the token or app otherwise ("MCP · Claude Desktop")."""
    return "Assistant" if activity.channel == Channel.CHAT else activity.source


@register.filter
def url_breaks(url: str) -> SafeString:
    """A URL that may wrap after a slash, a dot or before a query, never in the middle of a word."""
    *pieces, last = re.split(r"(?<=[/.?&=])(?!/)", url)
    return format_html("{}{}", format_html_join("", "{}<wbr>", ((piece,) for piece in pieces)), last)

"""The web app's forms: what a person types, checked with the same rules and messages as the API."""

import re
from datetime import UTC, datetime

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm, UserCreationForm
from django.core.exceptions import ValidationError

from conversations.understanding.parse import UNDERSTOOD, NewTask, given_kinds, read_task
from mcp_bridge.models import McpToken
from tasks import organize, schedule
from tasks.models import INBOX, TIME_ZONES, Colour, Label, Priority, Task, TaskList
from todo_project.ids import MAX_ID

PRIORITY_CHOICES = [("", "Priority"), *Priority.choices]


class PageForm(forms.Form):
    """A form whose element ids start with ``id_prefix``: several forms share the tasks page."""

    id_prefix = "id"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class NewPasswordErrorsFirst:
    """Django puts "too common" and the like under the confirmation field; they are about the new password itself,
    so they go under its first field (a mismatch still shows under the confirmation)."""

    FIRST = {"password2": "password1", "new_password2": "new_password1"}

    def validate_password_for_user(self, user, *args, **kwargs):
        named = kwargs.pop("password_field_name", args[0] if args else "password2")
        super().validate_password_for_user(user, self.FIRST.get(named, named), **kwargs)  # type: ignore[misc]


class ChangePasswordForm(NewPasswordErrorsFirst, PasswordChangeForm):
    pass


class NewPasswordForm(NewPasswordErrorsFirst, SetPasswordForm):
    pass


class SignUpForm(NewPasswordErrorsFirst, UserCreationForm):
    """Django's own sign-up form (its username and password validators, as the register API uses).

    ``time_zone`` is hidden and filled by the page's script from the browser
    (``Intl.DateTimeFormat``): without a script, or with a name this server does
    not know, the person starts on the server's zone and can pick theirs in Settings.
    """

    email = forms.EmailField(required=False, help_text="Optional; only used to reset a forgotten password.")
    time_zone = forms.CharField(
        required=False, max_length=64, widget=forms.HiddenInput(attrs={"data-browser-time-zone": ""})
    )

    def clean_time_zone(self) -> str:
        name = self.cleaned_data["time_zone"].strip()
        return name if name in TIME_ZONES else ""

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email")


class SettingsForm(forms.Form):
    """The person's settings; ``tasks.services.set_time_zone`` saves them."""

    time_zone = forms.ChoiceField(
        label="Time zone",
        required=False,
        help_text="Where “today” and “tomorrow” are, for due dates and for the assistant.",
    )
    remind_by_default = forms.BooleanField(
        label="Remind me when a task with a time is due",
        required=False,
        help_text="A task given a time gets a reminder at that time; you can change it on each task.",
    )
    email_reminders = forms.BooleanField(
        label="Also email me reminders",
        required=False,
        help_text="To the address on your account, if you gave one.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        server = settings.TIME_ZONE
        self.fields["time_zone"].choices = [("", f"The server's ({server})"), *((name, name) for name in TIME_ZONES)]


class DeleteAccountForm(forms.Form):
    confirm = forms.CharField(label="Type your username to confirm", max_length=150)

    def __init__(self, *args, username: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.username = username

    def clean_confirm(self) -> str:
        typed = self.cleaned_data["confirm"].strip()
        if typed != self.username:
            raise forms.ValidationError("That is not your username; nothing was deleted.")
        return typed


class TimeOfDayField(forms.TimeField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Time")
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", "Leave empty for all day.")
        super().__init__(widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"), **kwargs)


class TaskAddForm(PageForm):
    """The quick-add row: a title, and optionally a priority and a due date.

    Only shapes are checked here; the service checks lengths and values, and
    its messages are shown beside the fields (``add_service_errors``).
    """

    id_prefix = "add"

    title = forms.CharField(label="Title", max_length=Task.TITLE_MAX_LENGTH, strip=True)
    priority = forms.ChoiceField(label="Priority", choices=PRIORITY_CHOICES, required=False)
    due_date = forms.DateField(label="Due date", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    due_time = TimeOfDayField()
    ignore = forms.MultipleChoiceField(
        choices=[(kind, kind) for kind in UNDERSTOOD], required=False, widget=forms.MultipleHiddenInput
    )

    def ignored(self) -> frozenset[str]:
        """What not to read from the title: what the person took off (a chip) or set in its own field."""
        return frozenset(self.cleaned_data.get("ignore", ())) | given_kinds(self.cleaned_data)

    def read(self, now: datetime, lists: tuple[str, ...] = ()) -> NewTask | str:
        """The title as ``read_task`` reads it (what it says besides its words; ``lists``: the person's list
        names), or why it cannot be."""
        title = self.cleaned_data.get("title", "")
        return read_task(title, now.date(), now=now, ignore=self.ignored(), lists=lists)

    def task_fields(self, now: datetime, lists: tuple[str, ...] = ()) -> dict:
        """The task to add: what the title says (``read_task``, as the assistant reads it), and the fields set
        beside it. ValidationError (on ``title``) when the title's words name an impossible day."""
        data = self.cleaned_data
        read = self.read(now, lists)
        if isinstance(read, str):
            raise ValidationError({"title": read or "Give the task a title, not only a date."})
        fields = read.task_fields()
        given = {name: data[name] for name in ("priority", "due_date", "due_time") if data[name]}
        return {**fields, **given}


REPEATS = ("FREQ=DAILY", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "FREQ=WEEKLY", "FREQ=WEEKLY;INTERVAL=2", "FREQ=MONTHLY")
"""The repeats the edit form offers (weekly and monthly ones fall on the due date's weekday and day of month)."""
REMINDER_CHOICES = {
    "": [],
    "0": [{"minutes_before": 0}],
    "10": [{"minutes_before": 10}],
    "30": [{"minutes_before": 30}],
    "60": [{"minutes_before": 60}],
    "1440": [{"minutes_before": 1440}],
}
KEEP = "keep"


class TaskEditForm(PageForm):
    """Every field of one task; the view gives each open form its own ids (``task-<id>_title``).

    ``reminders`` offers one reminder before the due time (or none); a task
    given other reminders elsewhere (several, or at a set moment) keeps them
    unless another choice is made.
    """

    title = forms.CharField(label="Title", max_length=Task.TITLE_MAX_LENGTH)
    description = forms.CharField(
        label="Notes", max_length=Task.DESCRIPTION_MAX_LENGTH, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    priority = forms.ChoiceField(label="Priority", choices=Priority.choices)
    due_date = forms.DateField(label="Due date", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    due_time = TimeOfDayField()
    repeat = forms.ChoiceField(label="Repeat", required=False)
    reminders = forms.ChoiceField(label="Remind me", required=False)
    list_id = forms.TypedChoiceField(label="List", required=False, coerce=int, empty_value=None)
    labels = forms.CharField(
        label="Labels", required=False, max_length=1000, help_text="Separated by commas, e.g. “errands, home”."
    )
    steps = forms.CharField(
        label="Steps",
        required=False,
        max_length=(organize.STEP_TITLE_MAX_LENGTH + 5) * organize.MAX_STEPS,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One a line; start a done one with “[x]”.",
    )

    def __init__(self, *args, task: Task | None = None, lists: list | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["list_id"].choices = [
            ("", INBOX),
            *((found.pk, f"{found.name} (archived)" if found.archived else found.name) for found in lists or ()),
        ]
        repeats = [("", "Does not repeat"), *((rule, schedule.repeat_words(rule).capitalize()) for rule in REPEATS)]
        if task is not None and task.repeat and task.repeat not in REPEATS:
            repeats.append((task.repeat, schedule.repeat_words(task.repeat).capitalize()))
        self.fields["repeat"].choices = repeats
        reminders = [
            ("", "No reminder"),
            ("0", "At the due time"),
            *(
                (value, schedule.reminder_words(chosen[0], UTC).capitalize())
                for value, chosen in REMINDER_CHOICES.items()
                if value not in {"", "0"}
            ),
        ]
        if task is not None and task.reminders and _reminder_choice(task.reminders) == KEEP:
            count = len(task.reminders)
            reminders.insert(0, (KEEP, f"As set ({count} reminder{'s' if count != 1 else ''})"))
        self.fields["reminders"].choices = reminders
        self.fields["reminders"].help_text = "Before the due time; an all-day task counts from 9:00."

    @staticmethod
    def initial_for(task: Task) -> dict:
        return {
            "title": task.title,
            "description": task.description,
            "priority": task.priority,
            "due_date": task.due_date,
            "due_time": task.due_time,
            "repeat": task.repeat,
            "reminders": _reminder_choice(task.reminders),
            "list_id": task.list_id or "",
            "labels": ", ".join(task.labels),
            "steps": "\n".join(f"{'[x] ' if step['done'] else ''}{step['title']}" for step in task.steps),
        }

    def clean_labels(self) -> list[str]:
        return [name.strip() for name in self.cleaned_data["labels"].split(",") if name.strip()]

    def clean_steps(self) -> list[dict]:
        steps = []
        for line in self.cleaned_data["steps"].splitlines():
            done = bool(re.match(r"\s*\[[xX✓]\]", line))
            title = re.sub(r"^\s*\[[ xX✓]?\]\s*", "", line).strip()
            if title:
                steps.append({"title": title, "done": done})
        return steps

    def task_fields(self) -> dict:
        """What to hand ``services.update_task``: the reminders only when a choice other than "as set" was made."""
        fields = dict(self.cleaned_data)
        chosen = fields.pop("reminders")
        if chosen != KEEP:
            fields["reminders"] = REMINDER_CHOICES[chosen]
        return fields


def _reminder_choice(reminders: list[dict]) -> str:
    """The edit form's choice for a task's reminders: one of REMINDER_CHOICES, or KEEP for anything else."""
    return next((value for value, chosen in REMINDER_CHOICES.items() if chosen == reminders), KEEP)


class TaskFilterForm(forms.Form):
    """The list's view: tab, priority, search, order and page, all from the query string.

    A value that makes no sense (a hand-edited URL) falls back to the default
    rather than failing the page.
    """

    status = forms.ChoiceField(
        choices=[("all", "All"), ("pending", "Pending"), ("completed", "Completed")], required=False
    )
    priority = forms.ChoiceField(label="Priority", choices=[("", "Any priority"), *Priority.choices], required=False)
    q = forms.CharField(label="Search", max_length=200, required=False)
    order = forms.ChoiceField(
        label="Order",
        choices=[("newest", "Newest first"), ("due", "Due date"), ("priority", "Priority"), ("manual", "My order")],
        required=False,
    )
    page = forms.IntegerField(min_value=1, max_value=10**6, required=False)
    view = forms.ChoiceField(choices=[("today", "Today"), ("upcoming", "Upcoming")], required=False)
    list = forms.RegexField(regex=r"^(inbox|[1-9][0-9]{0,17})$", required=False)
    label = forms.CharField(max_length=Label.NAME_MAX_LENGTH, required=False)

    DEFAULTS = {
        "status": "all",
        "priority": "",
        "q": "",
        "order": "newest",
        "page": 1,
        "view": "",
        "list": "",
        "label": "",
    }

    def state(self) -> dict:
        """The cleaned view, with defaults for anything missing or invalid."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {name: cleaned.get(name) or default for name, default in self.DEFAULTS.items()}


class ChatForm(PageForm):
    id_prefix = "chat"
    message = forms.CharField(
        label="Message the assistant",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "e.g. “add call the plumber tomorrow”"}),
    )
    conversation = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID, widget=forms.HiddenInput)


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=McpToken.NAME_MAX_LENGTH,
        help_text="What it is for, e.g. “Claude Desktop on my laptop”.",
    )
    expires_on = forms.DateField(
        label="Expires on (optional)", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ListForm(PageForm):
    """A list's name and colour (making one, or changing it); the service checks the name."""

    name = forms.CharField(label="Name", max_length=TaskList.NAME_MAX_LENGTH)
    colour = forms.ChoiceField(label="Colour", choices=Colour.choices, initial=Colour.GREY)


class ListDeleteForm(forms.Form):
    tasks = forms.ChoiceField(
        label="Its tasks",
        choices=[("move", f"Move them to the {INBOX}"), ("delete", "Delete them with the list")],
        initial="move",
        widget=forms.RadioSelect,
    )


class LabelForm(PageForm):
    name = forms.CharField(label="New name", max_length=Label.NAME_MAX_LENGTH)


class ImportForm(forms.Form):
    file = forms.FileField(
        label="File",
        help_text="A Todo export (JSON, from Settings), or a Todoist project exported as CSV: its name becomes "
        "the list.",
    )

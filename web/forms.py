"""The web app's forms: what a person types, checked with the same rules and messages as the API."""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm

from mcp_bridge.models import McpToken
from tasks.models import TIME_ZONES, Priority, Task
from todo_project.ids import MAX_ID

PRIORITY_CHOICES = [("", "Priority"), *Priority.choices]


class PageForm(forms.Form):
    """A form whose element ids start with ``id_prefix``: several forms share the tasks page."""

    id_prefix = "id"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class SignUpForm(UserCreationForm):
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


class TaskAddForm(PageForm):
    """The quick-add row: a title, and optionally a priority and a due date.

    Only shapes are checked here; the service checks lengths and values, and
    its messages are shown beside the fields (``add_service_errors``).
    """

    id_prefix = "add"

    title = forms.CharField(label="Title", max_length=Task.TITLE_MAX_LENGTH, strip=True)
    priority = forms.ChoiceField(label="Priority", choices=PRIORITY_CHOICES, required=False)
    due_date = forms.DateField(label="Due date", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def task_fields(self) -> dict:
        fields = {"title": self.cleaned_data["title"], "due_date": self.cleaned_data["due_date"]}
        if self.cleaned_data["priority"]:
            fields["priority"] = self.cleaned_data["priority"]
        return fields


class TaskEditForm(PageForm):
    """Every field of one task; the view gives each open form its own ids (``task-<id>_title``)."""

    title = forms.CharField(label="Title", max_length=Task.TITLE_MAX_LENGTH)
    description = forms.CharField(
        label="Notes", max_length=Task.DESCRIPTION_MAX_LENGTH, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    priority = forms.ChoiceField(label="Priority", choices=Priority.choices)
    due_date = forms.DateField(label="Due date", required=False, widget=forms.DateInput(attrs={"type": "date"}))


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
        choices=[("newest", "Newest first"), ("due", "Due date"), ("priority", "Priority")],
        required=False,
    )
    page = forms.IntegerField(min_value=1, max_value=10**6, required=False)

    DEFAULTS = {"status": "all", "priority": "", "q": "", "order": "newest", "page": 1}

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

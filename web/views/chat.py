"""Sending a message to the assistant from the chat panel beside the list.

It calls the same chat service as ``POST /api/chat/``. When the assistant
changed tasks, the answer carries an ``HX-Trigger: tasksChanged`` event and
the task panel reloads itself, without the views knowing of each other.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import trigger_client_event

from conversations import services as chat
from conversations.agents import AssistantUnavailable
from todo_project.throttles import rate_of, seconds_to_wait

from ..forms import ChatForm
from .common import add_service_errors
from .panels import MESSAGES_SHOWN, chat_context, chat_url, earlier_url, list_state, page_context

TASKS_CHANGED = "tasksChanged"
UNAVAILABLE = (
    "The assistant is unavailable right now. Your message was saved in this conversation; send it again in a moment."
)


@login_required
@require_POST
def send(request: HttpRequest) -> HttpResponse:
    state_query = request.POST.get("state", "")
    form = ChatForm(request.POST)
    conversation_id = None
    error, status = "", 400
    wait = seconds_to_wait("chat", str(request.user.pk)) if form.is_valid() else None
    if wait is not None:
        # The same limit as the chat API's: the text stays in the box for later.
        conversation_id = form.cleaned_data["conversation"] or "new"
        error, status = f"That's a lot of messages in a short time ({rate_of('chat')}). Try again in {wait} s.", 429
    elif form.is_valid():
        conversation_id = form.cleaned_data["conversation"]
        text = form.cleaned_data["message"]
        try:
            reply = chat.send_message(request.user, message=text, conversation_id=conversation_id)
        except ValidationError as invalid:
            add_service_errors(form, invalid)
        except AssistantUnavailable as unavailable:
            # The message is stored; keep the text in the box so it can be sent again.
            conversation_id, error, status = unavailable.conversation_id, UNAVAILABLE, 503
            form = ChatForm(initial={"conversation": conversation_id, "message": text})
        else:
            if not request.htmx:
                return redirect(chat_url(state_query, reply.conversation_id))
            context = chat_context(request, list_query=state_query, conversation_id=reply.conversation_id)
            response = render(request, "web/chat/_panel.html", context)
            return trigger_client_event(response, TASKS_CHANGED) if reply.activity_group else response
    if conversation_id is None:
        # A message that did not go through stays in the conversation it was typed in, or the new one.
        conversation_id = form.cleaned_data.get("conversation") or "new"
    context = chat_context(request, list_query=state_query, conversation_id=conversation_id, form=form, error=error)
    if request.htmx:
        # htmx swaps only 2xx answers: the panel with the error and the person's text is the answer.
        return render(request, "web/chat/_panel.html", context)
    # Without JavaScript: the whole page, the chat panel showing the error beside the kept text.
    state = list_state(QueryDict(state_query))
    return render(request, "web/tasks/page.html", page_context(request, state, chat_panel=context), status=status)


@login_required
@require_GET
def earlier(request: HttpRequest, conversation_id: int) -> HttpResponse:
    """The messages before ``?before=`` (a message's id) in one of the person's conversations: put above the
    others in the panel, or a page of their own without JavaScript."""
    conversation = chat.get_conversation(request.user, conversation_id)
    before = request.GET.get("before", "")
    before_id = int(before) if before.isdigit() and len(before) < 19 else None
    messages, more = chat.latest_messages(request.user, conversation, limit=MESSAGES_SHOWN, before=before_id)
    context = {
        "conversation": conversation,
        "chat_messages": messages,
        "earlier_url": earlier_url(conversation, messages) if more else "",
        "back_url": chat_url("", conversation.pk) + "#chat-column",
        "today": timezone.localdate(),
    }
    template = "web/chat/_earlier_response.html" if request.htmx else "web/chat/earlier_page.html"
    return render(request, template, context)

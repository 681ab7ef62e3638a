"""Asking the person before a destructive call, through MCP elicitation, when their client can ask.

``delete_task`` and a forced ``undo_activity`` take a parameter filled by a
resolver (the SDK's ``Resolve``): when the client declared the elicitation
capability, the SDK asks the person ("Delete task 12, “Buy milk”?") before the
tool body runs, mid-call on protocols up to 2025-11-25 and as an
``InputRequiredResult`` that the client answers on the next round from
2026-07-28, so a stateless server can ask too. Declining or cancelling ends the
call with nothing changed. A client without the capability is not asked and the
call proceeds as documented (the change can be undone from the activity log);
so does the chat agent, which calls the tools in process and confirms bulk
actions in its own words.
"""

from typing import Annotated

from asgiref.sync import sync_to_async
from mcp.server.mcpserver.context import Context
from mcp.server.mcpserver.resolve import Elicit, Resolve
from pydantic import BaseModel, Field

from tasks import services
from todo_project.errors import DomainError

from ..identity import acting


class Confirmation(BaseModel):
    confirm: bool = Field(title="Go ahead", description="Yes, do it.")


GO_AHEAD = Confirmation(confirm=True)
"""What a call gets when nobody can be asked: it proceeds, as without elicitation."""


def _can_ask(context: Context) -> bool:
    capabilities = context.client_capabilities
    return capabilities is not None and capabilities.elicitation is not None


def _task_name(task_id: int) -> str:
    try:
        with acting() as caller:
            return f"task {task_id}, “{services.get_task(caller.user, task_id).title}”"
    except DomainError:
        return f"task {task_id}"  # missing or not theirs: the tool itself will say so


# Async, so a call whose client cannot ask (most) costs no hop to a worker thread; only asking reads the title.
async def ask_before_deleting(task_id: int, context: Context) -> Elicit[Confirmation] | Confirmation:
    if not _can_ask(context):
        return GO_AHEAD
    name = await sync_to_async(_task_name, thread_sensitive=False)(task_id)
    return Elicit(f"Delete {name}? It can be undone from the activity log.", Confirmation)


async def ask_before_forcing(activity_id: int, force: bool, context: Context) -> Elicit[Confirmation] | Confirmation:
    if not force or not _can_ask(context):
        return GO_AHEAD
    return Elicit(
        f"Undo change {activity_id} even though the task changed since? The later change will be overwritten.",
        Confirmation,
    )


async def ask_before_deleting_a_list(list: str, tasks: str, context: Context) -> Elicit[Confirmation] | Confirmation:
    if not _can_ask(context):
        return GO_AHEAD
    what = "and delete its tasks" if tasks == "delete" else "and move its tasks to the Inbox"
    return Elicit(f"Delete the list “{list}” {what}? It can be undone from the activity log.", Confirmation)


ConfirmedDelete = Annotated[Confirmation, Resolve(ask_before_deleting)]
ConfirmedListDelete = Annotated[Confirmation, Resolve(ask_before_deleting_a_list)]
ConfirmedForce = Annotated[Confirmation, Resolve(ask_before_forcing)]
NOT_CONFIRMED = "Not done: the person did not confirm it. Nothing changed."

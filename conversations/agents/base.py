"""What every chat agent is given and gives back, and the one way it runs a tool.

Agents see the conversation as plain ``Turn`` values loaded from the database
by the chat service, never ORM rows, and never keep anything between requests:
the history is all the memory there is, so a restart loses nothing.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from mcp_bridge.toolbox import ToolCallError, call_tool
from tasks.activity import Actor
from todo_project.errors import Unavailable

WRITE_TOOLS = frozenset(
    {"add_task", "update_task", "complete_task", "skip_task", "delete_task", "undo_activity", "add_list"}
)


def changed_tasks(tool_calls: Sequence[dict[str, Any]]) -> bool:
    """Whether any of these calls succeeded in changing a task (and so left activity records)."""
    return any(call.get("name") in WRITE_TOOLS and "result" in call for call in tool_calls)


class AssistantUnavailable(Unavailable):
    """The agent's backend failed; the user's message is stored and can be retried.

    ``tool_calls`` holds the calls that already ran before the failure, so the
    turn's record (and a retry's history) shows what was done and nothing is
    done twice unknowingly.
    """

    code = "assistant_unavailable"

    def __init__(
        self,
        message: str = "The assistant is unavailable right now. Your message was saved; please try again in a moment.",
        *,
        conversation_id: int | None = None,
        tool_calls: list[dict[str, Any]] | None = None,
    ):
        super().__init__(message)
        self.conversation_id = conversation_id
        self.tool_calls = tool_calls or []


@dataclass(frozen=True)
class Turn:
    """One stored message of the conversation, oldest first."""

    role: str
    content: str
    tool_calls: Sequence[dict[str, Any]] = ()
    activity_group: str | None = None
    """For an assistant turn that changed tasks: the activity group of those changes (to undo them)."""


@dataclass
class AgentReply:
    content: str
    tool_calls: list[dict[str, Any]] = field(default_factory=list)


class Agent(Protocol):
    def reply(self, user, *, history: Sequence[Turn], message: str, actor: Actor) -> AgentReply:
        """Answer ``message`` given the earlier ``history``, acting on the user's tasks as ``actor``."""
        ...


class ToolLog:
    """Runs task tools as one user and records every call for Message.tool_calls.

    The tools are mcp_bridge's, the very ones ``runmcp`` serves, so a tool
    behaves the same for an MCP client and in chat, errors included. Their
    changes are recorded in the activity log under ``actor`` (the
    conversation, one group per turn).
    """

    def __init__(self, user, actor: Actor):
        self.user = user
        self.actor = actor
        self.calls: list[dict[str, Any]] = []

    def call(self, name: str, arguments: Any) -> dict[str, Any]:
        """The tool's structured result; ToolCallError (already recorded) when it refuses."""
        try:
            result = call_tool(self.user, name, arguments, actor=self.actor)
        except ToolCallError as error:
            self.calls.append({"name": name, "arguments": arguments, "error": error.message})
            raise
        self.calls.append({"name": name, "arguments": arguments, "result": result})
        return result

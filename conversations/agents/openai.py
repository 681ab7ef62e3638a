"""An agent backed by any OpenAI-compatible Chat Completions endpoint with tool calling.

The conversation comes from the database on every request (earlier tool calls
included, rebuilt as assistant tool_calls + tool messages), the tools are
mcp_bridge's own schemas, and the loop of model → tools → model is bounded so
a model that keeps calling tools cannot hold a request forever. Any failure of
the endpoint becomes AssistantUnavailable (503); the chat service has already
stored the user's message by then.
"""

import json
import logging
from collections.abc import Sequence
from typing import Any

import httpx
from django.conf import settings
from django.utils import timezone

from mcp_bridge.toolbox import ToolCallError, tool_specs
from tasks.activity import Actor

from .base import AgentReply, AssistantUnavailable, ToolLog, Turn

logger = logging.getLogger(__name__)

MAX_TOOL_ROUNDS = 5
SYSTEM_PROMPT = (
    "You are a friendly assistant that manages the user's to-do list with the tools provided. "
    "Use the tools for every change and to look tasks up; never invent task ids. When the user names a "
    "task by its title, call list_tasks with a search first; if several tasks match, ask which one and "
    "change nothing. After acting, confirm in one short sentence that names the task. If a request is "
    "not about tasks, say briefly that you can only help with tasks. Today is {today}."
)


def _tools() -> list[dict[str, Any]]:
    return [
        {
            "type": "function",
            "function": {"name": spec["name"], "description": spec["description"], "parameters": spec["input_schema"]},
        }
        for spec in tool_specs()
    ]


def history_messages(history: Sequence[Turn]) -> list[dict[str, Any]]:
    """Stored turns as Chat Completions messages, each past tool call with its result."""
    messages: list[dict[str, Any]] = []
    for turn_number, turn in enumerate(history):
        if turn.role == "assistant" and turn.tool_calls:
            call_ids = [f"call_{turn_number}_{index}" for index in range(len(turn.tool_calls))]
            messages.append(
                {
                    "role": "assistant",
                    "content": None,
                    "tool_calls": [
                        {
                            "id": call_id,
                            "type": "function",
                            "function": {"name": call["name"], "arguments": json.dumps(call.get("arguments", {}))},
                        }
                        for call_id, call in zip(call_ids, turn.tool_calls, strict=True)
                    ],
                }
            )
            messages.extend(
                {"role": "tool", "tool_call_id": call_id, "content": json.dumps(_outcome(call))}
                for call_id, call in zip(call_ids, turn.tool_calls, strict=True)
            )
        messages.append({"role": turn.role, "content": turn.content})
    return messages


def _outcome(call: dict[str, Any]) -> dict[str, Any]:
    return {"error": call["error"]} if "error" in call else call.get("result", {})


class OpenAIAgent:
    def __init__(
        self,
        *,
        base_url: str | None = None,
        api_key: str | None = None,
        model: str | None = None,
        timeout: float | None = None,
    ):
        self.url = (base_url or settings.OPENAI_BASE_URL).rstrip("/") + "/chat/completions"
        self.api_key = settings.OPENAI_API_KEY if api_key is None else api_key
        self.model = model or settings.TODO_AGENT_MODEL
        self.timeout = settings.TODO_AGENT_TIMEOUT if timeout is None else timeout

    def reply(self, user, *, history: Sequence[Turn], message: str, actor: Actor) -> AgentReply:
        tools = ToolLog(user, actor)
        messages = [
            {"role": "system", "content": SYSTEM_PROMPT.format(today=timezone.localdate().isoformat())},
            *history_messages(history),
            {"role": "user", "content": message},
        ]
        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        with httpx.Client(timeout=self.timeout, headers=headers) as client:
            # One more request than tool rounds: the last one may not call tools, so it must answer.
            for round_number in range(MAX_TOOL_ROUNDS + 1):
                final_round = round_number == MAX_TOOL_ROUNDS
                try:
                    answer = self._complete(client, messages, final_round=final_round)
                except AssistantUnavailable as error:
                    error.tool_calls = tools.calls
                    raise
                calls = answer.get("tool_calls") or []
                if not calls or final_round:
                    content = answer.get("content") or ""
                    if not isinstance(content, str) or not content.strip():
                        content = "Done." if tools.calls else "Sorry, I have no answer to that."
                    return AgentReply(content=content.strip(), tool_calls=tools.calls)
                messages.append({"role": "assistant", "content": answer.get("content"), "tool_calls": calls})
                messages.extend(self._run(tools, call) for call in calls)
        raise AssertionError("unreachable: the last round always returns")

    def _complete(self, client: httpx.Client, messages: list[dict[str, Any]], *, final_round: bool) -> dict:
        """One Chat Completions request; the assistant message of its first choice."""
        body: dict[str, Any] = {"model": self.model, "messages": messages, "tools": _tools()}
        if final_round:
            body["tool_choice"] = "none"
        try:
            response = client.post(self.url, json=body)
            response.raise_for_status()
            answer = response.json()["choices"][0]["message"]
            if not isinstance(answer, dict):
                raise TypeError("message is not an object")
        except (httpx.HTTPError, ValueError, KeyError, IndexError, TypeError) as error:
            # The key is in a header, never in the URL, so logging the error leaks nothing.
            logger.warning("Chat model request to %s failed: %r", self.url, error)
            raise AssistantUnavailable() from error
        return answer

    @staticmethod
    def _run(tools: ToolLog, call: dict[str, Any]) -> dict[str, Any]:
        """Run one tool call the model asked for and answer it with a tool message."""
        function = call.get("function") or {}
        raw_arguments = function.get("arguments") or "{}"
        try:
            arguments = json.loads(raw_arguments) if isinstance(raw_arguments, str) else raw_arguments
        except ValueError:
            arguments = raw_arguments  # the tool refuses it, and the model sees why
        try:
            outcome: dict[str, Any] = tools.call(str(function.get("name", "")), arguments)
        except ToolCallError as error:
            outcome = {"error": error.message}
        return {"role": "tool", "tool_call_id": str(call.get("id", "")), "content": json.dumps(outcome)}

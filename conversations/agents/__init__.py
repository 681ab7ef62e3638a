"""Chat agents: turn a user's message into task tool calls and a reply.

``get_agent()`` picks the one named by ``settings.TODO_AGENT``. Agents hold no
state between requests; the chat service hands them the stored history.
"""

from django.conf import settings

from .base import Agent, AgentReply, AssistantUnavailable, Turn, changed_tasks

__all__ = ["Agent", "AgentReply", "AssistantUnavailable", "Turn", "changed_tasks", "get_agent"]


def get_agent() -> Agent:
    """A fresh agent of the configured kind (settings are read per call, so tests can switch)."""
    if settings.TODO_AGENT == "openai":
        from .openai import OpenAIAgent

        return OpenAIAgent()
    from .rules import RulesAgent

    return RulesAgent()

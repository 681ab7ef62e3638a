"""The offline agent: everyday English → task tools → a friendly sentence.

It needs no network and no key, so chat works out of the box, and it is
deterministic, so it can be tested phrase by phrase. It acts only through the
same task tools an MCP client calls. When words of a title match several
tasks it lists them and asks which, changing nothing; the follow-up ("task 5",
"the second one") is understood from the stored history alone, so a restart
between question and answer loses nothing.
"""

import re
from collections.abc import Sequence
from typing import Any

from mcp_bridge.toolbox import ToolCallError
from tasks.activity import Actor

from . import intents
from .base import AgentReply, ToolLog, Turn
from .intents import Intent

LIST_LIMIT = 25
QUESTION_LIMIT = 10
# Words that say nothing about which task is meant ("the meeting task" → "meeting").
# fmt: off
STOPWORDS = frozenset({
    "the", "a", "an", "my", "our", "to", "for", "of", "with", "and", "on", "in", "at", "is", "it", "task", "tasks",
    "todo", "item", "one", "that", "this", "have", "do", "get", "about", "from", "list",
})
# fmt: on
EXAMPLES = (
    "• “Add a task to buy groceries” or “Remind me to pay bills”\n"
    "• “Show me my tasks”, “What's pending?” or “What have I completed?”\n"
    "• “Mark task 3 as complete”\n"
    "• “Delete the meeting task”\n"
    "• “Change task 1 to 'Call mom tonight'” or “Make task 2 high priority”\n"
    "• “Undo” to take back my last change, or “What did you change?”"
)
VERBS = {
    "complete": "complete",
    "reopen": "reopen",
    "delete": "delete",
    "rename": "rename",
    "prioritize": "change the priority of",
}


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _stems(words: str) -> list[str]:
    """Rough word stems, so 'paying bills' finds 'Pay bills' and 'groceries' finds 'grocery'."""
    stems = []
    for word in re.findall(r"[\w']+", words.lower()):
        if word in STOPWORDS:
            continue
        stem = re.sub(r"(?:ies|es|s|ing|ed|y)$", "", word)
        stems.append(stem if len(stem) >= 3 else word)
    return stems


def _candidates(words: str, listing: dict[str, Any]) -> list[dict[str, Any]]:
    """The listed tasks that contain every stem of ``words`` in their title or notes."""
    stems = _stems(words)
    return [
        task
        for task in listing["tasks"]
        if all(stem in f"{task['title']} {task['description']}".lower() for stem in stems)
    ]


def _describe(task: dict[str, Any]) -> str:
    details = []
    if task["priority"] != "medium":
        details.append(f"{task['priority']} priority")
    if task["due_date"]:
        details.append(f"due {task['due_date']}")
    suffix = f" ({', '.join(details)})" if details else ""
    return f"{'✓' if task['completed'] else '•'} #{task['id']} {task['title']}{suffix}"


CHANGE_VERBS = {
    "created": "added",
    "updated": "changed",
    "completed": "completed",
    "uncompleted": "reopened",
    "deleted": "deleted",
    "restored": "brought back",
}


def _described(change: dict[str, Any]) -> str:
    """An activity as the reply says it: 'adding “Buy milk” (task 12)'."""
    verb = CHANGE_VERBS.get(change["action"], change["action"])
    return f"{verb} “{change['title']}” (task {change['task_id']})"


class RulesAgent:
    """Understands one request per message; see ``intents`` for the phrasings."""

    def reply(self, user, *, history: Sequence[Turn], message: str, actor: Actor) -> AgentReply:
        tools = ToolLog(user, actor)
        intent = intents.parse(message)
        if intent.action == "choose":
            content = self._answer_question(tools, intent, history)
        elif intent.action == "undo":
            content = self._undo_last_turn(tools, history)
        elif intent.action == "changes":
            content = self._what_changed(tools, history)
        else:
            content = self._act(tools, intent)
        return AgentReply(content=content, tool_calls=tools.calls)

    def _act(self, tools: ToolLog, intent: Intent) -> str:
        match intent.action:
            case "add":
                return self._add(tools, intent)
            case "list":
                return self._list(tools, intent)
            case "greet":
                return f"Hi! I can help you keep track of your tasks. Try:\n{EXAMPLES}"
            case "help":
                return f"I manage your task list. You can say things like:\n{EXAMPLES}"
            case "thanks":
                return "You're welcome! Anything else I can do for your tasks?"
            case "bulk":
                return (
                    f"To be safe I {VERBS.get(intent.title or '', 'change')} one task at a time. "
                    "Tell me which one, e.g. “task 3” or words from its title."
                )
            case "unknown":
                return (
                    "Sorry, I didn't understand that. I can add, list, complete, change and delete "
                    f"your tasks, for example:\n{EXAMPLES}"
                )
        if intent.target is None:
            return (
                f"Which task should I {VERBS[intent.action]}? Say its number, like “task 3”, or words from its title."
            )
        if intent.action == "rename" and not intent.title:
            return "What should the new title be? For example: “Change task 1 to 'Call mom tonight'”."
        if intent.target.task_id is not None:
            return self._apply(tools, intent, intent.target.task_id, known=None)
        return self._find_and_apply(tools, intent)

    def _add(self, tools: ToolLog, intent: Intent) -> str:
        if not intent.title:
            return "What should I call the new task? For example: “Add a task to buy groceries”."
        arguments: dict[str, Any] = {"title": intent.title}
        if intent.priority:
            arguments["priority"] = intent.priority
        try:
            created = tools.call("add_task", arguments)
        except ToolCallError as error:
            return f"I couldn't add that task ({error.message}). Could you rephrase it, maybe shorter?"
        kind = f" as a {intent.priority}-priority task" if intent.priority else ""
        return f"Got it! I added “{created['title']}” to your tasks{kind} (task {created['task_id']})."

    def _list(self, tools: ToolLog, intent: Intent) -> str:
        arguments: dict[str, Any] = {"status": intent.status, "limit": LIST_LIMIT}
        if intent.search:
            arguments["search"] = intent.search[:200]
        listing = tools.call("list_tasks", arguments)
        tasks, total = listing["tasks"], listing["total"]
        noun = {"all": "task", "pending": "pending task", "completed": "completed task"}[intent.status]
        matching = f" matching “{intent.search}”" if intent.search else ""
        if not tasks:
            if intent.search:
                return f"I found no {noun}s{matching}. Say “show my tasks” to see them all."
            return {
                "all": "You don't have any tasks yet. Try “Add a task to buy groceries”.",
                "pending": "Nothing pending. You're all caught up!",
                "completed": "You haven't completed any tasks yet.",
            }[intent.status]
        lines = [f"You have {_plural(total, noun)}{matching}:", *map(_describe, tasks)]
        if total > len(tasks):
            lines.append(f"…and {total - len(tasks)} more. Narrow it down, e.g. “find tasks about milk”.")
        return "\n".join(lines)

    def _find_and_apply(self, tools: ToolLog, intent: Intent) -> str:
        """Act on the one task whose title matches the words, or ask which, changing nothing."""
        words = ((intent.target and intent.target.words) or "")[:200]
        matches = _candidates(words, tools.call("list_tasks", {"search": words, "limit": 50}))
        stems = _stems(words)
        if not matches and stems:
            # The exact phrase is nowhere; look for tasks that contain each of its words.
            longest = max(stems, key=len)
            matches = _candidates(words, tools.call("list_tasks", {"search": longest, "limit": 200}))
        if not matches:
            return (
                f"I couldn't find a task matching “{words}”. Say “show my tasks” to see your tasks and their numbers."
            )
        chosen = self._pick(intent, words, matches)
        if chosen is not None:
            return self._apply(tools, intent, chosen["id"], known=chosen)
        shown = matches[:QUESTION_LIMIT]
        lines = [f"{len(matches)} tasks match “{words}”. Which one did you mean?", *map(_describe, shown)]
        if len(matches) > len(shown):
            lines.append(f"…and {len(matches) - len(shown)} more; use more words from the title.")
        lines.append(f"Reply with its number, e.g. “task {shown[0]['id']}”, and I'll {VERBS[intent.action]} it.")
        return "\n".join(lines)

    @staticmethod
    def _pick(intent: Intent, words: str, matches: list[dict[str, Any]]) -> dict[str, Any] | None:
        if len(matches) == 1:
            return matches[0]
        exact = [task for task in matches if task["title"].casefold() == words.casefold()]
        if len(exact) == 1:
            return exact[0]
        # "Mark the report done" when one report is already done means the other one.
        if intent.action in {"complete", "reopen"}:
            eligible = [task for task in matches if task["completed"] == (intent.action == "reopen")]
            if len(eligible) == 1:
                return eligible[0]
        return None

    @staticmethod
    def _undo_last_turn(tools: ToolLog, history: Sequence[Turn]) -> str:
        """Take back every change of this conversation's latest turn that changed tasks (one activity group)."""
        group = next((turn.activity_group for turn in reversed(history) if turn.activity_group), None)
        if group is None:
            return "I haven't changed any of your tasks in this conversation, so there is nothing to undo."
        changes = tools.call("list_activity", {"group_id": group, "limit": 100})["activities"]
        if not changes:
            return "I can't find that change any more (old changes are cleared after a while), so I can't undo it."
        try:
            undone = tools.call("undo_activity", {"activity_id": changes[0]["id"], "whole_group": True})
        except ToolCallError as error:
            return f"I couldn't undo that: {error.message}"
        if undone["status"] == "already_undone":
            return "That was already undone; nothing changed."
        what = "my last change" if len(changes) == 1 else f"my last {len(changes)} changes"
        return f"Undone. I took back {what}: " + "; ".join(_described(change) for change in reversed(changes)) + "."

    @staticmethod
    def _what_changed(tools: ToolLog, history: Sequence[Turn]) -> str:
        """The changes this conversation made to tasks, newest first, from the activity log."""
        groups = {turn.activity_group for turn in history if turn.activity_group}
        if not groups:
            return "I haven't changed any of your tasks in this conversation yet."
        recent = tools.call("list_activity", {"channel": "chat", "limit": 100})["activities"]
        mine = [change for change in recent if change["group_id"] in groups]
        if not mine:
            return "The changes I made here are no longer in the activity log."
        lines = [f"In this conversation I made {_plural(len(mine), 'change')} (newest first):"]
        for change in mine:
            said = _described(change)
            lines.append(f"• {said[0].upper()}{said[1:]}" + (" (since undone)" if change["undone_by"] else ""))
        lines.append("Say “undo” to take back the latest one.")
        return "\n".join(lines)

    def _answer_question(self, tools: ToolLog, choice: Intent, history: Sequence[Turn]) -> str:
        """'task 5' or 'the second one' after the agent asked which task was meant."""
        question = self._open_question(history)
        if question is None:
            number = f" by {choice.choice_id}" if choice.choice_id is not None else ""
            return (
                f"Which task do you mean{number}, and what should I do with it? For example: "
                f"“mark task {choice.choice_id or 3} as complete” or “delete task {choice.choice_id or 3}”."
            )
        asked, candidates = question
        shown = candidates[:QUESTION_LIMIT]
        if choice.choice_index is not None:
            if choice.choice_index >= len(shown):
                return f"I only listed {len(shown)} tasks. Which one did you mean? Reply with its number."
            chosen = shown[choice.choice_index]
        else:
            by_id = [task for task in candidates if task["id"] == choice.choice_id]
            if not by_id:
                numbers = ", ".join(str(task["id"]) for task in shown)
                return f"Task {choice.choice_id} wasn't one of the matches. Reply with one of: {numbers}."
            chosen = by_id[0]
        return self._apply(tools, asked, chosen["id"], known=chosen)

    @staticmethod
    def _open_question(history: Sequence[Turn]) -> tuple[Intent, list[dict[str, Any]]] | None:
        """The request and candidates of a 'which one?' in the last assistant message, if it was one."""
        if len(history) < 2 or history[-1].role != "assistant" or history[-2].role != "user":
            return None
        calls = list(history[-1].tool_calls)
        if not calls or any(call.get("name") != "list_tasks" or "result" not in call for call in calls):
            return None
        asked = intents.parse(history[-2].content)
        if asked.action not in intents.ACTS_ON_ONE_TASK or asked.target is None or not asked.target.words:
            return None
        candidates = _candidates(asked.target.words[:200], calls[-1]["result"])
        return (asked, candidates) if len(candidates) > 1 else None

    def _apply(self, tools: ToolLog, intent: Intent, task_id: int, *, known: dict[str, Any] | None) -> str:
        """Run the one tool the intent asks for on one task and say what happened."""
        try:
            match intent.action:
                case "complete":
                    if known and known["completed"]:
                        return f"“{known['title']}” (task {task_id}) is already complete. Nothing to do!"
                    done = tools.call("complete_task", {"task_id": task_id})
                    return f"Nice work! I marked “{done['title']}” (task {task_id}) as complete."
                case "delete":
                    deleted = tools.call("delete_task", {"task_id": task_id})
                    return f"Done. I deleted “{deleted['title']}” (task {task_id})."
                case "rename":
                    renamed = tools.call("update_task", {"task_id": task_id, "title": intent.title})
                    before = f" from “{known['title']}”" if known else ""
                    return f"Updated! I renamed task {task_id}{before} to “{renamed['title']}”."
                case "prioritize":
                    changed = tools.call("update_task", {"task_id": task_id, "priority": intent.priority})
                    return f"Okay, “{changed['title']}” (task {task_id}) is now {intent.priority} priority."
                case "reopen":
                    reopened = tools.call("update_task", {"task_id": task_id, "completed": False})
                    return f"I reopened “{reopened['title']}” (task {task_id}); it's back on your pending list."
        except ToolCallError as error:
            if re.fullmatch(r"Task \S+ not found", error.message):
                return (
                    f"I couldn't find task {task_id} in your list. Say “show my tasks” to see your "
                    "tasks and their numbers."
                )
            return f"I couldn't {VERBS[intent.action]} task {task_id}: {error.message}."
        raise AssertionError(f"unhandled action {intent.action}")

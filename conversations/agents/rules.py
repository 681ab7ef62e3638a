"""The offline agent: everyday English → task tools → a sentence saying exactly what was done.

It needs no network and no key, so chat works out of the box, and it is
deterministic, so it can be tested phrase by phrase. ``understanding.parse``
turns the message into a request; this module carries it out through the
same task tools an MCP client calls, and keeps no state: what the last reply
showed ("• #4 Buy milk"), asked ("Which one did you mean?") or proposed
("Shall I?") is read back from the stored history, so "the second one",
"both", "yes" and "undo" work across restarts.

When words of a title match several tasks equally it asks which, changing
nothing. Changes to every match ("complete all the shopping tasks") are
listed first and done only after a "yes".
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time
from typing import Any, Final

from rapidfuzz import fuzz

from conversations.understanding import dates
from conversations.understanding.parse import UNSET, Request, Target, parse
from mcp_bridge.toolbox import ToolCallError
from tasks import organize, schedule
from tasks.activity import Actor
from tasks.fields import PRIORITY_RANK
from tasks.services import local_now

from .base import AgentReply, ToolLog, Turn

LIST_LIMIT: Final = 25
QUESTION_LIMIT: Final = 10
BULK_LIMIT: Final = 50
FUZZY_WORD_SCORE: Final = 80
"""How alike two words must be (rapidfuzz ratio, 0-100) to count as one with a typo: one letter in five."""
# Words that say nothing about which task is meant ("the meeting task" → "meeting").
# fmt: off
STOPWORDS: Final = frozenset({
    "the", "a", "an", "my", "our", "to", "for", "of", "with", "and", "on", "in", "at", "is", "it", "task", "tasks",
    "todo", "item", "one", "that", "this", "have", "do", "get", "about", "from", "list",
})
# fmt: on
EXAMPLES: Final = (
    "• “Call the bank next Tuesday” or “Add eggs, flour and butter”\n"
    "• “What's due this week?”, “Anything overdue?” or “What's next?”\n"
    "• “Mark task 3 done”, “Move the dentist to Friday”, “Make the report high priority”\n"
    "• “Complete all the shopping tasks” (I'll ask first)\n"
    "• “Undo” to take back my last change, or “What did you change?”"
)
VERBS: Final = {
    "complete": "complete",
    "reopen": "reopen",
    "delete": "delete",
    "rename": "rename",
    "prioritize": "change the priority of",
    "reschedule": "change the due date of",
    "skip": "skip",
    "unrepeat": "stop repeating",
    "move": "move",
    "label": "label",
    "add_steps": "add steps to",
}
SHOWN: Final = re.compile(r"(?:^|\s)#(\d{1,9})\b|\(task (\d{1,9})\b")
"""A task a reply showed ("• #4 Buy milk") or acted on ("“Buy milk” (task 4)"); not "e.g. “task 4”"."""
PROPOSAL_MARK: Final = "Shall I go ahead? Say “yes” to do it, or anything else to leave them as they are."
QUESTION_MARK: Final = "Which one did you mean?"
CHANGE_VERBS: Final = {
    "created": "added",
    "updated": "changed",
    "completed": "completed",
    "uncompleted": "reopened",
    "deleted": "deleted",
    "restored": "brought back",
}


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _number(task: dict[str, Any]) -> int:
    """The number a person knows the task by (older stored results have only the id)."""
    return int(task.get("number") or task.get("task_id") or task["id"])


def _stems(words: str) -> list[str]:
    """Rough word stems, so 'paying bills' finds 'Pay bills' and 'groceries' finds 'grocery'."""
    stems = []
    for word in re.findall(r"[\w']+", words.lower()):
        if word in STOPWORDS:
            continue
        stem = re.sub(r"(?:ies|es|s|ing|ed|y)$", "", word)
        stems.append(stem if len(stem) >= 3 else word)
    return stems


def _contains_every_stem(task: dict[str, Any], stems: list[str]) -> bool:
    text = f"{task['title']} {task['description']}".lower()
    return all(stem in text for stem in stems)


def _fuzzy_score(task: dict[str, Any], stems: list[str]) -> float:
    """How well the title's words cover the stems allowing a typo in each (0 when one is missing)."""
    title_words = re.findall(r"[\w']+", task["title"].lower())
    if not title_words or not stems:
        return 0.0
    scores = []
    for stem in stems:
        best = max(max(fuzz.ratio(stem, word), fuzz.ratio(stem, word[: len(stem) + 1])) for word in title_words)
        if best < FUZZY_WORD_SCORE:
            return 0.0
        scores.append(best)
    return sum(scores) / len(scores)


def _describe(task: dict[str, Any], today: date) -> str:
    details = []
    if task["priority"] != "medium":
        details.append(f"{task['priority']} priority")
    if task.get("due_date"):
        overdue = " (overdue)" if _day(task) < today and not task["completed"] else ""
        details.append(f"{_when(task, today)}{overdue}")
    if task.get("repeat"):
        details.append(f"repeats {schedule.repeat_words(task['repeat'])}")
    suffix = f" ({', '.join(details)})" if details else ""
    return f"{'✓' if task['completed'] else '•'} #{_number(task)} {task['title']}{suffix}"


def _day(task: dict[str, Any]) -> date:
    due = task["due_date"]
    return due if isinstance(due, date) else date.fromisoformat(str(due))


def _when(task: dict[str, Any], today: date) -> str:
    """ "due today at 17:00", "due Friday (5 Dec)"."""
    at = task.get("due_time")
    clock = f" at {str(at)[:5]}" if at is not None else ""
    return f"due {dates.describe(_day(task), today)}{clock}"


def _reminder_words(reminders: list[dict[str, Any]]) -> str:
    said = [schedule.reminder_words(reminder, schedule.zone_named("")) for reminder in reminders]
    return "reminder " + " and ".join(said)


def _described(change: dict[str, Any]) -> str:
    """An activity as the reply says it: 'adding “Buy milk”'."""
    verb = CHANGE_VERBS.get(change["action"], change["action"])
    return f"{verb} “{change['title']}”"


@dataclass(frozen=True)
class LastReply:
    """What the assistant's latest reply showed and what it answered, read back from the history."""

    numbers: tuple[int, ...] = ()
    """Task numbers in the reply, in the order shown (a list, the task it changed, the candidates it asked about)."""
    tasks: tuple[dict[str, Any], ...] = ()
    """Every task its tool calls returned, to map a number back to an id without asking again."""
    request_text: str | None = None
    """The user message it answered."""
    asked: bool = False
    proposed: bool = False

    @classmethod
    def from_history(cls, history: Sequence[Turn]) -> "LastReply":
        if not history or history[-1].role != "assistant":
            return cls()
        reply = history[-1]
        numbers: list[int] = []
        for match in SHOWN.finditer(reply.content):
            number = int(next(group for group in match.groups() if group))
            if number not in numbers:
                numbers.append(number)
        tasks: list[dict[str, Any]] = []
        for call in reply.tool_calls:
            result = call.get("result") or {}
            if isinstance(result.get("tasks"), list):
                tasks.extend(task for task in result["tasks"] if isinstance(task, dict))
            elif "task_id" in result:
                tasks.append({"id": result["task_id"], "number": result.get("number"), "title": result.get("title")})
        asked_text = history[-2].content if len(history) >= 2 and history[-2].role == "user" else None
        return cls(
            tuple(numbers),
            tuple(tasks),
            asked_text,
            asked=QUESTION_MARK in reply.content,
            proposed=PROPOSAL_MARK in reply.content,
        )


class RulesAgent:
    def reply(self, user, *, history: Sequence[Turn], message: str, actor: Actor) -> AgentReply:
        tools = ToolLog(user, actor)
        now = local_now(user)
        today = now.date()
        request = parse(message, today, now=now, lists=organize.list_names(user))
        last = LastReply.from_history(history)
        content = Conversation(tools, today, last, history).answer(request)
        return AgentReply(content=content, tool_calls=tools.calls)


class Conversation:
    """One turn's work: the request, the tools, today, and what the last reply said."""

    def __init__(self, tools: ToolLog, today: date, last: LastReply, history: Sequence[Turn]):
        self.tools, self.today, self.last, self.history = tools, today, last, history

    def answer(self, request: Request) -> str:
        if request.problem:
            return request.problem
        match request.action:
            case "add":
                return self._add(request)
            case "list":
                return self._list(request)
            case "count":
                return self._count(request)
            case "next":
                return self._next()
            case "choose":
                return self._choose(request)
            case "confirm":
                return self._confirm()
            case "cancel":
                return "Okay, I changed nothing." if self.last.proposed else "Okay."
            case "undo":
                return self._undo_last_turn()
            case "never_mind":  # a proposal declined, or the change just made taken back
                if self.last.proposed:
                    return "Okay, I changed nothing."
                if self.history and self.history[-1].activity_group:
                    return self._undo_last_turn()
                return "Okay."
            case "add_list":
                return self._add_list(request)
            case "changes":
                return self._what_changed()
            case "greet":
                return f"Hi! I can help you keep track of your tasks. Try:\n{EXAMPLES}"
            case "help":
                return f"I manage your task list. You can say things like:\n{EXAMPLES}"
            case "thanks":
                return "You're welcome! Anything else I can do for your tasks?"
            case "unknown":
                return (
                    "Sorry, I didn't understand that, so I changed nothing. I can add, list, complete, change and "
                    f"delete your tasks, for example:\n{EXAMPLES}"
                )
        return self._change(request)

    # Adding and asking

    def _add(self, request: Request) -> str:
        if not request.tasks:
            return "What should I call the new task? For example: “Add a task to buy groceries”."
        if not request.explicit and (repeat := self._fragment_of_last_add(request) or self._already_there(request)):
            return repeat
        added: list[str] = []
        for task in request.tasks:
            arguments = {
                name: value.strftime("%H:%M")
                if isinstance(value, time)
                else value.isoformat()
                if isinstance(value, date)
                else value
                for name, value in task.task_fields().items()
            }
            if "list_id" in arguments:  # the tool's word for it
                arguments["list"] = arguments.pop("list_id")
            try:
                created = self.tools.call("add_task", arguments)
            except ToolCallError as error:
                done = f" I added {_plural(len(added), 'task')} before it: {', '.join(added)}." if added else ""
                return f"I couldn't add “{task.title[:80]}” ({error.message}).{done}"
            details = [_when(created, self.today)] if created.get("due_date") else []
            if created.get("repeat"):
                details.append(f"repeats {schedule.repeat_words(created['repeat'])}")
            if created.get("reminders"):
                details.append(_reminder_words(created["reminders"]))
            if task.priority:
                details.append(f"{task.priority} priority")
            if task.list_name:
                details.append(f"in {task.list_name}")
            if created.get("labels"):
                details.append(" ".join(f"#{label}" for label in created["labels"]))
            said = f"“{created['title']}” (task {_number(created)}" + (f", {', '.join(details)})" if details else ")")
            added.append(said)
        if len(added) == 1:
            name, _, rest = added[0].partition(" (")
            return f"Got it! I added {name} to your tasks ({rest}."
        return f"Got it! I added {len(added)} tasks:\n" + "\n".join(f"• {said}" for said in added)

    def _already_there(self, request: Request) -> str | None:
        """Bare words that are the title of a task still open ("buy milk" with “Buy milk” on the list) name that
        task: a near-copy is not added; "add …" in so many words adds another."""
        for task in request.tasks:
            found = self.tools.call("list_tasks", {"search": task.title[:200], "status": "pending", "limit": 5})
            same = [shown for shown in found["tasks"] if shown["title"].casefold() == task.title.casefold()]
            if same:
                return (
                    f"You already have “{same[0]['title']}” (task {_number(same[0])}), so I added nothing. "
                    f"Say “add {task.title}” to add another."
                )
        return None

    def _fragment_of_last_add(self, request: Request) -> str | None:
        """Bare words that are part of what the last reply added ("eggs" after adding "Buy milk and eggs") are
        a repeat, not a task: said back, nothing added."""
        last = self.history[-1] if self.history and self.history[-1].role == "assistant" else None
        just_added = [
            call["result"]["title"]
            for call in (last.tool_calls if last else ())
            if call.get("name") == "add_task" and isinstance(call.get("result"), dict)
        ]
        for task in request.tasks:
            for previous in just_added:
                if task.title.casefold() != previous.casefold() and task.title.casefold() in previous.casefold():
                    return (
                        f"“{task.title}” is part of “{previous}”, which I just added, so I added nothing. "
                        f"Say “add {task.title}” for a task of its own."
                    )
        return None

    def _add_list(self, request: Request) -> str:
        if not request.list_name:
            return "What should the new list be called? For example: “make a list called Groceries”."
        try:
            made = self.tools.call("add_list", {"name": request.list_name[:80]})
        except ToolCallError as error:
            return f"I couldn't make the list “{request.list_name[:80]}”: {error.message}"
        return f"Done: I made the list “{made['name']}”. Add to it with “add milk to {made['name']}”."

    def _list(self, request: Request) -> str:
        query = request.query
        arguments: dict[str, Any] = {"status": query.status, "limit": LIST_LIMIT, "order": query.order}
        for name in ("search", "priority", "due"):
            if value := getattr(query, name):
                arguments[name] = value[:200] if name == "search" else value
        if query.due_on:
            arguments["due_before"] = arguments["due_after"] = query.due_on.isoformat()
        if query.list_name:
            arguments["list"] = query.list_name
        if query.label:
            arguments["label"] = [query.label]
        try:
            listing = self.tools.call("list_tasks", arguments)
        except ToolCallError as error:
            return f"I couldn't list those: {error.message}."
        tasks, total = listing["tasks"], listing["total"]
        heading = self._heading(request, total)
        if not tasks:
            return (
                f"{heading} Say “show my tasks” to see them all."
                if arguments.keys() - {"status", "limit", "order"}
                else heading
            )
        lines = [heading, *(_describe(task, self.today) for task in tasks)]
        if total > len(tasks):
            lines.append(f"…and {total - len(tasks)} more. Narrow it down, e.g. “find tasks about milk”.")
        return "\n".join(lines)

    def _heading(self, request: Request, total: int) -> str:
        query = request.query
        noun = {"all": "task", "pending": "pending task", "completed": "completed task"}[query.status]
        if query.priority:
            noun = f"{query.priority}-priority {noun}"
        when = {
            "today": " due today",
            "tomorrow": " due tomorrow",
            "week": " due in the next 7 days",
            "overdue": " overdue",
            "none": " with no due date",
        }.get(query.due or "", "")
        if query.due == "overdue":
            noun = noun.replace("pending ", "")
        if query.due_on:
            when = f" due {dates.describe(query.due_on, self.today)}"
        matching = f" matching “{query.search}”" if query.search else ""
        if query.list_name:
            matching += f" in {query.list_name}"
        if query.label:
            matching += f" tagged #{query.label}"
        if total == 0:
            if query.due == "overdue":
                return "Nothing is overdue. Nice!"
            if not (matching or when or query.priority):
                return {
                    "all": "You don't have any tasks yet. Try “Add a task to buy groceries”.",
                    "pending": "Nothing pending. You're all caught up!",
                    "completed": "You haven't completed any tasks yet.",
                }[query.status]
            return f"You have no {noun}s{when}{matching}."
        return f"You have {_plural(total, noun)}{when}{matching}:"

    def _count(self, request: Request) -> str:
        status = request.query.status
        total = self.tools.call("list_tasks", {"status": status, "limit": 1})["total"]
        noun = {"pending": "pending task", "completed": "completed task", "all": "task"}[status]
        return f"You have {_plural(total, noun)}."

    def _next(self) -> str:
        pending = self.tools.call("list_tasks", {"status": "pending", "order": "due", "limit": 50})["tasks"]
        if not pending:
            return "Nothing pending. You're all caught up!"
        far = date.max

        def urgency(task: dict[str, Any]) -> tuple[date, int]:
            due = date.fromisoformat(str(task["due_date"])) if task["due_date"] else far
            return due, PRIORITY_RANK[task["priority"]]

        first = min(pending, key=urgency)
        reason = "it is due soonest" if first["due_date"] else "it is your most important task with no due date"
        if first["due_date"] and first["priority"] == "high":
            reason += " and it is high priority"
        return f"Next up: {_describe(first, self.today)[2:]} — {reason}."

    # Which task

    def _shown(self, target: Target) -> list[int] | str:
        """The numbers a reference points at in the last reply, or a sentence when it points at nothing."""
        shown = list(self.last.numbers)
        if target.reference == "it":
            if len(shown) == 1:
                return shown
            return (
                "Which task do you mean? Say its number, like “task 3”."
                if shown
                else ("I'm not sure which task you mean: say its number, like “task 3”, or words from its title.")
            )
        if target.reference == "both":
            if len(shown) == 2:
                return shown
            return f"I showed {_plural(len(shown), 'task')}, not two. Which ones do you mean?"
        if target.reference == "all":
            return shown or "I haven't shown any tasks yet. Which ones do you mean?"
        assert target.index is not None
        if not shown:
            return "I haven't shown you a list to pick from. Say the task's number, like “task 3”."
        if target.index >= len(shown) or target.index < -len(shown):
            return f"I only showed {_plural(len(shown), 'task')}, so there is no such one. Which one did you mean?"
        return [shown[target.index]]

    def _by_number(self, number: int) -> dict[str, Any] | None:
        found = self.tools.call("list_tasks", {"number": number, "limit": 1})["tasks"]
        return found[0] if found else None

    def _resolve(self, target: Target) -> list[dict[str, Any]] | str:
        """The tasks a target names, or the sentence to reply when it names none or several."""
        if target.reference or (target.index is not None and (target.number is None or self.last.numbers)):
            numbers = self._shown(target)
            if isinstance(numbers, str):
                return numbers
        elif target.numbers:
            numbers = list(target.numbers)
        elif target.number is not None:
            numbers = [target.number]
        else:
            return self._find_by_words(target.words or "")
        tasks = []
        for number in numbers:
            task = self._by_number(number)
            if task is None:
                return (
                    f"I couldn't find task {number} in your list, so I changed nothing. "
                    "Say “show my tasks” to see your tasks and their numbers."
                )
            tasks.append(task)
        return tasks

    def _find_by_words(self, words: str) -> list[dict[str, Any]] | str:
        words = words[:200]
        stems = _stems(words)
        matches = [
            task
            for task in self.tools.call("list_tasks", {"search": words, "limit": 50})["tasks"]
            if _contains_every_stem(task, stems)
        ]
        if not matches and stems:
            # The exact phrase is nowhere: recent tasks that have each word, allowing a typo in each.
            recent = self.tools.call("list_tasks", {"limit": 200})["tasks"]
            scored = [(score, task) for task in recent if (score := _fuzzy_score(task, stems)) > 0]
            if scored:
                best = max(score for score, _ in scored)
                matches = [task for score, task in scored if score == best]
        if not matches:
            return f"I couldn't find a task matching “{words}”, so I changed nothing. Say “show my tasks” to see them."
        if len(matches) > 1:
            exact = [task for task in matches if task["title"].casefold() == words.casefold()]
            if len(exact) == 1:
                return exact
        return matches

    def _change(self, request: Request) -> str:
        verb = VERBS[request.action]
        if request.target is None:
            return f"Which task should I {verb}? Say its number, like “task 3”, or words from its title."
        if request.action == "rename" and not request.title:
            return "What should the new title be? For example: “Change task 1 to 'Call mom tonight'”."
        if request.target.every:
            return self._propose(request)
        found = self._resolve(request.target)
        if isinstance(found, str):
            return found
        if len(found) > 1 and request.target.numbers and request.action == "delete":
            return self._proposal(request, found)  # deleting several asks first, as every bulk delete does
        if len(found) > 1 and not request.target.reference and not request.target.numbers:
            chosen = self._narrow(request, found)
            if chosen is None:
                return self._ask_which(request, found)
            found = [chosen]
        return self._apply_all(request, found)

    @staticmethod
    def _narrow(request: Request, matches: list[dict[str, Any]]) -> dict[str, Any] | None:
        # "Mark the report done" when one report is already done means the other one.
        if request.action in {"complete", "reopen"}:
            eligible = [task for task in matches if task["completed"] == (request.action == "reopen")]
            if len(eligible) == 1:
                return eligible[0]
        return None

    def _ask_which(self, request: Request, matches: list[dict[str, Any]]) -> str:
        shown = matches[:QUESTION_LIMIT]
        words = request.target.words if request.target else ""
        lines = [f"{len(matches)} tasks match “{words}”. {QUESTION_MARK}", *(_describe(t, self.today) for t in shown)]
        if len(matches) > len(shown):
            lines.append(f"…and {len(matches) - len(shown)} more; use more words from the title.")
        lines.append(
            f"Reply with its number, e.g. “task {_number(shown[0])}”, or “the second one”, and I'll "
            f"{VERBS[request.action]} it. Nothing is changed until then."
        )
        return "\n".join(lines)

    def _choose(self, request: Request) -> str:
        """'task 5' or 'the second one' after a question: do what was asked to that task."""
        target = request.target or Target()
        asked = parse(self.last.request_text, self.today) if self.last.request_text else None
        if not self.last.asked or asked is None or asked.action not in VERBS:
            if target.number is not None and target.index is None:
                task = self._by_number(target.number)
                if task is None:
                    return f"You have no task {target.number}."
                return f"{_describe(task, self.today)}\nWhat should I do with it? For example “mark it done”."
            return "Which task do you mean, and what should I do with it? For example: “mark task 3 as complete”."
        found = self._resolve(target)
        if isinstance(found, str):
            return found
        if target.index is None and found[0]["number"] not in self.last.numbers:
            numbers = ", ".join(str(number) for number in self.last.numbers)
            return f"Task {found[0]['number']} wasn't one of the matches. Reply with one of: {numbers}."
        return self._apply_all(asked, found)

    # Every match, after a yes

    def _every(self, request: Request) -> list[dict[str, Any]]:
        target = request.target
        assert target is not None
        status = target.status
        if status is None:
            status = {"complete": "pending", "reopen": "completed"}.get(request.action)  # type: ignore[assignment]
        arguments: dict[str, Any] = {"status": status or "all", "limit": BULK_LIMIT}
        if target.words:
            arguments["search"] = target.words[:200]
        tasks = self.tools.call("list_tasks", arguments)["tasks"]
        stems = _stems(target.words or "")
        return [task for task in tasks if _contains_every_stem(task, stems)] if stems else tasks

    def _propose(self, request: Request) -> str:
        tasks = self._every(request)
        if not tasks:
            which = f" matching “{request.target.words}”" if request.target and request.target.words else ""
            return f"I found no tasks{which} to {VERBS[request.action]}, so I changed nothing."
        return self._proposal(request, tasks)

    def _proposal(self, request: Request, tasks: list[dict[str, Any]]) -> str:
        """What a change to several tasks would do, for the person to confirm ("yes") before anything changes."""
        lines = [
            f"I would {VERBS[request.action]} {_plural(len(tasks), 'task')}{self._what_to(request)}:",
            *(_describe(task, self.today) for task in tasks),
            PROPOSAL_MARK,
        ]
        return "\n".join(lines)

    def _what_to(self, request: Request) -> str:
        if request.action == "prioritize":
            return f" to {request.priority} priority"
        if request.action == "reschedule" and request.due is not UNSET:
            return f" to {dates.describe(request.due, self.today)}"
        return ""

    def _confirm(self) -> str:
        if not self.last.proposed or self.last.request_text is None:
            return "Okay! What would you like to do? For example “What's due today?”."
        proposal = parse(self.last.request_text, self.today)
        if proposal.action not in VERBS or proposal.target is None:
            return "Okay! What would you like to do?"
        tasks = [task for task in self.last.tasks if task.get("number") in self.last.numbers]
        return self._apply_all(proposal, tasks)

    # Doing it

    def _apply_all(self, request: Request, tasks: list[dict[str, Any]]) -> str:
        said = [self._apply(request, task) for task in tasks]
        return said[0] if len(said) == 1 else "\n".join(f"• {line}" for line in said)

    def _apply(self, request: Request, task: dict[str, Any]) -> str:
        """Run the one tool the request asks for on one task and say what happened, truthfully."""
        name, number = f"“{task['title']}” (task {_number(task)})", _number(task)
        task_id = int(task.get("id") or task["task_id"])
        try:
            match request.action:
                case "complete":
                    if task.get("completed"):
                        return f"{name} is already complete. Nothing to do!"
                    done = self.tools.call("complete_task", {"task_id": task_id})
                    if done.get("steps_done"):
                        ticked = _plural(done["steps_done"], "open step")
                        return f"Nice work! I marked {name} as complete, and ticked its {ticked} with it."
                    return f"Nice work! I marked {name} as complete."
                case "reopen":
                    if task.get("completed") is False:
                        return f"{name} isn't completed, so there is nothing to reopen."
                    self.tools.call("update_task", {"task_id": task_id, "completed": False})
                    return f"I reopened {name}; it's back on your pending list."
                case "delete":
                    self.tools.call("delete_task", {"task_id": task_id})
                    return f"Done. I deleted {name}."
                case "rename":
                    renamed = self.tools.call("update_task", {"task_id": task_id, "title": request.title})
                    if renamed["status"] == "unchanged":
                        return f"Task {number} is already called “{renamed['title']}”; I left it as it was."
                    return f"Updated! I renamed task {number} from “{task['title']}” to “{renamed['title']}”."
                case "prioritize":
                    if task.get("priority") == request.priority:
                        return f"{name} is already {request.priority} priority."
                    self.tools.call("update_task", {"task_id": task_id, "priority": request.priority})
                    return f"Okay, {name} is now {request.priority} priority."
                case "skip":
                    if not task.get("repeat"):
                        return f"{name} doesn't repeat, so there is no next time to skip to."
                    moved = self.tools.call("skip_task", {"task_id": task_id})
                    return f"Skipped: {name} is next due {dates.describe(_day(moved), self.today)}."
                case "unrepeat":
                    if not task.get("repeat"):
                        return f"{name} doesn't repeat; nothing to stop."
                    self.tools.call("update_task", {"task_id": task_id, "repeat": ""})
                    return f"Okay, {name} no longer repeats."
                case "move":
                    where = request.list_name or "Inbox"
                    moved = self.tools.call("update_task", {"task_id": task_id, "list": where})
                    if moved["status"] == "unchanged":
                        return f"{name} is already in {where}."
                    return f"Moved {name} to {where}."
                case "label":
                    labels = [*task.get("labels", []), *request.labels]
                    tagged = self.tools.call("update_task", {"task_id": task_id, "labels": labels})
                    said = " ".join(f"#{label}" for label in request.labels)
                    if tagged["status"] == "unchanged":
                        return f"{name} already has {said}."
                    return f"Tagged {name} {said}."
                case "add_steps":
                    steps = [*task.get("steps", []), *({"title": step} for step in request.steps)]
                    given = self.tools.call("update_task", {"task_id": task_id, "steps": steps})
                    open_steps = sum(1 for step in given.get("steps", []) if not step["done"])
                    return (
                        f"Added {_plural(len(request.steps), 'step')} to {name}: "
                        f"{', '.join(request.steps)} ({open_steps} to do)."
                    )
                case "reschedule":
                    due = None if request.due is UNSET else request.due
                    if due is not None and due < self.today:
                        return f"{dates.describe(due, self.today).capitalize()} has passed; I left {name} as it was."
                    self.tools.call("update_task", {"task_id": task_id, "due_date": due.isoformat() if due else None})
                    if due is None:
                        return f"Okay, {name} has no due date now."
                    return f"Okay, {name} is now due {dates.describe(due, self.today)}."
        except ToolCallError as error:
            return f"I couldn't {VERBS[request.action]} task {number}: {error.message}."
        raise AssertionError(f"unhandled action {request.action}")

    # The activity log

    def _undo_last_turn(self) -> str:
        """Take back every change of this conversation's latest turn that changed tasks (one activity group)."""
        group = next((turn.activity_group for turn in reversed(self.history) if turn.activity_group), None)
        if group is None:
            return "I haven't changed any of your tasks in this conversation, so there is nothing to undo."
        changes = self.tools.call("list_activity", {"group_id": group, "limit": 100})["activities"]
        if not changes:
            return "I can't find that change any more (old changes are cleared after a while), so I can't undo it."
        try:
            undone = self.tools.call("undo_activity", {"activity_id": changes[0]["id"], "whole_group": True})
        except ToolCallError as error:
            return f"I couldn't undo that: {error.message}"
        if undone["status"] == "already_undone":
            return "That was already undone; nothing changed."
        what = "my last change" if len(changes) == 1 else f"my last {len(changes)} changes"
        return f"Undone. I took back {what}: " + "; ".join(_described(change) for change in reversed(changes)) + "."

    def _what_changed(self) -> str:
        """The changes this conversation made to tasks, newest first, from the activity log."""
        groups = {turn.activity_group for turn in self.history if turn.activity_group}
        if not groups:
            return "I haven't changed any of your tasks in this conversation yet."
        recent = self.tools.call("list_activity", {"channel": "chat", "limit": 100})["activities"]
        mine = [change for change in recent if change["group_id"] in groups]
        if not mine:
            return "The changes I made here are no longer in the activity log."
        lines = [f"In this conversation I made {_plural(len(mine), 'change')} (newest first):"]
        for change in mine:
            said = _described(change)
            lines.append(f"• {said[0].upper()}{said[1:]}" + (" (since undone)" if change["undone_by"] else ""))
        lines.append("Say “undo” to take back the latest one.")
        return "\n".join(lines)

"""The five task tools on MCPServer + SQLModel, over stdio, for one user (TODO_MCP_USER).

    TODO_MCP_USER=alice DATABASE_URL=... python -m bench.peer.mcp_server

As the SDK's and SQLModel's documentation write it: typed tool functions, a
session per call, the rows through the ORM. It keeps no activity log and no
limits: it does less than the project, which the bench notes say.
"""

import os
from datetime import UTC, date, datetime
from typing import Annotated, Literal, TypedDict

from mcp.server import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from pydantic import Field
from sqlmodel import Session, func, select

from .models import Task, User, engine

server = MCPServer("peer", log_level="WARNING")


def _user_id() -> int:
    with Session(engine) as session:
        user = session.exec(select(User).where(User.username == os.environ["TODO_MCP_USER"])).one()
        return user.id  # type: ignore[return-value]


USER_ID = _user_id()


class TaskResult(TypedDict):
    task_id: int
    number: int
    status: Literal["created", "completed", "deleted", "updated"]
    title: str


class TaskItem(TypedDict):
    id: int
    number: int
    title: str
    description: str
    completed: bool
    priority: Literal["low", "medium", "high"]
    due_date: date | None
    created_at: datetime


class TaskList(TypedDict):
    tasks: list[TaskItem]
    total: int


def _own(session: Session, task_id: int) -> Task:
    task = session.get(Task, task_id)
    if task is None or task.user_id != USER_ID:
        raise ToolError(f"Task {task_id} not found")
    return task


def _result(task: Task, status: str) -> TaskResult:
    return {"task_id": task.id, "number": task.number, "status": status, "title": task.title}  # type: ignore[typeddict-item]


@server.tool()
def add_task(
    title: Annotated[str, Field(min_length=1, max_length=200)],
    description: Annotated[str, Field(max_length=2000)] = "",
    priority: Literal["low", "medium", "high"] = "medium",
    due_date: date | None = None,
) -> TaskResult:
    """Add a task."""
    now = datetime.now(UTC)
    with Session(engine) as session:
        number = session.exec(select(func.coalesce(func.max(Task.number), 0)).where(Task.user_id == USER_ID)).one()
        task = Task(
            user_id=USER_ID,
            number=number + 1,
            title=title.strip(),
            description=description,
            priority=priority,
            due_date=due_date,
            created_at=now,
            updated_at=now,
        )
        session.add(task)
        session.commit()
        session.refresh(task)
        return _result(task, "created")


@server.tool()
def list_tasks(
    status: Literal["all", "pending", "completed"] = "all",
    search: Annotated[str | None, Field(max_length=200)] = None,
    limit: Annotated[int, Field(ge=1, le=200)] = 50,
    offset: Annotated[int, Field(ge=0)] = 0,
) -> TaskList:
    """List the user's tasks, newest first."""
    filters = [Task.user_id == USER_ID]
    if status != "all":
        filters.append(Task.completed == (status == "completed"))
    if search:
        filters.append(Task.title.ilike(f"%{search}%") | Task.description.ilike(f"%{search}%"))  # type: ignore[attr-defined]
    with Session(engine) as session:
        total = session.exec(select(func.count()).select_from(Task).where(*filters)).one()
        tasks = session.exec(
            select(Task).where(*filters).order_by(Task.created_at.desc(), Task.id.desc()).offset(offset).limit(limit)
        ).all()
        items = [
            TaskItem(
                id=task.id,  # type: ignore[typeddict-item]
                number=task.number,
                title=task.title,
                description=task.description,
                completed=task.completed,
                priority=task.priority,  # type: ignore[typeddict-item]
                due_date=task.due_date,
                created_at=task.created_at,
            )
            for task in tasks
        ]
    return {"tasks": items, "total": total}


@server.tool()
def complete_task(task_id: int) -> TaskResult:
    """Mark a task complete."""
    with Session(engine) as session:
        task = _own(session, task_id)
        task.completed = True
        task.updated_at = datetime.now(UTC)
        session.add(task)
        session.commit()
        session.refresh(task)
        return _result(task, "completed")


@server.tool()
def update_task(
    task_id: int,
    title: Annotated[str | None, Field(min_length=1, max_length=200)] = None,
    priority: Literal["low", "medium", "high"] | None = None,
    completed: bool | None = None,
) -> TaskResult:
    """Change a task's title, priority or completion."""
    with Session(engine) as session:
        task = _own(session, task_id)
        if title is not None:
            task.title = title.strip()
        if priority is not None:
            task.priority = priority
        if completed is not None:
            task.completed = completed
        task.updated_at = datetime.now(UTC)
        session.add(task)
        session.commit()
        session.refresh(task)
        return _result(task, "updated")


@server.tool()
def delete_task(task_id: int) -> TaskResult:
    """Delete a task."""
    with Session(engine) as session:
        task = _own(session, task_id)
        result = _result(task, "deleted")
        session.delete(task)
        session.commit()
        return result


if __name__ == "__main__":
    server.run("stdio")

"""SQLModel tables over the project's own: the users and the tasks, as they are in the database."""

import os
from datetime import date, datetime

from sqlmodel import Field, SQLModel, create_engine


class User(SQLModel, table=True):
    __tablename__ = "auth_user"

    id: int | None = Field(default=None, primary_key=True)
    username: str
    is_active: bool


class Task(SQLModel, table=True):
    __tablename__ = "tasks_task"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="auth_user.id")
    number: int
    title: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=2000)
    completed: bool = False
    priority: str = "medium"
    due_date: date | None = None
    created_at: datetime
    updated_at: datetime


def database_url() -> str:
    """The bench's DATABASE_URL (postgres://...) in SQLAlchemy's spelling, with psycopg 3."""
    url = os.environ["DATABASE_URL"]
    return "postgresql+psycopg://" + url.split("://", 1)[1]


# As the SQLModel tutorial does: one engine for the process, sessions per request.
engine = create_engine(database_url(), pool_size=10, max_overflow=0, pool_pre_ping=False)

"""GET /api/tasks/ on FastAPI + SQLModel, authenticated with the project's own JWTs.

    gunicorn bench.peer.app:app -k uvicorn_worker.UvicornWorker -w 4   # as the bench runs it

The tutorial's shape: a session dependency, a current-user dependency that
decodes the bearer JWT (PyJWT, the same HS256 key as the project) and loads the
user, a response model, and the page and its total as two queries.
"""

import os
from collections.abc import Iterator
from datetime import date, datetime
from typing import Annotated, Literal

import jwt
from fastapi import Depends, FastAPI, HTTPException, Query, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel
from sqlmodel import Session, func, select

from .models import Task, User, engine

SECRET = os.environ["DJANGO_SECRET_KEY"]
app = FastAPI(title="Peer")
bearer = HTTPBearer()


def get_session() -> Iterator[Session]:
    with Session(engine) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


def current_user(credentials: Annotated[HTTPAuthorizationCredentials, Depends(bearer)], session: SessionDep) -> User:
    try:
        claims = jwt.decode(credentials.credentials, SECRET, algorithms=["HS256"])
    except jwt.PyJWTError:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "Invalid token") from None
    if claims.get("token_type") != "access":
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "Not an access token")
    user = session.get(User, int(claims["user_id"]))
    if user is None or not user.is_active:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "No such user")
    return user


class TaskRead(BaseModel):
    id: int
    number: int
    title: str
    description: str
    completed: bool
    priority: str
    due_date: date | None
    created_at: datetime
    updated_at: datetime


class TaskPage(BaseModel):
    count: int
    next: str | None
    previous: str | None
    results: list[TaskRead]


@app.get("/api/tasks/", response_model=TaskPage)
def list_tasks(
    user: Annotated[User, Depends(current_user)],
    session: SessionDep,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
    status_: Annotated[Literal["all", "pending", "completed"], Query(alias="status")] = "all",
) -> TaskPage:
    filters = [Task.user_id == user.id]
    if status_ != "all":
        filters.append(Task.completed == (status_ == "completed"))
    total = session.exec(select(func.count()).select_from(Task).where(*filters)).one()
    tasks = session.exec(
        select(Task).where(*filters).order_by(Task.created_at.desc(), Task.id.desc()).offset(offset).limit(limit)
    ).all()
    more = offset + limit < total
    return TaskPage(
        count=total,
        next=f"/api/tasks/?limit={limit}&offset={offset + limit}" if more else None,
        previous=f"/api/tasks/?limit={limit}&offset={max(0, offset - limit)}" if offset else None,
        results=[TaskRead.model_validate(task, from_attributes=True) for task in tasks],
    )

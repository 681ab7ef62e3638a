from datetime import UTC, datetime, time

import pytest

from tasks import services as task_services
from tasks.activity import Actor
from tasks.models import Channel, Task

from .corpus import LIST, TODAY
from .fake_openai import FakeOpenAI


@pytest.fixture
def fake_openai(settings):
    """The openai agent selected and pointed at a fake endpoint on loopback."""
    with FakeOpenAI() as fake:
        settings.TODO_AGENT = "openai"
        settings.OPENAI_BASE_URL = fake.base_url
        settings.OPENAI_API_KEY = "sk-test-key"
        settings.TODO_AGENT_MODEL = "fake-model"
        settings.TODO_AGENT_TIMEOUT = 5.0
        yield fake


@pytest.fixture
def today(monkeypatch):
    """Freeze the person's today for the agent and for the task filters it uses."""
    noon = datetime.combine(TODAY, time(12), tzinfo=UTC)
    monkeypatch.setattr("conversations.agents.rules.local_now", lambda user: noon)
    monkeypatch.setattr("tasks.services.local_today", lambda user: TODAY)
    return TODAY


@pytest.fixture
def listed(user, make_task, today):
    """The list every row starts from; returns number → id."""
    for title, fields in LIST:
        values = {name: value for name, value in fields.items() if name != "completed"}
        task = make_task(user, title, **values)
        if fields.get("completed"):
            task_services.complete_task(user, task.pk, actor=Actor(Channel.ADMIN, "fixture"))
    return dict(Task.objects.for_user(user).values_list("number", "id"))

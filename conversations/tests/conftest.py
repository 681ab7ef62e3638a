import pytest

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

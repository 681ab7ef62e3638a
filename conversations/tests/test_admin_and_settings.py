"""The admin pages for conversations and messages, and the agent settings."""

import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model

from conversations import services
from conversations.agents import get_agent
from conversations.agents.openai import OpenAIAgent
from conversations.agents.rules import RulesAgent


@pytest.fixture
def admin_client_with_chat(client, user):
    services.send_message(user, message="Add a task to buy groceries")
    admin = get_user_model().objects.create_superuser("root", "root@example.com", "pw-root-12345")
    client.force_login(admin)
    return client


@pytest.mark.parametrize(
    "path",
    [
        "/admin/conversations/conversation/",
        "/admin/conversations/conversation/?q=groceries",
        "/admin/conversations/conversation/?q=alice&username=alice",
        "/admin/conversations/message/?username=alice",
        "/admin/conversations/message/",
        "/admin/conversations/message/?q=Buy+groceries&role__exact=assistant",
    ],
)
def test_admin_lists_search_and_filter(admin_client_with_chat, user, path):
    response = admin_client_with_chat.get(path.format(user_id=user.pk))
    assert response.status_code == 200
    assert "buy groceries" in response.content.decode().lower()


@pytest.mark.parametrize(
    "path",
    [
        "/admin/conversations/conversation/?q=zebra",
        "/admin/conversations/conversation/?username=bob",
        "/admin/conversations/message/?username=bob",
    ],
)
def test_admin_search_or_filter_that_matches_nothing_lists_nothing(admin_client_with_chat, path):
    response = admin_client_with_chat.get(path)
    assert response.status_code == 200
    assert "Add a task to buy groceries" not in response.content.decode()


def test_admin_shows_a_conversation_with_its_messages(admin_client_with_chat, user):
    conversation = services.list_conversations(user).get()
    response = admin_client_with_chat.get(f"/admin/conversations/conversation/{conversation.pk}/change/")
    assert response.status_code == 200
    assert "I added “Buy groceries”" in response.content.decode()


def test_the_agent_follows_the_setting(settings):
    assert isinstance(get_agent(), RulesAgent)
    settings.TODO_AGENT = "openai"
    settings.OPENAI_BASE_URL = "http://127.0.0.1:9/v1/"
    agent = get_agent()
    assert isinstance(agent, OpenAIAgent)
    assert agent.url == "http://127.0.0.1:9/v1/chat/completions"


PRINT_AGENT_SETTINGS = "from django.conf import settings; print(settings.TODO_AGENT, settings.TODO_AGENT_MODEL)"


def _settings_in_a_fresh_process(**env: str) -> subprocess.CompletedProcess:
    clean_env = {key: value for key, value in os.environ.items() if not key.startswith(("TODO_AGENT", "OPENAI_"))}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            PRINT_AGENT_SETTINGS,
        ],
        cwd=django_settings.BASE_DIR,
        env={**clean_env, "DJANGO_SETTINGS_MODULE": "todo_project.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_with_no_environment_the_offline_rules_agent_is_used():
    result = _settings_in_a_fresh_process()
    assert result.stdout.split() == ["rules", "gpt-4o-mini"], result.stderr


def test_an_unknown_agent_name_refuses_to_start():
    result = _settings_in_a_fresh_process(TODO_AGENT="clippy")
    assert result.returncode != 0
    assert 'TODO_AGENT must be "rules" or "openai"' in result.stderr


def test_a_message_is_shown_in_the_admin_but_never_changed_there(admin_client_with_chat, user):
    message = services.conversation_messages(user, services.list_conversations(user).get()).first()
    url = f"/admin/conversations/message/{message.pk}/change/"
    assert admin_client_with_chat.get(url).status_code == 200
    admin_client_with_chat.post(url, {"role": "assistant", "content": "rewritten", "user": user.pk})
    message.refresh_from_db()
    assert (message.role, message.content) == ("user", "Add a task to buy groceries")

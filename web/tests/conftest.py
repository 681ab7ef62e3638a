"""Fixtures for the pages: a browser-like client signed in as a user, and htmx requests."""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import sync_playwright

# The openai agent pointed at a fake endpoint on loopback, as the chat API's tests use it.
from conversations.tests.conftest import fake_openai  # noqa: F401


@pytest.fixture
def signed_in(user) -> Client:
    """A client with a session signed in as ``user`` (CSRF is checked in its own tests)."""
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def other_signed_in(other_user) -> Client:
    client = Client()
    client.force_login(other_user)
    return client


def htmx(target: str = "") -> dict[str, str]:
    """The headers htmx sends with a request that swaps ``#target``."""
    headers = {"HX-Request": "true"}
    if target:
        headers["HX-Target"] = target
    return headers


# --- Browser tests: Playwright driving Debian's Chromium (never a downloaded browser) -------------------

CHROMIUM = os.environ.get("TODO_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
SCREENSHOTS = Path(os.environ.get("TODO_SCREENSHOT_DIR") or Path(settings.BASE_DIR) / ".artifacts" / "screenshots")


def pytest_collection_modifyitems(config, items):
    """Without Chromium the browser tests are skipped with the reason, except under CI, where that fails."""
    journeys = [item for item in items if item.get_closest_marker("browser")]
    if CHROMIUM or not journeys:
        return
    if os.environ.get("CI") == "true":
        raise pytest.UsageError(
            "CI=true and no Chromium: the browser tests must run (apt-get install chromium, or set TODO_CHROMIUM)."
        )
    skip = pytest.mark.skip(reason="Chromium is not installed (apt-get install chromium, or set TODO_CHROMIUM)")
    for item in journeys:
        item.add_marker(skip)


@pytest.fixture(scope="module")
def playwright(_pw_api_request_contexts):
    """pytest-playwright's Playwright, started for one module of browser tests instead of the whole session.

    Playwright's synchronous API keeps an event loop running on the test
    thread while it is started, and Django refuses ORM calls from a thread
    with a running loop. The browser tests' own database checks are
    synchronous and safe, so that guard is lifted, but only while Playwright
    runs: the other tests in this process keep it.
    """
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    started = sync_playwright().start()
    if _pw_api_request_contexts:
        _pw_api_request_contexts.instrument(started)
    yield started
    started.stop()
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


# pytest-playwright's fixtures that stand on ``playwright``, at its narrower scope.
@pytest.fixture(scope="module")
def browser_type(playwright, browser_name):
    return getattr(playwright, browser_name)


@pytest.fixture(scope="module")
def launch_browser(browser_type_launch_args, browser_type):
    return lambda **options: browser_type.launch(**{**browser_type_launch_args, **options})


@pytest.fixture(scope="module")
def browser(launch_browser):
    launched = launch_browser()
    yield launched
    launched.close()


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict:
    # The network here is closed: no background traffic, no component updates, no sandbox (tests run as root).
    return {
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="module")
def browser_context_args(playwright) -> dict:
    return {"viewport": {"width": 1280, "height": 800}}


@pytest.fixture
def site(live_server, transactional_db) -> str:
    """The live server's URL, for a browser test (its data committed, so the server's thread sees it)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return live_server.url


# Controls a finger aims at (links inside a sentence excepted, as WCAG does); a checkbox counts with its label.
TARGETS = (
    "button, a.button, a.action, summary, input:not([type=hidden]), select, textarea, [role=checkbox], .tabs a,"
    " .main-nav a, .view-switch a, .lists-links a, .labels-links a, .account-menu li a, .pager a, .menu-footer"
)


def small_targets(page) -> list[str]:
    """On a phone: the visible controls less than 44 px tall or wide."""
    return page.evaluate(
        """targets => [...document.querySelectorAll(targets)]
            .filter(e => e.checkVisibility() && !e.closest('.visually-hidden'))
            .map(e => [e, (e.type === 'checkbox' ? e.closest('.field') || e : e).getBoundingClientRect()])
            .filter(([e, r]) => r.height < 44 || r.width < 44)
            .map(([e, r]) => 'target under 44 px: ' + e.tagName.toLowerCase() + ' "' +
                 (e.getAttribute('aria-label') || e.textContent.trim() || e.name || '').slice(0, 40) + '" ' +
                 Math.round(r.width) + 'x' + Math.round(r.height))""",
        TARGETS,
    )

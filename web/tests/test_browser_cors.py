"""A browser-based MCP client in a real Chromium: from an allowed origin it reaches /mcp and the OAuth
endpoints; from any other origin the browser keeps the answers from it.

The client's page is served from http://127.0.0.2:PORT (another origin than the server's
http://127.0.0.1:PORT, on loopback too, so Chromium's local-network checks stay out of it); its fetch
calls go to the app under uvicorn, as `make run` serves it, with that origin in TODO_MCP_ALLOWED_ORIGINS.
"""

import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import Page

from mcp_bridge.tests.processes import PROJECT_DIR, committed_users, free_port, runmcp_env, wait_for_port
from mcp_bridge.tokens import create_mcp_token

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

CALL = """async ([url, token]) => {
    const headers = {"Content-Type": "application/json", "Accept": "application/json, text/event-stream",
                     "MCP-Protocol-Version": "2025-11-25"};
    if (token) headers["Authorization"] = "Bearer " + token;
    try {
        const response = await fetch(url, {method: "POST", headers, signal: AbortSignal.timeout(15000),
            body: JSON.stringify({jsonrpc: "2.0", id: 1, method: "tools/list"})});
        return {status: response.status, challenge: response.headers.get("WWW-Authenticate"),
                body: await response.text()};
    } catch (error) {
        return {blocked: String(error)};
    }
}"""

REGISTER = """async (url) => {
    try {
        const response = await fetch(url, {method: "POST", signal: AbortSignal.timeout(15000),
            headers: {"Content-Type": "application/json"},
            body: JSON.stringify({client_name: "Browser client", redirect_uris: ["http://127.0.0.1:9/cb"]})});
        return {status: response.status, body: await response.json()};
    } catch (error) {
        return {blocked: String(error)};
    }
}"""

METADATA = """async (url) => {
    try {
        return {status: (await fetch(url, {signal: AbortSignal.timeout(15000)})).status};
    } catch (error) {
        return {blocked: String(error)};
    }
}"""


class ClientPage(BaseHTTPRequestHandler):
    def do_GET(self):
        body = b"<!doctype html><title>A browser-based MCP client</title>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def client_origins():
    """Two client pages on loopback addresses other than the server's: (allowed, not allowed)."""
    servers = [ThreadingHTTPServer((address, 0), ClientPage) for address in ("127.0.0.2", "127.0.0.3")]
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    yield tuple(f"http://{server.server_address[0]}:{server.server_address[1]}" for server in servers)
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def server(django_db_setup, django_db_blocker, tmp_path_factory, client_origins):
    port = free_port()
    with committed_users(django_db_blocker, "cors_erin") as (erin,):
        with django_db_blocker.unblock():
            token = create_mcp_token(erin, name="browser client").secret
        log = tmp_path_factory.mktemp("cors") / "server.log"
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "todo_project.asgi:application", "--port", str(port), "--lifespan", "on"],
            cwd=PROJECT_DIR,
            env=runmcp_env(TODO_MCP_ALLOWED_ORIGINS=client_origins[0]),
            stdout=subprocess.DEVNULL,
            stderr=log.open("w"),
        )
        try:
            wait_for_port(port, process)
            yield port, token
        finally:
            process.terminate()
            process.wait(timeout=15)


def test_an_allowed_origin_calls_mcp_reads_the_challenge_and_registers(page: Page, server, client_origins):
    port, token = server
    api = f"http://127.0.0.1:{port}"
    page.goto(client_origins[0])

    listed = page.evaluate(CALL, [f"{api}/mcp", token])
    assert listed["status"] == 200 and '"add_task"' in listed["body"]

    unauthenticated = page.evaluate(CALL, [f"{api}/mcp", None])
    assert unauthenticated["status"] == 401
    assert unauthenticated["challenge"].startswith("Bearer resource_metadata=")  # exposed to the page

    assert page.evaluate(METADATA, f"{api}/.well-known/oauth-protected-resource/mcp") == {"status": 200}
    assert page.evaluate(METADATA, f"{api}/.well-known/oauth-authorization-server") == {"status": 200}
    registered = page.evaluate(REGISTER, f"{api}/o/register/")
    assert registered["status"] == 201 and registered["body"]["client_name"] == "Browser client"


def test_another_origin_gets_nothing(page: Page, server, client_origins):
    port, token = server
    api = f"http://127.0.0.1:{port}"
    page.goto(client_origins[1])

    assert "blocked" in page.evaluate(CALL, [f"{api}/mcp", token])
    assert "blocked" in page.evaluate(REGISTER, f"{api}/o/register/")

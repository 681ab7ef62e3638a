"""A fake OpenAI-compatible Chat Completions server on loopback, for the openai agent's tests.

It is a real HTTP server in a thread: the agent's real client talks to it over
TCP. Tests script its answers (tool calls, then a final message, or failures)
and read back every request it received.
"""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


def tool_call(name: str, arguments: dict[str, Any] | str, call_id: str = "call_1") -> dict[str, Any]:
    """A completion whose assistant message asks for one tool call."""
    raw = arguments if isinstance(arguments, str) else json.dumps(arguments)
    return _completion(
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [{"id": call_id, "type": "function", "function": {"name": name, "arguments": raw}}],
        },
        "tool_calls",
    )


def answer(content: str) -> dict[str, Any]:
    """A completion whose assistant message is the final text."""
    return _completion({"role": "assistant", "content": content}, "stop")


def _completion(message: dict[str, Any], finish_reason: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": 0,
        "model": "fake-model",
        "choices": [{"index": 0, "message": message, "finish_reason": finish_reason}],
    }


class Failure:
    """Answer with this status and raw body, optionally after a delay (to trip the client's timeout)."""

    def __init__(self, status: int = 500, body: str = '{"error": {"message": "boom"}}', delay: float = 0.0):
        self.status, self.body, self.delay = status, body, delay


class FakeOpenAI:
    def __init__(self):
        self.script: list[dict[str, Any] | Failure] = []
        self.requests: list[dict[str, Any]] = []
        self.repeat_last = False
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        # A short poll interval, so shutting the server down at teardown is quick.
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def will_answer(self, *responses: dict[str, Any] | Failure) -> None:
        self.script.extend(responses)

    def _next(self) -> dict[str, Any] | Failure:
        if not self.script:
            return Failure(500, '{"error": {"message": "the test scripted no more answers"}}')
        return self.script[0] if self.repeat_last and len(self.script) == 1 else self.script.pop(0)

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                fake.requests.append({"path": self.path, "headers": dict(self.headers), "json": json.loads(body)})
                response = fake._next()
                if isinstance(response, Failure):
                    time.sleep(response.delay)
                    status, raw = response.status, response.body.encode()
                else:
                    status, raw = 200, json.dumps(response).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(raw)))
                    self.end_headers()
                    self.wfile.write(raw)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout test)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler

    def __enter__(self) -> "FakeOpenAI":
        self.thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

"""A loopback LLM server speaking OpenAI Chat Completions and Anthropic Messages, plain and streamed.

Tests (here and in the TUI suite) start it, point the real `openai` / `anthropic` SDKs at it and script
its replies: text, an HTTP error status (429, 5xx) or a reply that never comes. Everything it receives
is kept (path, headers, JSON body) so a test can assert on what a role actually sent.

    with FakeLLM() as srv:
        srv.push("```cpp\\n// CPUFoo.cpp\\n...```")
        srv.push(status=429)          # the SDK retries; the next scripted reply answers the retry
        OpenAI(base_url=srv.openai_url, api_key="k")
        Anthropic(base_url=srv.anthropic_url, api_key="k")

A `responder(request) -> Reply` may stand in for the script (used when replies depend on the role).
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Reply:
    text: str = ""
    status: int = 200
    hang: bool = False  # accept the request, then never answer (until the server stops)
    input_tokens: int = 100
    output_tokens: int = 50


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]

    @property
    def text(self) -> str:
        """Every message's text (and the system prompt), joined: what a test greps."""
        parts: list[str] = []
        system = self.body.get("system")
        if isinstance(system, str):
            parts.append(system)
        elif isinstance(system, list):
            parts += [b.get("text", "") for b in system]
        for m in self.body.get("messages", []):
            c = m.get("content")
            parts += [c] if isinstance(c, str) else [b.get("text", "") for b in c or []]
        return "\n".join(parts)

    @property
    def streamed(self) -> bool:
        return bool(self.body.get("stream"))


@dataclass
class FakeLLM:
    responder: Callable[[Received], Reply] | None = None
    script: deque[Reply] = field(default_factory=deque)
    received: list[Received] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def push(self, text: str = "", **kw: Any) -> FakeLLM:
        self.script.append(Reply(text, **kw))
        return self

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def openai_url(self) -> str:
        return f"{self.url}/v1"

    @property
    def anthropic_url(self) -> str:
        return self.url  # the Anthropic SDK appends /v1/messages itself

    def __enter__(self) -> FakeLLM:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._server.shutdown()
        self._server.server_close()

    def _next(self, req: Received) -> Reply:
        with self._lock:
            self.received.append(req)
            if self.script:
                return self.script.popleft()
        if self.responder is not None:
            return self.responder(req)
        return Reply(status=500, text="the fake server's script is empty")


def _handler(srv: FakeLLM) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
            pass

        def do_POST(self) -> None:
            n = int(self.headers.get("content-length", 0))
            body = json.loads(self.rfile.read(n) or b"{}")
            req = Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
            reply = srv._next(req)
            if reply.hang:
                srv._stop.wait(60)
                return
            anthropic = self.path.rstrip("/").endswith("/messages")
            if reply.status != 200:
                self._json(reply.status, _error(reply, anthropic), {"retry-after": "0"})
            elif not req.streamed:
                self._json(200, (_anthropic_message if anthropic else _openai_completion)(reply, body))
            else:
                self._sse(_anthropic_events(reply, body) if anthropic else _openai_chunks(reply, body))

        def _json(self, status: int, obj: dict[str, Any], extra: dict[str, str] | None = None) -> None:
            data = json.dumps(obj).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.send_header("request-id", "req_fake_1")
            self.send_header("x-request-id", "req_fake_1")
            for k, v in (extra or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)

        def _sse(self, events: list[tuple[str | None, str]]) -> None:
            self.send_response(200)
            self.send_header("content-type", "text/event-stream")
            self.send_header("request-id", "req_fake_1")
            self.send_header("x-request-id", "req_fake_1")
            self.send_header("connection", "close")
            self.end_headers()
            for name, data in events:
                head = f"event: {name}\n" if name else ""
                self.wfile.write(f"{head}data: {data}\n\n".encode())
                self.wfile.flush()
            self.close_connection = True

    return Handler


def _chunks(text: str, n: int = 3) -> list[str]:
    size = max(1, -(-len(text) // n))
    return [text[i:i + size] for i in range(0, len(text), size)] or [""]


def _error(reply: Reply, anthropic: bool) -> dict[str, Any]:
    kind = {429: "rate_limit_error", 529: "overloaded_error"}.get(reply.status, "api_error")
    if anthropic:
        return {"type": "error", "error": {"type": kind, "message": reply.text or kind}}
    return {"error": {"message": reply.text or kind, "type": kind, "code": None, "param": None}}


def _openai_completion(reply: Reply, body: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake", "object": "chat.completion", "created": int(time.time()),
        "model": body.get("model", "fake"),
        "choices": [{"index": 0, "message": {"role": "assistant", "content": reply.text},
                     "finish_reason": "stop", "logprobs": None}],
        "usage": {"prompt_tokens": reply.input_tokens, "completion_tokens": reply.output_tokens,
                  "total_tokens": reply.input_tokens + reply.output_tokens},
    }


def _openai_chunks(reply: Reply, body: dict[str, Any]) -> list[tuple[str | None, str]]:
    base = {"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": int(time.time()),
            "model": body.get("model", "fake")}
    out = [(None, json.dumps(base | {"choices": [{"index": 0, "delta": {"role": "assistant", "content": ""},
                                                  "finish_reason": None}]}))]
    out += [(None, json.dumps(base | {"choices": [{"index": 0, "delta": {"content": c}, "finish_reason": None}]}))
            for c in _chunks(reply.text)]
    out.append((None, json.dumps(base | {"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})))
    if (body.get("stream_options") or {}).get("include_usage"):
        out.append((None, json.dumps(base | {"choices": [], "usage": {
            "prompt_tokens": reply.input_tokens, "completion_tokens": reply.output_tokens,
            "total_tokens": reply.input_tokens + reply.output_tokens}})))
    out.append((None, "[DONE]"))
    return out


def _anthropic_message(reply: Reply, body: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": "msg_fake", "type": "message", "role": "assistant", "model": body.get("model", "fake"),
        "content": [{"type": "text", "text": reply.text}], "stop_reason": "end_turn", "stop_sequence": None,
        "usage": {"input_tokens": reply.input_tokens, "output_tokens": reply.output_tokens},
    }


def _anthropic_events(reply: Reply, body: dict[str, Any]) -> list[tuple[str | None, str]]:
    start = _anthropic_message(reply, body) | {"content": [], "stop_reason": None,
                                               "usage": {"input_tokens": reply.input_tokens, "output_tokens": 1}}
    ev: list[tuple[str, dict[str, Any]]] = [
        ("message_start", {"type": "message_start", "message": start}),
        ("content_block_start", {"type": "content_block_start", "index": 0,
                                 "content_block": {"type": "text", "text": ""}}),
    ]
    ev += [("content_block_delta", {"type": "content_block_delta", "index": 0,
                                    "delta": {"type": "text_delta", "text": c}}) for c in _chunks(reply.text)]
    ev += [
        ("content_block_stop", {"type": "content_block_stop", "index": 0}),
        ("message_delta", {"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": None},
                           "usage": {"output_tokens": reply.output_tokens}}),
        ("message_stop", {"type": "message_stop"}),
    ]
    return [(name, json.dumps(data)) for name, data in ev]

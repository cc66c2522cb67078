"""A response cache for a server that is its store's only writer.

`dutygraph serve` on the embedded store holds it for writing, so the graph can
change only through this process's own `POST /ingest`, which bumps
``app.state.generation``.  Successful GET answers are therefore kept, keyed by
that generation, until the next ingest; an answer to a popular question costs
a dictionary lookup instead of a store call plus serialisation (bench/results/api.md).

With Neo4j other processes may write at any time, so the cache stays off there.
Liveness and readiness are never cached: they must say what holds now.
"""

from __future__ import annotations

from collections import OrderedDict

from starlette.types import ASGIApp, Message, Receive, Scope, Send

UNCACHED_PATHS = ("/health", "/ready")


class ResponseCache:
    """Least recently used answers are dropped first, beyond ``max_bytes`` of bodies in all."""

    def __init__(self, app: ASGIApp, *, max_bytes: int = 64 << 20, max_body_bytes: int = 1 << 20):
        self.app = app
        self.max_bytes = max_bytes
        self.max_body_bytes = max_body_bytes
        self.entries: OrderedDict[tuple, tuple[Message, bytes]] = OrderedDict()
        self.size = 0  # bytes of the kept bodies
        self.generation: int | None = None

    def _enabled(self, scope: Scope) -> bool:
        state = scope["app"].state
        return (
            scope["type"] == "http"
            and scope["method"] == "GET"
            and scope["path"] not in UNCACHED_PATHS
            and state.service is not None
            and state.settings.response_cache
            and state.settings.store_name == "embedded"
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self._enabled(scope):
            await self.app(scope, receive, send)
            return
        generation = scope["app"].state.generation
        if generation != self.generation:
            self.entries.clear()
            self.size = 0
            self.generation = generation
        headers = dict(scope["headers"])
        key = (generation, scope["path"], scope["query_string"], headers.get(b"accept", b""))
        hit = self.entries.get(key)
        if hit is not None:
            self.entries.move_to_end(key)
            start, body = hit
            await send(start)
            await send({"type": "http.response.body", "body": body})
            return

        start: Message | None = None
        parts: list[bytes] = []
        size = 0
        cacheable = True

        async def capture(message: Message) -> None:
            nonlocal start, size, cacheable
            if message["type"] == "http.response.start":
                start = message
                cacheable = message["status"] == 200
            elif message["type"] == "http.response.body" and cacheable:
                size += len(message.get("body", b""))
                cacheable = size <= self.max_body_bytes
                if cacheable:
                    parts.append(message.get("body", b""))
            await send(message)

        await self.app(scope, receive, capture)
        if start is not None and cacheable and scope["app"].state.generation == generation and key not in self.entries:
            body = b"".join(parts)
            self.entries[key] = (start, body)
            self.size += len(body)
            while self.size > self.max_bytes:
                _, (_, dropped) = self.entries.popitem(last=False)
                self.size -= len(dropped)

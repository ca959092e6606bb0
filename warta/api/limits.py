"""Request bodies are size-limited before any handler reads them (a clear 413)."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from warta.api.problems import problem


class _TooLarge(HTTPException):
    """An HTTPException, so that body parsers pass it on (FastAPI turns other errors raised
    while reading a body into a 400) and the app's problem handler answers it."""


class BodyLimit:
    """Refuse bodies over `max_bytes`: by Content-Length at once, and while streaming for
    chunked uploads that do not declare their length."""

    def __init__(self, app: ASGIApp, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    def _detail(self) -> str:
        return (f"request body too large: the limit is {self.max_bytes} bytes; "
                "post a shorter article")

    def _refusal(self, scope: Scope):
        return problem(413, self._detail(), limit=self.max_bytes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None:
            try:
                declared = int(length)
            except ValueError:
                declared = self.max_bytes + 1
            if declared > self.max_bytes:
                await self._refusal(scope)(scope, receive, send)
                return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _TooLarge(413, self._detail())
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except _TooLarge:
            if not started:
                await self._refusal(scope)(scope, receive, send)

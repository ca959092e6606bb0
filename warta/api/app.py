"""The FastAPI application: REST under /api, pages at /, assets under /static (all local)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.staticfiles import StaticFiles

import warta
from warta.api import problems
from warta.api.guard import RequestGuard
from warta.api.limits import BodyLimit
from warta.api.routes import router as api_router
from warta.api.state import ServerState
from warta.web.pages import router as page_router

STATIC = Path(__file__).resolve().parent.parent / "web" / "static"

# Pages load only their own script and stylesheet; article text can never run as script.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    # Nothing leaves for other sites; this server's own forms carry their Origin (under
    # no-referrer a browser sends "Origin: null", which the CSRF check cannot tell apart).
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def create_app(state: ServerState) -> FastAPI:
    # The interactive docs pages load their scripts from a CDN: only the spec is served.
    app = FastAPI(title="warta", version=warta.__version__, docs_url=None, redoc_url=None,
                  description="Political event data (PLOVER/CAMEO) with source attribution, "
                              "read-only over a warta DuckDB store.")
    app.state.warta = state
    problems.install(app)
    app.include_router(api_router)
    app.include_router(page_router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_middleware(BodyLimit, max_bytes=state.max_bytes)
    # Added last, so it runs first: a refused request is answered before its body is read.
    app.add_middleware(RequestGuard, state=state)

    @app.middleware("http")
    async def security_headers(request: Request,
                               call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    return app

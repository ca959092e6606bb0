"""The FastAPI application: REST under /api, pages at /, assets under /static (all local)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.staticfiles import StaticFiles

import warta
from warta.api import problems
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
    "Referrer-Policy": "no-referrer",
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

    @app.middleware("http")
    async def security_headers(request: Request,
                               call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    return app

"""Errors as RFC 9457 problem details (application/problem+json): never a traceback."""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from warta.store.queries import NotFound

PROBLEM = "application/problem+json"
log = logging.getLogger("warta.api")


def problem(status: int, detail: str, **extra: Any) -> JSONResponse:
    body = {"type": "about:blank", "title": HTTPStatus(status).phrase, "status": status,
            "detail": detail, **extra}
    return JSONResponse(body, status_code=status, media_type=PROBLEM)


def wants_html(request: Request) -> bool:
    """A browser asking for a page gets an HTML error page; API clients get JSON."""
    return (not request.url.path.startswith("/api")
            and "text/html" in request.headers.get("accept", ""))


def install(app: FastAPI) -> None:
    async def respond(request: Request, status: int, detail: str, **extra: Any) -> Response:
        if wants_html(request):
            from warta.web.pages import error_page

            try:
                return error_page(request, status, detail, extra.get("errors"))
            except Exception:  # a broken error page must not hide the error itself
                log.exception("error page failed")
        return problem(status, detail, **extra)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
        return await respond(request, exc.status_code, detail)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        # Only where and what: the raw input is not echoed back.
        errors = [{"loc": [str(part) for part in err.get("loc", ())], "msg": err.get("msg", "")}
                  for err in exc.errors()]
        detail = "; ".join(f"{'.'.join(e['loc'])}: {e['msg']}" for e in errors)
        return await respond(request, 422, detail or "invalid request", errors=errors)

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        return await respond(request, 404, str(exc))

    @app.exception_handler(ValueError)
    async def bad_value(request: Request, exc: ValueError) -> Response:
        return await respond(request, 400, str(exc))

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception) -> Response:
        log.exception("internal error on %s", request.url.path)
        return await respond(request, 500, "internal error; the server log has the details")

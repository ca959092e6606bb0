"""Server-rendered pages: the same query functions as the REST API, rendered by Jinja2.

Jinja2 autoescaping is on for every template, so article text and record fields are
always escaped; no template marks anything as safe.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader

from warta.api.coding import CannotCodeArticle, decode_upload, upload_format
from warta.api.params import event_query
from warta.api.routes import State, readout_comparison, run_coding
from warta.store import queries
from warta.store.queries import QUAD_CLASSES, SORTS, EventQuery
from warta.web.chart import timeline_chart
from warta.web.highlight import article_segments

TEMPLATES = Jinja2Templates(env=Environment(
    loader=FileSystemLoader(Path(__file__).resolve().parent / "templates"), autoescape=True))
TEMPLATES.env.globals.update(quad_classes=QUAD_CLASSES, sorts=sorted(SORTS))
router = APIRouter(include_in_schema=False)


def _page(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    return TEMPLATES.TemplateResponse(request, name, context, status_code=status_code)


def error_page(request: Request, status: int, detail: str) -> Response:
    return _page(request, "error.html", status, code=status, detail=detail)


def _link(request: Request, **changes: Any) -> str:
    """This page's URL with some query parameters changed (paging, sorting)."""
    params = {k: v for k, v in request.query_params.items() if v}
    params.update({k: str(v) for k, v in changes.items() if v is not None})
    return "?" + urlencode(params)


@router.get("/", response_class=HTMLResponse)
def events_page(request: Request, st: State,
                query: Annotated[EventQuery, Depends(event_query)]) -> Response:
    page = queries.list_events(st.connection, query)
    previous = max(0, query.offset - query.limit) if query.offset else None
    return _page(request, "events.html", page=page, query=query,
                 facets=queries.facets(st.connection), params=request.query_params,
                 next_link=_link(request, offset=page["next_offset"])
                 if page["next_offset"] is not None else None,
                 previous_link=_link(request, offset=previous) if previous is not None
                 else None)


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, st: State, event_id: str) -> Response:
    return _page(request, "event.html", **queries.get_event(st.connection, event_id))


@router.get("/documents", response_class=HTMLResponse)
def documents_page(request: Request, st: State,
                   offset: Annotated[int, Query(ge=0, le=queries.MAX_OFFSET)] = 0
                   ) -> Response:
    return _page(request, "documents.html",
                 page=queries.list_documents(st.connection, limit=100, offset=offset))


@router.get("/documents/{document_id}", response_class=HTMLResponse)
def article_page(request: Request, st: State, document_id: str) -> Response:
    doc = queries.get_document(st.connection, document_id)
    return _page(request, "article.html", doc=doc, events=doc["events"], stored=True,
                 segments=article_segments(doc["text"], doc["events"], doc["mentions"]))


@router.get("/dyads", response_class=HTMLResponse)
def dyads_page(request: Request, st: State) -> Response:
    return _page(request, "dyads.html", dyads=queries.list_dyads(st.connection))


@router.get("/dyad", response_class=HTMLResponse)
def dyad_page(request: Request, st: State,
              a: Annotated[str, Query(pattern=r"^[A-Za-z0-9]{1,15}$")],
              b: Annotated[str, Query(pattern=r"^[A-Za-z0-9]{1,15}$")],
              interval: Annotated[str, Query(pattern="^(day|week|month)$")] = "day"
              ) -> Response:
    timeline = queries.dyad_timeline(st.connection, a, b, interval)
    return _page(request, "dyad.html", timeline=timeline,
                 chart=timeline_chart(timeline["points"]))


@router.get("/compare/{subject_id}", response_class=HTMLResponse)
def compare_page(request: Request, st: State, subject_id: str) -> Response:
    return _page(request, "compare.html", cmp=readout_comparison(st, subject_id))


@router.get("/code", response_class=HTMLResponse)
def code_form(request: Request, st: State) -> Response:
    return _page(request, "code.html", allow_store=st.allow_store, max_bytes=st.max_bytes,
                 form={})


@router.post("/code", response_class=HTMLResponse)
def code_submit(request: Request, st: State,
                text: Annotated[str, Form()] = "",
                file: Annotated[UploadFile | None, File()] = None,
                language: Annotated[str, Form(pattern="^(id|en)?$")] = "",
                published: Annotated[str, Form(max_length=40)] = "",
                store: Annotated[bool, Form()] = False) -> Response:
    form = {"text": text, "language": language, "published": published}
    try:
        fmt = None
        if file is not None and file.filename:
            fmt = upload_format(file.filename, file.content_type)
            text = decode_upload(file.file.read(st.max_bytes + 1))
        if not text.strip():
            raise CannotCodeArticle("paste an article or choose a file to code", 422)
        result = run_coding(st, text, fmt=fmt, store=store, language=language or None,
                            published=published or None)
    except CannotCodeArticle as err:
        return _page(request, "code.html", err.status, allow_store=st.allow_store,
                     max_bytes=st.max_bytes, form=form, error=err.reason)
    except HTTPException as err:
        return _page(request, "code.html", err.status_code, allow_store=st.allow_store,
                     max_bytes=st.max_bytes, form=form, error=str(err.detail))
    doc = result["document"]
    return _page(request, "code.html", allow_store=st.allow_store, max_bytes=st.max_bytes,
                 form=form, doc=doc, events=result["events"], stored=result["stored"],
                 segments=article_segments(doc["text"], result["events"]))

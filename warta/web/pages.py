"""Server-rendered pages: the same query functions as the REST API, rendered by Jinja2.

Jinja2 autoescaping is on for every template, so article text and record fields are
always escaped; no template marks anything as safe. Chart specs go into
`<script type="application/json">` blocks through `tojson`, which escapes <, >, & and ', so
no data can close the block.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader
from starlette.background import BackgroundTask

from warta.api.coding import CannotCodeArticle, decode_upload, upload_format
from warta.api.params import event_query
from warta.api.routes import State, readout_comparison, run_coding
from warta.resources import language_names
from warta.store import queries
from warta.store.queries import DOCUMENT_SORTS, QUAD_CLASSES, SORTS, DocumentQuery, EventQuery
from warta.web import chart
from warta.web.download import FORMATS, DownloadError, export_filtered
from warta.web.errors import explain
from warta.web.highlight import article_segments

TEMPLATES = Jinja2Templates(env=Environment(
    loader=FileSystemLoader(Path(__file__).resolve().parent / "templates"), autoescape=True))
# `languages()`: the installed packs, read when a page is drawn (a new pack needs no code).
TEMPLATES.env.globals.update(quad_classes=QUAD_CLASSES, sorts=sorted(SORTS),
                             languages=language_names)
router = APIRouter(include_in_schema=False)


def _page(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    return TEMPLATES.TemplateResponse(request, name, context, status_code=status_code)


def error_page(request: Request, status: int, detail: str,
               errors: list[dict[str, Any]] | None = None) -> Response:
    return _page(request, "error.html", status, code=status,
                 **explain(status, detail, errors, request.url.path))


def _link(request: Request, **changes: Any) -> str:
    """This page's URL with some query parameters changed (paging, sorting); a change to
    None drops the parameter."""
    params = {k: v for k, v in request.query_params.items() if v}
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = str(value)
    return "?" + urlencode(params)


# Columns whose first click sorts ascending (names); the others start with the largest.
_ASCENDING_FIRST = {"plover", "cameo", "source", "target", "outlet", "party", "document",
                    "modality", "title", "language"}


def _sort_links(request: Request, current: str, order: str,
                keys: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Per sortable column: the link that sorts by it (again: the other way round)."""
    links = {}
    for key in keys:
        active = key == current
        if active:
            then = "asc" if order == "desc" else "desc"
        else:
            then = "asc" if key in _ASCENDING_FIRST else "desc"
        links[key] = {"href": _link(request, sort=key, order=then, offset=None),
                      "active": active, "arrow": ("▲" if order == "asc" else "▼")
                      if active else ""}
    return links


@router.get("/", response_class=HTMLResponse)
def events_page(request: Request, st: State,
                query: Annotated[EventQuery, Depends(event_query)]) -> Response:
    page = queries.list_events(st.connection, query)
    summary = queries.event_summary(st.connection, query)
    previous = max(0, query.offset - query.limit) if query.offset else None

    def link(**changes: Any) -> str:
        return "/" + _link(request, **changes)

    charts = {"types": chart.type_chart(summary, link), "quads": chart.quad_chart(summary, link),
              "time": chart.time_chart(summary, link), "map": chart.map_chart(summary)}
    downloads = {fmt: "/download" + _link(request, format=fmt, offset=None, limit=None)
                 for fmt in FORMATS if fmt != "jsonl"}
    return _page(request, "events.html", page=page, query=query, summary=summary,
                 charts={k: v for k, v in charts.items() if v is not None},
                 downloads=downloads, sort_links=_sort_links(request, query.sort, query.order,
                                                             SORTS),
                 facets=queries.facets(st.connection), params=request.query_params,
                 next_link=_link(request, offset=page["next_offset"])
                 if page["next_offset"] is not None else None,
                 previous_link=_link(request, offset=previous) if previous is not None
                 else None)


@router.get("/download")
def download(st: State, query: Annotated[EventQuery, Depends(event_query)],
             format: Annotated[str, Query(pattern="^(" + "|".join(FORMATS) + ")$")] = "csv"
             ) -> Response:
    """The events matching the filters (every page), written by the store's exporters."""
    try:
        directory, path, _ = export_filtered(st.connection, query, format)
    except DownloadError as err:
        raise HTTPException(400, str(err)) from None
    return FileResponse(path, media_type=FORMATS[format][1], filename=path.name,
                        background=BackgroundTask(shutil.rmtree, directory, True))


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, st: State, event_id: str) -> Response:
    return _page(request, "event.html", **queries.get_event(st.connection, event_id))


_DATE = r"^(\d{4}(-\d{2}(-\d{2})?)?)?$"


def document_query(
    q: Annotated[str | None, Query(max_length=200)] = None,
    language: Annotated[str | None, Query(pattern=r"^[a-z]{0,3}$")] = None,
    outlet: Annotated[str | None, Query(max_length=200)] = None,
    published_from: Annotated[str | None, Query(pattern=_DATE)] = None,
    published_to: Annotated[str | None, Query(pattern=_DATE)] = None,
    with_events: Annotated[str | None, Query(pattern="^(|on|true|1)$")] = None,
    sort: Annotated[str, Query(pattern="^(" + "|".join(DOCUMENT_SORTS) + ")$")] = "published",
    order: Annotated[str, Query(pattern="^(asc|desc)$")] = "desc",
) -> DocumentQuery:
    def blank(value: str | None) -> str | None:
        return value.strip() if value and value.strip() else None

    return DocumentQuery(q=blank(q), language=blank(language), outlet=blank(outlet),
                         published_from=blank(published_from),
                         published_to=blank(published_to), with_events=bool(with_events),
                         sort=sort, order=order)


@router.get("/documents", response_class=HTMLResponse)
def documents_page(request: Request, st: State,
                   query: Annotated[DocumentQuery, Depends(document_query)],
                   offset: Annotated[int, Query(ge=0, le=queries.MAX_OFFSET)] = 0
                   ) -> Response:
    page = queries.list_documents(st.connection, limit=100, offset=offset, query=query)
    previous = max(0, offset - 100) if offset else None
    return _page(request, "documents.html", page=page, query=query,
                 params=request.query_params, facets=queries.facets(st.connection),
                 sort_links=_sort_links(request, query.sort, query.order, DOCUMENT_SORTS),
                 next_link=_link(request, offset=page["next_offset"])
                 if page["next_offset"] is not None else None,
                 previous_link=_link(request, offset=previous) if previous is not None
                 else None)


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
    spec = chart.timeline_chart(timeline)
    return _page(request, "dyad.html", timeline=timeline,
                 charts={"timeline": spec} if spec else {})


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> Response:
    """The OpenAPI description as an interactive page (Swagger UI, served from the package)."""
    return _page(request, "docs.html", charts_needed=False)


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
                language: Annotated[str, Form(pattern="^([a-z]{2,3})?$")] = "",
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

"""REST endpoints under /api: thin wrappers over warta.store.queries and warta.api.coding."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Path, Query, Request, UploadFile
from pydantic import BaseModel, Field

from warta.api import comparison
from warta.api.coding import (
    CannotCodeArticle,
    article_document,
    code_article,
    decode_upload,
    upload_format,
)
from warta.api.params import event_query
from warta.api.state import ServerState
from warta.store import queries
from warta.store.queries import EventQuery

router = APIRouter(prefix="/api")
_ID = Path(max_length=80, pattern=r"^[A-Za-z0-9_.:-]+$")
_CODE = Path(max_length=15, pattern=r"^[A-Za-z0-9]+$")


def state(request: Request) -> ServerState:
    return request.app.state.warta


State = Annotated[ServerState, Depends(state)]


@router.get("/events", summary="Events, filtered, sorted and paginated")
def events(st: State, query: Annotated[EventQuery, Depends(event_query)]) -> dict[str, Any]:
    return queries.list_events(st.connection, query)


@router.get("/events/{event_id}", summary="One event with provenance and cluster")
def event(st: State, event_id: Annotated[str, _ID]) -> dict[str, Any]:
    return queries.get_event(st.connection, event_id)


@router.get("/facets", summary="Values present in the store, for filter menus")
def facets(st: State) -> dict[str, Any]:
    return queries.facets(st.connection)


@router.get("/documents", summary="Documents, newest first")
def documents(st: State, limit: Annotated[int, Query(ge=1, le=queries.MAX_LIMIT)] = 50,
              offset: Annotated[int, Query(ge=0, le=queries.MAX_OFFSET)] = 0,
              source_id: Annotated[str | None, Query(
                  max_length=500, description="the input's own id (a JSONL record's or CSV "
                  "row's `id`, a feed entry's id), exactly")] = None,
              ) -> dict[str, Any]:
    query = queries.DocumentQuery(source_id=source_id) if source_id else None
    return queries.list_documents(st.connection, limit=limit, offset=offset, query=query)


@router.get("/documents/{document_id}", summary="A document: cleaned text, events, mentions",
            description="`document_id` is warta's id (a content hash) or the input's own id "
                        "(`source_id`) when one document has it.")
def document(st: State, document_id: Annotated[str, _ID]) -> dict[str, Any]:
    return queries.get_document(st.connection, document_id)


@router.get("/dyads", summary="Country pairs by number of events")
def dyads(st: State, limit: Annotated[int, Query(ge=1, le=queries.MAX_LIMIT)] = 50
          ) -> list[dict[str, Any]]:
    return queries.list_dyads(st.connection, limit=limit)


@router.get("/dyads/{a}/{b}/timeline",
            summary="Counts per QuadClass and mean Goldstein per period, either direction")
def timeline(st: State, a: Annotated[str, _CODE], b: Annotated[str, _CODE],
             interval: Annotated[str, Query(pattern="^(day|week|month)$")] = "day"
             ) -> dict[str, Any]:
    return queries.dyad_timeline(st.connection, a, b, interval)


def readout_comparison(st: ServerState, subject_id: str) -> dict[str, Any]:
    return comparison.readout_comparison(st.connection, subject_id)


@router.get("/compare/{subject_id}", summary="Readout comparison for an event or a document")
def compare(st: State, subject_id: Annotated[str, _ID]) -> dict[str, Any]:
    return readout_comparison(st, subject_id)


class Article(BaseModel):
    """An article to code: `text` (plain text or HTML) or `html`."""

    text: str | None = Field(None, description="Article text; HTML is recognised")
    html: str | None = Field(None, description="An HTML page or fragment")
    language: str | None = Field(None, pattern="^[a-z]{2,3}$",
                                 description="An installed pack's code; default: detected")
    published: str | None = Field(None, description="Publication date, YYYY-MM-DD")
    url: str | None = Field(None, max_length=2000)
    title: str | None = Field(None, max_length=1000)
    outlet: str | None = Field(None, max_length=200)
    store: bool = Field(False, description="Store the coded article (needs --allow-store)")


def _storing(st: ServerState, wanted: bool):
    if not wanted:
        return None
    if st.store is None:
        raise HTTPException(403, "storing is disabled: start the server with --allow-store "
                                 "to store posted articles")
    return st.store


def run_coding(st: ServerState, text: str, *, fmt: str | None, store: bool,
               **meta: Any) -> dict[str, Any]:
    target = _storing(st, store)
    try:
        doc = article_document(text, fmt=fmt, max_chars=st.max_bytes, **meta)
        # One article at a time: the pipeline and the store's write buffer are not shared.
        with st.lock:
            return code_article(doc, st.code, target)
    except CannotCodeArticle as err:
        raise HTTPException(err.status, err.reason) from None


@router.post("/code", summary="Code a posted article (stored only with store=true and "
                              "--allow-store)")
def code(st: State, article: Article) -> dict[str, Any]:
    if bool(article.text) == bool(article.html):
        raise HTTPException(422, "give exactly one of `text` or `html`")
    return run_coding(st, article.text or article.html or "",
                      fmt="html" if article.html else None, store=article.store,
                      language=article.language, published=article.published,
                      url=article.url, title=article.title, outlet=article.outlet)


@router.post("/code/upload", summary="Code an uploaded .txt or .html file")
def code_upload(st: State, file: Annotated[UploadFile, File()],
                language: Annotated[str | None, Form(pattern="^([a-z]{2,3})?$")] = None,
                published: Annotated[str | None, Form(max_length=40)] = None,
                store: Annotated[bool, Form()] = False) -> dict[str, Any]:
    try:
        fmt = upload_format(file.filename, file.content_type)
        text = decode_upload(file.file.read(st.max_bytes + 1))
    except CannotCodeArticle as err:
        raise HTTPException(err.status, err.reason) from None
    return run_coding(st, text, fmt=fmt, store=store, language=language or None,
                      published=published or None)

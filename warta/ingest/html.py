"""HTML pages: main text and metadata through trafilatura (page chrome is not article text)."""

from __future__ import annotations

import re
from typing import Any

from warta.ingest.common import BadInput, make_document, normalise_date
from warta.model import Document

_DOCUMENT_START = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b",
    re.IGNORECASE | re.DOTALL,
)
_TAG = re.compile(
    r"<(?:html|head|body|p|div|article|section|span|br|h[1-6]|a|meta|title)\b[^>]*>",
    re.IGNORECASE,
)
_HTML_ROOT = re.compile(r"<html\b", re.IGNORECASE)
MARKUP_FACTOR = 10  # HTML may be this many times --max-chars: markup outweighs text


def looks_like_html(text: str) -> bool:
    """A full page, or a fragment that opens with a tag and holds several HTML tags."""
    head = text[:4096]
    if _DOCUMENT_START.match(head):
        return True
    return head.lstrip().startswith("<") and len(_TAG.findall(head)) >= 2


def html_document(
    html: str,
    origin: str,
    *,
    max_chars: int,
    published: str | None = None,
    language_hint: str | None = None,
    fmt: str = "html",
    known: dict[str, Any] | None = None,
    warnings: list[dict[str, str]] | None = None,
) -> Document:
    """The article in `html` as a Document; `known` metadata (from a JSONL record) wins."""
    known = known or {}
    # Markup outweighs text, so pages get more room; beyond that parsing alone is too costly.
    if len(html) > MARKUP_FACTOR * max_chars:
        raise BadInput(
            f"too long: {len(html)} characters of HTML > limit {MARKUP_FACTOR * max_chars} "
            f"({MARKUP_FACTOR} x {max_chars}); raise --max-chars"
        )
    import trafilatura  # imported on first use: it costs a third of a second at start-up

    # trafilatura only parses input that looks like a page; wrap bare fragments.
    page = html if _HTML_ROOT.search(html[:4096]) else f"<html><body>{html}</body></html>"
    extracted = trafilatura.bare_extraction(
        page, url=known.get("url"), with_metadata=True, include_comments=False,
    )
    text = getattr(extracted, "text", None) or ""
    if not text.strip():
        raise BadInput("no main text found in HTML")
    meta = getattr(extracted, "as_dict", dict)() if extracted is not None else {}
    return make_document(
        text,
        origin,
        fmt=fmt,
        max_chars=max_chars,
        # An explicit date (CLI, record) beats trafilatura's guess from the page.
        published=published or normalise_date(meta.get("date")),
        language_hint=language_hint,
        url=known.get("url") or meta.get("url"),
        title=known.get("title") or meta.get("title"),
        outlet=known.get("outlet") or meta.get("sitename") or meta.get("hostname"),
        meta=known.get("meta"),
        warnings=warnings,
        source_id=known.get("source_id"),
    )

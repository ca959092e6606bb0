"""Plain text: the decoded file is the document; cleaning is the pipeline's job."""

from __future__ import annotations

from warta.ingest.common import make_document
from warta.model import Document


def text_document(
    text: str,
    origin: str,
    *,
    max_chars: int,
    published: str | None = None,
    language_hint: str | None = None,
) -> Document:
    # Kept verbatim (no whitespace or boilerplate fixes here) so that the input key is a hash
    # of exactly what was read, and all cleaning lives in one pipeline stage.
    return make_document(text, origin, fmt="text", max_chars=max_chars, published=published,
                         language_hint=language_hint)

"""Language identification, restricted to the supported languages and their confusables.

A document in another language is skipped with the language named in the reason.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

from warta.model import Document
from warta.resources import Resources

# Languages lingua also considers so that text in them is recognised as unsupported rather than
# forced into the nearest supported language: each pack's `confusables` (Malay for Indonesian)
# and these common others.
_OTHERS = ("es", "fr", "de", "pt", "it", "nl", "ru", "ar", "zh", "ja", "ko", "vi", "tl", "tr",
           "th")
_SAMPLE = 1200  # characters: enough for a confident decision, cheap on long documents
_CLOSE = 0.15  # a supported language this close to the winning confusable still wins


def _language(code: str) -> Language | None:
    """lingua's language for an ISO 639-1 code; None for one it does not know (a pack for it
    is then used only when the input names its language)."""
    iso = getattr(IsoCode639_1, code.upper(), None)
    return Language.from_iso_code_639_1(iso) if iso is not None else None


@cache
def _detector(codes: tuple[str, ...]):  # lingua's type is not exported
    languages = {lang for lang in map(_language, codes) if lang is not None}
    return LanguageDetectorBuilder.from_languages(*sorted(languages, key=str)).build()


def detect(text: str, supported: tuple[str, ...],
           confusables: tuple[str, ...] = ()) -> tuple[str | None, float]:
    """Best language code and its confidence; supported languages win close calls."""
    codes = tuple(sorted(set(supported) | set(confusables) | set(_OTHERS)))
    values = _detector(codes).compute_language_confidence_values(text[:_SAMPLE])
    if not values:
        return None, 0.0
    ranked = [(v.language.iso_code_639_1.name.lower(), v.value) for v in values]
    best, best_conf = ranked[0]
    if best not in supported:
        for code, conf in ranked[1:]:
            if code in supported and best_conf - conf <= _CLOSE:
                return code, conf
    return best, best_conf


def identify_language(doc: Document, res: Resources) -> Document:
    supported = res.languages
    hint = (doc.language_hint or "").lower()[:2] or None
    if hint:
        if hint not in supported:
            return replace(doc, language=hint,
                           skip_reason=f"unsupported language: {hint} (supported: "
                                       f"{', '.join(supported)})")
        return replace(doc, language=hint)
    confusables = tuple(c for lang in supported for c in res.pack(lang).confusables)
    code, conf = detect(doc.text, supported, confusables)
    if code is None:
        return replace(doc, skip_reason="language could not be identified")
    if code not in supported:
        return replace(doc, language=code,
                       skip_reason=f"unsupported language: {code} (confidence {conf:.2f}; "
                                   f"supported: {', '.join(supported)})")
    return replace(doc, language=code, meta={**doc.meta, "language_confidence": round(conf, 3)})

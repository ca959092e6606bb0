"""Shared test helpers: a stub pipeline, so ingest/store/CLI tests do not need the NLP stages."""

from __future__ import annotations

import re

import pytest

from warta.model import Actor, DateValue, Document, Event, Mention, Sentence, content_id

KNOWN_ACTORS = {
    "Putin": ("RUSGOV", "Vladimir Putin", "RUS"),
    "Biden": ("USAGOV", "Joe Biden", "USA"),
    "Jokowi": ("IDNGOV", "Joko Widodo", "IDN"),
}


class StubPipeline:
    """Codes "X met Y." sentences as CONSULT events; deterministic and instant.

    A text containing CRASH raises (an internal error); one containing Lorem is skipped as an
    unsupported language, as the real pipeline would.
    """

    def process(self, doc: Document) -> Document:
        if "CRASH" in doc.raw:
            raise RuntimeError("stage exploded")
        doc.text = doc.raw.strip()
        doc.id = content_id(doc.text)
        doc.language = doc.language_hint or "en"
        if "Lorem" in doc.text:
            doc.skip_reason = "unsupported language: la"
            return doc
        for match in re.finditer(r"[^.\n]+\.", doc.text):
            start = match.start() + len(match.group()) - len(match.group().lstrip())
            index = len(doc.sentences)
            doc.sentences.append(
                Sentence(index, start, match.end(), doc.text[start:match.end()], 0))
            words = list(re.finditer(r"\w+", match.group()))
            for word in words:
                if word.group() in KNOWN_ACTORS:
                    code, name, country = KNOWN_ACTORS[word.group()]
                    doc.mentions.append(Mention(
                        "actor", word.group(), match.start() + word.start(),
                        match.start() + word.end(), index, code=code, name=name,
                        country=country, resolution="dictionary"))
            trigger = next((w for w in words if w.group() == "met"), None)
            if trigger is None or len(words) < 3:
                continue
            # SAMEID imitates a pipeline bug: the same event id in every document.
            event_id = "same-id" if "SAMEID" in doc.text else f"{doc.id}-{len(doc.events)}"
            doc.events.append(Event(
                id=event_id, plover="CONSULT", cameo="040", cameo_base="040",
                cameo_root="04", quad_class=1, goldstein=1.0, trigger_text="met",
                trigger_start=match.start() + trigger.start(),
                trigger_end=match.start() + trigger.end(), sentence=index,
                source=_actor(words[0], match.start()), target=_actor(words[-1], match.start()),
                date=DateValue(doc.published, "day", "publication") if doc.published else None,
                issues=["diplomacy"], confidence=0.9,
            ))
        return doc


def _actor(word: re.Match[str], offset: int) -> Actor:
    code, name, country = KNOWN_ACTORS.get(word.group(), (None, None, None))
    return Actor(word.group(), name, code, country, "GOV" if code else None,
                 "dictionary" if code else "unresolved", offset + word.start(),
                 offset + word.end())


@pytest.fixture
def stub_pipeline() -> StubPipeline:
    return StubPipeline()


@pytest.fixture
def coded_document(stub_pipeline: StubPipeline):
    """Build a Document from text as the readers would, and code it with the stub."""
    def make(text: str, origin: str = "article.txt", published: str | None = "2021-12-08"
             ) -> Document:
        doc = Document(raw=text, origin=origin, published=published,
                       meta={"input_key": content_id(text), "format": "text"})
        return stub_pipeline.process(doc)

    return make


# --- The real pipeline (stage tests under tests/text, tests/actors, tests/events) ---------------
# Resources take seconds to load: one pipeline for the whole session.


@pytest.fixture(scope="session")
def real_pipeline():
    from warta.pipeline import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def process_text(real_pipeline):
    """Code a text with the real pipeline; returns the coded Document."""
    def run(text: str, lang: str | None = None, published: str | None = "2021-12-08",
            **fields: object) -> Document:
        doc = Document(raw=text, language_hint=lang, published=published, **fields)
        return real_pipeline.process(doc)

    return run

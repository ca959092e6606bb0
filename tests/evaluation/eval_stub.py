"""A keyword pipeline for the evaluation tests (a plain module, not a conftest: the engine
tests import `conftest` by name): instant, deterministic, no resources.

Actors are a fixed word list; a trigger word makes an event from the nearest actor before it
to the first actor after it ("met" is reciprocal and gives both directions).
"""

from __future__ import annotations

import re
from pathlib import Path

from warta.model import Actor, Document, Entity, Event, Mention, Sentence, content_id
from warta.ontology import quad_class

FIXTURES = Path(__file__).parent / "fixtures"

ACTORS = {  # word(s) → (code, entity type)
    "Iran": ("IRN", "country"), "Israel": ("ISR", "country"), "France": ("FRA", "country"),
    "Germany": ("DEU", "country"), "Russia": ("RUS", "country"), "Ukraine": ("UKR", "country"),
    "Vladimir Putin": ("RUSGOV", "person"), "KPK": ("IDNJUD", "organization"),
}
PLACES = {"Jakarta", "Paris", "Budi"}  # "Budi" is a deliberate false place
TRIGGERS = {"condemned": "ACCUSE", "mengecam": "ACCUSE", "met": "CONSULT",
            "attacked": "ASSAULT", "agreed": "AGREE", "threatened": "THREATEN"}


class KeywordPipeline:
    def __init__(self) -> None:
        self.calls = 0

    def process(self, doc: Document) -> Document:
        self.calls += 1
        doc.text = doc.raw.strip()
        doc.id = content_id(doc.text)
        doc.language = doc.language_hint or "en"
        doc.sentences = [Sentence(0, 0, len(doc.text), doc.text, 0)]
        found: list[Mention] = []
        for name, (code, kind) in ACTORS.items():
            for m in re.finditer(rf"\b{re.escape(name)}\b", doc.text):
                found.append(Mention("actor", name, m.start(), m.end(), 0, code=code,
                                     entity=Entity(name.lower(), kind, name, code=code),
                                     name=name, country=code[:3], resolution="dictionary"))
        for name in PLACES:
            for m in re.finditer(rf"\b{name}\b", doc.text):
                found.append(Mention("place", name, m.start(), m.end(), 0,
                                     resolution="gazetteer", locative=True))
        doc.mentions = sorted(found, key=lambda m: m.start)
        actors = [m for m in doc.mentions if m.kind == "actor"]
        for word, root in TRIGGERS.items():
            for t in re.finditer(rf"\b{word}\b", doc.text):
                before = [m for m in actors if m.end <= t.start()]
                after = [m for m in actors if m.start >= t.end()]
                src = before[-1] if before else None
                tgt = after[0] if after else None
                pairs = [(src, tgt)] + ([(tgt, src)] if root == "CONSULT" and tgt else [])
                for s, g in pairs:
                    doc.events.append(Event(
                        id=f"{doc.id}-{len(doc.events)}", plover=root, cameo="000",
                        cameo_base="000", cameo_root="00", quad_class=quad_class(root),
                        goldstein=0.0, trigger_text=word, trigger_start=t.start(),
                        trigger_end=t.end(), sentence=0, source=_actor(s), target=_actor(g),
                        confidence=0.5, reciprocal=root == "CONSULT"))
        return doc


def _actor(m: Mention | None) -> Actor | None:
    if m is None:
        return None
    return Actor(m.text, m.name, m.code, (m.code or "")[:3] or None, None, "dictionary",
                 m.start, m.end)

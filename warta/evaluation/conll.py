"""CoNLL BIO named-entity files: how well warta finds persons, organisations and places.

Reads whitespace-separated token lines (token first, BIO tag last; idner-news-2k has a POS
column between, NERGrit has none), sentences separated by blank lines, `-DOCSTART-` ignored.
Entity types are normalised to PER / ORG / LOC (`GOLD_TYPES`); others are not scored.

warta's mentions (`Document.mentions` of the pipeline) are typed by `mention_type`:
- an actor whose entity is a person (from the dictionary, learnt from an appositive, or a
  surname of one) → PER. A role phrase in front of the name ("Presiden Joko Widodo") is not
  part of a CoNLL name, so the span is cut to the name where it can be found in the mention;
- an organisation or group entity, or a metonym ("Istana Kremlin") → ORG, except a capital
  city used as a metonym ("Jakarta"), which NER corpora tag as a place → LOC;
- a country (as actor or place) and a gazetteer place → LOC;
- role nouns without a name, pronouns and group references are not names: not scored.
Compound mentions are scored member by member. Scores are exact-span F1 per type and micro;
`overlap_f1` (type equal, spans overlapping) is reported beside it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from warta.evaluation.coding import Processor, progress
from warta.evaluation.metrics import NONE, Counts, rate
from warta.evaluation.report import ErrorCase, EvalResult
from warta.evaluation.spans import OffsetMap, Span, overlaps
from warta.model import Document, Mention

GOLD_TYPES = {
    "PER": "PER", "PERSON": "PER",
    "ORG": "ORG", "ORGANISATION": "ORG", "ORGANIZATION": "ORG",
    "LOC": "LOC", "LOCATION": "LOC", "PLACE": "LOC", "GPE": "LOC",
}
TYPES = ("PER", "ORG", "LOC")


@dataclass(slots=True)
class NerSentence:
    item: str
    text: str
    entities: list[tuple[str, Span]]  # (type, span) in `text`
    ignored: int = 0  # gold entities of types warta does not produce


def _files(path: str | Path) -> list[Path]:
    p = Path(path)
    if p.is_dir():
        return sorted(f for f in p.iterdir() if f.suffix in (".txt", ".conll", ".bio", ".tsv")
                      and f.is_file())
    return [p]


def read_conll(path: str | Path, limit: int | None = None) -> list[NerSentence]:
    out: list[NerSentence] = []
    for f in _files(path):
        tokens: list[tuple[str, str]] = []
        first_line = 1
        with open(f, encoding="utf-8") as fh:
            for lineno, line in enumerate([*fh, "\n"], 1):
                parts = line.split()
                if parts and parts[0] != "-DOCSTART-":
                    tokens.append((parts[0], parts[-1] if len(parts) > 1 else "O"))
                    continue
                if tokens:
                    out.append(_sentence(f"{f.name}:{first_line}", tokens))
                    tokens = []
                    if limit and len(out) >= limit:
                        return out
                first_line = lineno + 1
    return out


def _sentence(item: str, tokens: list[tuple[str, str]]) -> NerSentence:
    """Join tokens with spaces and collect BIO entities as character spans."""
    text_parts: list[str] = []
    pos = 0
    entities: list[tuple[str, Span]] = []
    ignored = 0
    current: list[Any] | None = None  # [type, start, end]

    def close() -> None:
        nonlocal current, ignored
        if current is not None:
            kind = GOLD_TYPES.get(current[0].upper())
            if kind is None:
                ignored += 1
            else:
                entities.append((kind, (current[1], current[2])))
        current = None

    for k, (tok, tag) in enumerate(tokens):
        start = pos + (1 if k else 0)
        end = start + len(tok)
        text_parts.append(tok)
        pos = end
        prefix, _, kind = tag.partition("-")
        if prefix == "B" or (prefix == "I" and (current is None or current[0] != kind)):
            close()
            current = [kind, start, end]
        elif prefix == "I" and current is not None:
            current[2] = end
        else:
            close()
    close()
    return NerSentence(item, " ".join(text_parts), entities, ignored)


def _name_span(m: Mention) -> Span:
    """The name inside a role phrase: the entity's name if written there, else what follows
    the last comma ("Presiden Rusia, Vladimir Putin"), else the whole mention."""
    if m.resolution.startswith("role") and m.entity is not None:
        at = m.text.find(m.entity.name) if m.entity.name else -1
        if at > 0:
            return (m.start + at, m.start + at + len(m.entity.name))
        comma = m.text.rfind(",")
        if comma >= 0:
            rest = m.text[comma + 1:]
            skip = len(rest) - len(rest.lstrip())
            return (m.start + comma + 1 + skip, m.end)
    return (m.start, m.end)


def mention_type(m: Mention) -> str | None:
    ent = m.entity
    if m.name_type is not None:
        return m.name_type
    if m.kind == "place":
        return "LOC"
    if m.kind != "actor":
        return None
    if ent is not None:
        if ent.type == "person":
            return "PER"
        if ent.type in ("organization", "organisation", "group"):
            return "ORG"
        if ent.type == "country":
            return "LOC"
    if m.resolution == "country":
        return "LOC"
    if m.resolution == "metonym":
        return "LOC" if m.capital else "ORG"
    return None


def predicted_entities(doc: Document) -> list[tuple[str, Span]]:
    out: list[tuple[str, Span]] = []
    stack = list(doc.mentions)
    while stack:
        m = stack.pop()
        if m.kind in ("compound", "group") and m.members:
            stack.extend(m.members)
            continue
        kind = mention_type(m)
        if kind is not None:
            out.append((kind, _name_span(m) if kind == "PER" else (m.start, m.end)))
    return sorted(set(out), key=lambda x: x[1])


def evaluate_conll(path: str | Path, pipeline: Processor, *, lang: str = "id",
                   limit: int | None = None, show_progress: bool = False) -> EvalResult:
    sentences = read_conll(path, limit)
    exact, loose = Counts(), Counts()
    errors: list[ErrorCase] = []
    confusion: dict[str, Counter[str]] = {}
    exact_sentences = ignored = 0
    for s in progress(sentences, "coding NER", show_progress):
        doc = pipeline.process(Document(raw=s.text, language_hint=lang, origin="eval"))
        ignored += s.ignored
        offsets = OffsetMap(s.text, doc.text or s.text)
        pred = [] if doc.skip_reason else [(k, offsets.span(*sp))
                                           for k, sp in predicted_entities(doc)]
        gold = s.entities
        gold_set, pred_set = set(gold), set(pred)
        exact_sentences += gold_set == pred_set
        for k, sp in gold:
            exact.add(k, "tp" if (k, sp) in pred_set else "fn")
            loose.add(k, "tp" if any(pk == k and overlaps(sp, psp) for pk, psp in pred)
                      else "fn")
            # Confusion: what warta said at exactly this span (another type, or nothing).
            said = next((pk for pk, psp in pred if psp == sp), NONE)
            confusion.setdefault(k, Counter())[said] += 1
            if said != k:
                near = [f"{pk}:{s.text[a:b]}" for pk, (a, b) in pred if overlaps(sp, (a, b))]
                errors.append(ErrorCase(s.text, f"{k}:{s.text[sp[0]:sp[1]]}",
                                        ", ".join(near) or NONE, 1.0 + (said != NONE),
                                        "missed" if not near else "span or type differs",
                                        s.item))
        for k, sp in pred:
            if (k, sp) not in gold_set:
                exact.add(k, "fp")
                if not any(gk == k and overlaps(sp, gsp) for gk, gsp in gold):
                    loose.add(k, "fp")
                    if not any(overlaps(sp, gsp) for _gk, gsp in gold):
                        confusion.setdefault(NONE, Counter())[k] += 1
                        errors.append(ErrorCase(s.text, NONE, f"{k}:{s.text[sp[0]:sp[1]]}",
                                                0.9, "not a gold entity", s.item))
    micro = exact.micro()
    lmicro = loose.micro()
    matrix = {g: dict(sorted(row.items())) for g, row in sorted(confusion.items())}
    extra: dict[str, Any] = {
        "precision": micro["precision"], "recall": micro["recall"],
        "overlap_f1": lmicro["f1"], "overlap_precision": lmicro["precision"],
        "overlap_recall": lmicro["recall"],
        "overlap_per_class_f1": {k: v["f1"] for k, v in loose.per_class().items()},
        "gold_entities": sum(len(s.entities) for s in sentences),
        "gold_entities_ignored": ignored,
    }
    notes = [
        "exact-span match per type; accuracy = share of sentences whose entity set is exact",
        "mapping: person → PER; organisation, group, metonym → ORG (capital metonyms → LOC); "
        "country and gazetteer place → LOC; bare roles and pronouns not scored",
    ]
    present = [t for t in TYPES if exact.tp[t] + exact.fn[t]]
    return EvalResult("conll-ner", None, len(sentences), rate(exact_sentences, len(sentences)),
                      exact.macro_f1(present), micro["f1"], exact.per_class(), matrix, extra,
                      errors, notes)

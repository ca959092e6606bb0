"""Paragraphs, sentences and tokens.

Sentence ends come from the language pack's abbreviation list, so "Mr. Putin" or "Jl. Merdeka"
do not end a sentence.
"""

from __future__ import annotations

from dataclasses import replace

from warta.model import Document, Sentence, Token
from warta.resources import Resources
from warta.text.phrases import tokenize

_ENDERS = {".", "!", "?"}
_CLOSERS = {'"', "”", "’", "'", ")", "»"}


def split_sentences(tokens: list[Token], abbreviations: frozenset[str]) -> list[list[Token]]:
    out: list[list[Token]] = []
    cur: list[Token] = []
    n = len(tokens)
    i = 0
    while i < n:
        tok = tokens[i]
        cur.append(tok)
        if tok.text in _ENDERS:
            prev = tokens[i - 1] if i else None
            is_abbrev = prev is not None and prev.end == tok.start and (
                f"{prev.lower}." in abbreviations
                or (len(prev.text) == 1 and prev.text.isupper())  # initials: "J. Biden"
            )
            # Closing quotes and brackets belong to the sentence they close.
            while i + 1 < n and tokens[i + 1].text in _CLOSERS and tokens[i + 1].start == \
                    tokens[i].end:
                i += 1
                cur.append(tokens[i])
            nxt = tokens[i + 1] if i + 1 < n else None
            starts_new = nxt is None or nxt.upper_initial or nxt.text[:1].isdigit() or \
                nxt.text in {'"', "“", "‘", "(", "-", "–", "—"}
            if is_abbrev and tok.text == "." and nxt is not None:
                starts_new = False
            # "pukul 10.00", "3.5 persen", "warta.id": a dot glued to what follows is no end.
            if nxt is not None and nxt.start == tok.end and tok.text == ".":
                starts_new = False
            if starts_new:
                out.append(cur)
                cur = []
        i += 1
    if cur:
        out.append(cur)
    return out


def segment(doc: Document, res: Resources) -> Document:
    pack = res.pack(doc.language or "en")
    sentences: list[Sentence] = []
    pos = 0
    for p_index, para in enumerate(doc.text.split("\n\n")):
        start = doc.text.index(para, pos)
        pos = start + len(para)
        tokens = tokenize(para, start)
        for toks in split_sentences(tokens, pack.abbreviations):
            s, e = toks[0].start, toks[-1].end
            sentences.append(Sentence(len(sentences), s, e, doc.text[s:e], p_index, toks))
    return replace(doc, sentences=sentences)

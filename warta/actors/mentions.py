"""Mentions: find who and where each sentence names, and resolve references to known actors.

Steps per sentence: match every lexicon (actor dictionary, countries and demonyms, metonyms,
role nouns, places, pronouns) → keep the longest non-overlapping spans → compose role phrases
("Presiden Rusia, Vladimir Putin", "Russian President Vladimir Putin"), which also teach the
document people the dictionary lacks → join compounds ("Rusia dan AS", "Rusia-AS") →
resolve pronouns and "both leaders" to people already named.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from warta.actors.ner import NameTagger
from warta.actors.ner.encoder import EncoderNameTagger
from warta.actors.registry import DocumentActors
from warta.model import Document, Entity, Mention, Sentence, Token
from warta.resources import CountryName, LanguagePack, Metonym, PlaceEntry, Resources, Role

# Overlap priority when two spans are equally long.
_PRIORITY = {"metonym": 5, "entity": 4, "country": 3, "role": 2.5, "place": 2}
_MAX_NAME_TOKENS = 4


@dataclass(slots=True)
class Span:
    i: int  # token index
    j: int  # exclusive
    kind: str  # entity | country | metonym | role | place | pronoun | group
    payload: object


def _capitalised(tokens: list[Token], i: int, j: int) -> bool:
    return any(t.upper_initial for t in tokens[i:j])


def _abbrev_ok(tokens: list[Token], i: int, j: int) -> bool:
    """Short names ("AS", "US", "RI", "UN") only count when written in capitals."""
    text = "".join(t.text for t in tokens[i:j]).replace(".", "")
    return len(text) > 3 or text.isupper()


def _base_spans(sent: Sentence, pack: LanguagePack, res: Resources) -> list[Span]:
    tokens = sent.tokens
    words = [t.lower for t in tokens]
    cands: list[Span] = []

    def add(matches, kind: str, needs_caps: bool) -> None:  # noqa: ANN001
        for m in matches:
            if needs_caps and not (_capitalised(tokens, m.start, m.end)
                                   and _abbrev_ok(tokens, m.start, m.end)):
                continue
            cands.append(Span(m.start, m.end, kind, m.payloads[0]))

    add(res.actors.matcher.find_all(words), "entity", True)
    add(pack.countries.find_all(words), "country", True)
    add(pack.metonyms.find_all(words), "metonym", True)
    add(pack.roles.find_all(words), "role", False)
    add(res.gazetteer.find_all(words), "place", True)
    for m in pack.word_matcher.find_all(words):
        cls = m.payloads[0]
        if cls in ("person_pronouns", "group_references", "party_references",
                   "plural_pronouns", "speaker_pronouns"):
            kind = {"person_pronouns": "pronoun", "group_references": "group",
                    "plural_pronouns": "plural", "speaker_pronouns": "speaker"}.get(cls, "party")
            cands.append(Span(m.start, m.end, kind, cls))
    cands = _drop_misleading_entities(cands, tokens, pack, words)
    # Longest first, then by priority; greedy non-overlapping selection.
    cands.sort(key=lambda s: (-(s.j - s.i), -_PRIORITY.get(s.kind, 0), s.i))
    taken = [False] * len(tokens)
    chosen: list[Span] = []
    for s in cands:
        if any(taken[s.i:s.j]):
            continue
        for k in range(s.i, s.j):
            taken[k] = True
        chosen.append(s)
    chosen.sort(key=lambda s: s.i)
    return chosen


def _drop_misleading_entities(cands: list[Span], tokens: list[Token], pack: LanguagePack,
                              words: list[str]) -> list[Span]:
    """Dictionary aliases that would hide better readings.

    - A non-person alias ending in a role noun and followed by a name ("German Chancellor Olaf
      Scholz") is a role phrase: the role+country+name composition reads it better.
    - A country alias that is really a city ("Geneva" listed under Switzerland) yields to the
      gazetteer place, unless it is also a real country name of the language pack.
    """
    places = {(c.i, c.j) for c in cands if c.kind == "place"}
    countries = {(c.i, c.j) for c in cands if c.kind == "country"}
    out: list[Span] = []
    for c in cands:
        if c.kind == "entity" and c.payload.type != "person":  # type: ignore[attr-defined]
            nxt = tokens[c.j] if c.j < len(tokens) else None
            role_end = pack.roles.longest_at(words, c.j - 1)
            if nxt is not None and nxt.upper_initial and role_end is not None and \
                    role_end.end == c.j:
                continue
            if c.payload.type == "country" and (c.i, c.j) in places \
                    and (c.i, c.j) not in countries:  # type: ignore[attr-defined]
                continue
        out.append(c)
    return out


def _name_run(tokens: list[Token], i: int, stop: set[int]) -> int:
    """End of a run of capitalised words starting at i (an unknown proper name)."""
    j = i
    while j < len(tokens) and j - i < _MAX_NAME_TOKENS and j not in stop:
        t = tokens[j]
        if not (t.upper_initial and t.text[:1].isalpha()) or t.text.isupper() and len(t.text) > 1:
            break
        j += 1
    return j


def _country_of(span: Span) -> str | None:
    if span.kind == "country":
        return span.payload.iso3  # type: ignore[attr-defined]
    if span.kind == "entity" and span.payload.type == "country":  # type: ignore[attr-defined]
        return span.payload.country  # type: ignore[attr-defined]
    return None


def _compose(sent: Sentence, spans: list[Span], pack: LanguagePack, doc_actors: DocumentActors,
             date: str | None, context: str | None = None) -> list[Mention]:
    """Turn base spans into actor, place and reference mentions.

    `context` is the country a role without one of its own belongs to (see
    `_context_country`): "polisi" in a report from Jakarta, "rebels" in a sentence set in Idlib.
    """
    composer = _Composer(sent, spans, pack, doc_actors, context)
    return _surname_mentions(sent, composer.run(), composer.covered, doc_actors)


@dataclass(slots=True)
class _RolePhrase:
    """A role span being composed with what surrounds it."""

    role: Role
    start_tok: int  # first token (a demonym before the role included)
    j: int  # token after the phrase so far
    k: int  # next span to look at
    country: str | None = None
    institution: tuple[str, str | None, int, int] | None = None  # code, name, end, spans


class _Composer:
    """One sentence's base spans → mentions, left to right."""

    def __init__(self, sent: Sentence, spans: list[Span], pack: LanguagePack,
                 doc_actors: DocumentActors, context: str | None) -> None:
        self.sent, self.spans, self.pack = sent, spans, pack
        self.doc_actors, self.context = doc_actors, context
        self.tokens = sent.tokens
        self.covered = {k for s in spans for k in range(s.i, s.j)}
        self.out: list[Mention] = []

    def mk(self, i: int, j: int, **kw: Any) -> Mention:
        s, e = self.tokens[i].start, self.tokens[j - 1].end
        return Mention(text=self.sent.text[s - self.sent.start:e - self.sent.start], start=s,
                       end=e, sentence=self.sent.index, **kw)

    def run(self) -> list[Mention]:
        idx = 0
        while idx < len(self.spans):
            sp = self.spans[idx]
            if sp.kind == "role":
                idx = self._role(idx)
                continue
            self._other(sp, self._locative(sp))
            idx += 1
        return self.out

    def _locative(self, sp: Span) -> bool:
        locative = self.pack.words.get("locative_preps", frozenset())
        prev_word = self.tokens[sp.i - 1].lower if sp.i > 0 else ""
        # "di Jenewa (Swiss)": a country in brackets after a place is part of the place.
        return prev_word in locative or (prev_word == "(" and bool(self.out)
                                         and self.out[-1].kind == "place")

    # --- role phrases ------------------------------------------------------------------------
    def _role(self, idx: int) -> int:
        sp = self.spans[idx]
        phrase = _RolePhrase(sp.payload, sp.i, sp.j, idx + 1)  # type: ignore[arg-type]
        self._country_before(phrase)
        self._country_after(phrase)
        if phrase.country is None:
            self._institution(phrase)
        if self._coordinated(phrase, sp.i):
            return phrase.k
        self._abbreviation(phrase)
        person, name_end = self._person(phrase)
        self.out.append(self._role_mention(phrase, person, name_end))
        return phrase.k

    def _country_before(self, phrase: _RolePhrase) -> None:
        # A demonym or country right before the role: "Russian President", "Russia's".
        out, tokens = self.out, self.tokens
        if out and out[-1].kind == "actor" and out[-1].resolution == "country" and \
                out[-1].end >= tokens[phrase.start_tok - 1].start - 3:
            phrase.country = out[-1].country
            phrase.start_tok = next(t for t in range(len(tokens))
                                    if tokens[t].start == out[-1].start)
            out.pop()

    def _country_after(self, phrase: _RolePhrase) -> None:
        # Country after the role: "Presiden Rusia", "Menteri Luar Negeri AS", "(AS)".
        spans = self.spans
        while phrase.k < len(spans) and spans[phrase.k].i <= phrase.j + 1 and \
                _country_of(spans[phrase.k]) and phrase.country is None:
            phrase.country = _country_of(spans[phrase.k])
            phrase.j = spans[phrase.k].j
            phrase.k += 1

    def _institution(self, phrase: _RolePhrase) -> None:
        # "Juru Bicara KPK", "petugas Polda Metro Jaya", "spokesman for the Pentagon": a
        # role of a coded institution takes the institution's code.
        found = _institution_after(self.spans, phrase.k, phrase.j, self.tokens, self.pack)
        if found is not None:
            phrase.institution = found
            phrase.country = found[0][:3]
            phrase.role = replace(phrase.role, sector=found[0][3:])
            phrase.j, phrase.k = found[2], phrase.k + found[3]

    def _coordinated(self, phrase: _RolePhrase, role_tok: int) -> bool:
        """"Pimpinan Rusia dan AS": the role applies to every coordinated country."""
        spans, tokens = self.spans, self.tokens
        conj = self.pack.words.get("conjunctions", frozenset())
        also: list[tuple[str, int, int]] = []
        k, j = phrase.k, phrase.j
        while phrase.country and phrase.start_tok == role_tok and k < len(spans) and \
                _country_of(spans[k]) and j < len(tokens) and spans[k].i == j + 1 and \
                tokens[j].lower in conj and not (k + 1 < len(spans) and
                                                 spans[k + 1].kind == "role"
                                                 and spans[k + 1].i == spans[k].j):
            also.append((_country_of(spans[k]) or "", spans[k].i, spans[k].j))
            j = spans[k].j
            k += 1
        if not also:
            return False
        role, country = phrase.role, phrase.country or ""
        first = self.mk(phrase.start_tok, also[0][1] - 1, kind="actor",
                        code=country + (role.sector or ""), country=country,
                        sector=role.sector or None, resolution="role+country")
        parts = [first] + [self.mk(i0, j0, kind="actor", code=c + (role.sector or ""),
                                   country=c, sector=role.sector or None,
                                   resolution="role+country (coordinated)")
                           for c, i0, j0 in also]
        if role.head:
            # "Pimpinan Rusia dan AS" / "leaders of China and Japan": the heads.
            parts = [self._as_head(part, part.country) for part in parts]
        self.out.append(self.mk(phrase.start_tok, j, kind="compound", members=parts,
                                resolution="compound"))
        phrase.k, phrase.j = k, j
        return True

    def _as_head(self, m: Mention, country: str | None) -> Mention:
        head = self.doc_actors.head_of(country)
        if head is None:
            return m
        return replace(m, entity=head, name=head.name, resolution="leader-of-country")

    def _abbreviation(self, phrase: _RolePhrase) -> None:
        # Parenthesised abbreviation: "Amerika Serikat (AS)".
        spans, tokens, j, k = self.spans, self.tokens, phrase.j, phrase.k
        if k < len(spans) and spans[k].i == j + 1 and tokens[j].text == "(" and \
                _country_of(spans[k]):
            phrase.j = spans[k].j + (1 if spans[k].j < len(tokens) and
                                     tokens[spans[k].j].text == ")" else 0)
            phrase.k = k + 1

    def _person(self, phrase: _RolePhrase) -> tuple[Entity | None, int]:
        """The person an appositive or adjacent name gives the role: "Presiden Rusia,
        Vladimir Putin"; and where the name ends."""
        spans, tokens, j = self.spans, self.tokens, phrase.j
        name_at = self._past_portfolio(phrase, j)
        k = phrase.k
        name_at = name_at + 1 if name_at < len(tokens) and tokens[name_at].text == "," \
            else name_at
        if k < len(spans) and spans[k].i == name_at and spans[k].kind == "entity" and \
                spans[k].payload.type == "person":  # type: ignore[attr-defined]
            phrase.k = k + 1
            return spans[k].payload, spans[k].j  # type: ignore[return-value]
        if name_at >= len(tokens) or not (name_at not in self.covered or (
                k < len(spans) and spans[k].i == name_at and spans[k].kind == "place")):
            return None, name_at
        # A name may contain a word that is also a place ("Ahmad", "Jordan"): right after a
        # role, capitalised words are the person's name; so may a capitalised one-word role
        # ("Lukman Hakim Saifuddin").
        place_toks = {t for sp2 in spans[k:] if sp2.kind == "place"
                      for t in range(sp2.i, sp2.j)}
        role_toks = {sp2.i for sp2 in spans[k:] if sp2.kind == "role" and sp2.j - sp2.i == 1
                     and sp2.i > name_at and tokens[sp2.i].upper_initial}
        end = _name_run(tokens, name_at, self.covered - place_toks - role_toks)
        while phrase.k < len(spans) and spans[phrase.k].i < end:
            phrase.k += 1
        if end <= name_at:
            return None, name_at
        name = " ".join(t.text for t in tokens[name_at:end])
        person = self.doc_actors.lookup_name(name) or self.doc_actors.learn(
            name, phrase.country, phrase.role)
        return person, end

    def _past_portfolio(self, phrase: _RolePhrase, j: int) -> int:
        """The token after a minister's portfolio written out ("Menteri Kelautan dan
        Perikanan Susi Pudjiastuti"): its capitalised words are no part of the name."""
        words = self.pack.words.get("portfolio_words", frozenset())
        conj = self.pack.words.get("conjunctions", frozenset())
        tokens = self.tokens
        at = j
        def portfolio(t: int) -> bool:
            return t < len(tokens) and tokens[t].upper_initial and tokens[t].lower in words

        while portfolio(at) or (at > j and tokens[at].lower in conj and portfolio(at + 1)):
            at += 1
        while phrase.k < len(self.spans) and self.spans[phrase.k].j <= at:
            phrase.k += 1
        if at > j:
            phrase.j = at
        return at

    def _role_mention(self, phrase: _RolePhrase, person: Entity | None,
                      name_end: int) -> Mention:
        role, country, doc_actors = phrase.role, phrase.country, self.doc_actors
        sector = role.sector or None
        implied = None
        if country is None and self.context and sector:
            # "Menteri Agama Lukman Hakim", "polisi", "rebels": a coder gives the role the
            # country the report is about.
            country = implied = self.context
        code = (country + (sector or "")) if country else None
        if person is not None:
            if implied and (person.id in doc_actors.dictionary_ids
                            or person.country and person.country != implied):
                # A known person keeps the code of their dated roles; the report's country
                # is no evidence against them.
                code, country, implied = None, None, None
            if code:
                doc_actors.teach(person, code, role)
            if code and implied:
                how = "role+context-country+name"
            else:
                how = "role+country+name" if code else "role+name"
            return self.mk(phrase.start_tok, name_end, kind="actor", entity=person,
                           code=code or doc_actors.code_for(person), name=person.name,
                           country=country or person.country, sector=sector or person.sector,
                           resolution=how)
        if implied:
            # Still a role mention (a bare "the president" is no head of state named):
            # coded, but never resolved to the country's leader.
            return self.mk(phrase.start_tok, phrase.j, kind="role", code=code, name=None,
                           country=country, sector=sector, resolution="role+context-country")
        if country:
            institution = phrase.institution
            m = self.mk(phrase.start_tok, phrase.j, kind="actor", code=code,
                        name=institution[1] if institution else None, country=country,
                        sector=sector,
                        resolution="role+institution" if institution else "role+country")
            if role.head and institution is None:  # "pimpinan KPK" is not the president
                m = self._as_head(m, country)
            return m
        # A bare role ("the president", "para diplomat"): a person reference when it is a
        # leader noun, otherwise an uncoded sector actor kept with its text.
        return self.mk(phrase.start_tok, phrase.j, kind="role", code=None, name=None,
                       sector=sector, resolution="role")

    # --- everything else ---------------------------------------------------------------------
    def _other(self, sp: Span, is_loc: bool) -> None:
        mk = self.mk
        if sp.kind == "entity":
            self._entity(sp, is_loc)
        elif sp.kind == "country":
            cn: CountryName = sp.payload  # type: ignore[assignment]
            self.out.append(mk(sp.i, sp.j, kind="place" if is_loc else "actor", name=cn.name,
                               country=cn.iso3, code=cn.iso3, resolution="country",
                               locative=is_loc))
        elif sp.kind == "metonym":
            self.out.append(self._metonym(sp, is_loc))
        elif sp.kind == "place":
            pl: PlaceEntry = sp.payload  # type: ignore[assignment]
            self.out.append(mk(sp.i, sp.j, kind="place", name=pl.name, country=pl.country,
                               resolution="gazetteer", locative=is_loc,
                               geo=(pl.lat, pl.lon, pl.geonameid)))
        elif sp.kind in _REFERENCES:
            kind, how = _REFERENCES[sp.kind]
            self.out.append(mk(sp.i, sp.j, kind=kind, resolution=how))

    def _metonym(self, sp: Span, is_loc: bool) -> Mention:
        met: Metonym = sp.payload  # type: ignore[assignment]
        if met.capital and is_loc:
            return self.mk(sp.i, sp.j, kind="place", name=met.name, country=met.code[:3],
                           code=met.code, resolution="capital", locative=True, capital=True)
        return self.mk(sp.i, sp.j, kind="actor", name=met.name, code=met.code,
                       country=met.code[:3], sector=met.code[3:6] or None,
                       resolution="metonym", capital=met.capital)

    def _entity(self, sp: Span, is_loc: bool) -> None:
        ent: Entity = sp.payload  # type: ignore[assignment]
        out, tokens, doc_actors = self.out, self.tokens, self.doc_actors
        if ent.type == "country":
            out.append(self.mk(sp.i, sp.j, kind="place" if is_loc else "actor", entity=ent,
                               name=ent.name, country=ent.country or ent.code, code=ent.code,
                               resolution="country", locative=is_loc))
            return
        first = sp.i
        # "Chinese Premier Li Qiang", "Rusia Vladimir Putin": a demonym or country right
        # before a known person belongs to the person's mention.
        if out and out[-1].kind == "actor" and out[-1].resolution == "country" and \
                sp.i > 0 and out[-1].end == tokens[sp.i - 1].end and ent.type == "person":
            first = next(t for t in range(sp.i) if tokens[t].start == out[-1].start)
            out.pop()
        out.append(self.mk(first, sp.j, kind="actor", entity=ent, name=ent.name,
                           country=ent.country, sector=ent.sector,
                           code=doc_actors.code_for(ent),
                           resolution="dictionary" if ent.id in doc_actors.dictionary_ids
                           else "document"))
        doc_actors.seen(ent)


# Reference spans → (mention kind, resolution before references are resolved).
_REFERENCES = {"pronoun": ("pronoun", "pronoun"), "group": ("group", "group-reference"),
               "plural": ("group", "plural-reference"), "party": ("pronoun", "party-reference"),
               "speaker": ("pronoun", "speaker-reference")}
_SPEAKER_WINDOW = 6  # tokens between a reporting verb and the speaker it names


def _speakers(sent: Sentence, mentions: list[Mention], pack: LanguagePack) -> list[Mention]:
    """First-person pronouns in a quote ("saya", "kami", "I", "we") stand for its speaker,
    named in the same sentence: after the reporting verb that follows the quote ('"...,"
    kata Menteri X') or before the one that opens it ("X mengatakan, kami ...")."""
    if not any(m.resolution == "speaker-reference" for m in mentions):
        return mentions
    verbs = pack.words.get("attribution_after", frozenset()) | \
        pack.words.get("attribution_inverted", frozenset())
    tokens = sent.tokens
    verb_at = [t.start for t in tokens if t.lower in verbs]
    named = [m for m in mentions if m.kind in ("actor", "role") and (m.code or m.entity)]
    out: list[Mention] = []
    for m in mentions:
        speaker = None
        if m.resolution == "speaker-reference":
            speaker = _speaker_after(m, verb_at, named, tokens) or \
                _speaker_before(m, verb_at, named)
        out.append(m if speaker is None else replace(
            m, entity=speaker.entity, name=speaker.name, country=speaker.country,
            sector=speaker.sector, code=speaker.code,
            resolution=f"speaker-reference→{speaker.name or speaker.text}"))
    return out


def _speakers_nearby(sentences: list[Sentence], mentions: list[Mention],
                     pack: LanguagePack) -> list[Mention]:
    """A quote's first person whose speaker its own sentence does not name: a quote of
    several sentences names the speaker in the next sentence of the paragraph ('"Kami ... .
    Itu tugas kami," kata X.'), or the previous one introduced it ("X mengatakan, ...")."""
    if not any(m.resolution == "speaker-reference" for m in mentions):
        return mentions
    by_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        by_sentence.setdefault(m.sentence, []).append(m)
    index = {s.index: s for s in sentences}
    out: list[Mention] = []
    for m in mentions:
        if m.resolution == "speaker-reference":
            m = _speaker_from(m, index, by_sentence, pack) or m
        out.append(m)
    return out


def _speaker_from(m: Mention, index: dict[int, Sentence], by_sentence: dict[int, list[Mention]],
                  pack: LanguagePack) -> Mention | None:
    here = index[m.sentence]
    for other in (m.sentence + 1, m.sentence - 1):
        sent = index.get(other)
        if sent is None or sent.paragraph != here.paragraph:
            continue
        # As if the pronoun stood at the start (next sentence) or the end (previous) of it.
        at = sent.start - 1 if other > m.sentence else sent.end + 1
        probe = replace(m, start=at, end=at)
        resolved = _speakers(sent, [*by_sentence.get(other, []), probe], pack)[-1]
        if resolved.resolution != "speaker-reference":
            return replace(resolved, start=m.start, end=m.end, sentence=m.sentence)
    return None


def _speaker_after(m: Mention, verb_at: list[int], named: list[Mention],
                   tokens: list[Token]) -> Mention | None:
    verb = next((v for v in verb_at if v > m.end), None)
    if verb is None:
        return None
    k = next(i for i, t in enumerate(tokens) if t.start == verb)
    limit = tokens[min(k + _SPEAKER_WINDOW, len(tokens) - 1)].end
    return next((a for a in named if verb < a.start <= limit), None)


def _speaker_before(m: Mention, verb_at: list[int], named: list[Mention]) -> Mention | None:
    verb = max((v for v in verb_at if v < m.start), default=None)
    if verb is None:
        return None
    return next((a for a in reversed(named) if a.end <= verb), None)


def _surname_mentions(sent: Sentence, mentions: list[Mention], covered: set[int],
                      doc_actors: DocumentActors) -> list[Mention]:
    """Capitalised words that are the surname of a person the document already named."""
    extra: list[Mention] = []
    for k, t in enumerate(sent.tokens):
        if k in covered or not t.upper_initial or \
                any(m.start <= t.start and t.end <= m.end for m in mentions):
            continue
        ent = doc_actors.by_surname(t.text)
        if ent is not None:
            extra.append(Mention(kind="actor", text=t.text, start=t.start, end=t.end,
                                 sentence=sent.index, entity=ent, name=ent.name,
                                 country=ent.country, sector=ent.sector,
                                 code=doc_actors.code_for(ent), resolution="surname"))
    if not extra:
        return mentions
    return sorted(mentions + extra, key=lambda m: m.start)


def _category(m: Mention) -> str:
    if m.entity is not None:
        return m.entity.type
    return m.resolution if m.resolution in ("country", "metonym") else m.kind


def _compounds(sent: Sentence, mentions: list[Mention], pack: LanguagePack) -> list[Mention]:
    """Join coordinated actors ("Rusia dan AS", "Rusia-AS", "A, B and C") into group mentions.

    A comma alone joins only actors of the same category, so "Menurut Istana Kremlin, Presiden
    Putin dan Presiden Biden" keeps the frame's party apart from the two presidents.
    """
    conj = pack.words.get("conjunctions", frozenset())
    fillers = pack.words.get("list_fillers", frozenset())
    glue = {"-", "–", "/"}
    out: list[Mention] = []
    for m in mentions:
        if m.kind in ("actor", "role") and out and out[-1].kind in ("actor", "role", "compound"):
            prev = out[-1]
            between = sent.text[prev.end - sent.start:m.start - sent.start].strip().lower()
            words = between.replace(",", " , ").split()
            words = [w for w in words if w not in fillers]
            last = prev.members[-1] if prev.kind == "compound" else prev
            joined = (
                (between in glue)
                or (bool(words) and " ".join(w for w in words if w != ",") in conj
                    and words[-1] != ",")
                or (words == [","] and _category(last) == _category(m))
            )
            if joined:
                members = prev.members if prev.kind == "compound" else [prev]
                out[-1] = Mention(kind="compound", text=sent.text[prev.start - sent.start:
                                                                  m.end - sent.start],
                                  start=prev.start, end=m.end, sentence=sent.index,
                                  members=[*members, m], resolution="compound")
                continue
        out.append(m)
    # "A, B" with no conjunction is no list ("Menurut Gedung Putih, Washington ..."): split.
    final: list[Mention] = []
    for m in out:
        if m.kind == "compound" and m.resolution == "compound" and not _has_conjunction(
                sent, m, conj | glue, fillers):
            final.extend(m.members)
        else:
            final.append(m)
    return final


def _has_conjunction(sent: Sentence, m: Mention, conj: frozenset[str] | set[str],
                     fillers: frozenset[str]) -> bool:
    for a, b in zip(m.members, m.members[1:], strict=False):
        between = sent.text[a.end - sent.start:b.start - sent.start].replace(",", " ").lower()
        words = [w for w in between.split() if w not in fillers]
        if " ".join(words) in conj or (words and words[0] in conj):
            return True
    return False


def _name_mentions(sent: Sentence, mentions: list[Mention], pack: LanguagePack,
                   doc_actors: DocumentActors,
                   tagger: NameTagger | EncoderNameTagger | None,
                   everywhere: bool = False, context: str | None = None) -> list[Mention]:
    """Names no dictionary knows, from the statistical name tagger.

    A person becomes a document entity (so a later surname resolves to it); an organisation
    keeps its text, with a country and sector where its own words say so ("Kepolisian Kenya",
    "Kenyan Ministry of Defence"); a location is a place.
    """
    if tagger is None:
        return mentions
    tokens = sent.tokens
    # Tagging costs more than the rest of the stage: only sentences that can hold an event
    # (a trigger matches) need their unknown names.
    if not everywhere and not pack.triggers.find([t.lower for t in tokens]):
        return mentions
    tags = tagger.tag([t.text for t in tokens])
    if not tags:
        return mentions
    extra: list[Mention] = []
    locative = pack.words.get("locative_preps", frozenset())
    for i, j, label in tags:
        s, e = tokens[i].start, tokens[j - 1].end
        if any(m.start < e and s < m.end for m in mentions):
            continue
        text = sent.text[s - sent.start:e - sent.start]
        m = Mention(kind="actor", text=text, start=s, end=e, sentence=sent.index, name=text,
                    resolution="name-tagger", name_type=label)
        if label == "PER":
            ent = doc_actors.lookup_name(text) or doc_actors.learn_name(text)
            m.entity, m.country, m.sector = ent, ent.country, ent.sector
            m.code = doc_actors.code_for(ent) or ent.code
        elif label == "ORG":
            words = [t.lower for t in tokens[i:j]]
            country = next((p.iso3 for x in pack.countries.find(words) for p in x.payloads[:1]),
                           None)
            sector = next((p.sector for x in pack.roles.find(words) for p in x.payloads[:1]
                           if p.sector), None)
            # "Kementerian Pekerjaan Umum", "PT Semen Gresik": an organisation whose own words
            # give its sector belongs, like a role, to the country of the report.
            if country is None and sector:
                country = context
            m.country, m.sector = country, sector
            m.code = (country + sector) if country and sector else country
        else:
            m.kind = "place"
            m.locative = i > 0 and tokens[i - 1].lower in locative
        extra.append(m)
    return sorted(mentions + extra, key=lambda x: x.start) if extra else mentions


def _name_like(tok: Token) -> bool:
    """A capitalised word ("Miryam") or an acronym ("PMKRI", "SN") — not a number."""
    text = tok.text.replace("-", "")
    return tok.upper_initial and text.isalpha() and (len(text) > 1 or text.isupper())


def _verb_like(word: str, prefixes: frozenset[str], not_verbs: frozenset[str]) -> bool:
    return len(word) > 4 and word.islower() and word not in not_verbs \
        and any(word.startswith(p) for p in prefixes)


def _bare_names(sent: Sentence, mentions: list[Mention], pack: LanguagePack,
                doc_actors: DocumentActors) -> list[Mention]:
    """Names no dictionary and no tagger found, read off their syntax: a capitalised word or
    acronym that a verb follows ("Desmond menyebut", "PMKRI melaporkan") or that a reporting
    verb, a verb or a preposition introduces ("kata Desmond", "menekan Miryam", "kepada
    Arief"). The pack's word classes say which words cue a name; a pack without them (or a
    language whose tagger reads every name) gets none of this."""
    prefixes = pack.words.get("verb_prefixes", frozenset())
    if not prefixes:
        return mentions
    before_cues = pack.words.get("name_cues_before", frozenset())
    after_cues = pack.words.get("name_cues_after", frozenset())
    not_names = pack.words.get("not_names", frozenset())
    not_verbs = pack.words.get("not_verbs", frozenset())
    tokens = sent.tokens
    taken = [(m.start, m.end) for m in mentions]
    extra: list[Mention] = []
    i = 0
    while i < len(tokens):
        j = i
        while j < len(tokens) and j - i < 3 and _name_like(tokens[j]) \
                and tokens[j].lower not in not_names \
                and not any(a < tokens[j].end and tokens[j].start < b for a, b in taken):
            j += 1
        if j == i:
            i += 1
            continue
        # As written, so that a capitalised word ("Metro") is never taken for a verb.
        prev = tokens[i - 1].text if i > 0 else ""
        nxt = tokens[j].text if j < len(tokens) else ""
        # Right after a mention ("Kapolda Metro | Jaya") it is the rest of that name.
        glued = i > 0 and any(a < tokens[i - 1].end and tokens[i - 1].start < b
                              for a, b in taken)
        # A sentence's first word is capitalised anyway ("Sungguh tidak ..."): only a verb
        # right after it makes it a name.
        first = i == 0 or not any(c.isalnum() for c in prev)
        cued = not glued and (_verb_like(nxt, prefixes, not_verbs) or (not first and (
            nxt in after_cues or prev in before_cues
            or _verb_like(prev, prefixes, not_verbs))))
        if cued:
            s, e = tokens[i].start, tokens[j - 1].end
            text = sent.text[s - sent.start:e - sent.start]
            acronym = text.replace(" ", "").isupper()
            m = Mention(kind="actor", text=text, start=s, end=e, sentence=sent.index,
                        name=text, resolution="bare-name",
                        name_type="ORG" if acronym else "PER")
            if not acronym:
                ent = doc_actors.lookup_name(text) or doc_actors.learn_name(text)
                m.entity, m.country, m.sector = ent, ent.country, ent.sector
                m.code = doc_actors.code_for(ent) or ent.code
            extra.append(m)
        i = j
    return sorted(mentions + extra, key=lambda x: x.start) if extra else mentions


def _tagger(lang: str, pack: LanguagePack, res: Resources) -> NameTagger | EncoderNameTagger | None:
    """The pack's name tagger: the head on the event model's encoder where the pack asks for
    it and the model is in use (it wins on the language's dev data), else the perceptron."""
    if pack.name_tagger == "encoder" and res.use_model and EncoderNameTagger.available():
        return EncoderNameTagger.load()
    try:
        return NameTagger.load(lang)
    except KeyError:  # a language pack without a name-tagger model still codes
        return None


def _institution_after(spans: list[Span], k: int, j: int, tokens: list[Token],
                       pack: LanguagePack) -> tuple[str, str | None, int, int] | None:
    """The code, name, end token and number of spans of a coded institution right after a
    role (token j, or after one linking word such as "for", "of", "dari"): a metonym, a
    dictionary organisation, or a role noun with its country."""
    if k >= len(spans):
        return None
    nxt = spans[k]
    links = pack.words.get("institution_links", frozenset())
    if not (nxt.i == j or nxt.i == j + 1 and tokens[j].lower in links):
        return None
    if nxt.kind == "role" and k + 1 < len(spans) and spans[k + 1].i == nxt.j and \
            _country_of(spans[k + 1]) and nxt.payload.sector:  # type: ignore[attr-defined]
        # "Juru Bicara Kepolisian Swedia", "spokesman of the Swedish police": the body is a
        # role noun with its country.
        code = (_country_of(spans[k + 1]) or "") + nxt.payload.sector  # type: ignore[attr-defined]
        return code[:6], None, spans[k + 1].j, 2
    if nxt.kind == "metonym" and not nxt.payload.capital:  # type: ignore[attr-defined]
        code = nxt.payload.code  # type: ignore[attr-defined]
    elif nxt.kind == "entity" and nxt.payload.type == "organization":  # type: ignore[attr-defined]
        code = nxt.payload.code  # type: ignore[attr-defined]
    else:
        return None
    if not code or len(code) < 6 or code.startswith("IGO"):
        return None  # a bare country or an international body: its role nouns say more
    return code[:6], nxt.payload.name, nxt.j, 1  # type: ignore[attr-defined]


def _places_named(sent: Sentence, spans: list[Span], pack: LanguagePack) -> list[str]:
    """Countries of the places a sentence is set in: gazetteer places, and countries or capitals
    after a locative ("di Suriah", "in Idlib"). Countries named as parties do not count: in
    "rebels attacked Turkish troops" the rebels are not Turkish."""
    locative = pack.words.get("locative_preps", frozenset())
    out: list[str] = []
    for sp in spans:
        after_locative = sp.i > 0 and sent.tokens[sp.i - 1].lower in locative
        if sp.kind == "place":
            country = sp.payload.country  # type: ignore[attr-defined]
        elif after_locative and sp.kind in ("country", "entity", "metonym"):
            country = _country_of(sp) or (
                sp.payload.code[:3] if sp.kind == "metonym"  # type: ignore[attr-defined]
                and sp.payload.capital else None)  # type: ignore[attr-defined]
        else:
            country = None
        if country:
            out.append(country)
    return out


# Code prefixes that are no country: international, multinational, non-state bodies.
_NOT_COUNTRIES = frozenset({"IGO", "IMG", "MNC", "NGO", "UAF"})


def _countries_named(spans: list[Span]) -> list[str]:
    """Countries a sentence names in any way: its places, countries as parties, seats of
    government ("Kremlin")."""
    out = []
    for sp in spans:
        if sp.kind == "place":
            country = sp.payload.country  # type: ignore[attr-defined]
        elif sp.kind == "metonym":
            country = sp.payload.code[:3]  # type: ignore[attr-defined]
        else:
            country = _country_of(sp)
        if country and country not in _NOT_COUNTRIES:
            out.append(country)
    return out


def _dominant_country(places: list[list[str]], at_least: int = 1) -> str | None:
    """The country most of a document's places are in, when most are (more than half) and
    at least `at_least` of them."""
    counts: dict[str, int] = {}
    for sentence in places:
        for country in sentence:
            counts[country] = counts.get(country, 0) + 1
    if not counts:
        return None
    best = max(counts, key=lambda c: counts[c])
    return best if counts[best] * 2 > sum(counts.values()) and counts[best] >= at_least \
        else None


def _context_country(places: list[str], document: str | None) -> str | None:
    """A sentence set in one country speaks of it; otherwise the document's country."""
    distinct = set(places)
    if len(distinct) == 1:
        return places[0]
    return document if not distinct else None


def find_mentions(doc: Document, res: Resources) -> Document:
    pack = res.pack(doc.language or "en")
    doc_actors = DocumentActors(res, doc.published)
    tagger = _tagger(doc.language or "en", pack, res)
    mentions: list[Mention] = []
    all_spans = [_base_spans(sent, pack, res) for sent in doc.sentences]
    where = [_places_named(sent, spans, pack) for sent, spans in zip(doc.sentences, all_spans,
                                                                       strict=True)]
    home = pack.home_country
    # For a home-country pack, a report is from abroad when it never mentions home and the
    # countries it names (places, and countries as parties) are mostly one.
    abroad = _dominant_country([_countries_named(spans) for spans in all_spans]) if home \
        else _dominant_country(where)
    if home is not None and (abroad is None or any(
            _country_of(sp) == home or sp.kind == "place"
            and sp.payload.country == home  # type: ignore[attr-defined]
            for spans in all_spans for sp in spans)):
        abroad = None  # only a report from abroad that never mentions home is foreign news
    document_country = abroad or home
    for sent, spans, places in zip(doc.sentences, all_spans, where, strict=True):
        # Indonesian news names a foreign official's country ("Menteri Luar Negeri Arab
        # Saudi"), so a bare role in a report that mentions Indonesia is Indonesian even
        # where the sentence is set abroad (pilgrims in Mecca); a language spoken in many
        # countries goes by the sentence's place first.
        context = document_country if pack.home_country else _context_country(
            places, document_country)
        composed = _compose(sent, spans, pack, doc_actors, doc.published, context)
        composed = _name_mentions(sent, composed, pack, doc_actors, tagger, res.tag_all_names,
                                  context)
        composed = _bare_names(sent, composed, pack, doc_actors)
        composed = _compounds(sent, composed, pack)
        mentions.extend(_speakers(sent, doc_actors.resolve_references(composed), pack))
    mentions = _speakers_nearby(doc.sentences, mentions, pack)
    meta = {**doc.meta, "learnt_actors": doc_actors.learnt_summary()}
    return replace(doc, mentions=mentions, meta=meta)

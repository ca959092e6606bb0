#!/usr/bin/env python3
"""Convert the Phoenix/PETRARCH dictionaries into warta's knowledge formats.

Outputs (see docs/knowledge-formats.md):

* ``<out>/phoenix_countries.jsonl``      from Phoenix.Countries.actors.txt
* ``<out>/phoenix_international.jsonl``  from Phoenix.International.actors.txt
* ``<out>/phoenix_nonstate.jsonl``       from Phoenix.MilNonState.actors.txt
* ``<out>/ATTRIBUTION.md``               source, MIT licence text, regeneration command
* ``<roles-out>``                        role nouns from Phoenix.agents.txt
  (default ``warta/lang/en/roles_phoenix.yaml``)

The source dictionaries are MIT-licensed by the Open Event Data Alliance.

Actor file syntax (TABARI/PETRARCH): an entry line ``NAME_WORDS_`` optionally followed by
inline ``[CODE ...]`` groups; ``+SYNONYM`` lines; indented ``[CODE]`` / ``[CODE start-end]``
/ ``[CODE >start]`` / ``[CODE <end]`` lines; dates ``YYMMDD`` (00-30 -> 20xx) or
``YYYYMMDD``; ``#`` starts a comment.  Consecutive entry lines without codes belong to the
block of the next coded entry (TABARI convention): if they share a distinctive word with it
they become aliases of it, otherwise separate actors with the same codes.

Run from the repository root:

    .venv/bin/python scripts/convert_petrarch.py

The output is deterministic (same input, same bytes).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import unicodedata
from collections import Counter, OrderedDict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent

ACTOR_FILES = [
    ("Phoenix.Countries.actors.txt", "phoenix_countries.jsonl"),
    ("Phoenix.International.actors.txt", "phoenix_international.jsonl"),
    ("Phoenix.MilNonState.actors.txt", "phoenix_nonstate.jsonl"),
]
AGENTS_FILE = "Phoenix.agents.txt"

# Obsolete CAMEO/ISO country codes used by Phoenix, mapped to the current ISO 3166 alpha-3
# code so that Phoenix codes agree with warta's curated files.
CODE_REMAP = {"TMP": "TLS"}  # East Timor -> Timor-Leste
CODE_FIXES = {"NGOEEURENV": "NGOEURENV"}  # typos in the source

# Non-ISO country codes used by CAMEO/Phoenix, with English names (for country detection).
EXTRA_COUNTRY_NAMES = {
    "SUN": ["soviet union", "ussr"],
    "CSK": ["czechoslovakia"],
    "DDR": ["east germany", "german democratic republic"],
    "YUG": ["yugoslavia"],
    "FRY": ["federal republic of yugoslavia"],
    "SCG": ["serbia and montenegro"],
    "KSV": ["kosovo", "republic of kosovo"],
    "PSE": ["palestine", "palestinian territories"],
}

# Short forms that are unambiguous in news text although shorter than three characters.
SHORT_ALIAS_WHITELIST = {"un", "eu", "uk"}

# Acronyms written in capitals in display names (lowercase keys).
ACRONYMS = {
    "un",
    "u.n.",
    "us",
    "u.s.",
    "usa",
    "u.s.a.",
    "uk",
    "u.k.",
    "eu",
    "e.u.",
    "nato",
    "asean",
    "opec",
    "imf",
    "iaea",
    "unicef",
    "unesco",
    "unhcr",
    "undp",
    "unep",
    "unrwa",
    "wfp",
    "fao",
    "ilo",
    "wto",
    "oecd",
    "osce",
    "icc",
    "icj",
    "icrc",
    "isis",
    "isil",
    "ngo",
    "cia",
    "fbi",
    "kgb",
    "fsb",
    "mi5",
    "mi6",
    "pkk",
    "plo",
    "anc",
    "ira",
    "eta",
    "farc",
    "eln",
    "ltte",
    "hdz",
    "cdu",
    "csu",
    "spd",
    "fdp",
    "afd",
    "bjp",
    "pdi-p",
    "pdip",
    "pki",
    "tni",
    "polri",
    "ussr",
    "ecowas",
    "sadc",
    "apec",
    "brics",
    "g7",
    "g8",
    "g20",
    "au",
    "oas",
    "oic",
    "gcc",
    "saarc",
    "unsc",
    "unga",
    "who",
    "wipo",
    "iom",
    "ocha",
    "unodc",
    "ifad",
    "bbc",
    "cnn",
    "abc",
    "cbs",
    "nbc",
    "afp",
    "ap",
    "dpr",
    "mpr",
    "kpk",
    "bin",
}
LOWER_PARTICLES = {
    "of",
    "the",
    "and",
    "for",
    "in",
    "on",
    "at",
    "to",
    "de",
    "da",
    "do",
    "dos",
    "das",
    "del",
    "della",
    "di",
    "van",
    "von",
    "der",
    "den",
    "la",
    "le",
    "bin",
    "binti",
    "ibn",
    "y",
    "al",
    "el",
    "du",
    "des",
    "ter",
    "ten",
}
ROMAN = re.compile(r"^(?=[ivxlc]+$)c{0,3}(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")

# Words that make an entry an organisation rather than a person.
ORG_WORDS = set(
    """
academy administration agency alliance army assembly association authority bank battalion
board bloc brigade brigades bureau cabinet cartel cell cells center centre chamber
coalition college command commission committee communications company confederation congress
corporation corp council court department directorate division embassy enterprise enterprises
faction federation force forces foundation front fund government group groups guard guards
holdings inc industries institute institution intelligence international league legion ltd
media militia ministry mission movement network news nuclei office organisation organization
parliament partners party police press program programme radio regiment republic service
services society squad squadron station studios secretariat senate staff system television
tribunal trust union unit university brotherhood army's unions nations forum agency's
kingdom state states emirate caliphate courts mujahideen commando commandos
resistance revolutionary revolution liberation people's peoples workers students youth
palace ocean sea riot team tank rifles sabha declaration jabhat ahrar jund sarayat ghuraba
harakat jaish jamaat jemaah hizb ansar kataib liwa tanzim majlis tehreek tehrik lashkar
watch herald directory net monitor centrum summit network project initiative campaign
countries borders reporters laskar lashkar qaida qaeda sayyaf
""".split()
)

# Single words that are too common to be matched as an actor name on their own.
COMMON_WORDS = set(
    """
a an the and or of in on at to for from by with as is it its be was were are this that these
those he she they we you i me my our his her their them us him who whom what which when where
why how all any both each few more most other some such no nor not only own same so than too
very can will just should now new old one two three first last next up down out over under
again further then once here there about against between into through during before after
above below off also back still even ever well way may might must shall would could let make
made see said says say get got go goes going went come came take took give gave good great
high low long little big small man men woman women people person party group state states
government army police forces force council court union front movement president minister
ministry leader leaders chief head general secretary official officials spokesman spokeswoman
member members committee commission office agency bank company press news media times post
daily world national international central federal republic kingdom united democratic popular
liberation revolutionary islamic socialist communist workers labour labor green greens
liberal liberals conservative conservatives democrat democrats republican republicans
independent independents red white black blue north south east west northern southern eastern
western central capital city town island islands river sea gulf bay coast valley mountain
mountains lake port saint san santa fort mount new york june may august march april
justice peace freedom unity hope victory dawn future progress reform solidarity renewal
action alliance congress assembly senate parliament house home land homeland nation
citizens citizen student students youth women's party's
""".split()
)

# Multi-word aliases made only of these words are role nouns, not names ("the president").
GENERIC_WORDS = set(
    """
a an the and or of in on at to for from by with his her their its new former acting deputy
vice president presidents minister ministers prime foreign ministry government leader leaders
chief head general secretary official officials spokesman spokeswoman spokesperson member
members party group army police forces force council court office agency state
""".split()
)

BRACKET = re.compile(r"\[([^\]]*)\]")
ROLE_CODE = re.compile(r"^[A-Z0-9]{3,15}$")


def warn(msg: str) -> None:
    print(f"warning: {msg}", file=sys.stderr)


# --------------------------------------------------------------------------------------
# Dates and codes


def parse_date(s: str) -> str | None:
    """YYMMDD (00-30 -> 20xx, else 19xx) or YYYYMMDD -> ISO date; None when invalid."""
    s = s.strip()
    if not s.isdigit():
        return None
    if len(s) == 10 and s.startswith("19"):  # typo seen in the source: 1920030320
        s = s[2:]
    try:
        if len(s) == 6:
            yy = int(s[:2])
            year = 2000 + yy if yy <= 30 else 1900 + yy
            return dt.date(year, int(s[2:4]), int(s[4:6])).isoformat()
        if len(s) == 8:
            return dt.date(int(s[:4]), int(s[4:6]), int(s[6:8])).isoformat()
    except ValueError:
        return None
    return None


def remap_code(code: str) -> str:
    for old, new in CODE_REMAP.items():
        if code.startswith(old):
            return new + code[len(old) :]
    return code


def parse_code_group(text: str, where: str) -> dict | None:
    """'AFGGOV 791227-861124' -> {"code", "start", "end", "dated"}."""
    parts = text.split()
    if not parts:
        return None
    code = parts[0].strip()
    if not ROLE_CODE.match(code) and code != "---":
        warn(f"{where}: odd code {text!r}")
    if code == "---":
        return None
    code = remap_code(CODE_FIXES.get(code, code))
    spec = "".join(parts[1:])
    dates = _date_range(spec, text, where) if spec else None
    if dates is None:
        return {"code": code, "start": None, "end": None, "dated": False}
    start, end = dates
    if start and end and end < start:
        warn(f"{where}: end before start in {text!r}; swapped")
        start, end = end, start
    return {"code": code, "start": start, "end": end, "dated": True}


def _date_range(spec: str, text: str, where: str) -> tuple[str | None, str | None] | None:
    """(start, end) of '>start', '<end', 'start-end' or 'start'; None when a lone date is
    unreadable (the code is then kept as undated)."""
    if "-" in spec and not spec.startswith((">", "<")):
        a, _, b = spec.partition("-")
        start, end = parse_date(a), parse_date(b)
        if start is None and a:
            warn(f"{where}: bad start date in {text!r}; start left open")
        if end is None and b:
            warn(f"{where}: bad end date in {text!r}; end left open")
        return start, end
    date = parse_date(spec[1:] if spec.startswith((">", "<")) else spec)
    if date is None:
        warn(f"{where}: bad date {text!r}; kept as undated")
        return None
    return (None, date) if spec.startswith("<") else (date, None)


# --------------------------------------------------------------------------------------
# Names


def raw_name(s: str) -> str:
    """'VLADIMIR_PUTIN_' -> 'VLADIMIR PUTIN' (still upper case)."""
    s = s.replace("_", " ")
    s = re.sub(r"\s+", " ", s).strip(" ,;")
    if s.count("(") > s.count(")"):  # 'ELBEGDORJ_(1ST_TIME' -> 'ELBEGDORJ'
        s = s[: s.rindex("(")].strip()
    return s


def is_acronym(tok: str, single: bool, org: bool) -> bool:
    low = tok.lower()
    core = low.strip("()")
    if core in ACRONYMS and not (core in {"bin", "who", "au", "ap", "abc", "us"} and not org):
        if core == "bin":
            return False
        return True
    if "." in core and re.fullmatch(r"([a-z]\.)+[a-z]?\.?", core):
        return True
    if tok.startswith("(") and tok.endswith(")") and len(core) <= 8:
        return True
    letters = re.sub(r"[^a-z]", "", core)
    if org and letters and len(letters) <= 5 and not re.search(r"[aeiouy]", letters):
        return True
    return False


def cap_word(w: str) -> str:
    """Capitalise a lowercase word, also after hyphens and short apostrophe prefixes:
    al-qaeda -> Al-Qaeda, o'neill -> O'Neill, people's -> People's."""
    out = []
    up = True
    seg = 0  # length of the current segment (since the last hyphen/slash)
    for ch in w:
        out.append(ch.upper() if up else ch)
        if ch in "-/(":
            up, seg = True, 0
        elif ch == "'":
            up = seg <= 2
            seg = 0
        else:
            up = False
            seg += 1
    s = "".join(out)
    if re.match(r"^Mc[a-z]", s):
        s = "Mc" + s[2].upper() + s[3:]
    return s


def display_name(upper: str, org: bool = False) -> str:
    toks = upper.split(" ")
    single = len(toks) == 1
    out = []
    for i, tok in enumerate(toks):
        low = tok.lower()
        if is_acronym(tok, single, org):
            out.append(tok.upper())
        elif ROMAN.match(low) and i > 0:
            out.append(low.upper())
        elif re.fullmatch(r"[a-z]\.", low):  # initials: V. -> V.
            out.append(low.upper())
        elif i > 0 and low in LOWER_PARTICLES:
            out.append(low)
        else:
            out.append(cap_word(low))
    return " ".join(out)


def slug(s: str) -> str:
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
    s = re.sub(r"[^a-z0-9]+", "_", s.lower()).strip("_")
    return s or "x"


def words_of(name: str) -> list[str]:
    return [w for w in re.split(r"[^a-z0-9']+", name.lower()) if w]


# --------------------------------------------------------------------------------------
# Actor files


def read_actor_file(path: Path) -> list[dict]:
    """Raw entries: {"names": [..], "codes": [..], "comment", "line", "para"}."""
    entries: list[dict] = []
    cur = None
    para = 0
    for ln, raw in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        if not raw.strip():
            para += 1
            continue
        if raw.lstrip().startswith("#"):
            continue
        line, comment = raw, ""
        if "#" in line:
            line, comment = line[: line.index("#")], line[line.index("#") + 1 :]
        s = line.strip()
        if not s:
            continue
        where = f"{path.name}:{ln}"
        groups = [g for g in (parse_code_group(t, where) for t in BRACKET.findall(s)) if g]
        rest = BRACKET.sub(" ", s).strip()
        if s.startswith(("[", "+")):
            _continue_entry(cur, s, rest, groups, where)
        else:
            if re.match(r"^[A-Z][a-z]+:", rest) or not re.search(r"[A-Za-z]", rest):
                warn(f"{where}: skipped non-entry line {rest!r}")
                cur = None
                continue
            cur = {
                "names": [raw_name(rest)],
                "codes": groups,
                "comment": comment.strip(),
                "line": ln,
                "para": para,
            }
            entries.append(cur)
    return group_codeless(entries, path.name)


def _continue_entry(cur: dict | None, s: str, rest: str, groups: list[dict],
                    where: str) -> None:
    """A code line ('[CODE ...]') or a synonym line ('+NAME_') of the current entry."""
    if cur is None:
        warn(f"{where}: {'code line' if s.startswith('[') else 'synonym'} without entry")
        return
    if s.startswith("+"):
        for piece in rest[1:].split("+"):  # '+A_+B_' on one line (seen once)
            n = raw_name(piece)
            if n:
                cur["names"].append(n)
    cur["codes"].extend(groups)


def distinctive(name: str) -> set[str]:
    return {w for w in words_of(name) if len(w) >= 4 and w not in COMMON_WORDS}


def group_codeless(entries: list[dict], fname: str) -> list[dict]:
    """Attach entries without codes to the next coded entry (TABARI block convention)."""
    out: list[dict] = []
    pending: list[dict] = []
    for e in entries:
        if not e["codes"]:
            pending.append(e)
            continue
        if pending:
            key = set().union(*(distinctive(n) for n in e["names"]))
            lead = None
            for p in pending:
                if key & set().union(*(distinctive(n) for n in p["names"])):
                    if lead is None:
                        lead = p
                        e["names"] = p["names"] + e["names"]  # first spelling becomes the name
                        e["comment"] = e["comment"] or p["comment"]
                    else:
                        e["names"].extend(p["names"])
                else:
                    out.append({**p, "codes": [dict(c) for c in e["codes"]]})
            pending = []
        out.append(e)
    for p in pending:  # codeless entries at the end of the file: aliases of the last entry
        if out:
            out[-1]["names"].extend(p["names"])
        else:
            warn(f"{fname}:{p['line']}: entry {p['names'][0]!r} has no code; dropped")
    return out


def country_names() -> dict[str, set[str]]:
    """ISO alpha-3 -> lowercase English names (CLDR via babel) plus CAMEO extras."""
    from babel import Locale
    from babel.core import get_global

    aliases = get_global("territory_aliases")
    terr = Locale("en").territories
    names: dict[str, set[str]] = {}
    for a3, a2s in aliases.items():
        if len(a3) == 3 and a3.isalpha() and len(a2s) == 1 and a2s[0] in terr:
            names.setdefault(a3, set()).add(terr[a2s[0]].lower())
    for k, v in EXTRA_COUNTRY_NAMES.items():
        names.setdefault(k, set()).update(v)
    for old, new in CODE_REMAP.items():
        names.setdefault(new, set()).update(names.get(old, set()))
    # a few short English forms CLDR spells differently
    extra = {
        "USA": ["united states of america", "united states"],
        "GBR": ["united kingdom"],
        "RUS": ["russian federation", "russia"],
        "KOR": ["south korea"],
        "PRK": ["north korea"],
        "COD": ["democratic republic of the congo"],
        "COG": ["congo"],
        "CIV": ["cote d'ivoire", "ivory coast"],
        "MMR": ["myanmar"],
        "LAO": ["laos"],
        "VNM": ["vietnam"],
        "SWZ": ["swaziland"],
        "TZA": ["tanzania"],
        "CZE": ["czech republic"],
        "MKD": ["macedonia"],
        "CPV": ["cape verde"],
        "TLS": ["timor leste", "east timor"],
        "BRN": ["brunei"],
        "SYR": ["syria"],
        "IRN": ["iran"],
        "MDA": ["moldova"],
        "BOL": ["bolivia"],
        "VEN": ["venezuela"],
        "FSM": ["micronesia"],
        "TWN": ["taiwan"],
        "VAT": ["vatican", "holy see"],
        "HKG": ["hong kong"],
        "MAC": ["macau", "macao"],
        "PSE": ["palestine"],
    }
    for k, v in extra.items():
        names.setdefault(k, set()).update(v)
    return names


def norm_place(s: str) -> str:
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode().lower()
    s = s.replace("&", "and").replace("-", " ")
    s = re.sub(r"\bst\.? ", "saint ", s)
    s = re.sub(r"[^a-z' ]+", " ", s)
    s = re.sub(r"^the ", "", re.sub(r"\s+", " ", s).strip())
    return s


STATUS_CODES = {"UNR", "OCC", "AUT", "UNO", "USR"}  # unrecognised, occupied, autonomous, UN-run


def country_level(code: str, cnames: dict[str, set[str]]) -> bool:
    """A code naming a state without a sector: AFG, SUNRUS / YUGSRB (old state + new), ARMUNR."""
    if len(code) % 3:
        return False
    chunks = [code[i : i + 3] for i in range(0, len(code), 3)]
    return any(c in cnames for c in chunks) and all(
        c in cnames or c in STATUS_CODES for c in chunks
    )


SECTORS = {
    "GOV",
    "MIL",
    "COP",
    "REB",
    "OPP",
    "JUD",
    "LEG",
    "BUS",
    "MED",
    "CVL",
    "EDU",
    "HLH",
    "ELI",
    "SPY",
    "UAF",
    "IGO",
    "NGO",
    "IMG",
    "MNC",
    "REF",
    "LAB",
    "AGR",
    "DEV",
    "ENV",
    "HRI",
    "CRM",
    "REL",
    "PTY",
    "MOD",
    "RAD",
    "INS",
    "OCC",
    "UNR",
    "AUT",
    "UNO",
    "PRS",
    "FRM",
    "SEP",
    "PPL",
    "MUS",
    "CHR",
    "JEW",
    "BUD",
    "HIN",
}


def classify(e: dict, fname: str, cnames: dict[str, set[str]]) -> str:
    codes = [c["code"] for c in e["codes"]]
    names_low = [n.lower() for n in e["names"]]
    is_org_word = bool(set(words_of(names_low[0])) & ORG_WORDS)
    places = place_words(cnames)
    if set(words_of(names_low[0])) & places and not fname.startswith("Phoenix.Countries"):
        return "organization"
    if fname.startswith("Phoenix.MilNonState"):
        # TOPS armed-group names; a few individual militants are coded IMG...
        first = words_of(names_low[0])
        if (
            not is_org_word
            and 2 <= len(first) <= 4
            and all(c.startswith("IMG") for c in codes)
            and looks_like_person(names_low[0])
        ):
            return "person"
        return "organization"
    in_countries = fname.startswith("Phoenix.Countries")
    if in_countries and codes and all(country_level(c, cnames) for c in codes):
        return _country_or_place(codes, names_low, cnames)
    if is_org_word:
        return "organization"
    return "person" if _looks_like_a_person(e, codes, names_low) else "organization"


def _country_or_place(codes: list[str], names_low: list[str],
                      cnames: dict[str, set[str]]) -> str:
    """An entry coded as a state: the country when it is named, else a place or group."""
    bases = {c[-3:] if len(c) == 6 else c for c in codes} | {c[:3] for c in codes}
    for n in names_low:
        p = norm_place(n)
        if any(p in {norm_place(x) for x in cnames.get(b, ())} for b in bases):
            return "country"
    return "organization"  # a place or group coded as a state (cities, regions)


def _looks_like_a_person(e: dict, codes: list[str], names_low: list[str]) -> bool:
    comment = e["comment"].lower()
    if "countryinfo" in comment or "igorulers" in comment:
        return True
    first = words_of(names_low[0])
    dated = any(c["dated"] for c in e["codes"])
    if dated and not any(c.startswith("MNC") for c in codes) and 1 <= len(first) <= 10:
        return True
    if len(first) == 1:
        return bool(codes) and all(c.endswith("ELI") for c in codes)
    plain = not any(w in COMMON_WORDS for w in first)
    # undated entries: a person name looks like 2-5 words, none of them common words
    elite = (2 <= len(first) <= 5 and plain and not all(c.startswith(("MNC",)) for c in codes)
             and not any(w.isdigit() for w in first)
             and any(c.endswith(("ELI",)) for c in codes))
    ngo_person = (2 <= len(first) <= 4 and plain
                  and any(c.startswith(("IGO", "NGO")) for c in codes)
                  and e["comment"].find("NGO_Actors") >= 0 and looks_like_person(names_low[0]))
    office = (2 <= len(first) <= 5 and plain and looks_like_person(names_low[0])
              and any(len(c) >= 6 and c[3:6] in {"GOV", "MIL", "OPP", "REB", "JUD", "LEG",
                                                  "ELI"} for c in codes))
    return elite or ngo_person or office


_PLACE_WORDS: set[str] = set()


def place_words(cnames: dict[str, set[str]]) -> set[str]:
    """Single-word country names ("guatemala", "burma"): a name holding one is no person."""
    if not _PLACE_WORDS:
        for names in cnames.values():
            for n in names:
                if " " not in n and "-" not in n:
                    _PLACE_WORDS.add(n)
        _PLACE_WORDS.update(
            {"burma", "africa", "asia", "europe", "america", "latin", "arab", "uk", "usa"}
        )
    return _PLACE_WORDS


def looks_like_person(name_low: str) -> bool:
    ws = words_of(name_low)
    if any(len(w) <= 1 for w in ws if "." not in w) and len(ws) < 3:
        return False
    # initials or typical name particles make a person likely; long all-alpha names too
    return all(re.fullmatch(r"[a-z'\-]+|[a-z]\.", w) for w in ws)


# --------------------------------------------------------------------------------------
# Aliases


# Proper nouns that the frequency-based stop lists below contain but that are good aliases.
PROPER_OK = {
    "aceh",
    "jakarta",
    "kalimantan",
    "sulawesi",
    "london",
    "american",
    "british",
    "canadian",
    "french",
    "german",
    "indian",
    "japanese",
    "australian",
    "italia",
    "indonesia",
    "india",
    "israel",
    "australia",
    "u.s.",
    "amerika",
    "arab",
    "asia",
    "afrika",
    "allah",
}
_STOP: set[str] = set()


def stop_words() -> set[str]:
    """English and Indonesian stop words (jusText lists, shipped with trafilatura's
    dependency): an alias such as "Lima", "Surat" or "Sisi" is an everyday Indonesian word."""
    if not _STOP:
        try:
            import justext

            for lang in ("English", "Indonesian"):
                _STOP.update(w.lower() for w in justext.get_stoplist(lang))
        except Exception:  # pragma: no cover - justext missing: fall back to our own list
            _STOP.update(COMMON_WORDS)
        _STOP.update({"lima", "surat", "sisi"})
        _STOP.difference_update(PROPER_OK)
    return _STOP


def alias_ok(alias: str, role_phrases: set[str]) -> bool:
    low = alias.lower().strip()
    toks = low.split()
    if not toks:
        return False
    if low in role_phrases:
        return False
    if len(toks) == 1:
        t = toks[0]
        letters = re.sub(r"[^a-z0-9]", "", t)
        if t in SHORT_ALIAS_WHITELIST:
            return True
        if len(letters) < 3 and "." not in t:
            return False
        if "." in t and len(letters) < 2:
            return False
        if t in COMMON_WORDS or t in stop_words():
            return False
    if all(t in GENERIC_WORDS for t in toks):
        return False
    return True


# --------------------------------------------------------------------------------------


# Leading words that make a spelling a titled mention rather than the actor's name.
TITLE_WORDS = {
    "president",
    "presidents",
    "prime",
    "premier",
    "minister",
    "foreign",
    "queen",
    "king",
    "emperor",
    "empress",
    "prince",
    "princess",
    "sultan",
    "emir",
    "crown",
    "secretary",
    "secretary-general",
    "chancellor",
    "chairman",
    "general",
    "gen.",
    "lt.",
    "col.",
    "colonel",
    "major",
    "commander",
    "former",
    "ex",
    "ex-soviet",
    "acting",
    "mr",
    "mr.",
    "mrs",
    "mrs.",
    "ms",
    "ms.",
    "dr",
    "dr.",
    "hojatolislam",
    "ayatollah",
    "sen.",
    "senator",
    "rep.",
    "gov.",
    "governor",
    "mayor",
    "vice",
    "deputy",
    "u.s.",
    "us",
    "un",
    "u.n.",
    "eu",
    "united",
    "leader",
    "congressman",
    "representative",
    "ambassador",
    "cardinal",
    "pope",
    "lord",
    "baroness",
    "lady",
    "sir",
    "dame",
    "his",
    "her",
    "the",
    "american",
    "russian",
    "soviet",
    "chinese",
    "british",
    "french",
    "german",
    "israeli",
    "iranian",
    "iraqi",
    "afghan",
    "indian",
    "pakistani",
    "japanese",
    "korean",
    "turkish",
    "syrian",
    "egyptian",
    "palestinian",
    "communist",
    "party",
    "moscow",
    "opposition",
    "rebel",
    "defense",
    "defence",
    "interior",
    "finance",
    "justice",
    "army",
    "military",
    "police",
    "spokesman",
    "official",
    "samdech",
    "sayyed",
    "sayyid",
    "sheikh",
    "shaikh",
    "haji",
    "hajj",
    "tun",
    "datuk",
    "dato",
    "tan",
    "sri",
    "h.e.",
    "president-elect",
    "chief",
}


def pick_primary(names: list[str]) -> list[str]:
    """Put first a bare name: 'Samdech Hun Sen' -> 'Hun Sen' (the titled form stays an alias)."""
    for i, n in enumerate(names):
        toks = n.split()
        while len(toks) > 2 and toks[0].lower() in TITLE_WORDS:
            toks = toks[1:]
        if len(toks) >= 2 and toks[0].lower() not in TITLE_WORDS:
            bare = " ".join(toks)
            rest = names[:i] + names[i + 1 :]
            return [bare] + ([n] if bare != n else []) + rest
    return names


def build_records(path: Path, role_phrases: set[str], cnames) -> tuple[list[dict], Counter]:
    entries = read_actor_file(path)
    stats: Counter = Counter()
    recs: OrderedDict[str, dict] = OrderedDict()
    for e in entries:
        typ = classify(e, path.name, cnames)
        names, stripped = entry_names(e, typ)
        name = names[0]
        aliases = [a for a in names[1:] if alias_ok(a, role_phrases)]
        stats["aliases_dropped"] += len(names) - 1 - len(aliases)
        rec: dict = {"id": slug(name), "type": typ, "name": name, "aliases": aliases,
                     **entry_codes(e, typ), "source": "phoenix", "_stripped": stripped}
        add_record(recs, rec, stats)
    out = []
    for r in recs.values():
        r.pop("_stripped", None)
        stats[r["type"]] += 1
        out.append(r)
    return out, stats


def _unique(names: list[str]) -> list[str]:
    """The names in order, each once (case-insensitively)."""
    seen: set[str] = set()
    out = []
    for n in names:
        if n.lower() not in seen:
            seen.add(n.lower())
            out.append(n)
    return out


def entry_names(e: dict, typ: str) -> tuple[list[str], bool]:
    """Display names, the primary first, and whether a title was stripped from it."""
    names = _unique([display_name(n[4:] if n.upper().startswith("THE ") and len(n.split()) > 1
                                  else n, org=typ != "person") for n in e["names"]])
    if typ != "person":
        return names, False
    first = names[0]
    names = pick_primary(names)
    return _unique(names), names[0] != first


def entry_codes(e: dict, typ: str) -> dict:
    """The record's "code", "roles" (dated codes) and "alt_codes", in the record's key order."""
    undated: list[str] = []
    roles: list[dict] = []
    for c in e["codes"]:
        if c["dated"]:
            r = {"code": c["code"], "start": c["start"], "end": c["end"]}
            if r not in roles:
                roles.append(r)
        elif c["code"] not in undated:
            undated.append(c["code"])
    roles.sort(key=lambda r: (r["start"] or "", r["end"] or "9999", r["code"]))
    out: dict = {}
    if typ == "country":
        open_roles = [r for r in roles if r["end"] is None]
        out["code"] = undated[0] if undated else (
            open_roles[-1]["code"] if open_roles else (roles[-1]["code"] if roles else None))
        if roles:
            out["roles"] = roles
        return out
    if roles:
        out["roles"] = roles
    if undated:
        out["code"] = undated[0]
        if len(undated) > 1:
            out["alt_codes"] = undated[1:]
    return out


def country_prefixes(rec: dict) -> set[str]:
    codes = [rec.get("code")] + [r["code"] for r in rec.get("roles", [])] + rec.get("alt_codes", [])
    return {c[:3] for c in codes if c}


def add_record(recs: OrderedDict[str, dict], rec: dict, stats: Counter) -> None:
    """Merge duplicates (same id, same type, shared country prefix); else disambiguate ids."""
    base = rec["id"]
    old = recs.get(base)
    if (
        old is not None
        and old["_stripped"]
        and not rec["_stripped"]
        and not (old["type"] == rec["type"] and country_prefixes(old) & country_prefixes(rec))
    ):
        # the plain spelling owns the plain id: 'Elizabeth II' (GBR) over 'Queen Elizabeth II'
        del recs[base]
        recs[base] = rec
        rec, base = old, base
    cand = base
    n = 1
    while cand in recs:
        old = recs[cand]
        if old["type"] == rec["type"] and country_prefixes(old) & country_prefixes(rec):
            merge_into(old, rec)
            stats["merged_duplicates"] += 1
            return
        n += 1
        pre = sorted(country_prefixes(rec))
        suffix = pre[0].lower() if pre and n == 2 else str(n)
        cand = f"{base}_{suffix}"
        if cand in recs and n == 2:
            cand = f"{base}_{n}"
    rec["id"] = cand
    if cand != base:
        stats["renamed_ids"] += 1
    recs[cand] = rec


def merge_into(old: dict, new: dict) -> None:
    low = {old["name"].lower()} | {a.lower() for a in old["aliases"]}
    for a in [new["name"]] + new["aliases"]:
        if a.lower() not in low:
            old["aliases"].append(a)
            low.add(a.lower())
    if new.get("roles"):
        roles = old.setdefault("roles", [])
        for r in new["roles"]:
            if r not in roles:
                roles.append(r)
        roles.sort(key=lambda r: (r["start"] or "", r["end"] or "9999", r["code"]))
    if new.get("code"):
        if not old.get("code"):
            old["code"] = new["code"]
        elif new["code"] != old["code"] and new["code"] not in old.get("alt_codes", []):
            old.setdefault("alt_codes", []).append(new["code"])
    # keep key order stable: source last
    src = old.pop("source")
    old["source"] = src


def write_jsonl(path: Path, recs: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as f:
        for r in recs:
            f.write(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n")


# --------------------------------------------------------------------------------------
# Agents -> roles


PLURAL_IRREGULAR = {
    "man": "men",
    "woman": "women",
    "child": "children",
    "person": "persons",
    "wife": "wives",
    "thief": "thieves",
    "chief": "chiefs",
    "staff": "staff",
    "police": "police",
    "personnel": "personnel",
    "people": "people",
    "militia": "militias",
    "clergy": "clergy",
    "military": "military",
    "media": "media",
    "press": "press",
    "intelligentsia": "intelligentsia",
}
NOT_MAN = {"human", "german", "roman", "ottoman", "shaman", "talisman", "caiman", "oman"}
PREPS = {"of", "for", "in", "on", "to", "at", "from", "with", "without", "under", "against"}
MINIST_FORMS = ["minister", "ministers", "ministry", "ministries"]


NO_PLURAL = {
    "aerospace",
    "enforcement",
    "intelligence",
    "security",
    "leadership",
    "management",
    "infantry",
    "artillery",
    "cavalry",
    "justice",
    "youth",
    "equipment",
    "information",
    "research",
    "aid",
    "news",
    "gendarmerie",
    "opposition",
}


def plural_word(w: str) -> str:
    if w in NO_PLURAL:
        return w
    if w in PLURAL_IRREGULAR:
        return PLURAL_IRREGULAR[w]
    if w.endswith("man") and w not in NOT_MAN:
        return w[:-3] + "men"
    if re.search(r"(s|x|z|ch|sh)$", w):
        return w + "es"
    if re.search(r"[^aeiou]y$", w):
        return w[:-1] + "ies"
    if w.endswith("fe") and w not in {"safe", "cafe"}:
        return w[:-2] + "ves"
    return w + "s"


def plural_phrase(p: str) -> str | None:
    toks = p.split()
    idx = len(toks) - 1
    for i, t in enumerate(toks):
        if i > 0 and t in PREPS:
            idx = i - 1
            break
    w = toks[idx]
    if not re.fullmatch(r"[a-z][a-z\-']*", w) or w.endswith("s") and not w.endswith("ss"):
        # already plural-looking ("forces", "affairs") or odd token: no plural
        if not w.endswith(("ss", "us", "is")):
            return None
    pw = plural_word(w)
    if pw == w:
        return None
    return " ".join(toks[:idx] + [pw] + toks[idx + 1 :])


def clean_phrase(s: str) -> str:
    s = s.replace("_", " ").lower()
    return re.sub(r"\s+", " ", s).strip()


_AGENT = re.compile(r"\s*([^\[{]+?)\s*(\{([^}]*)\})?\s*\[([^\]}]+)[\]}]")


def read_agents(path: Path) -> OrderedDict[str, list[str]]:
    subst: dict[str, list[str]] = {}
    by_sector: OrderedDict[str, list[str]] = OrderedDict()
    for ln, raw in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        line = raw.split("#", 1)[0]
        if "!" in line and "=" in line:
            m = re.match(r"\s*!(\w+)!\s*=\s*(.*)", line)
            if m:
                subst[m.group(1)] = [x.strip().lower() for x in m.group(2).split(",") if x.strip()]
            continue
        m = _AGENT.match(line)
        if not m:
            warn(f"{path.name}:{ln}: skipped {raw.strip()!r}")
            continue
        phrase_raw, code = m.group(1), m.group(4).strip()
        if "Ã" in phrase_raw or re.search(r"[^\x00-\x7f]", phrase_raw):
            warn(f"{path.name}:{ln}: skipped mis-encoded {phrase_raw.strip()!r}")
            continue
        phrases = agent_phrases(phrase_raw, m.group(2), m.group(3), subst, f"{path.name}:{ln}")
        if phrases is None:
            continue
        sector = code[1:] if code.startswith("~") else (code[:-1] if code.endswith("~")
                                                        else code)
        lst = by_sector.setdefault(sector, [])
        for p in phrases:
            p = re.sub(r"\s+", " ", p).strip()
            if p and p not in lst:
                lst.append(p)
    return by_sector


def agent_phrases(phrase_raw: str, has_pl: str | None, pl_raw: str | None,
                  subst: dict[str, list[str]], where: str) -> list[str] | None:
    """The phrases of one agent line: a substitution set expanded, the MINIST stem
    expanded, or the phrase with its plural (given in {braces} or regular)."""
    mm = re.search(r"!(\w+)!", phrase_raw)
    if mm:
        forms = subst.get(mm.group(1))
        if forms is None:
            warn(f"{where}: unknown substitution set {mm.group(0)}")
            return None
        return [clean_phrase(phrase_raw.replace(mm.group(0), f)) for f in forms]
    base = clean_phrase(phrase_raw)
    toks = base.split()
    if "minist" in toks:  # TABARI stem MINIST: expand like !MINIST!
        return [" ".join(f if t == "minist" else t for t in toks) for f in MINIST_FORMS]
    pl = clean_phrase(pl_raw or "") if has_pl is not None else plural_phrase(base)
    return [base, pl] if pl else [base]


def all_role_phrases(by_sector) -> set[str]:
    return {p for lst in by_sector.values() for p in lst}


def write_roles(path: Path, by_sector, src_cmd: str) -> int:
    header = (
        "# Role and sector nouns converted from Phoenix.agents.txt (PETRARCH/Phoenix\n"
        "# dictionaries, Copyright (c) 2014 Open Event Data Alliance, MIT licence; see\n"
        "# warta/data/actors/ATTRIBUTION.md for the licence text).\n"
        f"# Generated by: {src_cmd}\n"
        "# Do not edit by hand: edit roles.yaml instead, or change the converter.\n"
        "# Sector codes keep Phoenix's secondary role codes (e.g. GOVMED = GOV + MED).\n"
        "# Substitution sets (!PERSON!, !MINIST!) are expanded; regular plurals are added.\n"
    )
    items = []
    n = 0
    for sector in sorted(by_sector):
        phrases = sorted(set(by_sector[sector]))
        n += len(phrases)
        items.append({"phrases": phrases, "sector": sector, "head": False})
    body = yaml.safe_dump(
        items, allow_unicode=True, sort_keys=False, width=100, default_flow_style=None
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(header + body, encoding="utf-8")
    return n


ATTRIBUTION = """# Attribution: Phoenix actor dictionaries

The files `phoenix_countries.jsonl`, `phoenix_international.jsonl` and `phoenix_nonstate.jsonl`
in this directory, and `warta/lang/en/roles_phoenix.yaml`, are converted from the Phoenix
dictionaries of the PETRARCH event coder, published by the Open Event Data Alliance
(<https://github.com/openeventdata>) under the MIT licence:

| output | source file |
|---|---|
{table}

The source files themselves credit the Computational Event Data System Project
(<http://eventdata.parusanalytics.com>), CountryInfo.txt and the Penn State TOPS non-state
actor project; CAMEO funding by the US National Science Foundation.

Changes made by the conversion: names reformatted (`VLADIMIR_PUTIN_` -> "Vladimir Putin");
dated codes turned into ISO-dated roles; obsolete code TMP replaced by TLS; aliases that are
too ambiguous to match on their own dropped; duplicate entries merged.

`leaders_2018plus.jsonl` is curated by the warta project (source `warta`) and is not derived
from Phoenix.

Regenerate with (from the repository root):

    {command}

## Licence of the source dictionaries

```
{license}
```
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--src",
        default="../shared/reference/petrarch-dictionaries",
        help="directory with the Phoenix dictionaries (relative to the repo root)",
    )
    ap.add_argument("--out", default="warta/data/actors", help="output directory for actors")
    ap.add_argument(
        "--roles-out",
        default="warta/lang/en/roles_phoenix.yaml",
        help="output path for the converted agents (role nouns)",
    )
    args = ap.parse_args(argv)

    src = Path(args.src)
    if not src.is_absolute():
        src = (ROOT / src).resolve()
    out = Path(args.out)
    if not out.is_absolute():
        out = ROOT / out
    roles_out = Path(args.roles_out)
    if not roles_out.is_absolute():
        roles_out = ROOT / roles_out
    out.mkdir(parents=True, exist_ok=True)

    command = "python scripts/convert_petrarch.py"
    defaults = {
        "--src": "../shared/reference/petrarch-dictionaries",
        "--out": "warta/data/actors",
        "--roles-out": "warta/lang/en/roles_phoenix.yaml",
    }
    for opt, val in (("--src", args.src), ("--out", args.out), ("--roles-out", args.roles_out)):
        if val != defaults[opt]:
            command += f" {opt} {val}"

    by_sector = read_agents(src / AGENTS_FILE)
    n_roles = write_roles(roles_out, by_sector, command)
    print(
        f"{roles_out.relative_to(ROOT) if roles_out.is_relative_to(ROOT) else roles_out}: "
        f"{len(by_sector)} sectors, {n_roles} phrases"
    )
    role_phrases = all_role_phrases(by_sector)

    cnames = country_names()
    table = []
    for src_name, out_name in ACTOR_FILES:
        recs, stats = build_records(src / src_name, role_phrases, cnames)
        write_jsonl(out / out_name, recs)
        table.append(f"| `{out_name}` | `{src_name}` |")
        print(
            f"{out_name}: {len(recs)} records "
            + ", ".join(f"{k}={v}" for k, v in sorted(stats.items()))
        )
    table.append(f"| `warta/lang/en/roles_phoenix.yaml` | `{AGENTS_FILE}` |")

    lic = (src / "LICENSE").read_text(encoding="utf-8").strip()
    (out / "ATTRIBUTION.md").write_text(
        ATTRIBUTION.format(table="\n".join(table), command=command, license=lic), encoding="utf-8"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

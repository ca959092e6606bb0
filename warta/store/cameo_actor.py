"""CAMEO actor codes in parts, as GDELT 2.0 splits them: country, known group, ethnicity,
religion and up to three type codes; and a code built from its parts when only the parts are
known (a role noun with its sector, "polisi" -> COP; "Indonesian police" -> IDNCOP).

The code lists are GDELT's CAMEO lookup tables (CAMEO.country.txt, CAMEO.type.txt,
CAMEO.religion.txt) as GDELT publishes them with its codebook, plus PLOVER's sector codes
(PLOVER manual 0.8, "Sector Primary Code"), which warta's role dictionaries also use.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

# CAMEO country codes that are not ISO 3166 alpha-3: regions and former states.
REGION_CODES = frozenset({
    "AFR", "ASA", "BLK", "CRB", "CAU", "CFR", "CAS", "CEU", "EIN", "EAF", "EEU", "EUR", "LAM",
    "MEA", "MDT", "NAF", "NMR", "PGS", "SCN", "SAM", "SAS", "SEA", "SAF", "WAF", "WST", "WEU",
    "WSB", "GZS", "BAG", "DDR", "USR", "YUG", "CSK", "KSV", "KOS",
})
# GDELT's CAMEO.type.txt, and PLOVER's sectors (PTY, PRM, JRN, REL, SOC).
TYPE_CODES = frozenset({
    "COP", "GOV", "INS", "JUD", "MIL", "OPP", "REB", "SEP", "SPY", "UAF", "AGR", "BUS", "CRM",
    "CVL", "DEV", "EDU", "ELI", "ENV", "HLH", "HRI", "LAB", "LEG", "MED", "REF", "MOD", "RAD",
    "AMN", "IRC", "GRP", "UNO", "PKO", "UIS", "IGO", "IMG", "INT", "MNC", "NGM", "NGO", "SET",
    "PTY", "PRM", "JRN", "REL", "SOC",
})
# GDELT's CAMEO.religion.txt.
RELIGION_CODES = frozenset({
    "ADR", "ALE", "ATH", "BAH", "BUD", "CHR", "CON", "CPT", "CTH", "DOX", "DRZ", "HIN", "HSD",
    "ITR", "JAN", "JEW", "JHW", "LDS", "MOS", "MRN", "MUS", "OTH", "PAG", "PRO", "SHI", "SHN",
    "SIK", "SUN", "TAO", "UDR", "ZRO",
})
# Codes that open an organisation's code (IGOUNO, IMGMUSISI, MNCUSA...): a type, then the group.
ORGANISATION_PREFIXES = frozenset({"IGO", "NGO", "NGM", "MNC", "IMG", "INT", "ISM"})
# English names of the type codes, for GDELT's Actor Name when the actor has no name of its own.
TYPE_NAMES = {
    "COP": "POLICE", "GOV": "GOVERNMENT", "INS": "INSURGENTS", "JUD": "JUDICIARY",
    "MIL": "MILITARY", "OPP": "OPPOSITION", "REB": "REBELS", "SEP": "SEPARATISTS",
    "SPY": "INTELLIGENCE", "UAF": "ARMED FORCES", "AGR": "AGRICULTURE", "BUS": "BUSINESS",
    "CRM": "CRIMINALS", "CVL": "CIVILIANS", "DEV": "DEVELOPMENT", "EDU": "EDUCATION",
    "ELI": "ELITES", "ENV": "ENVIRONMENTAL", "HLH": "HEALTH", "HRI": "HUMAN RIGHTS",
    "LAB": "LABOR", "LEG": "LEGISLATURE", "MED": "MEDIA", "REF": "REFUGEES", "MOD": "MODERATES",
    "RAD": "RADICALS", "IGO": "INTERGOVERNMENTAL ORGANIZATION", "IMG": "MILITANTS",
    "NGO": "NONGOVERNMENTAL ORGANIZATION", "MNC": "MULTINATIONAL CORPORATION",
    "PTY": "POLITICAL PARTY", "PRM": "PARAMILITARY", "JRN": "JOURNALISTS", "REL": "RELIGIOUS",
    "SOC": "CIVIL SOCIETY", "PKO": "PEACEKEEPERS", "UNO": "UNITED NATIONS",
}


@cache
def iso3_codes() -> frozenset[str]:
    from warta.store.geo import countries

    return frozenset(countries())


def is_country(code: str | None) -> bool:
    """A CAMEO country code: ISO 3166 alpha-3 or one of CAMEO's regions and former states."""
    return bool(code) and (code in iso3_codes() or code in REGION_CODES)


@dataclass(frozen=True, slots=True)
class ActorParts:
    """GDELT's ten actor fields (Code, CountryCode, KnownGroupCode, ..., Type3Code)."""

    code: str | None
    country: str | None = None
    known_group: str | None = None
    ethnic: str | None = None
    religion1: str | None = None
    religion2: str | None = None
    types: tuple[str, ...] = ()

    @property
    def type_codes(self) -> tuple[str | None, str | None, str | None]:
        padded = (*self.types, None, None, None)
        return padded[0], padded[1], padded[2]


def split_code(code: str, country: str | None = None) -> ActorParts:
    """A CAMEO actor code in GDELT's parts: "RUSGOVMIL" -> RUS, types GOV, MIL;
    "IGOUNO" -> type IGO, known group UNO; "IMGMUSISI" -> type IMG, religion MUS, group ISI."""
    chunks = [code[i:i + 3] for i in range(0, len(code), 3) if len(code[i:i + 3]) == 3]
    found_country: str | None = None
    known: str | None = None
    religions: list[str] = []
    types: list[str] = []
    organisation = bool(chunks) and chunks[0] in ORGANISATION_PREFIXES
    for k, chunk in enumerate(chunks):
        if not chunk.isalpha():
            continue  # CAMEO's numeric ethnic/region qualifiers (e.g. "214")
        if k == 0 and is_country(chunk):
            found_country = chunk
        elif organisation and k > 0 and known is None and chunk not in RELIGION_CODES \
                and not is_country(chunk):
            known = chunk  # the organisation itself: IGO*UNO*, IMGMUS*ISI*
        elif chunk in RELIGION_CODES:
            religions.append(chunk)
        elif chunk in TYPE_CODES:
            types.append(chunk)
        elif is_country(chunk) and found_country is None:
            found_country = chunk  # MNCUSA: a US multinational
        elif known is None:
            known = chunk
    if found_country is None and is_country(country):
        found_country = country
    religion = (*religions, None, None)
    return ActorParts(code=code, country=found_country, known_group=known,
                      religion1=religion[0], religion2=religion[1], types=tuple(types[:3]))


def build_code(country: str | None, sector: str | None) -> ActorParts | None:
    """An actor with no code but a country and/or a sector, coded from the parts as GDELT
    composes codes (country + known group + type): IDN + COP -> "IDNCOP"; COP alone -> "COP"."""
    country = country if is_country(country) else None
    sector = sector if sector and len(sector) % 3 == 0 and sector.isalpha() else None
    if not country and not sector:
        return None
    return split_code(f"{country or ''}{sector or ''}", country)

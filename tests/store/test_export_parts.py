"""The parts the GDELT and PLOVER exports are built from: places, actor codes, background."""

from __future__ import annotations

import pytest

from warta.store.background import is_historical, period
from warta.store.cameo_actor import build_code, split_code
from warta.store.geo import COUNTRY, US_CITY, WORLD_CITY, country_of_name, resolve_place


def _place(name: str, country: str | None = None, text: str | None = None,
           geonameid: int | None = None) -> dict:
    return {"text": text or name, "name": name, "country": country, "lat": None, "lon": None,
            "geonameid": geonameid}


def test_a_country_is_type_1_with_its_centroid_and_english_name() -> None:
    syria = resolve_place(_place("Syria", "SYR"))
    assert syria is not None and syria.type == COUNTRY
    assert (syria.full_name, syria.fips, syria.feature_id) == ("Syria", "SY", "SY")
    assert 32 < syria.lat < 38 and 35 < syria.lon < 43
    # Indonesian text, as the Indonesian packs name places: the English name is written.
    europe_country = resolve_place(_place("Prancis", "FRA"))
    assert europe_country is not None and europe_country.full_name == "France"


def test_cities_labelled_as_countries_become_cities_of_the_right_country() -> None:
    # A capital used as a metonym carries its country but no gazetteer id.
    ankara = resolve_place(_place("Ankara", "TUR"))
    assert ankara is not None and ankara.type == WORLD_CITY
    assert (ankara.full_name, ankara.fips, ankara.iso3) == ("Ankara, Turkey", "TU", "TUR")
    assert ankara.geonameid and ankara.lat and ankara.adm1_code.startswith("TU")
    # "Brussels" coded as the EU (country IGO) is still Belgium's capital.
    brussels = resolve_place(_place("Brussels", "IGO"))
    assert brussels is not None and (brussels.iso3, brussels.type) == ("BEL", WORLD_CITY)
    # Not in warta's gazetteer, but in GeoNames' larger city list: Manbij, Syria.
    manbij = resolve_place(_place("Manbij"))
    assert manbij is not None and (manbij.iso3, manbij.type) == ("SYR", WORLD_CITY)
    la = resolve_place(_place("Los Angeles", "USA"))
    assert la is not None and la.type == US_CITY and la.adm1_code == "USCA"


def test_regions_and_unknown_names_have_no_geography() -> None:
    assert resolve_place(_place("Eropa")) is None
    assert resolve_place(_place("Europe")) is None
    assert resolve_place(_place("Baghuz")) is None  # in no offline gazetteer
    assert resolve_place(None) is None


def test_a_gazetteer_id_decides_and_names_are_english() -> None:
    geneva = resolve_place(_place("Geneva", "CHE", text="Jenewa", geonameid=2660646))
    assert geneva is not None and geneva.full_name == "Geneva, Switzerland"
    assert geneva.feature_id == "2660646" and geneva.fips == "SZ"


def test_country_of_an_uncoded_actor_name() -> None:
    assert country_of_name("US") == "USA"
    assert country_of_name(None, "Amerika Serikat") == "USA"
    assert country_of_name("Iran") == "IRN"
    assert country_of_name("us") is None  # abbreviations only as written
    assert country_of_name("Shamima Begum") is None


@pytest.mark.parametrize("code,country,known,religion,types", [
    ("RUSGOVMIL", "RUS", None, None, ("GOV", "MIL")),
    ("IGOUNO", None, "UNO", None, ("IGO",)),
    ("IMGMUSISI", None, "ISI", "MUS", ("IMG",)),
    ("IGOWSTNAT", "WST", "NAT", None, ("IGO",)),
    ("USA", "USA", None, None, ()),
])
def test_split_code_as_gdelt(code: str, country: str | None, known: str | None,
                             religion: str | None, types: tuple[str, ...]) -> None:
    parts = split_code(code)
    assert (parts.country, parts.known_group, parts.religion1, parts.types) == (
        country, known, religion, types)


def test_codes_are_built_from_country_and_sector() -> None:
    police = build_code("IDN", "COP")
    assert police is not None and police.code == "IDNCOP" and police.types == ("COP",)
    assert build_code(None, "COP").code == "COP"
    assert build_code("IGO", None) is None  # IGO is no country
    assert build_code(None, None) is None


def test_background_mentions() -> None:
    assert period("2018") == (period("2018-01-01")[0], period("2018-12-31")[1])
    assert period("2021-02")[1].day == 28 and period("bad") is None
    # A 2014 event in a 2019 article is background; last July is news.
    assert is_historical("2014", "explicit", "2019-03-26")
    assert not is_historical("2018-07", "relative", "2019-03-26")
    assert is_historical("2016-05-01", "explicit", "2018-02-01")
    # An event dated by its publication never is, nor one without a publication date.
    assert not is_historical("2014", "publication", "2019-03-26")
    assert not is_historical("2014", "explicit", None)


def test_roots_a_store_coded_before_the_manual_are_the_manuals() -> None:
    from warta.store.plover import current_root, plover_record

    assert current_root("YIELD", "0831") == "CONCEDE"
    assert current_root("YIELD", "0841") == "RETREAT"
    assert current_root("DEMAND", "100") == "REQUEST"
    assert current_root("CONSULT", "040") == "CONSULT"
    record = plover_record({"id": "e", "plover": "YIELD", "cameo": "0874",
                            "document_id": "d", "modality": "asserted"})
    assert record["event"] == ["RETREAT"] and record["quad_code"] == 2

"""Readout comparison on short multi-party reports, in English and in Indonesian.

The articles are synthetic but written the way wire reports of a bilateral meeting are: a
meeting sentence, then each side's readout of what was discussed, each attributed to its own
ministry. Each side stresses one issue the other does not mention.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from warta.cluster.compare import compare
from warta.cluster.store import cluster_store
from warta.model import Document
from warta.store import Store

PUBLISHED = "2022-06-08"
ENGLISH = (
    "JAKARTA (Reuters) - Indonesian Foreign Minister Retno Marsudi met Australian Foreign "
    "Minister Penny Wong in Jakarta on Tuesday.\n\n"
    "According to the Indonesian Foreign Ministry, the two ministers discussed maritime "
    "security and the crisis in Myanmar.\n\n"
    "Australia's Department of Foreign Affairs said the two ministers discussed climate change "
    "and maritime security.")
INDONESIAN = (
    "JAKARTA, KOMPAS.com - Menteri Luar Negeri Retno Marsudi bertemu Menteri Luar Negeri "
    "Australia Penny Wong di Jakarta pada Selasa.\n\n"
    "Menurut Kementerian Luar Negeri RI, kedua menteri membahas keamanan maritim dan krisis "
    "Myanmar.\n\n"
    "Sementara itu, Departemen Luar Negeri Australia menyatakan bahwa kedua menteri membahas "
    "perubahan iklim dan keamanan maritim.")


@pytest.fixture(scope="module")
def coded(real_pipeline) -> dict[str, Document]:
    return {lang: real_pipeline.process(Document(raw=text, language_hint=lang,
                                                 published=PUBLISHED))
            for lang, text in (("en", ENGLISH), ("id", INDONESIAN))}


@pytest.fixture
def store(coded: dict[str, Document]) -> Iterator[Store]:
    with Store(":memory:") as opened:
        for doc in coded.values():
            opened.write(doc)
        opened.flush()
        cluster_store(opened)
        yield opened


@pytest.mark.parametrize("lang", ["en", "id"])
def test_each_ministry_has_its_readout_and_its_own_issue(store: Store,
                                                         coded: dict[str, Document],
                                                         lang: str) -> None:
    result = compare(store, coded[lang].id)
    by_code = {p["code"]: p for p in result["parties"]}
    assert set(by_code) == {"IDNGOV", "AUSGOV"}, result["parties"]
    assert set(by_code["IDNGOV"]["issues"]) == {"maritime_security", "myanmar"}
    assert set(by_code["AUSGOV"]["issues"]) == {"climate_change", "maritime_security"}
    assert result["issues"]["shared"] == ["maritime_security"]
    only = result["issues"]["only"]
    assert only[by_code["IDNGOV"]["party"]] == ["myanmar"]
    assert only[by_code["AUSGOV"]["party"]] == ["climate_change"]
    # A reciprocal meeting is recorded both ways but is one claim of each party.
    assert all(p["n_claims"] == 1 for p in result["parties"])
    assert result["unattributed_claims"] == 1  # the meeting sentence itself


def test_one_meeting_across_both_languages(store: Store, coded: dict[str, Document]) -> None:
    meeting = next(e for e in coded["en"].events if e.plover == "CONSULT" and e.sentence == 0)
    result = compare(store, meeting.id)
    assert result["scope"]["kind"] == "event" and result["scope"]["cluster"]
    assert {d["language"] for d in result["scope"]["documents"]} == {"en", "id"}
    claims = [c for p in result["parties"] for c in p["claims"]]
    assert {c["document_id"] for c in claims} == {coded["en"].id, coded["id"].id}
    assert {p["code"] for p in result["parties"]} == {"IDNGOV", "AUSGOV"}

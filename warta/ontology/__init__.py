"""CAMEO and PLOVER tables: codes, names, Goldstein scores, QuadClass and the CAMEO→PLOVER map.

The tables are data files beside this module (sources and licences in cameo-codes.LICENSE.md and
the header of CAMEO2PLOVER-2021.txt).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

# The 16 roots of the current PLOVER manual. Older gold (PLV, the 2016 gold standard) merges
# CONCEDE (verbal) and RETREAT (material) as YIELD: see `OLD_ROOTS`.
PLOVER_ROOTS = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
# Old names → current roots (YIELD is one of two: scoring maps CONCEDE/RETREAT to YIELD).
OLD_ROOTS = {"YIELD": ("CONCEDE", "RETREAT"), "DEMAND": ("REQUEST",),
             "DISAPPROVE": ("ACCUSE",), "INVESTIGATE": ("ACCUSE",), "FIGHT": ("ASSAULT",)}

# PLOVER roots by CAMEO root, for codes the conversion table leaves out (it has no 01/02 rows):
# 02 "Appeal" and 10 "Demand" are both REQUEST in PLOVER; 01 statements are not PLOVER events.
_ROOT_DEFAULT = {
    "02": "REQUEST", "03": "AGREE", "04": "CONSULT", "05": "SUPPORT", "06": "COOPERATE",
    "07": "AID", "08": "CONCEDE", "09": "ACCUSE", "10": "REQUEST", "11": "ACCUSE", "12": "REJECT",
    "13": "THREATEN", "14": "PROTEST", "15": "MOBILIZE", "16": "SANCTION", "17": "COERCE",
    "18": "ASSAULT", "19": "ASSAULT", "20": "ASSAULT",
}
# Note that the 2021 table files 163 (embargo, boycott, sanctions) under COERCE, as the PLV
# gold does; PLOVER's SANCTION is reducing relations.
_RENAME: dict[str, str] = {}

# The CAMEO code of an event whose PLOVER root is all that is known (the event model decides
# roots, not codes): each root's general code.
GENERAL_CODES = {
    "AGREE": "030", "CONSULT": "040", "SUPPORT": "050", "CONCEDE": "080", "COOPERATE": "060",
    "AID": "070", "RETREAT": "084", "REQUEST": "100", "ACCUSE": "110", "REJECT": "120",
    "THREATEN": "130", "PROTEST": "140", "SANCTION": "160", "MOBILIZE": "150", "COERCE": "170",
    "ASSAULT": "190",
}

# Types that are mutual by nature: "Putin talked with Biden" is also "Biden talked with Putin".
RECIPROCAL_ROOTS = frozenset({"CONSULT", "AGREE", "COOPERATE"})

# PLOVER's penta/QuadClass: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
# 4 material conflict (GDELT's QuadClass uses the same split by CAMEO root).
_QUAD_BY_PLOVER = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "REQUEST": 1,
    "CONCEDE": 1, "COOPERATE": 2, "AID": 2, "RETREAT": 2,
    "ACCUSE": 3, "REJECT": 3, "THREATEN": 3,
    "PROTEST": 4, "SANCTION": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}


@dataclass(frozen=True, slots=True)
class CameoCode:
    code: str
    name: str
    goldstein: float
    root: str
    plover: str | None
    mode: str | None
    context: str | None
    quad_class: int

    @property
    def base(self) -> str:
        return self.code[:3]


def _read(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


@cache
def cameo_table() -> dict[str, CameoCode]:
    mapping: dict[str, tuple[str, str | None, str | None]] = {}
    for line in _read("CAMEO2PLOVER-2021.txt").splitlines():
        m = re.match(r"^(\d{2,4}):\s*([^#]*)", line)
        if not m:
            continue
        parts = [p.strip() for p in m.group(2).split(",")]
        root = _RENAME.get(parts[0], parts[0])
        mode = parts[1] if len(parts) > 1 and parts[1] else None
        context = parts[2].replace(";", ",").strip() if len(parts) > 2 and parts[2] else None
        mapping[m.group(1)] = (root, mode, context)
    table: dict[str, CameoCode] = {}
    for row in csv.DictReader(_read("cameo-codes.csv").splitlines()):
        code = row["code"].strip()
        root = code[:2]
        plover, mode, context = mapping.get(code, (None, None, None))
        if plover not in PLOVER_ROOTS:
            plover = _ROOT_DEFAULT.get(root)
        table[code] = CameoCode(
            code=code,
            name=row["name"].strip(),
            goldstein=float(row["goldstein"] or 0.0),
            root=root,
            plover=plover,
            mode=mode,
            context=context,
            quad_class=_QUAD_BY_PLOVER.get(plover or "", 0),
        )
    return table


def lookup(code: str) -> CameoCode:
    """The CAMEO code's record; raises KeyError for a code the codebook does not have."""
    return cameo_table()[code]


def quad_class(plover: str) -> int:
    return _QUAD_BY_PLOVER.get(plover, 0)

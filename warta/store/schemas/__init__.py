"""JSON Schemas of warta's exports (`plover.schema.json`: the PLOVER manual's record)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def plover_schema() -> dict[str, Any]:
    """The JSON Schema of one PLOVER record, written from the PLOVER manual (draft 0.8)."""
    text = resources.files(__package__).joinpath("plover.schema.json").read_text("utf-8")
    return json.loads(text)

"""Input readers: text, HTML, JSONL, directories and stdin to `Document` or `Skipped` items."""

from warta.ingest.common import normalise_date
from warta.ingest.sources import read_inputs

__all__ = ["normalise_date", "read_inputs"]

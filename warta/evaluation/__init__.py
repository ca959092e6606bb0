"""Scoring warta against gold data: PLV pairs, the PLOVER GSR, warta's own JSONL gold, CoNLL NER.

Each format module reads its gold file and returns an `EvalResult` (`report.py`), which the
CLI prints as a readable report or as one JSON object. Every evaluator takes the pipeline to
code with, so one `Pipeline` instance serves a whole run and tests can substitute a stub.
"""

from __future__ import annotations

from warta.evaluation.report import ErrorCase, EvalResult

__all__ = ["EvalResult", "ErrorCase"]

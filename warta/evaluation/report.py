"""An evaluation's result: one JSON object, or a readable report (per-class scores, the
confusion matrix and the worst errors with their sentences)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from rich.console import Console
from rich.table import Table

WORST = 20  # errors shown in the readable report


@dataclass(slots=True)
class ErrorCase:
    """One wrong or missing prediction, with what is needed to read it."""

    sentence: str
    gold: str
    predicted: str
    severity: float  # larger is worse; errors are listed worst first
    detail: str = ""
    item: str = ""  # id or line number of the gold item


@dataclass(slots=True)
class EvalResult:
    format: str
    mode: str | None
    n: int
    accuracy: float | None
    macro_f1: float | None
    micro_f1: float | None
    per_class: dict[str, dict[str, float]]
    confusion: dict[str, dict[str, int]] | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # quad/actor accuracy, method counts
    errors: list[ErrorCase] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def worst(self, k: int = WORST) -> list[ErrorCase]:
        return sorted(self.errors, key=lambda e: -e.severity)[:k]

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "format": self.format, "mode": self.mode, "n": self.n,
            "accuracy": self.accuracy, "macro_f1": self.macro_f1, "micro_f1": self.micro_f1,
            "per_class": self.per_class,
        }
        out.update(self.extra)
        if self.confusion is not None:
            out["confusion"] = self.confusion
        out["worst_errors"] = [
            {"item": e.item, "sentence": e.sentence, "gold": e.gold, "predicted": e.predicted,
             "detail": e.detail} for e in self.worst()]
        out["notes"] = self.notes
        return out

    def dumps(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False, indent=1)


def _fmt(v: Any) -> str:
    if v is None:
        return "–"
    if isinstance(v, float):
        return f"{v:.3f}"
    return str(v)


def print_report(console: Console, result: EvalResult) -> None:
    title = f"warta eval · {result.format}" + (f" · {result.mode}" if result.mode else "")
    console.rule(title)
    head = Table.grid(padding=(0, 2))
    head.add_row("items", _fmt(result.n))
    for key in ("accuracy", "macro_f1", "micro_f1"):
        head.add_row(key, _fmt(getattr(result, key)))
    for key, value in result.extra.items():
        if not isinstance(value, dict | list):
            head.add_row(key, _fmt(value))
    console.print(head)
    for key, value in result.extra.items():
        if isinstance(value, dict):
            _print_nested(console, key, value)

    table = Table(title="per class", show_lines=False)
    for col in ("class", "precision", "recall", "F1", "support", "tp", "fp", "fn"):
        table.add_column(col, justify="left" if col == "class" else "right")
    for label, row in sorted(result.per_class.items(), key=lambda kv: -kv[1]["support"]):
        table.add_row(label, *(_fmt(row.get(k)) for k in
                               ("precision", "recall", "f1", "support", "tp", "fp", "fn")))
    console.print(table)

    if result.confusion:
        _print_confusion(console, result.confusion)

    _print_errors(console, result)
    for note in result.notes:
        console.print(f"note: {note}", style="dim", highlight=False)


def _print_errors(console: Console, result: EvalResult) -> None:
    worst = result.worst()
    if not worst:
        return
    console.rule(f"{len(worst)} worst errors (of {len(result.errors)})")
    for k, err in enumerate(worst, 1):
        console.print(f"[bold]{k}.[/bold] gold [green]{err.gold}[/green] · predicted "
                      f"[red]{err.predicted}[/red]" + (f" · {err.item}" if err.item else ""),
                      highlight=False)
        console.print(f"   {err.sentence}", highlight=False, markup=False)
        if err.detail:
            console.print(f"   {err.detail}", style="dim", highlight=False, markup=False)


def _print_nested(console: Console, key: str, value: dict[str, Any]) -> None:
    """A dict of figures on one line ("methods: pair=354, ..."); nested dicts recurse."""
    flat = {k: v for k, v in value.items() if not isinstance(v, dict | list)}
    if flat:
        console.print(f"{key}: " + ", ".join(f"{k}={_fmt(v)}" for k, v in flat.items()),
                      highlight=False, markup=False)
    for k, v in value.items():
        if isinstance(v, dict):
            _print_nested(console, f"{key}.{k}", v)


def _print_confusion(console: Console, matrix: dict[str, dict[str, int]]) -> None:
    predicted = sorted({p for row in matrix.values() for p in row})
    table = Table(title="confusion (rows gold, columns predicted)")
    table.add_column("gold \\ pred")
    for p in predicted:
        table.add_column(p[:4], justify="right")
    for g, row in matrix.items():
        cells = []
        for p in predicted:
            n = row.get(p, 0)
            cells.append("·" if n == 0 else (f"[bold]{n}[/bold]" if p == g else str(n)))
        table.add_row(g, *cells)
    console.print(table)

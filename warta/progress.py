"""What a run tells while it runs: a progress bar on a terminal, or JSON lines for machines.

The bar appears only once a run has lasted a moment (a one-file run should print no bar),
and never when stderr is not a terminal; `--log-json` writes one JSON object per line to
stderr instead: every skipped input and metadata warning as it happens, progress every half
second, the summary, and the error that ends a run that coded nothing. Every line begins with
`time` (UTC, ISO 8601 with milliseconds) and `level` (`info` for progress and the summary,
`warning` for skipped inputs and metadata warnings, `error` for what ends the run):

    {"time": "2026-12-04T05:30:00.123Z", "level": "warning", "event": "skipped", ...}
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import IO, Any

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from warta.runner import Outcome, Totals, document_warnings

BAR_AFTER = 1.0  # seconds before a bar is worth showing
LOG_EVERY = 0.5  # seconds between JSON progress lines


class StrictSkip(Exception):
    """--strict: an input was skipped."""

    def __init__(self, origin: str, reason: str):
        super().__init__(f"--strict: {origin} was skipped: {reason}; fix or remove that "
                         "input, or run without --strict to skip it and go on")


class Reporter:
    def __init__(self, *, bar: bool, log_json: bool, stream: IO[str] | None = None):
        self.stream = stream or sys.stderr
        self.log_json = log_json
        self.bar_wanted = bar and not log_json and self.stream.isatty()
        self.started = time.monotonic()
        self.counts = {"documents": 0, "coded": 0, "events": 0, "skipped": 0, "already": 0}
        self._progress: Progress | None = None
        self._task: Any = None
        self._last_log = self.started

    def __enter__(self) -> Reporter:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._refresh()
            self._progress.stop()

    def rate(self) -> float:
        elapsed = time.monotonic() - self.started
        return self.counts["documents"] / elapsed if elapsed > 0 else 0.0

    def watch(self, outcomes: Iterable[Outcome], *, strict: bool = False) -> Iterator[Outcome]:
        """Pass `outcomes` through, counting them; with `strict`, the first skipped input
        ends the run (StrictSkip) once it has been recorded."""
        for outcome in outcomes:
            self.update(outcome)
            yield outcome
            if strict and outcome.status == "skipped" and outcome.skipped is not None:
                raise StrictSkip(outcome.skipped.origin, outcome.skipped.reason)

    def update(self, outcome: Outcome) -> None:
        counts = self.counts
        counts["documents"] += 1
        if outcome.status == "coded":
            counts["coded"] += 1
            counts["events"] += len(outcome.records)
            if self.log_json:
                for origin, message in document_warnings(outcome.document):
                    self._log({"event": "warning", "origin": origin, "message": message},
                              level="warning")
        elif outcome.status == "already":
            counts["already"] += 1
        else:
            counts["skipped"] += 1
            if self.log_json and outcome.skipped is not None:
                self._log({"event": "skipped", "origin": outcome.skipped.origin,
                           "reason": outcome.skipped.reason}, level="warning")
        now = time.monotonic()
        if self.log_json and now - self._last_log >= LOG_EVERY:
            self._last_log = now
            self._log({"event": "progress", **counts, "documents_per_s": round(self.rate(), 2)})
        if self.bar_wanted:
            if self._progress is None and now - self.started >= BAR_AFTER:
                self._start_bar()
            if self._progress is not None:
                self._refresh()

    def finish(self, totals: Totals, elapsed: float | None = None, *,
               interrupted: bool = False) -> None:
        """The closing summary as JSON (the human tally is printed by the CLI)."""
        if not self.log_json:
            return
        record = {"event": "summary", "coded": totals.coded, "events": totals.events,
                  "skipped": len(totals.skipped), "already": totals.already,
                  "warnings": len(totals.warnings),
                  "seconds": round(elapsed or time.monotonic() - self.started, 3)}
        if interrupted:
            record["interrupted"] = True
        self._log(record)

    def error(self, message: str) -> None:
        """What ends the run (every input skipped, nothing found), as an `error` line."""
        if self.log_json:
            self._log({"event": "error", "message": message}, level="error")

    def _log(self, record: dict[str, Any], *, level: str = "info") -> None:
        line = {"time": timestamp(), "level": level, **record}
        self.stream.write(json.dumps(line, ensure_ascii=False) + "\n")
        self.stream.flush()

    def _start_bar(self) -> None:
        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.fields[text]}"),
            TimeElapsedColumn(),
            console=Console(file=self.stream),
            transient=False,
        )
        self._task = self._progress.add_task("coding", total=None, text="")
        self._progress.start()

    def _refresh(self) -> None:
        assert self._progress is not None
        c = self.counts
        text = (f"{c['documents']} documents · {c['events']} events · {c['skipped']} skipped"
                f" · {c['already']} already · {self.rate():.1f} docs/s")
        self._progress.update(self._task, text=text)


def timestamp(now: datetime | None = None) -> str:
    """UTC, ISO 8601 with milliseconds and a Z: 2026-12-04T05:30:00.123Z."""
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"

"""Progress: a bar on a terminal once a run lasts, JSON lines with --log-json, --strict."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

import warta.progress
from warta.model import Skipped
from warta.progress import Reporter, StrictSkip, timestamp
from warta.runner import Outcome, Totals


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def outcomes() -> list[Outcome]:
    return [Outcome("coded", records=[{}, {}]), Outcome("already"),
            Outcome("skipped", skipped=Skipped("x.bin", "binary file: not text"))]


def test_bar_shows_counts_and_rate_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(warta.progress, "BAR_AFTER", 0.0)
    screen = Terminal()
    with Reporter(bar=True, log_json=False, stream=screen) as reporter:
        list(reporter.watch(outcomes()))
    assert "3 documents · 2 events · 1 skipped · 1 already" in screen.getvalue()
    assert "docs/s" in screen.getvalue()


def test_no_bar_when_not_a_terminal_or_quiet() -> None:
    for stream, bar in ((io.StringIO(), True), (Terminal(), False)):
        with Reporter(bar=bar, log_json=False, stream=stream) as reporter:
            list(reporter.watch(outcomes()))
        assert stream.getvalue() == ""


def test_log_json_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(warta.progress, "LOG_EVERY", 0.0)
    stream = io.StringIO()
    reporter = Reporter(bar=True, log_json=True, stream=stream)
    totals = Totals()
    for outcome in reporter.watch(outcomes()):
        totals.add(outcome)
    reporter.finish(totals)
    stamped = [json.loads(line) for line in stream.getvalue().splitlines()]
    lines = [{k: v for k, v in line.items() if k not in ("time", "level")} for line in stamped]
    assert {"event": "skipped", "origin": "x.bin", "reason": "binary file: not text"} in lines
    assert lines[-2]["event"] == "progress" and lines[-2]["documents"] == 3
    assert lines[-1] | {"seconds": 0} == {"event": "summary", "coded": 1, "events": 2,
                                          "skipped": 1, "already": 1, "warnings": 0,
                                          "seconds": 0}


def test_strict_raises_after_the_skipped_input_is_passed_on() -> None:
    seen = []
    with pytest.raises(StrictSkip, match="x.bin was skipped: binary file"):
        for outcome in Reporter(bar=False, log_json=False).watch(outcomes(), strict=True):
            seen.append(outcome.status)
    assert seen == ["coded", "already", "skipped"]


def test_log_json_lines_begin_with_a_utc_timestamp_and_a_level(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(warta.progress, "LOG_EVERY", 0.0)
    stream = io.StringIO()
    reporter = Reporter(bar=False, log_json=True, stream=stream)
    totals = Totals()
    for outcome in reporter.watch(outcomes()):
        totals.add(outcome)
    reporter.finish(totals)
    reporter.error("every input was skipped")
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    for line in lines:
        assert list(line)[:3] == ["time", "level", "event"]
        moment = datetime.fromisoformat(line["time"])
        assert line["time"].endswith("Z") and moment.utcoffset() == timedelta(0)
        assert abs(datetime.now(UTC) - moment) < timedelta(minutes=5)
    levels = {line["event"]: line["level"] for line in lines}
    assert levels == {"skipped": "warning", "progress": "info", "summary": "info",
                      "error": "error"}
    assert lines[-1]["message"] == "every input was skipped"


def test_timestamp_is_utc_with_milliseconds() -> None:
    local = datetime(2026, 12, 4, 12, 30, 0, 123456, tzinfo=timezone(timedelta(hours=7)))
    assert timestamp(local) == "2026-12-04T05:30:00.123Z"

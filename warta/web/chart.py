"""Geometry of the dyad timeline chart, rendered as inline SVG by the template.

Cooperation (QuadClass 1-2) rises above the axis, conflict (3-4) falls below it, and the mean
Goldstein score (-10..+10) is a line over both: one glance shows the pair's mood per period.
"""

from __future__ import annotations

from typing import Any

HEIGHT = 340
TOP, BOTTOM, LEFT, RIGHT = 28, 56, 48, 48
MIN_WIDTH = 760
STEP = 72  # least horizontal room per period; a few periods share the minimum width
BAR = 28


def timeline_chart(points: list[dict[str, Any]]) -> dict[str, Any]:
    width = max(MIN_WIDTH, LEFT + RIGHT + STEP * max(1, len(points)))
    step = (width - LEFT - RIGHT) / max(1, len(points))
    half = (HEIGHT - TOP - BOTTOM) / 2
    axis = TOP + half
    peak = max([1] + [max(p["cooperation"], p["conflict"]) for p in points])
    columns, line = [], []
    for index, point in enumerate(points):
        centre = LEFT + step * index + step / 2
        up = half * point["cooperation"] / peak
        down = half * point["conflict"] / peak
        goldstein = point["mean_goldstein"]
        gy = axis - half * goldstein / 10 if goldstein is not None else None
        if gy is not None:
            line.append(f"{centre:.1f},{gy:.1f}")
        columns.append({
            "period": point["period"], "x": centre - BAR / 2, "centre": centre,
            "coop_y": axis - up, "coop_h": up, "conf_y": axis, "conf_h": down,
            "gy": gy, "point": point,
        })
    return {"width": width, "height": HEIGHT, "axis": axis, "top": TOP, "left": LEFT,
            "right": width - RIGHT, "bottom": HEIGHT - BOTTOM, "half": half, "peak": peak,
            "columns": columns, "line": " ".join(line), "bar": BAR, "step": step}

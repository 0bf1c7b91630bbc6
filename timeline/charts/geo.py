"""The map: events placed by their lat/lon, coloured like the timeline, sized by troops, drawn over
world geometry that ships with the project (no tile server, no CDN)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from timeline.data import fields, names
from timeline.data.model import Taxonomy
from timeline.present import (
    FONT_SIZE,
    UNKNOWN_COLOUR,
    describe_span,
    layout,
    palette,
    plotly_text,
)

# As tall as a 1366x768 screen leaves under the page's controls: a map is read by its size.
# On a wider main area the map grows with it (map_height), up to what 1920x1080 leaves.
HEIGHT = 640
MAX_HEIGHT = 820
HEIGHT_PER_WIDTH = 0.56

# Plotly's geo fetches <topojsonURL><scope>_<resolution>m.json; static/world_110m.json ships with
# the project and Streamlit serves static/ at app/static/, relative to the page.
TOPOJSON_URL = "app/static/"
RESOLUTION = 110
# The view spans the events plus this share of their extent each side, and at least this many
# degrees, so that one event or a tight cluster still shows the countries around it.
PAD_SHARE = 0.25
MIN_DEGREES = 16.0
# The map is about twice as wide as it is tall; a view much wider than that would leave a thin
# strip of map, so its latitudes are widened to at least this share of its longitudes.
LAT_PER_LON = 0.4
# Marker area grows with the number of troops: a tenfold figure is a marker about three times
# as wide. Events without a figure get the smallest size.
SIZE_MIN, SIZE_MAX = 10.0, 34.0
# The sea, light enough for dark text and markers of every palette on it.
OCEAN = "rgba(86, 180, 233, 0.12)"


def located(df: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """The events that carry both lat and lon, and how many do not."""
    has = df["lat"].notna() & df["lon"].notna()
    return df[has], int((~has).sum())


def view_range(lat: pd.Series, lon: pd.Series) -> tuple[list[float], list[float]]:
    """([south, north], [west, east]) of a view that holds every point, padded.

    view_range(pd.Series([50.0]), pd.Series([36.0])) == ([42.0, 58.0], [28.0, 44.0])
    """

    def padded(values: pd.Series, least: float, limit: float) -> list[float]:
        low, high = float(values.min()), float(values.max())
        half = max((high - low) * (1 + 2 * PAD_SHARE), least) / 2
        middle = (low + high) / 2
        return [max(middle - half, -limit), min(middle + half, limit)]

    west, east = padded(lon, MIN_DEGREES, 180.0)
    return padded(lat, max(MIN_DEGREES, (east - west) * LAT_PER_LON), 90.0), [west, east]


def marker_sizes(troops: pd.Series) -> np.ndarray:
    """Marker diameters in pixels: by the square root of troops, scaled to the largest figure.

    marker_sizes(pd.Series([None, 1000, 100_000], dtype="Int64")) == [10.0, 12.4, 34.0]
    """
    values = troops.astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    largest = np.nanmax(values) if np.isfinite(values).any() else math.nan
    if not largest > 0:
        return np.full(len(values), SIZE_MIN)
    scaled = np.sqrt(np.clip(values, 0, None) / largest)
    return np.where(np.isfinite(scaled), SIZE_MIN + scaled * (SIZE_MAX - SIZE_MIN), SIZE_MIN)


def hover(df: pd.DataFrame, taxonomy: Taxonomy | None) -> list[str]:
    """The hover text of each event: title, claimant, where, when, troops; data text escaped."""
    texts = []
    for row in df.itertuples(index=False):
        country = names.label("claimant_country", row.claimant_country, taxonomy)
        place = row.location if isinstance(row.location, str) else f"{row.lat:.2f}, {row.lon:.2f}"
        when = describe_span(row.start, row.end, row.precision, row.qualifier)
        lines = [
            f"<b>{plotly_text(row.title)}</b>",
            f"{plotly_text(row.claimant)} · {plotly_text(country)}",
            f"{plotly_text(place)} · {when}",
        ]
        if not pd.isna(row.troops):
            kind = names.label("troops_kind", row.troops_kind, taxonomy)
            upto = "" if pd.isna(row.troops_max) else f" to {row.troops_max:,}"
            lines.append(f"{row.troops:,}{upto} troops ({plotly_text(kind)})")
        texts.append("<br>".join(lines))
    return texts


def map_height(width: int | None) -> int:
    """The map's height for a main area `width` pixels wide (None: not yet known): HEIGHT at
    least, then growing with the width, as the world at this projection is about twice as wide
    as tall and a wide box left empty either side would waste the screen.

    map_height(880) == 640; map_height(1430) == 800
    """
    if width is None:
        return HEIGHT
    return int(min(max(HEIGHT, width * HEIGHT_PER_WIDTH), MAX_HEIGHT))


def map_figure(
    df: pd.DataFrame, taxonomy: Taxonomy | None, *, colour: str, height: int = HEIGHT
) -> go.Figure:
    """The located events of `df` on a world map, one trace per value of `colour`.

    Every trace carries the event id as customdata[0], so a click opens its card. The view
    opens on the region the events span.
    """
    points, _ = located(df)
    colours = palette(taxonomy, colour)
    named = names.labels(points, colour, taxonomy)
    sizes = pd.Series(marker_sizes(points["troops"]), index=points.index)
    texts = pd.Series(hover(points, taxonomy), index=points.index, dtype=object)
    figure = go.Figure()
    for value, name in named.items():
        rows = points[points[colour] == value]
        figure.add_trace(
            go.Scattergeo(
                lat=rows["lat"],
                lon=rows["lon"],
                name=plotly_text(name),
                customdata=rows[["id"]].to_numpy(),
                hovertext=texts[rows.index],
                hoverinfo="text",
                mode="markers",
                marker={
                    "size": sizes[rows.index],
                    "color": colours.get(value, UNKNOWN_COLOUR),
                    "opacity": 0.8,
                    "line": {"width": 1, "color": "#FFFFFF"},
                },
            )
        )
    geo: dict = {
        "scope": "world",
        "resolution": RESOLUTION,
        "projection": {"type": "mercator"},
        "showcountries": True,
        "showland": True,
        "landcolor": "rgba(160, 160, 160, 0.25)",
        "countrycolor": "rgba(128, 128, 128, 0.8)",
        "coastlinecolor": "rgba(128, 128, 128, 0.8)",
        "showocean": True,
        "oceancolor": OCEAN,
        "bgcolor": "rgba(0, 0, 0, 0)",
    }
    if not points.empty:
        lat, lon = view_range(points["lat"], points["lon"])
        geo |= {"lataxis": {"range": lat}, "lonaxis": {"range": lon}}
    return figure.update_layout(
        layout(
            geo=geo,
            # Shown for a single trace too: the legend is where a reader learns what a colour means.
            showlegend=True,
            # Sizes set here, not left to a theme, which fills in 11 px where a key is unset.
            legend={
                "title": {"text": fields.COLOURS[colour], "font": {"size": FONT_SIZE}},
                "font": {"size": FONT_SIZE},
                "y": 1,
            },
            margin={"l": 0, "r": 0, "t": 50, "b": 0},
            height=height,
        )
    )

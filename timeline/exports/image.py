"""The chart as an image: the print-styled timeline figure, drawn to PNG or SVG by kaleido."""

from __future__ import annotations

import atexit
import re
import threading
from typing import Any

import pandas as pd

from timeline.charts.print_style import LABEL_EM, LABEL_SIZE, PLOT_WIDTH_LOST, print_style
from timeline.charts.timeline import timeline_figure
from timeline.data.load import Dataset
from timeline.exports.options import ExportOptions
from timeline.exports.window import scope, shown
from timeline.exports.words import counts, heading, source_line

# Characters XML 1.0 forbids: SVG and PowerPoint's XML cannot hold them.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def drawable(events: pd.DataFrame) -> pd.DataFrame:
    """The events with the control characters XML forbids taken out of their texts (a copy,
    when there are any): the chart is drawn as SVG, which cannot hold them."""
    texts = [c for c in events.columns if events[c].dtype == object or events[c].dtype == "str"]
    bad = [c for c in texts if events[c].astype("string").str.contains(NOT_XML, na=False).any()]
    if not bad:
        return events
    return events.assign(
        **{c: events[c].astype("string").str.replace(NOT_XML, "", regex=True) for c in bad}
    )


def chart(
    events: pd.DataFrame, dataset: Dataset, options: ExportOptions, label_size: int = LABEL_SIZE
) -> dict[str, Any]:
    """A fresh timeline figure of the events in the options' window (window.shown), styled for
    print at the options' size with labels `label_size` px, as the plain dict plotly.js reads
    (print_style)."""
    view = shown(drawable(events), dataset, options)
    figure = timeline_figure(
        view.events,
        dataset.taxonomy,
        lane=options.lane,
        colour=options.colour,
        axis=options.axis,
        window=view.span(options.axis),
        height=options.height,
        # Labels are thinned for the room the plot has in print, so none runs off its edge.
        width=options.width - PLOT_WIDTH_LOST,
        label_size=label_size,
        label_em=LABEL_EM,
    )
    subtitle = scope(view, options, dataset)
    if not view.events.empty:
        subtitle += f" · {counts(view.events)}"
    return print_style(
        figure,
        title=heading(dataset, options)[0],
        subtitle=subtitle,
        source_line=source_line(view.events, dataset),
        width=options.width,
        height=options.height,
    )


_renderer_lock = threading.Lock()
_renderer = {"started": False, "stopped_at_exit": False}


def start_renderer() -> None:
    """Start the process's one kaleido browser unless it runs already; returns at once.

    Starting a browser costs seconds and a drawing a fraction of one, so one serves the whole
    process; the browser comes up in the background, so a caller who knows a drawing will be
    wanted (the command line, before it loads the data) can start it early.
    """
    import kaleido  # imported here: it starts nothing, but takes a while to import

    with _renderer_lock:
        if not _renderer["started"]:
            # No MathJax: kaleido would otherwise fetch it from a CDN.
            kaleido.start_sync_server(mathjax=False, silence_warnings=True)
            _renderer["started"] = True


def stop_renderer() -> None:
    """Stop the kaleido browser, if it runs; the next drawing starts it again."""
    import kaleido

    with _renderer_lock:
        if _renderer["started"]:
            kaleido.stop_sync_server(silence_warnings=True)
            _renderer["started"] = False


def render(figure: dict[str, Any], image_format: str, options: ExportOptions) -> bytes:
    """The figure drawn as PNG or SVG by kaleido in a headless Chromium (start_renderer).

    The browser's queue is not safe for two callers at once, so drawings take turns.
    """
    import kaleido

    start_renderer()
    opts = {
        "format": image_format,
        "width": options.width,
        "height": options.height,
        "scale": options.scale,
    }
    with _renderer_lock:
        try:
            return kaleido.calc_fig_sync(figure, opts=opts)
        finally:
            if not _renderer["stopped_at_exit"]:
                # Registered once the browser has made its profile folder, so that this runs
                # first at exit and the browser removes the folder itself; kaleido's own hook
                # runs too late for that and leaves the folder to a warning.
                atexit.register(kaleido.stop_sync_server, silence_warnings=True)
                _renderer["stopped_at_exit"] = True


def png(events: pd.DataFrame, dataset: Dataset, options: ExportOptions) -> bytes:
    return render(chart(events, dataset, options), "png", options)


def svg(events: pd.DataFrame, dataset: Dataset, options: ExportOptions) -> bytes:
    return render(chart(events, dataset, options), "svg", options)

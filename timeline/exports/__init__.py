"""Exports: one registry of formats (registry.FORMATS) and a module per kind of file."""

from timeline.exports.image import NOT_XML, chart, start_renderer, stop_renderer
from timeline.exports.options import MAX_EVENT_SLIDES, ExportOptions, Format, briefed
from timeline.exports.registry import FORMATS, PPTX_MIME, filename
from timeline.exports.table import records, table
from timeline.exports.window import Shown, scope, shown
from timeline.exports.words import (
    GENERIC_TITLE,
    both_times,
    citation,
    claimant,
    counts,
    date_span,
    edtf,
    heading,
    side,
    when,
)

__all__ = [
    "FORMATS",
    "GENERIC_TITLE",
    "MAX_EVENT_SLIDES",
    "NOT_XML",
    "PPTX_MIME",
    "ExportOptions",
    "Format",
    "Shown",
    "both_times",
    "briefed",
    "chart",
    "citation",
    "claimant",
    "counts",
    "date_span",
    "edtf",
    "filename",
    "heading",
    "records",
    "scope",
    "shown",
    "side",
    "start_renderer",
    "stop_renderer",
    "table",
    "when",
]

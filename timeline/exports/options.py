"""What an export is asked for (ExportOptions) and what a kind of export file is (Format)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import pandas as pd

from timeline.data import fields
from timeline.data.filters import FilterState
from timeline.data.load import Dataset
from timeline.present import AXES, AXIS_COLUMNS

MAX_EVENT_SLIDES = 300  # a deck past this is no briefing; the last slide says what was left out


class BriefingStep(Protocol):
    """One step of a briefing: the event shown and what the presenter says over it."""

    event: str
    note: str | None


@dataclass(frozen=True)
class ExportOptions:
    """How the view is drawn and sized in an export, and what it was filtered by.

    `briefing` gives the steps a deck walks through (objects with `.event` and `.note`) and
    `title` and `subtitle` replace the case's (a briefing's own, say). `window` is the first
    and last day shown, as on the page, and the export holds the events in it; by default the
    one the page opens on (the story window). `everything` shows every event instead.
    """

    lane: str = "claimant_country"
    colour: str = "alignment"
    axis: str = "happened"
    filters: FilterState = field(default_factory=FilterState)
    briefing: Sequence[BriefingStep] | None = None
    window: tuple[dt.date, dt.date] | None = None
    everything: bool = False
    title: str | None = None
    subtitle: str | None = None
    scale: float = 1.0
    width: int = 1920
    height: int = 1080

    def __post_init__(self) -> None:
        for name, value, allowed in (
            ("lane", self.lane, fields.LANES),
            ("colour", self.colour, fields.COLOURS),
            ("axis", self.axis, AXES),
        ):
            if value not in allowed:
                raise ValueError(f"{name} {value!r}: expected one of {', '.join(allowed)}")
        if not 0 < self.scale <= 4:
            raise ValueError(f"scale {self.scale}: expected a number above 0, at most 4")
        for name in ("width", "height"):
            if not 200 <= getattr(self, name) <= 8000:
                raise ValueError(f"{name} {getattr(self, name)}: expected 200 to 8000 pixels")


Build = Callable[[pd.DataFrame, Dataset, ExportOptions], bytes]


@dataclass(frozen=True)
class Format:
    """One kind of export file: its registry name, its label, MIME type, extension and builder."""

    name: str
    label: str
    mime: str
    extension: str
    build: Build
    draws: bool = False  # drawn by a headless browser: seconds, where the others take less

    @property
    def is_text(self) -> bool:
        """True when the file is text, which a terminal can take on standard output."""
        return self.mime.startswith("text/") or self.mime.endswith(("json", "+xml"))


def briefed(events: pd.DataFrame, options: ExportOptions) -> list[tuple[pd.Series, str | None]]:
    """The events a deck walks through with their speaker notes: the briefing's steps in order
    when there is a briefing (steps whose event is not in `events` are left out), else every
    event in the order of the chart's axis, without notes."""
    if options.briefing is None:
        start, end = AXIS_COLUMNS[options.axis][:2]
        ordered = events.sort_values([start, end, "id"], kind="stable")
        return [(event, None) for _, event in ordered.iterrows()]
    by_id = events.set_index("id", drop=False)
    return [
        (by_id.loc[step.event], step.note) for step in options.briefing if step.event in by_id.index
    ]

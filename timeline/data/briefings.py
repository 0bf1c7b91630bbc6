"""Briefings: ordered steps through the events, read from `events/briefings/*.yaml` and checked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Container
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any, Literal, Self

import pandas as pd
from pydantic import Field, ValidationError, model_validator

from timeline.data.model import Slug, Source, Strict, Text
from timeline.data.yamlfile import YAML_SUFFIXES, Folder, Problem, YamlFile, read_yaml, report

BRIEFINGS_DIR = "briefings"
# The briefing a page makes of the events the filters let through, when asked or when no file exists.
FROM_FILTERS = "filtered"


class Step(Strict):
    """One step of a briefing: an event, and what the presenter may want to say about it."""

    event: Slug = Field(description="The id of an event in events/*.yaml.")
    note: Text | None = Field(
        default=None, description="Speaker note: shown in the presenter view only."
    )
    relies_on: list[Slug] = Field(
        default_factory=list,
        description="Ids of the claims the note relies on, so that it can be checked against them.",
    )


Order = Literal["said", "curated"]


class _Ordered(Strict):
    """How a briefing orders its steps: as the claims were said, unless it says why not."""

    order: Order = Field(
        default="said",
        description="said: steps run in the order their claims were said (validate warns when "
        "one goes back in time); curated: another order, which order_reason explains.",
    )
    order_reason: Text | None = Field(
        default=None, description="Why a curated briefing leaves said order (required with it)."
    )

    @model_validator(mode="after")
    def _reason(self) -> Self:
        if self.order == "curated" and self.order_reason is None:
            raise ValueError("`order: curated` needs `order_reason`: why not the said order")
        if self.order == "said" and self.order_reason is not None:
            raise ValueError("`order_reason` goes with `order: curated`")
        return self


class Briefing(_Ordered):
    """A briefing: its title and subtitle, and its steps in the order they are presented."""

    title: Text
    subtitle: Text | None = None
    steps: list[Step] = Field(default_factory=list)


class _Header(_Ordered):
    """A briefing file with its steps not yet checked, so one bad step does not lose the rest."""

    title: Text
    subtitle: Text | None = None
    steps: list[Any] = Field(min_length=1)


def briefing_files(folder: Folder) -> list[Folder]:
    """The briefing files of a folder, in name order; none when the folder does not exist."""
    if not folder.is_dir():
        return []
    found = (p for p in folder.iterdir() if p.suffix in YAML_SUFFIXES and p.is_file())
    return sorted(found, key=lambda p: p.name)


def load_briefings(
    folder: Folder, all_ids: Container[str], valid_ids: Container[str], problems: list[Problem]
) -> dict[str, Briefing]:
    """The briefings in `folder` by name (the file name without .yaml), with their valid steps.

    A step naming an id no event has is a problem; a step naming an event that has problems of
    its own is left out without a second problem, since that event's problem is already listed.
    """
    briefings = {}
    for path in briefing_files(folder):
        briefing = _load_briefing(path, all_ids, problems)
        if briefing is not None:
            steps = [step for step in briefing.steps if step.event in valid_ids]
            briefings[PurePath(path.name).stem] = briefing.model_copy(update={"steps": steps})
    return briefings


def _load_briefing(
    path: Folder, all_ids: Container[str], problems: list[Problem]
) -> Briefing | None:
    file, data = read_yaml(path, problems)
    if file is None:
        return None
    if not isinstance(data, dict):
        problems.append(
            Problem(
                str(path),
                1,
                "expected a briefing: a mapping with title, subtitle (optional) and steps "
                f"(- event: ...), not a {type(data).__name__}",
            )
        )
        return None
    try:
        header = _Header.model_validate(data)
    except ValidationError as error:
        report(error, file, problems)
        return None
    return Briefing(
        title=header.title,
        subtitle=header.subtitle,
        order=header.order,
        order_reason=header.order_reason,
        steps=_steps(header.steps, file, all_ids, problems),
    )


def _steps(
    items: list[Any], file: YamlFile, all_ids: Container[str], problems: list[Problem]
) -> list[Step]:
    """The valid steps, each event once; a problem with its line for every other one."""
    steps: list[Step] = []
    first: dict[str, int] = {}
    for index, item in enumerate(items):
        where = ("steps", index)
        if not isinstance(item, dict):
            problems.append(
                Problem(
                    str(file.path),
                    file.line(where),
                    f"step {index + 1}: expected a mapping (- event: <event id>), got {item!r:.60}",
                )
            )
            continue
        try:
            step = Step.model_validate(item)
        except ValidationError as error:
            report(error, file, problems, where, f"step {index + 1}: ")
            continue
        line = file.line((*where, "event"))
        if step.event not in all_ids:
            problems.append(
                Problem(
                    str(file.path),
                    line,
                    f"step {index + 1}: unknown event id {step.event!r}; expected the id of an "
                    "event in the events files",
                )
            )
        elif step.event in first:
            problems.append(
                Problem(
                    str(file.path),
                    line,
                    f"step {index + 1}: duplicate step; event {step.event!r} is already step "
                    f"{first[step.event] + 1} (line {file.line(('steps', first[step.event]))})",
                )
            )
        else:
            first[step.event] = index
            steps.append(step)
        for number, target in enumerate(step.relies_on):
            if target not in all_ids:
                problems.append(
                    Problem(
                        str(file.path),
                        file.line((*where, "relies_on", number)),
                        f"step {index + 1}: the note relies on {target!r}, which is not an event "
                        "in the record; expected the ids of the claims the note states",
                    )
                )
    return steps


def from_events(events: pd.DataFrame, title: str, subtitle: str | None = None) -> Briefing:
    """A briefing of `events` in date order, without notes: what a page presents without a file.

    from_events(df, "Claims").steps == [Step(event=id) for id in df sorted by start, end, id]
    """
    ordered = events.sort_values(["start", "end", "id"], kind="stable")
    return Briefing(
        title=title, subtitle=subtitle, steps=[Step(event=event) for event in ordered["id"]]
    )


@dataclass(frozen=True)
class Summary:
    """What a briefing's title step says about it: its events, its sources and the dates covered."""

    events: int
    sources: int
    first: dt.date | None
    last: dt.date | None

    @property
    def span(self) -> str:
        """The dates covered, in words: "2024-10-08 to 2024-12-20", or "" without events."""
        if self.first is None or self.last is None:
            return ""
        return f"{self.first}" if self.first == self.last else f"{self.first} to {self.last}"


def step_events(briefing: Briefing, events: pd.DataFrame) -> pd.DataFrame:
    """The rows of `events` the briefing steps through, in step order (missing ids left out)."""
    order = [step.event for step in briefing.steps]
    found = events.set_index("id", drop=False)
    return found.loc[[event for event in order if event in found.index]].reset_index(drop=True)


def summary(rows: pd.DataFrame) -> Summary:
    """The title step's figures for a briefing's events (`step_events`)."""
    if rows.empty:
        return Summary(0, 0, None, None)
    return Summary(
        len(rows), rows["source"].nunique(), rows["start"].min().date(), rows["end"].max().date()
    )


def cited(rows: pd.DataFrame, known: dict[str, Source]) -> list[Source]:
    """The sources a briefing's events (`step_events`) cite, oldest publication first."""
    found = [known[source] for source in dict.fromkeys(rows["source"]) if source in known]
    return sorted(found, key=lambda source: (source.published, source.outlet))

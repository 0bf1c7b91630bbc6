"""The data schema: events, sources and the taxonomy, defined once as pydantic models."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

import pycountry
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Colour = Annotated[str, StringConstraints(pattern=r"^#[0-9A-Fa-f]{6}$")]

_ISO_CODE = re.compile(r"^[A-Z]{2}$")


class Strict(BaseModel):
    """A model that rejects unknown fields, so a typo like `claimaint:` never passes silently."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Alignment(Strict):
    label: Text
    colour: Colour
    meaning: Text


class Term(Strict):
    label: Text
    meaning: Text | None = None
    colour: Colour | None = Field(default=None, description="Optional; charts pick one if absent.")


class Taxonomy(Strict):
    """The vocabularies an event may use: `events/taxonomy.yaml`."""

    alignments: dict[Slug, Alignment] = Field(min_length=1)
    kinds: dict[Slug, Term] = Field(min_length=1)
    statuses: dict[Slug, Term] = Field(min_length=1)
    bodies: dict[str, Text] = Field(
        default_factory=dict,
        description="Claimants that are not countries (EU, NATO, UN, G7), code to name.",
    )
    country_names: dict[str, Text] = Field(
        default_factory=dict,
        description="Short names to show instead of ISO's (RU: Russia rather than Russian Federation).",
    )

    @field_validator("bodies")
    @classmethod
    def _bodies_are_codes(cls, bodies: dict[str, str]) -> dict[str, str]:
        for code in bodies:
            if not re.fullmatch(r"[A-Z][A-Z0-9]{1,9}", code):
                raise ValueError(f"body code {code!r} should be upper case, like EU or NATO")
        return bodies

    def country_name(self, code: str) -> str | None:
        """The name of an ISO 3166-1 alpha-2 country or of a listed body; None if unknown.

        Taxonomy(...).country_name("UA") == "Ukraine"
        """
        if code in self.bodies:
            return self.bodies[code]
        if code in self.country_names:
            return self.country_names[code]
        if not _ISO_CODE.match(code):
            return None
        country = pycountry.countries.get(alpha_2=code)
        if country is None:
            return None
        return getattr(country, "common_name", None) or country.name


def _check_choice(value: str, info: ValidationInfo, vocabulary: str) -> str:
    """Check `value` against one of the taxonomy's vocabularies, when a taxonomy is given."""
    taxonomy: Taxonomy | None = (info.context or {}).get("taxonomy")
    if taxonomy is not None:
        known = getattr(taxonomy, vocabulary)
        if value not in known:
            raise ValueError(
                f"unknown {info.field_name} {value!r}; expected one of: {', '.join(known)}"
            )
    return value


def _check_country(value: str, info: ValidationInfo) -> str:
    taxonomy: Taxonomy | None = (info.context or {}).get("taxonomy")
    if taxonomy is not None:
        if taxonomy.country_name(value) is None:
            bodies = ", ".join(taxonomy.bodies) or "none listed"
            raise ValueError(
                f"unknown {info.field_name} {value!r}; expected an ISO 3166-1 alpha-2 code "
                f"(e.g. UA, RU, KP) or a body from the taxonomy ({bodies})"
            )
    elif not (_ISO_CODE.match(value) or value.isupper()):
        raise ValueError(f"{info.field_name} {value!r} should be an upper-case code")
    return value


class Source(Strict):
    """One source document, described in `seeds/sources.yaml`."""

    id: Text
    file: Text
    title: Text
    outlet: Text
    author: Text | None = None
    outlet_country: Text
    outlet_alignment: Text
    published: dt.date
    published_estimated: bool = False
    published_note: Text | None = Field(
        default=None, description="Required when published_estimated: what the date was read from."
    )
    url: Text | None = None

    @field_validator("outlet_country")
    @classmethod
    def _country(cls, value: str, info: ValidationInfo) -> str:
        return _check_country(value, info)

    @field_validator("outlet_alignment")
    @classmethod
    def _alignment(cls, value: str, info: ValidationInfo) -> str:
        return _check_choice(value, info, "alignments")

    @model_validator(mode="after")
    def _estimate_needs_note(self) -> Source:
        if self.published_estimated and not self.published_note:
            raise ValueError("published_estimated is true but published_note does not say why")
        return self


class Event(Strict):
    """One dated event or claim, as one item of an events file."""

    id: Slug = Field(description="Stable slug, unique across all files; never reused.")
    title: Text = Field(description="Who claims what, e.g. 'Kyiv says ...'.")
    date: Text | None = Field(
        default=None,
        description="The date as the source words it, read against the source's publication date.",
    )
    start: dt.date | None = Field(
        default=None, description="Explicit first day (ISO); wins over date."
    )
    end: dt.date | None = Field(default=None, description="Explicit last day (ISO), with start.")
    qualifier: Literal["by"] | None = Field(
        default=None,
        description="With start: 'by' reads the span as 'no later than', e.g. for an undated claim "
        "placed at its source's publication. A worded date carries its own ('by October 23').",
    )
    kind: Slug
    claimant: Text
    claimant_country: Text = Field(description="ISO 3166-1 alpha-2, or a body from the taxonomy.")
    alignment: Slug
    status: Slug
    troops: int | None = Field(
        default=None, gt=0, description="North Korean troops the claim states."
    )
    location: Text | None = None
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    source: Text = Field(description="Seed id: the file name in seeds/ without .txt.")
    quote: Text = Field(description="Verbatim passage of the source that carries the claim.")
    contradicts: list[Slug] = Field(default_factory=list)
    tags: list[Text] = Field(default_factory=list)
    notes: Text | None = None

    @field_validator("claimant_country")
    @classmethod
    def _country(cls, value: str, info: ValidationInfo) -> str:
        return _check_country(value, info)

    @field_validator("kind")
    @classmethod
    def _kind(cls, value: str, info: ValidationInfo) -> str:
        return _check_choice(value, info, "kinds")

    @field_validator("alignment")
    @classmethod
    def _alignment(cls, value: str, info: ValidationInfo) -> str:
        return _check_choice(value, info, "alignments")

    @field_validator("status")
    @classmethod
    def _status(cls, value: str, info: ValidationInfo) -> str:
        return _check_choice(value, info, "statuses")

    @model_validator(mode="after")
    def _dates(self) -> Event:
        if self.date is None and self.start is None:
            raise ValueError("no date: give `date` as the source words it, or `start` (and `end`)")
        if self.end is not None and self.start is None:
            raise ValueError("`end` given without `start`")
        if self.qualifier is not None and self.start is None:
            raise ValueError(
                "`qualifier` goes with `start`; a worded date says it: 'by October 23'"
            )
        if self.start is not None and self.end is not None and self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        if (self.lat is None) != (self.lon is None):
            raise ValueError("give both lat and lon, or neither")
        return self

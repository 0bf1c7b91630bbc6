"""The data schema: events, sources and the taxonomy, defined once as pydantic models."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

import pycountry
from pydantic import (
    AfterValidator,
    AliasChoices,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from timeline.data import fields
from timeline.data.dates import PRECISIONS, Qualifier

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")]
# Longer than any passage a source is quoted by; a page or slide cannot show more usefully.
TEXT_CHARS = 4000
# Characters that make text lie or break a drawing: C0 and C1 controls other than tab and newline
# (XML, hence SVG, PNG and PPTX exports, cannot hold them) and the bidi controls, with which the
# stored "000,21" would be shown as "12,000".
_HIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _shown_as_stored(text: str) -> str:
    """Refuse text holding a control or bidi character, naming it and where it is."""
    if found := _HIDDEN.search(text):
        raise ValueError(
            f"holds the invisible control character U+{ord(found.group()):04X} at character "
            f"{found.start() + 1}; remove it (text must read as it is stored)"
        )
    return text


Text = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=TEXT_CHARS),
    AfterValidator(_shown_as_stored),
]
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


def check_vocabulary(value: str, info: ValidationInfo) -> str:
    """Check a field whose values come from a vocabulary (fields.TAXONOMY_CHECKED) against it.

    Without a taxonomy in the validation context, a country is only checked for its shape.
    """
    taxonomy: Taxonomy | None = (info.context or {}).get("taxonomy")
    name = info.field_name or ""
    vocabulary = fields.TAXONOMY_CHECKED[name]
    if vocabulary == "countries":
        if taxonomy is None:
            if not (_ISO_CODE.match(value) or value.isupper()):
                raise ValueError(f"{name} {value!r} should be an upper-case code")
        elif taxonomy.country_name(value) is None:
            bodies = ", ".join(taxonomy.bodies) or "none listed"
            raise ValueError(
                f"unknown {name} {value!r}; expected an ISO 3166-1 alpha-2 code "
                f"(e.g. UA, RU, KP) or a body from the taxonomy ({bodies})"
            )
    elif taxonomy is not None:
        known = getattr(taxonomy, vocabulary)
        if value not in known:
            raise ValueError(f"unknown {name} {value!r}; expected one of: {', '.join(known)}")
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

    @field_validator(*fields.checked_columns("source"))
    @classmethod
    def _vocabularies(cls, value: str, info: ValidationInfo) -> str:
        return check_vocabulary(value, info)

    @model_validator(mode="after")
    def _estimate_needs_note(self) -> Source:
        if self.published_estimated and not self.published_note:
            raise ValueError("published_estimated is true but published_note does not say why")
        return self


LABEL_CHARS = 40


def clip(text: str, limit: int) -> str:
    """Text cut at a word boundary to at most `limit` characters, ending in "…" when cut: the
    one rule for labels, quotes in hovers, outlets in a source line and values in notices.

    clip("NIS says Pyongyang will send about 12,000 special forces", 40) == "NIS says Pyongyang will send about…"
    """
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if not text[limit - 1].isspace() and " " in cut:
        cut = cut[: cut.rindex(" ")]  # a word the cut would split goes whole
    return cut.rstrip(" ,;:-(") + "…"


class Appearance(Strict):
    """A further document that carries the same claim: its own quote, date wording and standing."""

    source: Text = Field(
        description="Seed id of the document: the file name in seeds/ without .txt."
    )
    quote: Text = Field(description="Verbatim passage of that document that carries the claim.")
    date: Text | None = Field(
        default=None, description="That document's own wording of the date, as it gives it."
    )
    independent: bool = Field(
        default=False,
        description="True only when this document carries the claim on its own evidence; an "
        "outlet relaying the claimant's statement is not independent of it.",
    )
    notes: Text | None = None


class Event(Strict):
    """One dated event or claim, as one item of an events file.

    Two times: `date`/`start`/`end` say what the claim is about (when it happened or will
    happen); `said`/`said_start`/`said_end` say when the claim was made (absent: no later than
    the document's publication).
    """

    id: Slug = Field(description="Stable slug, unique across all files; never reused.")
    title: Text = Field(description="Who claims what, e.g. 'Kyiv says ...'.")
    label: (
        Annotated[
            str,
            StringConstraints(strip_whitespace=True, min_length=1, max_length=LABEL_CHARS),
            AfterValidator(_shown_as_stored),
        ]
        | None
    ) = Field(
        default=None,
        description=f"Short label drawn beside the mark (at most {LABEL_CHARS} characters); "
        "default: the title shortened.",
    )
    date: Text | None = Field(
        default=None,
        description="When it happened, as the source words it, read against the source's "
        "publication date (or an EDTF string). With start/end too: the document's wording of a "
        "date the curator corrects.",
    )
    start: dt.date | None = Field(
        default=None, description="Explicit first day (ISO); wins over date."
    )
    end: dt.date | None = Field(default=None, description="Explicit last day (ISO), with start.")
    precision: str | None = Field(
        default=None,
        description="With start: how precisely the curator knows the span (e.g. month, season, "
        "approximate). Default: day when start equals end, else days.",
    )
    qualifier: Qualifier | None = Field(
        default=None,
        description="With start: 'by' reads the span as 'no later than', e.g. for an undated claim "
        "placed at its source's publication. A worded date carries its own ('by October 23').",
    )
    said: Text | None = Field(
        default=None,
        description="When the claim was made, as the source words it (or an EDTF string); "
        "default: no later than the document's publication.",
    )
    said_start: dt.date | None = Field(
        default=None, description="Explicit first day the claim was made (ISO); wins over said."
    )
    said_end: dt.date | None = Field(
        default=None, description="Explicit last day the claim was made (ISO), with said_start."
    )
    kind: Slug
    claimant: Text
    claimant_short: Text | None = Field(
        default=None,
        description="Short name of the claimant for labels ('NIS'); default: the claimant.",
    )
    claimant_country: Text = Field(description="ISO 3166-1 alpha-2, or a body from the taxonomy.")
    alignment: Slug
    status: Slug
    troops: int | None = Field(
        default=None, gt=0, description="North Korean troops the claim states."
    )
    troops_max: int | None = Field(
        default=None, gt=0, description="Upper end of a range of troops ('10,000-12,000')."
    )
    troops_kind: str | None = Field(
        default=None,
        description="What the troops number counts: a total sent (deployed), a planned total, "
        "one batch, casualties, the size of a unit, or soldiers recruited. Required with troops "
        "(validate); read as deployed when missing.",
    )
    location: Text | None = None
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    source: Text = Field(description="Seed id: the file name in seeds/ without .txt.")
    quote: Text = Field(description="Verbatim passage of the source that carries the claim.")
    appearances: list[Appearance] = Field(
        default_factory=list,
        description="Further documents that carry the same claim; source and quote above are "
        "the first appearance.",
    )
    corroborated_by: list[Slug] = Field(
        default_factory=list,
        description="Ids of claims by a different claimant (not the claimant's own government, "
        "service or relaying outlet) that support this one; required when status is confirmed.",
    )
    forecast: bool = Field(
        default=False,
        description="The claim is about a time after it was said (a forecast or a plan).",
    )
    summary_of: list[Slug] = Field(
        default_factory=list,
        description="Ids of the claims this one summarises; a summary is left out of counts.",
    )
    contradicts: list[Slug] = Field(default_factory=list)
    tags: list[Text] = Field(default_factory=list)
    notes: Text | None = None

    @field_validator(*fields.checked_columns("event"))
    @classmethod
    def _vocabularies(cls, value: str, info: ValidationInfo) -> str:
        return check_vocabulary(value, info)

    @field_validator("precision", "troops_kind")
    @classmethod
    def _listed(cls, value: str | None, info: ValidationInfo) -> str | None:
        listed = PRECISIONS if info.field_name == "precision" else fields.TROOPS_KINDS
        if value is not None and value not in listed:
            raise ValueError(
                f"unknown {info.field_name} {value!r}; expected one of: {', '.join(listed)}"
            )
        return value

    @model_validator(mode="after")
    def _dates(self) -> Event:
        if self.date is None and self.start is None:
            raise ValueError("no date: give `date` as the source words it, or `start` (and `end`)")
        for prefix in ("", "said_"):
            start, end = getattr(self, f"{prefix}start"), getattr(self, f"{prefix}end")
            if end is not None and start is None:
                raise ValueError(f"`{prefix}end` given without `{prefix}start`")
            if start is not None and end is not None and end < start:
                raise ValueError(f"{prefix}end {end} is before {prefix}start {start}")
        if self.qualifier is not None and self.start is None:
            raise ValueError(
                "`qualifier` goes with `start`; a worded date says it: 'by October 23'"
            )
        if self.precision is not None and self.start is None:
            raise ValueError("`precision` goes with `start`; a worded date carries its own")
        if self.troops_max is not None and (self.troops is None or self.troops_max < self.troops):
            raise ValueError(
                "`troops_max` needs `troops` no larger than it (a range: troops to troops_max)"
            )
        if self.troops_kind is not None and self.troops is None:
            raise ValueError("`troops_kind` says what `troops` counts; give `troops` too")
        if (self.lat is None) != (self.lon is None):
            raise ValueError("give both lat and lon, or neither")
        for name in ("corroborated_by", "summary_of"):
            if self.id in getattr(self, name):
                raise ValueError(f"`{name}` names the event itself ({self.id!r})")
        return self

    @property
    def short_label(self) -> str:
        """The label drawn beside the mark: the one given, or the title shortened."""
        return self.label or clip(self.title, LABEL_CHARS)

    @property
    def short_claimant(self) -> str:
        """The claimant's short name for labels: claimant_short, else the claimant."""
        return self.claimant_short or self.claimant

    @property
    def sources(self) -> list[str]:
        """The seed ids of every appearance, the first one first."""
        return [self.source, *(appearance.source for appearance in self.appearances)]

    @property
    def corrected(self) -> bool:
        """True when the curator corrects the document's date: wording kept, span given."""
        return self.date is not None and self.start is not None and "source-problem" in self.tags


class Story(Strict):
    """The dates a case is about: the chart opens on them."""

    from_: dt.date = Field(alias="from", validation_alias=AliasChoices("from", "from_"))
    to: dt.date

    @model_validator(mode="after")
    def _order(self) -> Story:
        if self.to < self.from_:
            raise ValueError(f"story: to {self.to} is before from {self.from_}")
        return self


class Case(Strict):
    """The case a dataset documents, from `events/dataset.yaml` (optional)."""

    title: Text
    subtitle: Text | None = None
    story: Story | None = Field(
        default=None, description="The story window: the chart's default date range."
    )

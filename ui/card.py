"""The card of one event: what was claimed, by whom, when it happened and when it was said, the
quote in its passage, the source, and the events it contradicts. Every piece of data is text."""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from timeline.data import names
from timeline.data.load import event_from_row
from timeline.data.model import Event
from timeline.data.provenance import passage
from timeline.present import describe_span, lag_words, published
from ui import md
from ui.data import View
from ui.selection import select_event

_SPACES = re.compile(r"\s+")


def _happened(event: Event, row: pd.Series) -> str:
    """When it happened: the wording, the span it was read as, and a curator's correction."""
    span = describe_span(row["start"], row["end"], row["precision"], row["qualifier"])
    if event.corrected:
        return (
            f"the source says “{md(event.date)}”; read as {span} because the curator "
            "corrects it (see the note)"
        )
    worded = f"“{md(event.date)}” → " if event.date and event.start is None else ""
    return f"{worded}{span}"


def _said(event: Event, row: pd.Series) -> str:
    """When the claim was made, as worded, and the span it was read as."""
    span = describe_span(
        row["said_start"], row["said_end"], row["said_precision"], row["said_qualifier"]
    )
    if event.said is None and event.said_start is None:
        return f"{span} (the document's publication; it does not date the claim)"
    worded = f"“{md(event.said)}” → " if event.said and event.said_start is None else ""
    return f"{worded}{span}"


def _facts(event: Event, row: pd.Series, view: View) -> list[tuple[str, str]]:
    """(label, Markdown) rows of the card; rows without a value are left out."""
    taxonomy = view.taxonomy

    def named(column: str) -> str:
        return md(names.label(column, getattr(event, column), taxonomy))

    troops = None
    if event.troops is not None:
        troops = f"{event.troops:,}" + (f" to {event.troops_max:,}" if event.troops_max else "")
        troops += f" ({md(names.label('troops_kind', row['troops_kind'], taxonomy))})"
    appearances = None
    if event.appearances:
        independent = int(row["independent_sources"])
        appearances = (
            f"{len(event.sources)} documents, first seen {row['first_seen']:%Y-%m-%d}; "
            f"{independent} independent source{'s' if independent > 1 else ''}"
        )
    optional = {
        "Appearances": appearances,
        "Troops": troops,
        "Location": md(event.location) if event.location else None,
        "Curator's note": md(event.notes) if event.notes else None,
    }
    return [
        ("Claimant", f"{md(event.claimant)}, {named('claimant_country')}"),
        ("Alignment", named("alignment")),
        ("Kind", named("kind")),
        ("Status", named("status")),
        ("Happened", _happened(event, row)),
        ("Said", _said(event, row)),
        (
            "Lag",
            lag_words(
                row["said_start"], row["said_end"], row["start"], row["end"], row["said_qualifier"]
            ),
        ),
        *((name, value) for name, value in optional.items() if value is not None),
    ]


def _quote(source: str, quote: str, view: View) -> str:
    """The quote highlighted within the sentences around it in the source document."""
    found = passage(view.dataset.texts.get(source, ""), quote)
    parts = ("", quote, "") if found is None else (found.before, found.match, found.after)
    # A passage may span paragraphs of the source; on the card it reads as one.
    before, match, after = (md(_SPACES.sub(" ", part)) for part in parts)
    return f"…{before}:orange-background[**{match}**]{after}…"


def _source(source_id: str, view: View) -> str:
    """The source document's outlet, title, author and publication date."""
    source = view.dataset.sources.get(source_id)
    if source is None:
        return f"Source {md(source_id)}"
    author = f"by {md(source.author)}, " if source.author else ""
    return f"**{md(source.outlet)}**: “{md(source.title)}”  \n{author}published {published(source, md)}"


def _appearance(view: View, source_id: str, quote: str, key: str) -> None:
    """One document's quote in context, the document, and a button to open it when on the web."""
    st.markdown(_quote(source_id, quote, view))
    st.caption(_source(source_id, view))
    url = getattr(view.dataset.sources.get(source_id), "url", None) or ""
    # Only web links: a javascript: or file: URL in the data must not become a button.
    if url.startswith(("https://", "http://")):
        st.link_button("Open the source", url, icon=":material/open_in_new:", key=f"open_{key}")


def _links(view: View, ids: list[str], heading: str, key: str) -> None:
    """A button for each event id that opens that event's card."""
    events = view.dataset.events
    titles = events.loc[events["id"].isin(ids), ["id", "title"]].itertuples(index=False)
    for number, (event_id, title) in enumerate(titles):
        if number == 0:
            st.markdown(f"**{heading}**")
        st.button(
            md(title),
            key=f"{key}_{event_id}",
            on_click=select_event,
            args=(event_id,),
            icon=":material/arrow_forward:",
            type="tertiary",
        )


def event_card(view: View, event_id: str) -> None:
    """Show the card of `event_id` (looked up among all events, filtered or not)."""
    events = view.dataset.events
    found = events[events["id"] == event_id]
    if found.empty:
        return
    row = found.iloc[0]
    # The validated event, rebuilt from the row already found (Dataset.event would search again).
    event = event_from_row(row)
    with st.container(border=True, key="event_card"):
        title, close = st.columns([20, 1], vertical_alignment="center")
        title.subheader(md(event.title), anchor=False)
        close.button(
            "", icon=":material/close:", help="Close", key="close_card",
            on_click=select_event, args=(None,),
        )  # fmt: skip
        facts, quote = st.columns([2, 3], gap="large")
        facts.markdown(
            "  \n".join(f"**{name}:** {value}" for name, value in _facts(event, row, view))
        )
        with quote:
            st.markdown("**Quote in context**")
            _appearance(view, event.source, event.quote, "first_source")
            for number, further in enumerate(event.appearances, 2):
                st.markdown(f"**Appearance {number}**")
                _appearance(view, further.source, further.quote, f"source_{number}")
                standing = "carries it on its own evidence" if further.independent else "relays it"
                details = [standing]
                if further.date:
                    details.append(f"dates it “{md(further.date)}”")
                if further.notes:
                    details.append(md(further.notes))
                st.caption("; ".join(details))
            _links(view, list(event.corroborated_by), "Corroborated by", "corroborated_by")
            _links(view, list(event.summary_of), "Summary of", "summary_of")
            _links(view, list(event.contradicts), "Contradicts", "contradicts")
            against = events.loc[events["contradicts"].map(lambda ids: event_id in ids), "id"]
            _links(view, list(against), "Contradicted by", "contradicted_by")


def event_dialog(view: View, event_id: str) -> None:
    """The card of `event_id` in a dialog over the page; closing it closes the card."""
    events = view.dataset.events
    found = events.loc[events["id"] == event_id, "label"]
    if found.empty:
        return
    title = str(found.iloc[0]) if pd.notna(found.iloc[0]) else "Event"

    @st.dialog(title, width="large", on_dismiss=lambda: select_event(None))
    def card() -> None:
        event_card(view, event_id)

    card()

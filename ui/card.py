"""The card of one event: what was claimed, by whom and when, the quote in its passage, the
source, and the events it contradicts. Every piece of data is shown as text."""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from timeline.provenance import passage
from ui import md
from ui.frame import View, label, select_event

_SPACES = re.compile(r"\s+")


def _when(event: pd.Series) -> str:
    """The date as worded and the span it was read as: “October 18” → 2024-10-18 (day)."""
    first, last = event["start"].date(), event["end"].date()
    span = f"{first}" if first == last else f"{first} to {last}"
    if event["qualifier"] == "by":
        span = f"no later than {last}"
    worded = f"“{md(event['date_text'])}” → " if isinstance(event["date_text"], str) else ""
    return f"{worded}{span} ({md(event['precision'].replace('_', ' '))})"


def _facts(event: pd.Series, view: View) -> list[tuple[str, str]]:
    """(label, Markdown) rows of the card; rows without a value are left out."""
    taxonomy = view.taxonomy
    country = label("country", event["claimant_country"], taxonomy)
    optional = {
        "Troops": None if pd.isna(event["troops"]) else f"{int(event['troops']):,}",
        "Location": md(event["location"]) if isinstance(event["location"], str) else None,
        "Curator's note": md(event["notes"]) if isinstance(event["notes"], str) else None,
    }
    return [
        ("Claimant", f"{md(event['claimant'])}, {md(country)}"),
        ("Alignment", md(label("alignment", event["alignment"], taxonomy))),
        ("Kind", md(label("kind", event["kind"], taxonomy))),
        ("Status", md(label("status", event["status"], taxonomy))),
        ("Date", _when(event)),
        *((name, value) for name, value in optional.items() if value is not None),
    ]


def _quote(event: pd.Series, view: View) -> str:
    """The quote highlighted within the sentences around it in the source document."""
    found = passage(view.dataset.texts.get(event["source"], ""), event["quote"])
    parts = ("", event["quote"], "") if found is None else (found.before, found.match, found.after)
    # A passage may span paragraphs of the source; on the card it reads as one.
    before, match, after = (md(_SPACES.sub(" ", part)) for part in parts)
    return f"…{before}:orange-background[**{match}**]{after}…"


def _source(event: pd.Series, view: View) -> str:
    """The source document's outlet, title, author and publication date."""
    source = view.dataset.sources.get(event["source"])
    if source is None:
        return f"Source {md(event['source'])}"
    published = f"published {source.published}"
    if source.published_estimated:
        published += f" (estimated: {md(source.published_note)})"
    author = f"by {md(source.author)}, " if source.author else ""
    return f"**{md(source.outlet)}**: “{md(source.title)}”  \n{author}{published}"


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
    event = found.iloc[0]
    with st.container(border=True, key="event_card"):
        title, close = st.columns([20, 1], vertical_alignment="center")
        title.subheader(md(event["title"]), anchor=False)
        close.button(
            "", icon=":material/close:", help="Close", key="close_card",
            on_click=select_event, args=(None,),
        )  # fmt: skip
        facts, quote = st.columns([2, 3], gap="large")
        facts.markdown("  \n".join(f"**{name}:** {value}" for name, value in _facts(event, view)))
        with quote:
            st.markdown("**Quote in context**")
            st.markdown(_quote(event, view))
            st.caption(_source(event, view))
            url = getattr(view.dataset.sources.get(event["source"]), "url", None) or ""
            # Only web links: a javascript: or file: URL in the data must not become a button.
            if url.startswith(("https://", "http://")):
                st.link_button("Open the source", url, icon=":material/open_in_new:")
            _links(view, list(event["contradicts"]), "Contradicts", "contradicts")
            against = events.loc[events["contradicts"].map(lambda ids: event_id in ids), "id"]
            _links(view, list(against), "Contradicted by", "contradicted_by")

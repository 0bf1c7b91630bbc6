"""Sources: each document in full with the passages the events quote marked and linked to their
cards, and, for curators, the dated sentences that no event quotes yet."""

import pandas as pd
import streamlit as st

from timeline.data import coverage, names
from timeline.data.model import Source
from timeline.present import describe_span, published
from ui import md, url
from ui.card import event_card
from ui.data import current_view
from ui.selection import select_event, selected_event

view = current_view()
dataset = view.dataset
selected = selected_event()

st.title("Sources", anchor=False)

# ?source=<id> opens on one document; without it every document has its section.
ALL = "all"
by_date = sorted(dataset.sources.values(), key=lambda source: (source.published, source.id))
options = {ALL: "All documents"} | {s.id: f"{s.outlet}: {s.title} ({s.id})" for s in by_date}
notice = url.page_choice("source", options, ALL)
chosen = st.selectbox("Document", list(options), format_func=options.__getitem__, key="source")
url.keep_in_url("source", chosen, ALL)
if notice:
    st.caption(f":material/info: {md(notice)}")
st.caption(
    "Marked passages are those quoted by the events that pass the sidebar's filters; press an "
    "event's button under its paragraph to open its card. The list of dated sentences no event "
    "quotes counts every event, filtered or not."
)
# The card opens under the paragraph that quotes its event; when no paragraph on view does, here.
top = st.container()


def _facts(source: Source, events: pd.DataFrame, shown: pd.DataFrame) -> str:
    """The document's outlet, author, country, alignment, publication and events, as Markdown."""
    taxonomy = view.taxonomy
    rows = {
        "Outlet": md(source.outlet),
        "Author": md(source.author) if source.author else "not named",
        "Outlet country": md(names.label("outlet_country", source.outlet_country, taxonomy)),
        "Outlet alignment": md(names.label("outlet_alignment", source.outlet_alignment, taxonomy)),
        "Published": published(source, md),
        "Events": f"{len(events)} quote it; {len(shown)} pass the filters",
    }
    return "  \n".join(f"**{name}:** {value}" for name, value in rows.items())


def _paragraph(pieces: list[coverage.Piece], numbers: dict[str, int]) -> tuple[str, list[str]]:
    """A paragraph as Markdown, quoted runs marked and numbered; and the ids whose quote ends in it."""
    parts, ending = [], []
    for index, piece in enumerate(pieces):
        if not piece.events:
            parts.append(md(piece.text))
            continue
        later = {event for following in pieces[index + 1 :] for event in following.events}
        ends = [event for event in piece.events if event not in later]
        marks = "".join(f" **\\[{numbers[event]}\\]**" for event in ends)
        parts.append(f":orange-background[{md(piece.text)}]{marks}")
        ending += ends
    return "".join(parts), ending


def _aid(source: Source, text: str, cited: dict[str, str]) -> None:
    """The sentences with a date phrase that no event (filtered or not) quotes, in a table."""
    spans, _ = coverage.located(text, cited)
    found = coverage.unquoted_dates(text, source.published, spans.values())
    rows = [
        {
            "Sentence": item.sentence,
            "Date phrase": phrase.text,
            "Read as": describe_span(
                phrase.span.start, phrase.span.end, phrase.span.precision, phrase.span.qualifier
            ),
        }
        for item in found
        for phrase in item.phrases
    ]
    with st.expander(f"Dated sentences no event quotes ({len(found)})", icon=":material/search:"):
        if not rows:
            st.caption("Every sentence with a date phrase is quoted by an event.")
            return
        st.caption(
            f"What the timeline may be missing: each date phrase as the date grammar reads it "
            f"against the publication date, {source.published}."
        )
        st.dataframe(
            pd.DataFrame(rows),
            hide_index=True,
            column_config={"Sentence": st.column_config.TextColumn(width="large")},
        )


def section(source: Source) -> bool:
    """One document: its facts, the curator's list, and its text with the quoted passages marked.

    Returns whether it showed the open event's card (under the paragraph that quotes it).
    """
    # Every event that quotes the document: as its first appearance or a further one.
    cited = coverage.quotes(dataset.events, source.id)
    events = dataset.events[dataset.events["id"].isin(cited)]
    shown = view.events[view.events["id"].isin(cited)]
    st.header(md(source.title), anchor=False)
    st.markdown(_facts(source, events, shown))
    text = dataset.texts.get(source.id)
    if not text:
        st.warning(
            "The text of this document is empty, so no quote can be found in it; the data "
            "problems above list the events that quote it.",
            icon=":material/description:",
        )
        return False
    _aid(source, text, cited)
    quoted, missing = coverage.located(text, {event: cited[event] for event in shown["id"]})
    if missing:
        st.caption(
            f"{len(missing)} quoted passages were not found in the text: {md(', '.join(missing))}"
        )
    titles = dict(zip(shown["id"], shown["title"], strict=True))
    order = sorted(quoted, key=lambda event: quoted[event])
    numbers = {event: number for number, event in enumerate(order, 1)}
    card_shown = False
    for pieces in coverage.paragraphs(text, quoted):
        markdown, ending = _paragraph(pieces, numbers)
        st.markdown(markdown)
        if not ending:
            continue
        with st.container(horizontal=True, gap="small"):
            for event in ending:
                st.button(
                    f"\\[{numbers[event]}\\] {md(titles[event])}",
                    key=f"quote_{source.id}_{event}",
                    on_click=select_event,
                    args=(event,),
                    icon=":material/arrow_forward:",
                    type="tertiary",
                )
        if selected in ending and not card_shown:
            event_card(view, selected)
            card_shown = True
    return card_shown


if not dataset.sources:
    st.info("There are no source documents in the data.", icon=":material/description:")
card_shown = False
for source in by_date:
    if chosen in (ALL, source.id):
        card_shown = section(source) or card_shown
        st.divider()

if selected and not card_shown:
    with top:
        event_card(view, selected)

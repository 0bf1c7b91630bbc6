"""Estimates: how many North Korean troops each claim says, over the time it was said, with the
table of who said how many and the card of the claim picked."""

import streamlit as st

from timeline.charts import estimates
from timeline.charts import timeline as timeline_chart
from ui import chart, md, url
from ui.card import event_card
from ui.data import current_view
from ui.selection import selected_event
from ui.table import card_table
from ui.width import main_width

# Rows of three lines of text, the header and the borders; every row is shown up to this many.
ROW_PX, HEADER_PX, TABLE_ROWS = 72, 40, 12

view = current_view()

st.title("Troop estimates", anchor=False)

# What is counted and the scale are part of the view a link reproduces: ?troops=casualties&scale=log
counts = estimates.counts(view.events)
url_notices = [
    url.page_choice("troops", estimates.KINDS, estimates.DEFAULT_KIND),
    url.page_choice("scale", estimates.SCALES, "linear"),
]
kinds, scales = st.columns([3, 2])
# required=True: a choice is never None, though its type allows it.
kind = kinds.segmented_control(
    "Numbers of", list(estimates.KINDS), required=True, key="troops",
    format_func=lambda kind: f"{estimates.KINDS[kind]} ({counts[kind]})",
) or estimates.DEFAULT_KIND  # fmt: skip
scale = scales.segmented_control(
    "Scale", list(estimates.SCALES), format_func=estimates.SCALES.__getitem__, required=True,
    key="scale",
) or "linear"  # fmt: skip
url.keep_in_url("troops", kind, estimates.DEFAULT_KIND)
url.keep_in_url("scale", scale, "linear")
for notice in filter(None, url_notices):
    st.caption(f":material/info: {md(notice)}")
st.caption(estimates.COUNTED[kind])

found = estimates.estimates_frame(view.events, kind)
if found.empty:
    others = [f"{estimates.KINDS[k].lower()} ({n})" for k, n in counts.items() if n and k != kind]
    st.info(
        f"None of the {len(view.events)} events shown gives a number of "
        f"{estimates.KINDS[kind].lower()} (`troops:` with `troops_kind: {kind}`)."
        + (f" Other numbers among them: {', '.join(others)}." if others else ""),
        icon=":material/filter_alt_off:",
    )
else:
    # The axis opens on the story (a claim said long before it is named at the left edge), as
    # the Timeline does on its said axis; labels are planned for the width the chart has.
    window = timeline_chart.opening_window(
        view.events, view.dataset.case, "said", (view.state.start, view.state.end)
    )
    width = main_width("estimates_width") or estimates.FIGURE_WIDTH
    chart.card_chart(
        chart.for_streamlit(
            estimates.estimates_figure(
                view.events, view.taxonomy, kind=kind, scale=scale, window=window, width=width
            )
        ),
        "estimates_chart",
    )
    st.caption(
        "Each mark is a claim, labelled with its claimant, placed on when it was said and "
        "coloured by the claimant's side; an open ◁ means it was said no later than that day "
        "(the publication of the document that relays it), an ← at the left edge that it was "
        "said before the story window (its label says when). A vertical bar is a range "
        f"(“10,000-12,000”); a dotted line joins one claimant's claims. {estimates.LABEL_RULE} "
        "Click a mark for its card."
    )
    # Under the chart, across the page, and whole in the main area at 1366x768 with the sidebar
    # open (about 850 px; the columns below take 830 at most) and on a 1024x768 projector: who,
    # how many, when said, about when, the side and the source, their text wrapped over three lines
    # (Streamlit wraps a cell's text only in rows taller than 4rem). The quote, which would need
    # a sideways scroll, is in the card a picked row opens, whole and in its context.
    card_table(
        estimates.estimates_table(found, view.taxonomy),
        "estimates_table",
        list(found["id"]),
        row_height=ROW_PX,
        height=HEADER_PX + ROW_PX * min(len(found), TABLE_ROWS),
        column_config={
            "Claimant": st.column_config.TextColumn(width=100),
            "Troops": st.column_config.NumberColumn(format="localized", width=72),
            # Shown only when a claim gives a range: a column of blanks says nothing.
            "Up to": st.column_config.NumberColumn(format="localized", width=72)
            if found["troops_max"].notna().any()
            else None,
            "Said": st.column_config.TextColumn(width=110),
            "About": st.column_config.TextColumn(width=170),
            "Side": st.column_config.TextColumn(width=100),
            "Source": st.column_config.TextColumn(width=170),
            "Quote": None,
        },
    )
    st.caption("Pick a row for its card: the quote in its context and a link to the source.")

if selected := selected_event():
    event_card(view, selected)

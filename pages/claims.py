"""Claims: which claims contradict which, who answered whom and how fast, and each side's record
of statuses."""

import streamlit as st

from timeline.charts import claims, estimates
from timeline.present import NO_EVENTS
from ui import chart, md
from ui.card import event_card
from ui.data import current_view
from ui.selection import selected_event
from ui.table import MAX_ROWS, card_table
from ui.width import main_width


def _count(number: int, noun: str) -> str:
    """'1 claim', '3 claims'."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


view = current_view()

st.title("Contradicting claims", anchor=False)

every = claims.contradiction_pairs(view.dataset.events)
# A pair shows when both of its claims pass the filters.
shown = claims.contradiction_pairs(view.events)
hidden = len(every) - len(shown)

st.subheader("Who answered whom", anchor=False)
if every.empty:
    st.info(
        "No event of this data says it contradicts another (`contradicts:` lists the ids of the "
        "claims an event cannot coexist with).",
        icon=":material/info:",
    )
elif shown.empty:
    st.info(
        f"{claims.NO_PAIRS} The filters hide all {len(every)} pairs.",
        icon=":material/filter_alt_off:",
    )
else:
    st.markdown(
        f"**{len(shown)}** {'pair' if len(shown) == 1 else 'pairs'} of contradicting claims"
        + (f"; {hidden} more hidden by the filters" if hidden else "")
        + "."
    )
    chart.card_chart(
        chart.for_streamlit(
            # labels planned for the width the chart has, as on the Timeline
            claims.contradictions_figure(
                view.events,
                shown,
                view.taxonomy,
                width=main_width("claims_width", estimates.FIGURE_WIDTH),
            )
        ),
        "claims_chart",
    )
    if len(shown) > claims.MAX_PAIRS:
        st.caption(
            f"The chart draws the first {claims.MAX_PAIRS} of the {len(shown)} pairs, in the "
            "order said; the table lists them all. Filter to narrow them."
        )
    st.caption(
        "Each mark is a claim in its side's lane, placed on when it was said (an open ◁: no "
        "later than that day); each arc runs from a claim to the later one that contradicts it, "
        "its arrow pointing at the answer, the arcs leaving one lane nested, the widest highest. "
        "Each mark is labelled with its claimant. "
        f"{estimates.LABEL_RULE} Hover an arc's arrow for who answered whom and how fast; click a "
        "mark for its card."
    )
    # As the events table does: the browser receives every row on every rerun.
    listed = shown.head(MAX_ROWS)
    if len(shown) > len(listed):
        st.caption(f"The table lists the first {len(listed):,} of {len(shown):,} pairs.")
    card_table(claims.pairs_table(listed, view.taxonomy), "pairs_table", list(listed["a_id"]))
    st.caption("Pick a row for claim A's card; it links to the claims it contradicts.")

if selected := selected_event():
    event_card(view, selected)

st.subheader("Each side's record", anchor=False)
if view.events.empty:
    st.info(NO_EVENTS, icon=":material/filter_alt_off:")
else:
    st.plotly_chart(
        chart.for_streamlit(claims.status_figure(view.events, view.taxonomy)),
        key="status_chart",
        config={"displaylogo": False},
    )
    home = claims.disputed_at_home(view.events, view.taxonomy)
    home = home[home["own"] > 0]
    # A list of 0% tells a room nothing: the sides are named only where some claim is disputed
    # by its own side's documents.
    if not home["disputed"].any():
        st.markdown(
            "**Disputed at home**: no side's own documents call any of its claims disputed."
        )
    else:
        lines = [
            f"- **{md(side.label)}**: **{side.share:.0%}**, {side.disputed} of "
            f"{_count(side.own, 'claim')} its own documents relay"
            for side in home.itertuples()
        ]
        st.markdown(
            "**Disputed at home**: the share of each side's claims that documents of its own side "
            "call disputed\n\n" + "\n".join(lines)
        )

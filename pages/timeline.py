"""Timeline: the filtered events on a date axis, the card of the event picked, and the table."""

import streamlit as st

from timeline import present
from timeline.charts import density
from timeline.charts import timeline as timeline_chart
from timeline.data import fields
from timeline.exports import ExportOptions
from ui import chart, md, url
from ui.card import event_card
from ui.data import current_view
from ui.export import export_control
from ui.selection import selected_event
from ui.table import event_table

view = current_view()

st.title("Claims timeline", anchor=False)

# Lanes and colours are part of the view a link reproduces: ?lane=alignment&colour=status
LANE, COLOUR, AXIS = "claimant_country", "alignment", "happened"
url_notices = [
    url.page_choice("lane", fields.LANES, LANE),
    url.page_choice("colour", fields.COLOURS, COLOUR),
    url.page_choice("axis", present.AXES, AXIS),
]
lanes, colours = st.columns([1.3, 1])
# required=True: a choice is never None, though its type allows it.
lane = (
    lanes.segmented_control(
        "Lanes", list(fields.LANES), format_func=fields.LANES.__getitem__, required=True, key="lane"
    )
    or LANE
)
colour = colours.segmented_control(
    "Colour by", list(fields.COLOURS), format_func=fields.COLOURS.__getitem__, required=True,
    key="colour",
) or COLOUR  # fmt: skip
# Where events sit in time, and which stretch of it the chart shows, side by side.
axes, zoom = st.columns([1.1, 2], vertical_alignment="bottom")
axis = axes.segmented_control(
    "Place events by", list(present.AXES), format_func=present.AXES.__getitem__, required=True,
    key="axis",
) or AXIS  # fmt: skip
url.keep_in_url("lane", lane, LANE)
url.keep_in_url("colour", colour, COLOUR)
url.keep_in_url("axis", axis, AXIS)
for notice in filter(None, url_notices):
    st.caption(f":material/info: {md(notice)}")

if view.events.empty:
    st.info(present.NO_EVENTS, icon=":material/filter_alt_off:")
else:
    with zoom:
        window, window_notices = chart.window_control(view, axis)
    for notice in window_notices:
        st.caption(f":material/info: {md(notice)}")
    figure = timeline_chart.timeline_figure(
        view.events, view.taxonomy, lane=lane, colour=colour, axis=axis, window=window,
        selected=selected_event(),
    )  # fmt: skip
    # Many events are drawn with WebGL, or as density: say so, and how to get single events back.
    if note := density.NOTES[figure.layout.meta["drawing"]]:
        st.info(note, icon=":material/blur_on:")
    st.plotly_chart(
        chart.for_streamlit(figure, timeline=True),
        key="timeline_chart",
        on_select=chart.opens_card("timeline_chart"),
        selection_mode="points",
        config={"displaylogo": False},
    )
    st.caption(
        "Bars are spans, dots single days; hatched, lighter bars are spans known only roughly "
        "(a week, part of a month); an open ◁ means “no later than”. A grey ring marks a date "
        "the curator corrected (the card says why). Click an event for its card; a dotted line "
        "then joins it to when it was said (or, placed by when it was said, to when it happened). "
        "Labels that would overlap are left out, events with troop figures or contradictions "
        "keeping theirs first: narrow the Window to read the rest."
    )

if selected := selected_event():
    event_card(view, selected)

st.subheader("Events", anchor=False)
event_table(view, key="timeline_table")

shown = None if view.events.empty else window
export_control(
    view,
    ExportOptions(lane=lane, colour=colour, axis=axis, window=shown, filters=view.state),
    "timeline_export",
)

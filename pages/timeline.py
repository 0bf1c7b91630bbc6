"""Timeline: the filtered events on a date axis, the card of the event picked, and the table."""

import streamlit as st

from timeline import present
from timeline.charts import density
from timeline.charts import timeline as timeline_chart
from timeline.data import fields
from timeline.exports import ExportOptions
from ui import chart, first_paint, md, url
from ui.card import event_dialog
from ui.data import current_view
from ui.export import export_control
from ui.selection import selected_event
from ui.table import event_table
from ui.width import main_width, window_height

view = current_view()

st.title("Claims timeline", anchor=False)
# What the link asked for and the page could not do, above everything it would explain.
notices = st.container()

# Lanes and colours are part of the view a link reproduces: ?lane=alignment&colour=status
LANE, COLOUR, AXIS, HEIGHT = "claimant_country", "alignment", "happened", "labels"
url_notices = [
    url.page_choice("lane", fields.LANES, LANE),
    url.page_choice("colour", fields.COLOURS, COLOUR),
    url.page_choice("axis", present.AXES, AXIS),
    url.page_choice("height", chart.HEIGHTS, HEIGHT),
]
# One row of controls, so the chart starts high on a 1366x768 screen: how the chart is drawn in
# a popover that names the current choices, the Window beside it.
drawn, zoom = st.columns([1.3, 3.2], vertical_alignment="bottom")
summary = (
    f"{fields.LANES[st.session_state['lane']]} · {fields.COLOURS[st.session_state['colour']]} · "
    f"{present.AXES[st.session_state['axis']]}"
    + (" · one screen" if st.session_state["height"] == "screen" else "")
)
with drawn.popover(
    summary, icon=":material/tune:", help="Lanes, colours and when events are placed",
    width="stretch",
):  # fmt: skip
    # required=True: a choice is never None, though its type allows it.
    lane = st.segmented_control(
        "Lanes", list(fields.LANES), format_func=fields.LANES.__getitem__, required=True,
        key="lane",
    ) or LANE  # fmt: skip
    colour = st.segmented_control(
        "Colour by", list(fields.COLOURS), format_func=fields.COLOURS.__getitem__, required=True,
        key="colour",
    ) or COLOUR  # fmt: skip
    axis = st.segmented_control(
        "Place events by", list(present.AXES), format_func=present.AXES.__getitem__,
        required=True, key="axis",
    ) or AXIS  # fmt: skip
    height = st.segmented_control(
        "Height", list(chart.HEIGHTS), format_func=chart.HEIGHTS.__getitem__, required=True,
        key="height",
        help="Every label: as tall as the labels need, so you scroll down the lanes. One "
        "screen: every lane in the window's height, to show the whole picture in a room; "
        "fewer labels fit.",
    ) or HEIGHT  # fmt: skip
url.keep_in_url("lane", lane, LANE)
url.keep_in_url("colour", colour, COLOUR)
url.keep_in_url("axis", axis, AXIS)
url.keep_in_url("height", height, HEIGHT)
window_notices: list[str] = []
if view.events.empty:
    st.info(present.NO_EVENTS, icon=":material/filter_alt_off:")
else:
    with zoom:
        window, window_notices = chart.window_control(view, axis)
    # Labels are planned for the width the chart really has; until the browser says, for the
    # narrowest usual screen (1366x768 with the sidebar open).
    width = main_width("timeline_width", timeline_chart.FIGURE_WIDTH)
    # One screen: the chart is as tall as the window (768 px until the browser says otherwise).
    tall = None
    if height == "screen":
        tall = chart.screen_figure_height(window_height("timeline_height", 768))
    figure = chart.timeline_figure(
        view,
        lane=lane,
        colour=colour,
        axis=axis,
        window=window,
        selected=selected_event(),
        width=width,
        height=tall,
    )
    # Many events are drawn with WebGL, or as density: say so, and how to get single events back.
    if note := density.NOTES[figure.layout.meta["drawing"]]:
        st.info(note, icon=":material/blur_on:")
    chart.card_chart(
        figure,
        "timeline_chart",
    )
    # The key under the chart comes with the rest, once the chart is drawn (ui.first_paint).
    if first_paint.drawn():
        st.caption(
            "Bars are spans, dots single days; hatched, lighter bars are spans known only roughly "
            "(a week, part of a month); an open ◁ means “no later than”. A grey ring marks a date "
            "the curator corrected (the card says why). Click an event for its card; a dotted "
            "line then joins it to when it was said (or, placed by when it was said, to when it "
            "happened). "
            "Labels that would overlap are left out, events with troop figures or contradictions "
            "keeping theirs first: narrow the Window to read the rest"
            + (", or choose Every label under the chart's settings." if tall else ".")
        )
for notice in [*filter(None, url_notices), *window_notices]:
    notices.warning(md(notice), icon=":material/link_off:")

# The card opens over the chart, where the reader's eye is, rather than under the table.
if selected := selected_event():
    event_dialog(view, selected)

# Under the chart: on a session's first run, left for the second, once the chart is drawn.
if first_paint.drawn():
    st.subheader("Events", anchor=False)
    event_table(view, key="timeline_table")
    shown = None if view.events.empty else window
    export_control(
        view,
        ExportOptions(lane=lane, colour=colour, axis=axis, window=shown, filters=view.state),
        "timeline_export",
    )

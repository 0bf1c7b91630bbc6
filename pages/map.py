"""Map: the filtered events that carry a location, coloured like the timeline and sized by troops,
drawn over geometry the dashboard serves itself, so it works with no network."""

import pandas as pd
import streamlit as st

from timeline import present
from timeline.charts import geo
from timeline.data import fields
from ui import chart, md, url
from ui.card import event_card
from ui.data import current_view
from ui.selection import select_event, selected_event
from ui.width import main_width

view = current_view()

st.title("Map", anchor=False)

# The colour choice shares its key and URL parameter with the Timeline: ?colour=status
COLOUR = "alignment"
notice = url.page_choice("colour", fields.COLOURS, COLOUR)
# required=True: a choice is never None, though its type allows it.
colour = st.segmented_control(
    "Colour by", list(fields.COLOURS), format_func=fields.COLOURS.__getitem__, required=True,
    key="colour",
) or COLOUR  # fmt: skip
url.keep_in_url("colour", colour, COLOUR)
if notice:
    st.caption(f":material/info: {md(notice)}")

placed, unplaced = geo.located(view.events)
if view.events.empty:
    st.info(present.NO_EVENTS, icon=":material/filter_alt_off:")
elif placed.empty:
    st.info(
        f"None of the {len(view.events)} events shown has a location (lat and lon), so the map "
        "has nothing to place.",
        icon=":material/location_off:",
    )
else:
    first, last = placed["start"].min().date(), placed["end"].max().date()
    if first < last:
        # Keyed by its bounds: when the filters move them, the slider starts afresh over the
        # new days rather than keeping a range that may fall outside them.
        days = st.slider(
            "Days on the map",
            min_value=first,
            max_value=last,
            value=(first, last),
            format="YYYY-MM-DD",
            key=f"map_days_{first}_{last}",
            help="Narrows the map within the sidebar's dates: an event stays while any of its "
            "days falls in the range.",
        )
        inside = (placed["end"] >= pd.Timestamp(days[0])) & (
            placed["start"] <= pd.Timestamp(days[1])
        )
        placed = placed[inside]
    chart.card_chart(
        # as large as the main area allows: taller on a wider screen
        geo.map_figure(
            placed, view.taxonomy, colour=colour, height=geo.map_height(main_width("map_width"))
        ),
        # ui/style.py holds this key's place, saying "Drawing the map…", until it is drawn
        "map_chart",
        topojsonURL=geo.TOPOJSON_URL,
    )
    st.caption(
        f"{len(placed)} events on the map. Marker area grows with the number of troops a claim "
        "gives; claims without one have the smallest marker. Click an event for its card."
    )

if unplaced:
    missing = view.events[view.events["lat"].isna() | view.events["lon"].isna()]
    with st.expander(
        f"{unplaced} of the {len(view.events)} events shown have no location and are not on "
        "the map",
        icon=":material/location_off:",
    ):
        for event_id, title in zip(missing["id"], missing["title"], strict=True):
            st.button(
                md(title),
                key=f"unplaced_{event_id}",
                on_click=select_event,
                args=(event_id,),
                icon=":material/arrow_forward:",
                type="tertiary",
            )

if selected := selected_event():
    event_card(view, selected)

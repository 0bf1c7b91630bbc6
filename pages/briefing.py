"""Briefing: presenter mode, one step per screen, moved in the browser by keys, a clicker or buttons."""

from dataclasses import replace

import streamlit as st

from timeline import present
from timeline.data import briefings, filters
from timeline.exports import ExportOptions
from timeline.exports.briefing_html import deck_html
from ui import briefing as screens
from ui import md, url
from ui.data import current_view
from ui.export import export_control

view = current_view()
dataset = view.dataset

# The briefings shipped with the data, and always the events of the current filters.
options = {name: found.title for name, found in dataset.briefings.items()}
options[briefings.FROM_FILTERS] = "Events of the current filters, in date order"
notices = [url.page_choice("briefing", options, next(iter(options)))]

pick, notes_on = st.columns([3, 1], vertical_alignment="center")
name = pick.selectbox(
    "Briefing", list(options), format_func=options.__getitem__, key="briefing",
    label_visibility="collapsed", on_change=screens.first_step,
    help="A briefing file keeps its steps whatever the filters; the last choice presents the "
    "events the filters show.",
)  # fmt: skip
url.keep_in_url("briefing", name, next(iter(options)))

if name == briefings.FROM_FILTERS:
    title = dataset.case.title if dataset.case else "Events"
    chosen = briefings.from_events(view.events, title, filters.describe(view.state, view.taxonomy))
    rows = briefings.step_events(chosen, view.events)
else:
    chosen = dataset.briefings[name]
    rows = briefings.step_events(chosen, dataset.events)

# Screens: the title, one per event, the sources.
total = len(rows) + 2
notices.append(screens.step_from_url(total))
step = min(st.session_state[screens.STEP_KEY], total)

notices.append(screens.notes_from_url("briefing_notes"))
presenter = notes_on.toggle(
    "Speaker notes", key="briefing_notes",
    help="The presenter view: each step's note and the next step; keep it off for the room.",
)  # fmt: skip
url.keep_in_url(screens.NOTES_PARAM, "1" if presenter else None, None)

for notice in filter(None, notices):
    st.caption(f":material/info: {md(notice)}")

st.html(screens.PAGE_STYLE)
if rows.empty:
    st.info(present.NO_EVENTS, icon=":material/filter_alt_off:")
else:
    # Every step at once; the browser moves between them (keys, a clicker, the buttons) and
    # keeps ?step= in the URL. Speaker notes join the page only in the presenter view.
    notes = {s.event: s.note for s in chosen.steps}
    deck = deck_html(
        rows, dataset, chosen.title, chosen.subtitle,
        [notes.get(event) for event in rows["id"]] if presenter else None, presenter=presenter,
    )  # fmt: skip
    screens.present(deck, step, name)

if presenter:
    if chosen.order == "curated":
        # The steps do not run as the claims were said; the presenter should know why.
        st.caption(f"Steps in a curated order, not as said: {md(chosen.order_reason or '')}")
    # The presenter takes the briefing away as slides or a page; the room never sees the control.
    # A briefing file's steps do not follow the filters, so its files do not name them.
    shown = view.state if name == briefings.FROM_FILTERS else filters.FilterState()
    export_control(
        replace(view, events=rows, state=shown),
        ExportOptions(
            filters=shown, briefing=chosen.steps, title=chosen.title, subtitle=chosen.subtitle
        ),
        "briefing_export",
        briefing=name,
    )

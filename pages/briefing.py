"""Briefing: presenter mode, one step per screen, moved by buttons, arrow keys or a clicker."""

from dataclasses import replace

import streamlit as st

from timeline import present
from timeline.charts import strip
from timeline.data import briefings, filters
from timeline.exports import ExportOptions
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

pick, notes_on, counter, *buttons = st.columns(
    [4, 2, 1.6, 0.9, 1.7, 1.7, 0.9], vertical_alignment="center"
)
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
url.keep_in_url(screens.STEP_PARAM, str(step), "1")

notices.append(screens.notes_from_url("briefing_notes"))
presenter = notes_on.toggle(
    "Speaker notes", key="briefing_notes", help="The presenter view; keep it off for the room."
)
url.keep_in_url(screens.NOTES_PARAM, "1" if presenter else None, None)

counter.markdown(f"**Step {step} of {total}**")
# Arrow keys move, and so does a presentation clicker, which sends Page Up and Page Down.
for column, (action, label, icon, target, keys) in zip(
    buttons,
    (
        ("first", "", ":material/first_page:", 1, "Home"),
        ("previous", "Previous", ":material/chevron_left:", step - 1, "Left"),
        ("next", "Next", ":material/chevron_right:", step + 1, "Right"),
        ("last", "", ":material/last_page:", total, "End"),
    ),
    strict=True,
):
    column.button(
        label, icon=icon, key=f"briefing_{action}", on_click=screens.go_to, args=(target,),
        disabled=not 1 <= target <= total or target == step, shortcut=keys,
        help=f"{action.capitalize()} step (key: {keys})", width="stretch",
    )  # fmt: skip
with st.container(key="briefing_clicker"):
    for label, target, keys in (
        ("Page up", step - 1, "PageUp"),
        ("Page down", step + 1, "PageDown"),
    ):
        st.button(
            label, key=f"briefing_{keys.lower()}", on_click=screens.go_to,
            args=(target,), disabled=not 1 <= target <= total, shortcut=keys,
        )  # fmt: skip

for notice in filter(None, notices):
    st.caption(f":material/info: {md(notice)}")

st.html(screens.STYLE)
if rows.empty:
    st.info(present.NO_EVENTS, icon=":material/filter_alt_off:")
elif step == 1:
    st.html(screens.title_html(chosen.title, chosen.subtitle, briefings.summary(rows)))
elif step == total:
    st.html(screens.closing_html(briefings.cited(rows, dataset.sources)))
else:
    row = rows.iloc[step - 2]
    st.html(screens.event_html(row, dataset.sources.get(row["source"]), view.taxonomy))

current = rows.iloc[step - 2]["id"] if 1 < step < total else None
if not rows.empty:
    st.plotly_chart(
        strip.strip_figure(rows, current, view.taxonomy),
        key="briefing_strip",
        config={"displayModeBar": False, "staticPlot": True},
    )

if presenter:
    note = None if current is None else {s.event: s.note for s in chosen.steps}.get(current)
    with st.container(border=True, key="speaker_notes"):
        st.markdown(f"**Speaker note:** {md(note)}" if note else "*No speaker note for this step.*")
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

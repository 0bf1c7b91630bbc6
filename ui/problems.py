"""The panel listing what is wrong with the data, above every page."""

from __future__ import annotations

import streamlit as st

from timeline import Dataset
from ui.data import shown_path


def problems_panel(dataset: Dataset) -> None:
    """List the data's problems (file:line: message, no server paths); the valid events still show."""
    if not dataset.problems:
        return
    title = (
        f":material/warning: {len(dataset.problems)} problem(s) in the data; "
        f"the {len(dataset.events)} valid event(s) are shown"
    )
    with st.expander(title):
        lines = (shown_path(str(problem)) for problem in dataset.problems)
        st.code("\n".join(lines), language=None, wrap_lines=True)

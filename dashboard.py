"""The dashboard's entrypoint: page settings, the shared sidebar and data, and the pages."""

import streamlit as st

from ui import frame

st.set_page_config(
    page_title="Claims timeline",
    # An emoji, not a :material/...: icon, which the browser would fetch from Google's servers.
    page_icon="📅",
    layout="wide",
    initial_sidebar_state="expanded",
)


def page(name: str, title: str, icon: str, *, default: bool = False) -> st.Page:
    """The page pages/<name>.py, served at <name>-view.

    The URL differs from the file name on purpose: with a pages/ folder beside the entrypoint,
    Streamlit first assumes its older multipage layout, in which a URL matching a file name runs
    that file alone, without this frame (AppTest on every rerun, the server on its first run).
    """
    return st.Page(
        f"pages/{name}.py", title=title, icon=icon, url_path=f"{name}-view", default=default
    )


# Every page reads the view the frame computed (ui.data.current_view()) and only renders it.
PAGES = [
    page("timeline", "Timeline", ":material/timeline:", default=True),
    page("estimates", "Estimates", ":material/groups:"),
    page("claims", "Claims", ":material/compare_arrows:"),
    page("sources", "Sources", ":material/description:"),
    page("map", "Map", ":material/map:"),
    page("briefing", "Briefing", ":material/co_present:"),
]

current = st.navigation(PAGES)
if frame.frame() is not None:
    try:
        current.run()
    except Exception:  # a page's bug must not show a traceback; say what happened instead
        frame.log.exception("page %r failed", current.title)
        st.error(
            "This page hit an unexpected error and could not be shown; the details are in the "
            "server's log. The filters and the other pages still work.",
            icon=":material/error:",
        )

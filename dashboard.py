"""The dashboard's entrypoint: page settings, the shared sidebar and data, and the pages."""

import streamlit as st

from ui import first_paint, frame

st.set_page_config(
    page_title="Claims timeline",
    # An emoji, not a :material/...: icon, which the browser would fetch from Google's servers.
    page_icon="📅",
    layout="wide",
    initial_sidebar_state="expanded",
)


def page(
    name: str, title: str, icon: str, *, default: bool = False, hidden: bool = False
) -> st.Page:
    """The page pages/<name>.py, served at /<name> (the default page at /).

    The URL is the file's name on purpose: with a pages/ folder beside the entrypoint, a freshly
    started server's first run takes Streamlit's older multipage layout, which knows a page only
    by its file name and says "Page not found" for any other URL. Found, the page runs alone, and
    ui.data.current_view() runs this entrypoint around it (streamlit#8860).
    """
    return st.Page(
        f"pages/{name}.py", title=title, icon=icon, default=default,
        # Streamlit knows a page by its url_path, the default one's too, though it is served at /.
        url_path="home" if default else name,
        visibility="hidden" if hidden else "visible",
    )  # fmt: skip


# Every page reads the view the frame computed (ui.data.current_view()) and only renders it.
PAGES = [
    page("timeline", "Timeline", ":material/timeline:", default=True),
    page("estimates", "Estimates", ":material/groups:"),
    page("claims", "Claims", ":material/compare_arrows:"),
    page("sources", "Sources", ":material/description:"),
    page("map", "Map", ":material/map:"),
    page("briefing", "Briefing", ":material/co_present:"),
    # The default page answers its file's name too, as every other page does.
    page("timeline", "Timeline", ":material/timeline:", hidden=True),
]

# Streamlit runs this file as __main__. The upload reader's child process (timeline.data.isolated)
# starts by importing it as __mp_main__, and has no page to draw.
if __name__ == "__main__":
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
        first_paint.complete_when_drawn()

"""Streamlit code shared by dashboard.py and the pages; the logic it shows lives in timeline/."""

import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|:~$=&\"'^@%])")


def md(text: object) -> str:
    r"""Text from the data, escaped so that Streamlit's Markdown shows it literally.

    md("<b>*x*</b>") == r"\<b\>\*x\*\</b\>", which renders as <b>*x*</b>.
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))

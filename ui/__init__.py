"""Streamlit code shared by dashboard.py and the pages; the logic it shows lives in timeline/."""

import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|:~$=&\"'^@%])")
# Streamlit finds autolinks (http://, www., a@b.c) and icons (:material/name:, :streamlit:) in the
# text after Markdown is parsed, so a backslash does not stop them; an invisible word joiner
# (U+2060) inside each pattern does, and the reader sees the same characters.
_JOINER = "\u2060"
_AUTOLINKED = re.compile(
    r"(?i)\b(https?|ftps?|www|mailto|xmpp)(?=[:.])|(?<=:)(?=material/|streamlit:)|(?=@)"
)


def md(text: object) -> str:
    r"""Text from the data, escaped so that Streamlit's Markdown shows it literally: no markup,
    no link made from a bare address and no icon.

    md("<b>*x*</b>") == r"\<b\>\*x\*\</b\>", which renders as <b>*x*</b>;
    md("www.x") == "www\u2060\.x", shown as www.x but not linked.
    """
    joined = _AUTOLINKED.sub(lambda match: (match.group(1) or "") + _JOINER, str(text))
    return _MARKDOWN_SPECIAL.sub(r"\\\1", joined)

"""The PowerPoint deck of a view: title, chart, one slide per event, sources; 16:9, slide fonts."""

from __future__ import annotations

import io
import textwrap
from dataclasses import replace

import pandas as pd
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.util import Inches, Pt

from timeline.data.load import Dataset
from timeline.exports.image import NOT_XML, chart, render
from timeline.exports.options import MAX_EVENT_SLIDES, ExportOptions, briefed
from timeline.exports.window import Shown, scope, shown
from timeline.exports.words import (
    both_times,
    citation,
    claimant,
    counts,
    edtf,
    heading,
    quoted,
    side,
)
from timeline.present import INK, MUTED, UNKNOWN_COLOUR, chip_ink, palette

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)  # 16:9
MARGIN = Inches(0.6)
INNER = WIDTH - 2 * MARGIN
FONT = "Arial"
SOURCES_PER_SLIDE = 12
# Longest quote (characters) for each font size; longer ones shrink, then wrap.
QUOTE_SIZES = ((180, 30), (320, 26), (520, 22), (800, 18))
SMALLEST_QUOTE = 15
_BLANK, _TITLE_ONLY = 6, 5  # layouts of python-pptx's default template
# A long title steps down these sizes until it fits its box; text is wrapped at words with a
# character taken as CHAR_EM of the size wide (bold Arial and its stand-ins, DejaVu Sans and
# Liberation Sans, average under 0.61) and a line as LINE_EM of it high.
TITLE_SIZES = (30, 26, 22, 20, 18)
CHAR_EM = 0.64
LINE_EM = 1.2
INSET = Inches(0.1)  # a text box's default inner margin, left and right (half that top and bottom)
TITLE_HEIGHT = Inches(1.4)


# The chart slide's image fills the slide: its labels are drawn at 14 pt on it (a 1920 px image
# on a 13.33 in slide is 144 px an inch), fewer of them than in an image, each readable.
CHART_WIDTH, CHART_HEIGHT = 1920, 1080
CHART_LABEL_PX = 29  # 14.5 pt: 14 pt with a little to spare


def deck_file(events: pd.DataFrame, dataset: Dataset, options: ExportOptions) -> bytes:
    """The .pptx file of a view, with its chart drawn for the chart slide."""
    drawn = replace(options, width=CHART_WIDTH, height=CHART_HEIGHT, scale=1.0)
    figure = chart(events, dataset, drawn, label_size=CHART_LABEL_PX)
    return deck(events, dataset, options, render(figure, "png", drawn))


def deck(events: pd.DataFrame, dataset: Dataset, options: ExportOptions, image: bytes) -> bytes:
    """The .pptx file: a title slide, the chart image, one slide per event (with the briefing's
    speaker notes, in the briefing's order when there is one) and the sources."""
    view = shown(events, dataset, options)
    events = view.events
    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = WIDTH, HEIGHT
    _title_slide(presentation, view, dataset, options)
    _chart_slide(presentation, image, heading(dataset, options)[0])
    steps = briefed(events, options)
    colours = palette(dataset.taxonomy, "alignment")
    for number, (event, note) in enumerate(steps[:MAX_EVENT_SLIDES], start=1):
        _event_slide(
            presentation, event, note, dataset, colours, options.axis, f"{number} of {len(steps)}"
        )
    if len(steps) > MAX_EVENT_SLIDES:
        left_out = len(steps) - MAX_EVENT_SLIDES
        slide = _titled(presentation, f"{left_out} more events not shown")
        _text(slide, f"This deck shows the first {MAX_EVENT_SLIDES} events. Narrow the "
              "filters to make a deck of the others.", top=Inches(1.8), height=Inches(2), size=24)  # fmt: skip
    sources = list(dict.fromkeys(event["source"] for event, _note in steps))
    for first in range(0, len(sources), SOURCES_PER_SLIDE) or [0]:
        chunk = sources[first : first + SOURCES_PER_SLIDE]
        slide = _titled(presentation, "Sources" if first == 0 else "Sources (continued)")
        box = _text(slide, "", top=Inches(1.5), height=HEIGHT - Inches(2), size=18)
        frame = box.text_frame
        for index, source in enumerate(chunk):
            paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            _run(paragraph, citation(source, dataset), size=18)
            paragraph.space_after = Pt(8)
    out = io.BytesIO()
    presentation.save(out)
    return out.getvalue()


def _title_slide(presentation, view: Shown, dataset, options) -> None:
    slide = presentation.slides.add_slide(presentation.slide_layouts[_BLANK])
    title, subtitle = heading(dataset, options)
    size = fitted_size(title, INNER, Inches(1.4), (44, 36, 30, 26))
    _text(slide, title, top=Inches(1.6), height=Inches(1.4), size=size, bold=True)
    lines = [
        (subtitle or "", 26, INK),
        (scope(view, options, dataset), 22, MUTED),
        (counts(view.events), 22, MUTED),
    ]
    box = _text(slide, "", top=Inches(3.2), height=Inches(3.2), size=22)
    first = True
    for line, size, colour in lines:
        if not line:
            continue
        paragraph = box.text_frame.paragraphs[0] if first else box.text_frame.add_paragraph()
        _run(paragraph, line, size=size, colour=colour)
        paragraph.space_after = Pt(10)
        first = False


def _chart_slide(presentation, image: bytes, title: str) -> None:
    slide = presentation.slides.add_slide(presentation.slide_layouts[_BLANK])
    picture = slide.shapes.add_picture(io.BytesIO(image), 0, 0, width=WIDTH, height=HEIGHT)
    # Alt text, for a screen reader and for PowerPoint's accessibility checker.
    picture._element.nvPicPr.cNvPr.set("descr", _clean(f"Timeline chart: {title}"))


def fitted_size(text: str, width: int, height: int, sizes: tuple[int, ...]) -> int:
    """The largest of `sizes` (points) at which `text`, wrapped at words, fits a text box of
    `width` by `height` (EMU) with its default insets; the smallest when none does."""
    room_width = (width - 2 * INSET) / Pt(1)
    room_height = (height - INSET) / Pt(1)
    for size in sizes:
        per_line = max(1, int(room_width / (size * CHAR_EM)))
        lines = textwrap.wrap(text, per_line, break_long_words=True) or [""]
        if len(lines) * size * LINE_EM <= room_height:
            return size
    return sizes[-1]


def _event_slide(presentation, event, note, dataset, colours, axis: str, position: str) -> None:
    title = event["title"]
    slide = _titled(presentation, title, size=fitted_size(title, INNER, TITLE_HEIGHT, TITLE_SIZES))
    _text(slide, f"Event {position}", top=Inches(0.15), height=Inches(0.4), size=14, colour=MUTED)
    box = _text(slide, "", top=Inches(1.9), height=Inches(0.8), size=18)
    lines = both_times(event, axis)
    if dates := edtf(event):
        lines.append(dates)
    for index, line in enumerate(lines):
        paragraph = box.text_frame.paragraphs[0] if index == 0 else box.text_frame.add_paragraph()
        _run(paragraph, line, size=18 if index < 2 else 14, colour=INK if index < 2 else MUTED)
    chip_width = Inches(2.4)
    chip = slide.shapes.add_shape(
        MSO_SHAPE.ROUNDED_RECTANGLE, MARGIN, Inches(2.95), chip_width, Inches(0.45)
    )
    colour = colours.get(event["alignment"], UNKNOWN_COLOUR)
    chip.fill.solid()
    chip.fill.fore_color.rgb = RGBColor.from_string(colour.lstrip("#").upper())
    chip.line.fill.background()
    chip.text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    chip.text_frame.paragraphs[0].alignment = PP_ALIGN.CENTER
    _run(chip.text_frame.paragraphs[0], side(event, dataset), size=16, bold=True,
         colour=chip_ink(colour))  # fmt: skip
    _text(
        slide,
        claimant(event, dataset),
        top=Inches(2.92),
        height=Inches(0.5),
        size=20,
        left=MARGIN + chip_width + Inches(0.25),
        width=INNER - chip_width - Inches(0.25),
    )
    quote = event["quote"].strip()
    size = next((size for longest, size in QUOTE_SIZES if len(quote) <= longest), SMALLEST_QUOTE)
    box = _text(slide, quoted(quote), top=Inches(3.6), height=Inches(2.8), size=size, italic=True)
    box.text_frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
    _text(
        slide,
        "Source: " + citation(event["source"], dataset),
        top=Inches(6.5),
        height=Inches(0.8),
        size=14,
        colour=MUTED,
    )
    if note:
        slide.notes_slide.notes_text_frame.text = _clean(note)


def _titled(presentation, title: str, *, size: int = 36):
    """A new slide whose title sits in the layout's title placeholder, so outlines and screen
    readers find it, moved and sized for 16:9 (the default template's layouts are 4:3)."""
    slide = presentation.slides.add_slide(presentation.slide_layouts[_TITLE_ONLY])
    placeholder = slide.shapes.title
    placeholder.left, placeholder.top = MARGIN, Inches(0.5)
    placeholder.width, placeholder.height = INNER, TITLE_HEIGHT
    frame = placeholder.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.TOP
    paragraph = frame.paragraphs[0]
    paragraph.alignment = PP_ALIGN.LEFT
    _run(paragraph, title, size=size, bold=True)
    return slide


def _text(slide, text: str, *, top: int, height: int, size: int, left: int = MARGIN,
          width: int = INNER, bold: bool = False, italic: bool = False, colour: str = INK):  # fmt: skip
    """A wrapped text box at the given place; returns the shape."""
    box = slide.shapes.add_textbox(left, top, width, height)
    box.text_frame.word_wrap = True
    if text:
        _run(box.text_frame.paragraphs[0], text, size=size, bold=bold, italic=italic, colour=colour)
    return box


def _run(paragraph, text: str, *, size: int, bold: bool = False, italic: bool = False,
         colour: str = INK) -> None:  # fmt: skip
    run = paragraph.add_run()
    run.text = _clean(text)
    font = run.font
    font.name, font.size, font.bold, font.italic = FONT, Pt(size), bold, italic
    font.color.rgb = RGBColor.from_string(colour.lstrip("#").upper())


def _clean(text: str) -> str:
    """Text python-pptx can store: control characters XML forbids are dropped."""
    return NOT_XML.sub("", str(text))

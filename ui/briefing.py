"""The Briefing page's presentation: every step drawn once in the browser and moved there by keys,
a clicker or the buttons, with no rerun; the step opened from and kept in the URL (?step=N)."""

from __future__ import annotations

import re

import streamlit as st

from timeline.data.filters import shown
from timeline.exports.briefing_html import SCRIPT, STYLE

STEP_KEY = "briefing_step"
STEP_PARAM = "step"
NOTES_PARAM = "notes"

# The page's own frame: room above the step for Streamlit's header, none below it.
PAGE_STYLE = """
<style>
.stMainBlockContainer { padding-top: 3.5rem; padding-bottom: 0.5rem; }
</style>
"""

# Runs in the page itself (no iframe): the keys are heard on the whole page, except where a
# control with the focus owns them. The step a viewer reached is remembered per briefing, so a
# rerun (the notes toggled, say) redraws the deck on the same step; and written to the URL.
_MOUNT = """
export default function (component) {
  const { data, parentElement } = component;
  const remembered = (window.__briefingSteps = window.__briefingSteps || {});
  let holder = parentElement.querySelector(".holder");
  if (!holder) {
    holder = document.createElement("div");
    holder.className = "holder";
    parentElement.appendChild(holder);
  }
  if (holder.__html !== data.html || !holder.__deck) {
    holder.innerHTML = data.html;
    holder.__html = data.html;
    holder.__deck = briefingDeck(
      holder.querySelector(".deck"),
      remembered[data.name] || data.step,
      (step) => {
        remembered[data.name] = step;
        briefingKeepStepInUrl(window, step);
      },
    );
  }
  const deck = holder.__deck;
  briefingKeepStepInUrl(window, deck.step);
  if (window.__briefingKeys) document.removeEventListener("keydown", window.__briefingKeys);
  window.__briefingKeys = deck.key;
  document.addEventListener("keydown", deck.key);
  return () => {
    document.removeEventListener("keydown", deck.key);
    if (window.__briefingKeys === deck.key) window.__briefingKeys = null;
  };
}
"""

_deck = st.components.v2.component(
    "timeline_briefing", html="", css=STYLE, js=SCRIPT + _MOUNT, isolate_styles=True
)


def present(deck: str, step: int, name: str) -> None:
    """Show the deck (briefing_html.deck_html) on `step`, or on the step the viewer last reached
    in this briefing `name`, from the browser's memory."""
    _deck(key="briefing_deck", data={"html": deck, "step": step, "name": name})


def step_from_url(total: int) -> str | None:
    """Open the briefing at the URL's `?step=` (1 to `total`) once; returns a notice if ignored."""
    if STEP_KEY in st.session_state:
        return None
    wanted = st.query_params.get(STEP_PARAM)
    st.session_state[STEP_KEY] = 1
    if wanted is None:
        return None
    # ASCII digits only: str.isdigit() also takes "²" (which int() refuses) and "٣"
    if re.fullmatch(r"[0-9]{1,6}", wanted) and 1 <= int(wanted) <= total:
        st.session_state[STEP_KEY] = int(wanted)
        return None
    return f"Ignored {STEP_PARAM}={shown(wanted)}: expected a number from 1 to {total}."


def notes_from_url(key: str) -> str | None:
    """Turn the notes toggle `key` on for `?notes=1` once; returns a notice for another value."""
    if key in st.session_state:
        # Set again before the toggle, its value carries over a run the browser asked for before
        # it had drawn the toggle (ui.first_paint's), as url.page_choice's widgets' do.
        st.session_state[key] = st.session_state[key]
        return None
    wanted = st.query_params.get(NOTES_PARAM)
    st.session_state[key] = wanted == "1"
    if wanted in (None, "1", "0"):
        return None
    return f"Ignored {NOTES_PARAM}={shown(wanted)}: expected 1 (speaker notes on) or 0."


def first_step() -> None:
    """The on_change of the briefing's choice: a new briefing opens on its title."""
    st.session_state[STEP_KEY] = 1

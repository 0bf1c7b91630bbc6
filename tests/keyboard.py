"""Keyboard reach, in a Playwright page: every interactive control that is shown and enabled takes
the focus at some point while Tab is pressed, and the Tab cycle comes round to where it started
(no focus trap).

A composite widget is one Tab stop, as ARIA's patterns have it: the options of a radio group
(Streamlit's segmented control), a tab list or a toolbar are reached with the arrow keys once one of
them has the focus, and a button taken out of the Tab order (tabindex=-1) beside the control that
does the same, such as a select box's "Open" chevron beside its input, is reached with that control.
Both count as reached when another control of their widget is."""

from __future__ import annotations

# Marks every control shown and enabled, in the page and in the shadow roots of its components,
# with data-kb="<n>" and data-kb-widget="<n of its composite widget>"; returns how each reads
# (tag, role, label or text) and its widget, in that order. Controls a screen reader is told to
# skip (aria-hidden), such as a date input's hidden native twin, are not listed.
_LIST = """() => {
    const SELECTOR = 'button, a[href], input, select, textarea, '
        + '[tabindex]:not([tabindex="-1"]), [role=slider]';
    const found = [];
    const walk = (root) => {
        root.querySelectorAll(SELECTOR).forEach((element) => found.push(element));
        root.querySelectorAll('*').forEach((element) => element.shadowRoot && walk(element.shadowRoot));
    };
    walk(document);
    const shown = (element) => {
        const box = element.getBoundingClientRect();
        return box.width > 0 && box.height > 0 && !element.disabled
            && element.getAttribute('aria-disabled') !== 'true'
            && !element.closest('[inert], [aria-hidden="true"]')
            && element.checkVisibility({visibilityProperty: true});
    };
    const widgets = new Map();
    const widget = (element) => {
        const composite = element.closest('[role=radiogroup], [role=tablist], [role=toolbar]')
            || element.closest('[role=group]:has([tabindex="-1"])');
        if (!composite) return null;
        if (!widgets.has(composite)) widgets.set(composite, String(widgets.size));
        return widgets.get(composite);
    };
    return found.filter(shown).map((element, index) => {
        element.dataset.kb = String(index);
        const group = widget(element);
        if (group !== null) element.dataset.kbWidget = group;
        const label = element.getAttribute('aria-label') || element.getAttribute('title') || '';
        const text = (element.innerText || element.value || '').trim().slice(0, 40);
        const role = element.getAttribute('role');
        return {text: `${element.tagName.toLowerCase()}${role ? `[role=${role}]` : ''} `
            + JSON.stringify(label || text), widget: group};
    });
}"""

# The control that has the focus now, through shadow roots: its own mark, or that of the marked
# control it sits in; "" for none (the page itself), "unmarked <tag>" for an element not listed.
_FOCUSED = """() => {
    let active = document.activeElement;
    while (active && active.shadowRoot && active.shadowRoot.activeElement) {
        active = active.shadowRoot.activeElement;
    }
    for (let element = active; element; element = element.parentElement
            || (element.getRootNode() instanceof ShadowRoot ? element.getRootNode().host : null)) {
        if (element.dataset && element.dataset.kb !== undefined) return element.dataset.kb;
    }
    return active && active !== document.body ? 'unmarked ' + active.tagName : '';
}"""


def controls(page: object) -> list[dict]:
    """Every interactive control shown and enabled now, in document order: its description
    ("text") and its composite widget ("widget", None for a control of its own)."""
    return page.evaluate(_LIST)


def tab_round(page: object, count: int) -> tuple[list[str], bool]:
    """Press Tab from the top of the page until the focus comes back to the first control it
    took (at most 3 * count + 20 presses). Returns the marks focused in order, and whether the
    round closed; a round that does not close is a focus trap."""
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    focused: list[str] = []
    for _ in range(3 * count + 20):
        page.keyboard.press("Tab")
        now = page.evaluate(_FOCUSED)
        if focused and now == focused[0] and now:
            return focused, True
        focused.append(now)
    return focused, False


def unreached(page: object) -> tuple[list[str], list[str]]:
    """The controls Tab never reaches, described, and the trap it fell into, if any (the last
    controls focused, described), after a round of Tab presses from the top of the page."""
    listed = controls(page)
    focused, closed = tab_round(page, len(listed))
    reached = {int(mark) for mark in focused if mark.isdigit()}
    widgets = {listed[index]["widget"] for index in reached} - {None}
    missed = [
        control["text"]
        for index, control in enumerate(listed)
        if index not in reached and control["widget"] not in widgets
    ]
    trap = [listed[int(m)]["text"] if m.isdigit() else m for m in focused[-5:]]
    return missed, [] if closed else trap

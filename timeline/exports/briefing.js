// The briefing's steps, moved in the browser: every step is drawn once and a key press only
// swaps which one shows, so a clicker moves it as fast as a static page. Used by the dashboard's
// Briefing page and by the offline file; neither asks anything of a server.

// Keys a presenter or a clicker sends (clickers send Page Up and Page Down), and where they go.
const BRIEFING_KEYS = {
  ArrowRight: 1, ArrowDown: 1, PageDown: 1, ArrowLeft: -1, ArrowUp: -1, PageUp: -1,
  Home: "first", End: "last",
};
// Where a key belongs to the control that has the focus rather than to the briefing.
const BRIEFING_OWN_KEYS = "input, textarea, select, [contenteditable], [role=combobox], " +
  "[role=listbox], [role=option], [role=slider], [role=switch], [role=menu], [role=dialog]";

function briefingDeck(root, start, onStep) {
  const steps = Array.from(root.querySelectorAll(".stage > .step"));
  const total = steps.length;
  const marks = new Map(
    Array.from(root.querySelectorAll(".strip .mark")).map((m) => [Number(m.dataset.step), m]));
  const notes = new Map(
    Array.from(root.querySelectorAll(".note")).map((n) => [Number(n.dataset.step), n]));
  const strip = root.querySelector(".strip");
  const counter = root.querySelector(".counter .number");
  const next = root.querySelector(".next-step");
  const buttons = Array.from(root.querySelectorAll("[data-go]"));
  let current = 0;

  function target(go) {
    if (go === "first") return 1;
    if (go === "last") return total;
    return current + Number(go);
  }

  function show(wanted) {
    const step = Math.min(Math.max(Number(wanted) || 1, 1), total);
    if (step === current) return;
    if (current) {
      steps[current - 1].hidden = true;
      marks.get(current)?.classList.remove("current");
      if (notes.get(current)) notes.get(current).hidden = true;
    }
    current = step;
    steps[step - 1].hidden = false;
    const mark = marks.get(step);
    if (mark) {
      mark.classList.add("current");
      mark.parentNode.appendChild(mark); // drawn last, so no other mark covers it
    }
    // The title and the sources have no place on the strip, which then stays out of the way.
    if (strip) strip.hidden = !mark;
    if (notes.get(step)) notes.get(step).hidden = false;
    if (counter) counter.textContent = String(step);
    if (next) {
      next.textContent = step < total ? steps[step].dataset.heading : "End of the briefing";
    }
    for (const button of buttons) {
      const go = target(button.dataset.go);
      button.disabled = go < 1 || go > total || go === step;
    }
    if (onStep) onStep(step);
  }

  function key(event) {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    const from = event.composedPath ? event.composedPath()[0] : event.target;
    if (from && from.closest && from.closest(BRIEFING_OWN_KEYS)) return;
    const go = BRIEFING_KEYS[event.key];
    if (go === undefined) return;
    event.preventDefault();
    show(target(go));
  }

  for (const hidden of [...steps, ...notes.values()]) hidden.hidden = true;
  root.addEventListener("click", (event) => {
    const button = event.target.closest("[data-go]");
    if (button && !button.disabled) show(target(button.dataset.go));
  });
  show(start);
  return { show, key, get step() { return current; }, total };
}

// The step a URL asks for (?step=N), or null.
function briefingStepInUrl(search) {
  const wanted = new URLSearchParams(search).get("step");
  return wanted && /^\d+$/.test(wanted) ? Number(wanted) : null;
}

// Keep ?step=N in the address bar without a request or a history entry; step 1 stays out.
function briefingKeepStepInUrl(win, step) {
  const url = new URL(win.location.href);
  if (step > 1) url.searchParams.set("step", String(step));
  else url.searchParams.delete("step");
  if (url.href !== win.location.href) win.history.replaceState(win.history.state, "", url.href);
}

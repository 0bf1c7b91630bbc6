"""The server's long-lived objects set aside from Python's cycle collector, once per process."""

from __future__ import annotations

import gc
import threading

_lock = threading.Lock()
_done = False


def set_aside_once() -> bool:
    """Collect the garbage there is, then exempt every object left from later full collections;
    whether this call did it (only the first in the process does).

    Streamlit runs a full collection after every run of the script (runner.postScriptGC), and a
    full collection walks every object the process holds: with pandas, Plotly, Streamlit and the
    record loaded, over 160,000 of them, about 0.1 s on this project's machines. It holds the
    interpreter lock all that time, so the messages the run has queued (the chart among them)
    wait for it before the server can send them. Called once the record is loaded, this leaves
    the collector only what each run makes.

    What is set aside is still freed when nothing refers to it any more; only a reference cycle
    among it would stay. It is the imported code, the record as first read (kept for the life
    of the process unless one of its files is edited) and the first session's few objects.
    """
    global _done
    with _lock:
        if _done:
            return False
        gc.collect()
        gc.freeze()
        _done = True
        return True

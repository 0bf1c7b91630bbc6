"""An upload read in a child process of its own, stopped when it takes too long or too much memory."""

from __future__ import annotations

import logging
import multiprocessing
import os
import resource
import time
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from timeline.data.load import Dataset
from timeline.data.upload import MB, Refused, read_upload

# A legitimate upload of 100,000 events (33 MB of YAML) is read in 10-30 s on two shared cores,
# and its reader peaks at about 760 MB: both limits leave room for that, on a busy machine.
TIME_LIMIT = 120  # seconds of one read
MEMORY_LIMIT = 1536 * MB  # resident memory of the reading process
UNEXPECTED = "it could not be read (an unexpected error, in the server's log)."
# How often the parent looks at the clock and the child's memory: the child cannot grow by more
# than a few tens of MB between two looks, since an upload's files are 50 MB at most.
_WATCH = 0.05

log = logging.getLogger(__name__)

# Not plain fork: the server is threaded, and a forked copy of it can inherit a lock that some
# other thread held. The fork server is a fresh interpreter, started once, with the reader's
# imports already made, so each read starts in milliseconds and gives all its memory back at exit.
_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload([__name__])


@dataclass(frozen=True)
class Opened:
    """An upload read: what to call it, its files left out as not data, its dataset, and how
    much memory its reader peaked at (MB)."""

    name: str
    skipped: tuple[str, ...]
    dataset: Dataset
    peak_mb: float


def _resident(pid: int) -> int:
    """The resident memory of process `pid` in bytes (Linux), 0 once it has gone."""
    try:
        pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0
    return pages * os.sysconf("SC_PAGE_SIZE")


def _read(
    sender: Connection, files: Sequence[tuple[str, bytes]], default_taxonomy: bytes | None
) -> None:
    """In the child: read the upload and send back what came of it, as one pickled tuple."""
    try:
        upload = read_upload(files, default_taxonomy)
        dataset = upload.load()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        sender.send(("opened", Opened(upload.name, upload.skipped, dataset, peak)))
    except Refused as refusal:
        sender.send(("refused", str(refusal)))
    except Exception:  # the parent logs it and tells the viewer in one sentence
        sender.send(("error", traceback.format_exc()))
    finally:
        sender.close()


def open_upload(
    files: Sequence[tuple[str, bytes]],
    default_taxonomy: bytes | None = None,
    *,
    seconds: float = TIME_LIMIT,
    memory: int = MEMORY_LIMIT,
) -> Opened:
    """`read_upload(files, default_taxonomy).load()`, run in a child process under the limits.

    Raises `Refused` with one sentence for the viewer when the upload is refused, when its read
    takes longer than `seconds` or more than `memory` bytes (the child is then killed), or when
    the reader fails unexpectedly (the details go to the log).
    """
    receiver, sender = _CONTEXT.Pipe(duplex=False)
    child = _CONTEXT.Process(
        target=_read, args=(sender, files, default_taxonomy), name="upload-reader", daemon=True
    )
    child.start()
    sender.close()  # the child holds the sending end now: its exit ends the pipe
    started = time.monotonic()
    try:
        while not receiver.poll(_WATCH):
            if time.monotonic() - started > seconds:
                raise Refused(
                    f"it took longer than {seconds:g} s to read, the limit for one upload."
                )
            if child.pid is not None and _resident(child.pid) > memory:
                raise _too_big(memory)
        try:  # a result, or the end of the pipe when the child died without a word
            kind, value = receiver.recv()
        except EOFError:
            log.error("the upload reader stopped with exit code %s", child.exitcode)
            raise Refused(UNEXPECTED) from None
    finally:
        child.kill()
        child.join()
        child.close()
        receiver.close()
    if kind == "opened":
        return value
    if kind == "refused":
        raise Refused(value)
    log.error("reading an upload failed:\n%s", value)
    raise Refused(UNEXPECTED)


def _too_big(memory: int) -> Refused:
    return Refused(f"it needed more than {memory // MB:,} MB to read, the limit for one upload.")

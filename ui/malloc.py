"""glibc told to hand every freed block of a megabyte or more straight back to the system."""

from __future__ import annotations

import ctypes
import ctypes.util

_M_MMAP_THRESHOLD = -3  # mallopt's parameter number, from glibc's malloc.h
THRESHOLD = 1024 * 1024


def return_large_blocks() -> bool:
    """Fix glibc's mmap threshold at 1 MB; whether it was set (False off glibc).

    glibc raises that threshold to the size of each large block freed, up to 32 MB, and from
    then on serves blocks that size from its heaps, which it keeps: every upload's bytes (up to
    20 MB, copied a few times on their way) stayed in the server for good, about 50 MB for each
    round of refused uploads. Fixed, such blocks are mapped on their own and unmapped when freed.
    """
    libc = ctypes.CDLL(ctypes.util.find_library("c"))
    mallopt = getattr(libc, "mallopt", None)
    return mallopt is not None and mallopt(_M_MMAP_THRESHOLD, THRESHOLD) == 1

"""Sub-rows and visible labels for the timeline: each lane's marks and their labels packed into
rows so that no label overlaps another label or a mark, and the rule that thins labels when a
lane runs out of rows.

The packing is vis-timeline's stacking (greedy first fit) with the label's width counted as part
of the item, plus a cap on rows per lane: what cannot fit with its label under the cap is drawn
without one. Positions are plain numbers in one unit (the figure uses days).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain

import numpy as np
import pandas as pd

# The thinning rule, most important first: which labels stay when not all of them fit.
RANKS = {
    "selected": 0,  # the event whose card is open: the reader is looking at it
    "numbers_or_disputes": 1,  # a troop figure, or a contradiction with another claim
    "other": 2,
}
# Within a rank, labels go to events in date order: a crowded day keeps its first claims'.


def label_rank(df: pd.DataFrame, selected: str | None = None) -> np.ndarray:
    """Each event's rank under RANKS (lower keeps its label first).

    An event counts as disputed when it contradicts another or another contradicts it.
    """
    contradicted = set(chain.from_iterable(df["contradicts"]))
    disputes = (df["contradicts"].str.len() > 0) | df["id"].isin(contradicted)
    numbers = df["troops"].notna() | disputes
    rank = np.where(numbers.to_numpy(), RANKS["numbers_or_disputes"], RANKS["other"])
    return np.where(df["id"].to_numpy() == selected, RANKS["selected"], rank)


@dataclass(frozen=True)
class Packed:
    """Where each item went: its row in its lane, whether its label is drawn and on which side,
    and how many rows each lane uses (at least one)."""

    row: np.ndarray  # int: 0 is the lane's top row
    labelled: np.ndarray  # bool
    left: np.ndarray  # bool: the label is drawn left of the mark (it would cross the right edge)
    rows: np.ndarray  # int, per lane code


class _Row:
    """The items placed in one row: (first, last, item) of each mark and each label."""

    def __init__(self) -> None:
        self.marks: list[tuple[float, float, int]] = []
        self.labels: list[tuple[float, float, int]] = []

    @staticmethod
    def hits(spans: list[tuple[float, float, int]], first: float, last: float) -> list[int]:
        return [item for a, b, item in spans if a < last and first < b]

    def free(self, first: float, last: float) -> bool:
        return not self.hits(self.marks, first, last) and not self.hits(self.labels, first, last)


def pack(
    lane: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
    width: np.ndarray,
    rank: np.ndarray,
    *,
    lanes: int,
    max_rows: int | np.ndarray,
    gap: float = 0.0,
    bounds: tuple[float, float] = (-np.inf, np.inf),
) -> Packed:
    """Rows and labels for items with marks from `start` to `end` and labels `width` wide
    (0: none) drawn `gap` after the mark, or before it when they would cross `bounds`' right edge.

    Within each lane, items with labels are placed first, by `rank` then `start`, each in the
    first of `max_rows` rows (one number, or one per lane) where mark and label overlap nothing; the rest are then placed by
    `start` without a label in the first row their mark fits in. When no row has room, a mark
    goes where it covers only other marks (the fewest); failing that, the labels in its way in
    the row where the least important ones block it are dropped. Hence a drawn label never
    overlaps a mark or another label, and marks overlap only where more than `max_rows` events
    of a lane share a moment.

    pack(np.array([0, 0]), np.array([0., 0.]), np.array([1., 1.]), np.array([2., 2.]),
         np.array([1, 1]), lanes=1, max_rows=1).labelled == [True, False]
    """
    count = len(lane)
    row = np.zeros(count, dtype=int)
    labelled = np.zeros(count, dtype=bool)
    right = end + gap + width > bounds[1]
    left = right & (start - gap - width >= bounds[0])
    label_first = np.where(left, start - gap - width, end)
    label_last = np.where(left, start, end + gap + width)
    can_label = (width > 0) & (~right | left)
    rows = np.ones(lanes, dtype=int)
    caps = np.broadcast_to(np.asarray(max_rows, dtype=int), (lanes,))
    for code in range(lanes):
        items = np.flatnonzero(lane == code)
        if not items.size:
            continue
        grid = [_Row() for _ in range(caps[code])]
        placed = set()
        for item in items[np.lexsort((items, start[items], rank[items]))]:
            if not can_label[item]:
                continue
            first = min(start[item], label_first[item])
            last = max(end[item], label_last[item])
            for number, taken in enumerate(grid):
                if taken.free(first, last):
                    taken.marks.append((start[item], end[item], item))
                    taken.labels.append((label_first[item], label_last[item], item))
                    row[item], labelled[item] = number, True
                    placed.add(item)
                    break
        for item in items[np.lexsort((items, start[items]))]:
            if item in placed:
                continue
            number = _room_for_mark(grid, start[item], end[item], rank, labelled)
            row[item] = number
            grid[number].marks.append((start[item], end[item], item))
        rows[code] = row[items].max() + 1
    return Packed(row=row, labelled=labelled, left=left & labelled, rows=rows)


def _room_for_mark(
    grid: list[_Row], first: float, last: float, rank: np.ndarray, labelled: np.ndarray
) -> int:
    """The row a mark without a label goes in; labels dropped to make room are unset in
    `labelled` and leave their row."""
    for number, taken in enumerate(grid):
        if taken.free(first, last):
            return number
    blocked = [taken.hits(taken.labels, first, last) for taken in grid]
    unblocked = [n for n, hits in enumerate(blocked) if not hits]
    if unblocked:
        return min(unblocked, key=lambda n: len(grid[n].hits(grid[n].marks, first, last)))
    # Drop the least important labels: the row whose most important blocking label ranks lowest.
    number = max(range(len(grid)), key=lambda n: (min(rank[i] for i in blocked[n]), -n))
    taken = grid[number]
    taken.labels = [span for span in taken.labels if span[2] not in blocked[number]]
    labelled[blocked[number]] = False
    return number


def row_caps(lane: np.ndarray, lanes: int, budget: int, low: int, high: int) -> np.ndarray:
    """How many rows each lane may take: `budget` rows shared in proportion to the lanes' items,
    each lane's share between `low` and `high`, so a crowded lane gets the room a quiet one
    does not need.

    row_caps(np.array([0, 0, 0, 1]), 2, budget=8, low=2, high=8).tolist() == [6, 2]
    """
    counts = np.bincount(lane, minlength=lanes)
    share = budget * counts // max(counts.sum(), 1)
    return np.clip(share, low, high)


def deal(lane: np.ndarray, start: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Rows for items dealt round-robin, in `start` order, over their lane's `rows`: a cheap,
    vectorised stand-in for packing where labels are not drawn."""
    order = np.lexsort((start, lane))
    in_order = lane[order]
    first_of_lane = np.searchsorted(in_order, in_order)
    row = np.empty(len(lane), dtype=int)
    row[order] = (np.arange(len(order)) - first_of_lane) % rows[in_order]
    return row

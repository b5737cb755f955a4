"""A landing table as planned history: base rows, timed changes, and keys.

A versioned table (one with `updated_at`) is a set of rows created at `created`, plus
changes: each change has an instant per row (INF = never) and new values for some
columns. The row's version at instant T shows every change at or before T, and its
`updated_at` is the latest of those instants. An event table has no changes; its rows
land at `created`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .clock import INF
from .contract import TABLES, Col


@dataclass
class Change:
    """Column values that take effect at per-row instants."""

    times: np.ndarray
    values: dict[str, np.ndarray]


@dataclass
class Table:
    """Planned rows of one landing table."""

    name: str
    values: dict[str, np.ndarray]
    created: np.ndarray
    changes: list[Change] = field(default_factory=list)
    versioned: bool = True
    style: np.ndarray | None = None  # timestamp style per row: 0 Z, 1 +hh:mm, 2 no offset
    rank: np.ndarray | None = None  # 1-based order of creation: keys are numbered by it

    @property
    def columns(self) -> list[Col]:
        """The contract's columns of this table."""
        return TABLES[self.name]

    def __len__(self) -> int:
        return len(self.created)

    def finalize(self, history_end: int) -> Table:
        """Check rows end before the history does, stop changes after a soft delete, and
        rank rows in order of creation (keys are numbered by it)."""
        if self.versioned and (self.created >= history_end).any():
            raise ValueError(f"{self.name}: rows created after the history must be dropped first")
        deleted = None
        for ch in self.changes:
            if "is_deleted" in ch.values:
                deleted = ch.times
        if deleted is not None:
            for ch in self.changes:
                if "is_deleted" not in ch.values:
                    ch.times = np.where(ch.times > deleted, INF, ch.times)
        for ch in self.changes:
            ch.times = np.where(ch.times < self.created, self.created, ch.times)
        rank = np.empty(len(self), dtype=np.int64)
        rank[np.argsort(self.created, kind="stable")] = np.arange(1, len(self) + 1)
        self.rank = rank
        return self

    def version_times(self) -> np.ndarray:
        """(rows x versions) instants: creation and every change (INF where none)."""
        return np.stack([self.created] + [c.times for c in self.changes], axis=1)

    def state(self, rows: np.ndarray, as_of: np.ndarray) -> dict[str, np.ndarray]:
        """Column values of `rows` as of the instants `as_of` (the row's updated_at)."""
        out = {k: v[rows] for k, v in self.values.items()}
        for ch in self.changes:
            hit = ch.times[rows] <= as_of
            if not hit.any():
                continue
            for col, vals in ch.values.items():
                out[col] = np.where(hit, vals[rows], out[col])
        if self.versioned:
            out["updated_at"] = as_of
        return out


def subset(frame: dict[str, np.ndarray], rows: np.ndarray) -> dict[str, np.ndarray]:
    """The rows `rows` of a dict of row-aligned arrays."""
    return {k: v[rows] for k, v in frame.items()}


def concat(frames: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    """Stack dicts of row-aligned arrays with the same keys."""
    frames = [f for f in frames if f]
    if not frames:
        return {}
    return {k: np.concatenate([f[k] for f in frames]) for k in frames[0]}

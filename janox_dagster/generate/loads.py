"""Split planned history into nightly loads.

Load i (dated D) holds the instants in [D-1 00:00Z, D 00:00Z); the first load holds
everything before its date. For a versioned table the first load carries each row's
latest version (and, for a few rows, the version before it too, so a file holds the same
key with two `updated_at`); a later load carries every version made during its day. An
event table's row lands by its landing instant, which for late arrivals is a day after
the event.
"""

from __future__ import annotations

import numpy as np

from .clock import Clock
from .tables import Table


def _first_load_versions(
    rows: np.ndarray, times: np.ndarray, rng: np.random.Generator, extra_share: float
) -> tuple[np.ndarray, np.ndarray]:
    """Latest version per row (pairs sorted by row, time), plus the previous one for a few."""
    last = np.concatenate([rows[1:] != rows[:-1], [True]]) if len(rows) else rows.astype(bool)
    second = np.concatenate([last[1:], [False]]) & np.concatenate([rows[1:] == rows[:-1], [False]])
    second &= rng.random(len(rows)) < extra_share
    pick = last | second
    return rows[pick], times[pick]


def split_versioned(
    table: Table, clock: Clock, rng: np.random.Generator, extra_share: float = 0.02
) -> list[tuple[np.ndarray, np.ndarray]]:
    """(rows, as_of) per load for a versioned table."""
    vt = table.version_times()
    n, m = vt.shape
    rows = np.repeat(np.arange(n), m)
    times = vt.reshape(-1)
    ok = times < clock.end
    rows, times = rows[ok], times[ok]
    order = np.lexsort((times, rows))
    rows, times = rows[order], times[order]
    distinct = np.concatenate([[True], (rows[1:] != rows[:-1]) | (times[1:] != times[:-1])])
    rows, times = rows[distinct], times[distinct]
    load = clock.load_index(times)
    out = []
    first = load == 0
    out.append(_first_load_versions(rows[first], times[first], rng, extra_share))
    for i in range(1, len(clock.load_days)):
        m_i = load == i
        out.append((rows[m_i], times[m_i]))
    return out


def split_events(table: Table, clock: Clock) -> list[np.ndarray]:
    """Rows per load for an event table (by landing instant)."""
    load = clock.load_index(table.created)
    order = np.argsort(table.created, kind="stable")
    return [order[load[order] == i] for i in range(len(clock.load_days))]

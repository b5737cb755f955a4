"""Deterministic demo landing tree for the Janox warehouse.

`generate` plans three years of CRM, marketing and billing history for a seed and a
scale (scale 1 is about 10,000 leads) and writes it as nightly load folders in the
landing contract's format: `<out>/<load date>/<source>/<table>.csv`.

Conventions:
- The load folder dated D holds what was created or changed on day D-1 (UTC instants in
  [D-1 00:00Z, D 00:00Z)); the first load holds everything before its date. Exceptions:
  events arriving a day late (some activities, status changes, touchpoints, payments) and
  fx_rates, whose folder D carries the rate of day D itself.
- Keys number rows in order of creation: U0001, ACC00001, CON000001, L000001, OPP00001,
  ACT0000001, INT00001, CASE000001, CMP001, TP0000001, CUS00001, PRD01, SUB000001,
  INV0000001, PAY0000001 (wider when a scale needs more digits).
- Money is in the row's currency: EUR (DE/AT and some Nordic accounts), DKK, SEK, NOK,
  HUF and CHF (Swiss accounts); products are priced in EUR.
- The optional planning source is landed too: planning/targets holds monthly targets per
  seller and KPI (booked revenue in EUR), revised mid-month in the last load (planning).

Modules: clock (time axis), names, fx, org (users), marketing, funnel, sales, crm, billing,
activities, status (world planning, orchestrated by model), planning (sales targets);
tables, contract, assemble (the 21 landing tables), loads (split into nightly loads) and
writer (CSV).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import numpy as np

from .assemble import build_tables
from .clock import Clock, day_to_date
from .contract import KEY_FORMAT
from .loads import split_events, split_versioned
from .model import build_world
from .writer import Keys, write_table_file

__all__ = ["generate"]


def generate(
    out_dir: Path,
    seed: int = 42,
    scale: float = 1.0,
    days: int = 3,
    last_load_date: date = date(2026, 11, 20),
    progress: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Write <out_dir>/<YYYY-MM-DD>/<source>/<table>.csv for `days` nightly loads ending at
    last_load_date; returns rows written per "source/table" (summed over loads).

    The first load holds the history from about three years back up to its date; each
    later load holds the rows created or changed during the day before it (plus a few
    events arriving a day late). Same arguments give byte-identical files.
    """
    if scale <= 0:
        raise ValueError("scale must be positive")
    say = progress or (lambda _msg: None)
    out_dir = Path(out_dir)
    clock = Clock.build(last_load_date, days)
    world = build_world(seed, scale, clock, say)
    rng = np.random.default_rng(np.random.SeedSequence([seed, 7]))
    tables = build_tables(world, rng)
    keys = {t.name: Keys(t.name, t.rank) for t in tables if t.name in KEY_FORMAT}
    counts: dict[str, int] = {t.name: 0 for t in tables}
    per_table = {}
    for t in tables:
        if t.versioned:
            per_table[t.name] = split_versioned(t, clock, rng)
        else:
            per_table[t.name] = [(rows, None) for rows in split_events(t, clock)]
    for i, load_day in enumerate(clock.load_days):
        folder = out_dir / day_to_date(load_day).isoformat()
        for t in tables:
            rows, as_of = per_table[t.name][i]
            if i > 0 and len(rows) == 0:
                continue  # nothing new: the table is absent from this load
            if t.versioned:
                order = np.lexsort((as_of, t.rank[rows]))
                rows, as_of = rows[order], as_of[order]
                state = t.state(rows, as_of)
            else:
                state = t.state(rows, np.zeros(len(rows), dtype=np.int64))
            n = write_table_file(folder / f"{t.name}.csv", t, rows, state, keys, clock)
            counts[t.name] += n
            say(f"load {folder.name}: {t.name} {n:,} rows")
    return counts

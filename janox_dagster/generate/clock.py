"""The time axis of the demo history: history start, load cutoffs, CET offsets, business hours.

All instants are int64 seconds since 1970-01-01 UTC; all dates are int epoch days.
The five markets (DK, SE, NO, DE/AT/CH, HU) all keep Central European Time, so one
offset table (CET/CEST, EU summer-time rule) serves every row.

Load convention: the load folder dated D holds what happened on day D-1 (UTC), i.e. the
instants in [D-1 00:00Z, D 00:00Z); the first load holds everything before its date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

DAY = 86_400
HOUR = 3_600
MINUTE = 60
#: "Never happens" for planned event times (sorts after every real instant).
INF = np.int64(2**62)
#: Null marker for timestamps, dates and references held in int arrays.
NULL = -1

_EPOCH = date(1970, 1, 1)
#: How far after the last load the offset table reaches (simulated futures run on).
_FUTURE_DAYS = 12 * 366


def epoch_day(d: date) -> int:
    """Days since 1970-01-01 of a date."""
    return (d - _EPOCH).days


def day_to_date(day: int) -> date:
    """The date of an epoch day."""
    return _EPOCH + timedelta(days=int(day))


def _last_sunday(year: int, month: int) -> int:
    """Epoch day of the last Sunday of a month."""
    first_next = date(year + (month == 12), month % 12 + 1, 1)
    d = first_next - timedelta(days=1)
    return epoch_day(d - timedelta(days=(d.weekday() - 6) % 7))


def history_start(last_load_date: date) -> date:
    """First day of history: the first of the month 37 months before the last load's month."""
    months = last_load_date.year * 12 + last_load_date.month - 1 - 37
    return date(months // 12, months % 12 + 1, 1)


def weekday(days: np.ndarray) -> np.ndarray:
    """Weekday of epoch days, Monday = 0 (1970-01-01 was a Thursday)."""
    return (np.asarray(days) + 3) % 7


def events_in_spans(
    start: np.ndarray, span: np.ndarray, expected: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """A Poisson(``expected[i]``) number of events for each span i, each at a uniform instant
    of [start[i], start[i] + span[i]). Returns (span index, instant) per event."""
    k = rng.poisson(expected)
    rows = np.repeat(np.arange(len(start)), k)
    t = start[rows] + (rng.random(len(rows)) * span[rows]).astype(np.int64)
    return rows, t


@dataclass
class Clock:
    """History window, load cutoffs and local-time helpers."""

    start_day: int
    end_day: int  # epoch day of the last load date; history ends at its 00:00Z
    load_days: tuple[int, ...]
    offsets: np.ndarray = field(repr=False)  # CET/CEST offset in seconds per day from start_day

    @classmethod
    def build(cls, last_load_date: date, days: int) -> Clock:
        """The clock for `days` nightly loads ending at `last_load_date`."""
        if days < 1:
            raise ValueError("days must be at least 1")
        end_day = epoch_day(last_load_date)
        start_day = epoch_day(history_start(last_load_date))
        if end_day - (days - 1) <= start_day + 30:
            raise ValueError("too many loads for the history window")
        load_days = tuple(end_day - days + 1 + i for i in range(days))
        n = end_day - start_day + _FUTURE_DAYS
        all_days = np.arange(start_day, start_day + n)
        offsets = np.full(n, HOUR, dtype=np.int64)
        first_year = day_to_date(start_day).year
        for year in range(first_year, day_to_date(start_day + n).year + 1):
            summer = (all_days >= _last_sunday(year, 3)) & (all_days < _last_sunday(year, 10))
            offsets[summer] = 2 * HOUR
        return cls(start_day, end_day, load_days, offsets)

    @property
    def start(self) -> int:
        """History start instant (00:00Z of the first day)."""
        return self.start_day * DAY

    @property
    def end(self) -> int:
        """History end instant: 00:00Z of the last load date (exclusive)."""
        return self.end_day * DAY

    @property
    def n_days(self) -> int:
        """Days of history before the last load date."""
        return self.end_day - self.start_day

    @property
    def cutoffs(self) -> np.ndarray:
        """00:00Z of each load date: load i holds instants in [cutoff[i-1], cutoff[i])."""
        return np.asarray(self.load_days, dtype=np.int64) * DAY

    def offset_of_day(self, days: np.ndarray) -> np.ndarray:
        """CET/CEST offset in seconds of epoch days."""
        idx = np.clip(np.asarray(days) - self.start_day, 0, len(self.offsets) - 1)
        return self.offsets[idx]

    def offset_at(self, ts: np.ndarray) -> np.ndarray:
        """CET/CEST offset in seconds at instants."""
        return self.offset_of_day(np.asarray(ts) // DAY)

    def local_time(self, days: np.ndarray, seconds_of_day: np.ndarray) -> np.ndarray:
        """Instants of a local (CET) wall-clock time on epoch days."""
        days = np.asarray(days, dtype=np.int64)
        return days * DAY + np.asarray(seconds_of_day, dtype=np.int64) - self.offset_of_day(days)

    def work_time(self, days: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """Random instants inside local office hours (mostly 08:00-17:00) on epoch days."""
        n = len(days)
        sod = rng.normal(12.3 * HOUR, 2.4 * HOUR, n)
        sod = np.clip(sod, 7.5 * HOUR, 18.5 * HOUR).astype(np.int64)
        evening = rng.random(n) < 0.04
        sod[evening] = rng.integers(18 * HOUR, 22 * HOUR, int(evening.sum()))
        return self.local_time(days, sod)

    def to_business(self, ts: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """Move instants outside local office hours (weekday 08-17) to the next opening."""
        ts = np.asarray(ts, dtype=np.int64)
        out = ts.copy()
        real = ts < INF
        local = ts[real] + self.offset_at(ts[real])
        day = local // DAY
        sod = local % DAY
        wd = weekday(day)
        outside = (sod < 8 * HOUR) | (sod >= 17 * HOUR) | (wd >= 5)
        nd = day + (sod >= 17 * HOUR)
        wd2 = weekday(nd)
        nd = nd + np.where(wd2 == 5, 2, np.where(wd2 == 6, 1, 0))
        moved = self.local_time(nd, 8 * HOUR + rng.integers(0, 100 * MINUTE, len(nd)))
        out[real] = np.where(outside, moved, ts[real])
        return out

    def sample_days(
        self, n: int, rng: np.random.Generator, first: int | None = None, growth: float = 1.4
    ) -> np.ndarray:
        """Epoch days for `n` business events, weighted by growth, weekday and season."""
        first = self.start_day + 1 if first is None else first
        days = np.arange(first, self.end_day)
        if len(days) == 0 or n == 0:
            return np.zeros(0, dtype=np.int64)
        frac = (days - self.start_day) / max(1, self.n_days)
        w = 1.0 + growth * frac
        wd = weekday(days)
        w = w * np.where(wd == 5, 0.15, np.where(wd == 6, 0.1, 1.0))
        month = np.array([day_to_date(d).month for d in days])
        dom = np.array([day_to_date(d).day for d in days])
        season = np.ones(len(days))
        season[month == 7] = 0.55
        season[month == 8] = 0.85
        season[(month == 12) & (dom >= 20)] = 0.3
        season[(month == 1) & (dom <= 3)] = 0.4
        w = w * season
        return rng.choice(days, size=n, p=w / w.sum()).astype(np.int64)

    def load_index(self, ts: np.ndarray) -> np.ndarray:
        """Index of the load an instant lands in (len(load_days) when after the last one)."""
        return np.searchsorted(self.cutoffs, np.asarray(ts), side="right")

"""Format planned rows as contract CSV: UTF-8, header, comma separator, RFC 4180 quoting.

The output is exactly what Python's `csv.writer(quoting=QUOTE_MINIMAL, lineterminator="\\n")`
writes (a field is quoted when it holds a comma, a double quote or a line break; quotes
inside are doubled), but columns are formatted vectorised as UTF-8 bytes and rows joined in
bulk, which is several times faster for the millions of rows of large scales.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from .clock import DAY, INF, NULL, Clock
from .contract import KEY_FORMAT, Col
from .fx import DECIMALS
from .tables import Table

#: Rows formatted and written at a time (bounds memory at large scales).
CHUNK = 200_000
_Z, _OFFSET, _NAIVE = 0, 1, 2


class Keys:
    """Formats the key of a table's rows (`L000123`) from their creation rank."""

    def __init__(self, name: str, rank: np.ndarray) -> None:
        prefix, width = KEY_FORMAT[name]
        self.prefix = prefix
        self.width = max(width, len(str(len(rank))))
        self.rank = rank

    def format(self, rows: np.ndarray) -> list[bytes]:
        """Keys of `rows`; negative row numbers (null references) give b''."""
        rows = np.asarray(rows, dtype=np.int64)
        null = rows < 0
        rank = np.where(null, 0, self.rank[np.maximum(rows, 0)])
        p = len(self.prefix)
        buf = np.empty((len(rows), p + self.width), dtype=np.uint8)
        buf[:, :p] = np.frombuffer(self.prefix.encode(), dtype=np.uint8)
        _digits(buf, p, rank, self.width)
        return _decode(buf, null)


def _civil(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Year, month, day of epoch days (proleptic Gregorian)."""
    z = days + 719_468
    era = np.floor_divide(z, 146_097)
    doe = z - era * 146_097
    yoe = (doe - doe // 1460 + doe // 36_524 - doe // 146_096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = np.where(mp < 10, mp + 3, mp - 9)
    y = yoe + era * 400 + (m <= 2)
    return y, m, d


def _digits(buf: np.ndarray, col: int, value: np.ndarray, width: int) -> None:
    for k in range(width):
        buf[:, col + width - 1 - k] = 48 + (value // 10**k) % 10


def _date_bytes(buf: np.ndarray, days: np.ndarray) -> None:
    y, m, d = _civil(days)
    _digits(buf, 0, y, 4)
    buf[:, 4] = 45
    _digits(buf, 5, m, 2)
    buf[:, 7] = 45
    _digits(buf, 8, d, 2)


def _decode(buf: np.ndarray, null: np.ndarray) -> list[bytes]:
    """Rows of an ASCII byte matrix as fields (trailing NUL bytes dropped; null rows empty)."""
    buf[null] = 0
    return buf.view(f"S{buf.shape[1]}").ravel().tolist()


def format_timestamps(ts: np.ndarray, style: np.ndarray, clock: Clock) -> list[bytes]:
    """ISO 8601 instants: `Z` by default, the local `+01:00`/`+02:00` offset, or no offset
    (meaning UTC), as `style` says per row; nulls give b''."""
    ts = np.asarray(ts, dtype=np.int64)
    null = (ts == NULL) | (ts >= INF)
    ts = np.where(null, clock.start, ts)
    off = np.where(style == _OFFSET, clock.offset_at(ts), 0)
    local = ts + off
    buf = np.zeros((len(ts), 25), dtype=np.uint8)
    _date_bytes(buf, local // DAY)
    sod = local % DAY
    buf[:, 10] = ord("T")
    _digits(buf, 11, sod // 3600, 2)
    buf[:, 13] = ord(":")
    _digits(buf, 14, sod // 60 % 60, 2)
    buf[:, 16] = ord(":")
    _digits(buf, 17, sod % 60, 2)
    buf[style == _Z, 19] = ord("Z")
    for hours in (1, 2):
        m = (style == _OFFSET) & (off == hours * 3600)
        buf[m, 19:25] = np.frombuffer(f"+0{hours}:00".encode(), dtype=np.uint8)
    return _decode(buf, null)


def format_dates(days: np.ndarray) -> list[bytes]:
    """YYYY-MM-DD dates from epoch days; NULL gives b''."""
    days = np.asarray(days, dtype=np.int64)
    null = days == NULL
    buf = np.zeros((len(days), 10), dtype=np.uint8)
    _date_bytes(buf, np.where(null, 0, days))
    return _decode(buf, null)


def _text(values: Iterable) -> list[bytes]:
    """Free text in UTF-8, quoted RFC 4180 style where it holds a comma, quote or line break."""
    out = []
    for v in values:
        if v is None:
            out.append(b"")
        elif "," in v or '"' in v or "\n" in v or "\r" in v:
            out.append(('"' + v.replace('"', '""') + '"').encode("utf-8"))
        else:
            out.append(v.encode("utf-8"))
    return out


def format_column(
    col: Col,
    values: np.ndarray | None,
    rows: np.ndarray,
    table: Table,
    keys: dict[str, Keys],
    clock: Clock,
    state: dict[str, np.ndarray],
) -> list[bytes]:
    """One column of a chunk of rows as a list of CSV fields (UTF-8 bytes)."""
    kind = col.kind
    if kind == "key":
        return keys[table.name].format(rows)
    if kind == "ref":
        return keys[str(col.arg)].format(values)
    if kind == "ts":
        return format_timestamps(values, table.style[rows], clock)
    if kind == "date":
        return format_dates(values)
    if kind == "int":
        v = np.asarray(values, dtype=np.int64).tolist()
        return [b"" if x == NULL else b"%d" % x for x in v]
    if kind == "dec":
        return [b"%.2f" % x for x in np.asarray(values, dtype=float).tolist()]
    if kind == "rate":
        cur = np.asarray(state["currency"]).tolist()
        decimals = DECIMALS.tolist()
        v = np.asarray(values).tolist()
        return [b"%.*f" % (decimals[c], x) for x, c in zip(v, cur, strict=True)]
    if kind == "bool":
        return np.where(np.asarray(values, dtype=bool), b"true", b"false").tolist()
    if kind == "enum":
        labels = np.array([x.encode() for x in col.arg] + [b""], dtype=object)
        v = np.asarray(values, dtype=np.int64)
        return labels[np.where(v < 0, len(labels) - 1, v)].tolist()
    return _text(values)


def write_table_file(
    path: Path,
    table: Table,
    rows: np.ndarray,
    state: dict[str, np.ndarray],
    keys: dict[str, Keys],
    clock: Clock,
) -> int:
    """Write one table's rows of one load to `path`; returns the row count."""
    cols = table.columns
    path.parent.mkdir(parents=True, exist_ok=True)
    header = io.StringIO()
    csv.writer(header, quoting=csv.QUOTE_MINIMAL, lineterminator="\n").writerow(
        [c.name for c in cols]
    )
    with path.open("wb") as fh:
        fh.write(header.getvalue().encode("utf-8"))
        for lo in range(0, len(rows), CHUNK):
            sl = slice(lo, lo + CHUNK)
            part = {k: v[sl] for k, v in state.items()}
            data = [
                format_column(c, part.get(c.name), rows[sl], table, keys, clock, part) for c in cols
            ]
            fh.write(b"\n".join(map(b",".join, zip(*data, strict=True))))
            fh.write(b"\n")
    return len(rows)

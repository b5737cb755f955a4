"""Landing files into the raw layer: read with DuckDB's own readers, check every row
against the contract, keep good rows with their lineage and quarantine the rest.

Everything a rule needs (types, keys, enumerations, references) comes from the contract
suites (``janox_dagster.contract``); this module only turns those rules into SQL.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb

from janox_dagster import settings
from janox_dagster.contract import SQL_TYPES, TableContract, ValueRule
from janox_dagster.landing import LandedFile, LoadFolder, list_load_folders, scan_load_folder
from janox_dagster.quality import DEFAULT_ROW_CAP, ExpectationOutcome, validate_batch
from janox_dagster.raw_store import RawStore
from janox_dagster.warehouse import (
    FILES_TABLE,
    LINEAGE_COLUMNS,
    LOADS_TABLE,
    QUARANTINE_TABLE,
    RAW_SCHEMA,
    connect,
    create_raw_tables,
)

# Where a night's ingestion connection sees the raw store's earlier loads.
HISTORY_SCHEMA = "history"

Progress = Callable[[str], None]

_TRUE = ("true", "1")
_FALSE = ("false", "0")


class FileUnreadable(Exception):
    """A landed file that cannot be read as the contract says (the load's gate fails)."""


@dataclass
class FileReport:
    """What happened to one landed file."""

    load_date: date
    source: str
    table_name: str
    source_file: str
    rows_landed: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    reasons: dict[str, int] = field(default_factory=dict)
    expectations: list[ExpectationOutcome] = field(default_factory=list)

    @property
    def gate_passed(self) -> bool:
        """True when nothing about this file holds the load back."""
        return not self.errors


@dataclass
class LoadReport:
    """What happened to one load folder."""

    load_date: date
    files: list[FileReport] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def gate_passed(self) -> bool:
        """True when the load may be published."""
        return not self.errors and all(f.gate_passed for f in self.files)

    def failures(self) -> list[str]:
        """Every reason the load is held back, naming the load, table and check: the root
        causes first (a file that cannot be read or lacks a column), then the quarantine
        limits they may have caused (rows referring to that file's keys)."""
        out = [f"load {self.load_date}: {e}" for e in self.errors]
        causes, consequences = [], []
        for f in self.files:
            for e in f.errors:
                failure = f"load {self.load_date}, table {f.source}/{f.table_name}: {e}"
                (consequences if e.startswith("quarantine_limit") else causes).append(failure)
        return out + causes + consequences


# --- reading -------------------------------------------------------------------------------


def check_utf8(path: Path, chunk_size: int = 1 << 24) -> None:
    """Raise FileUnreadable, naming the line, if the file is not valid UTF-8."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    line = 1
    with path.open("rb") as handle:
        while chunk := handle.read(chunk_size):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as error:
                line += chunk[: error.start].count(b"\n")
                raise FileUnreadable(
                    f"{path.name} is not valid UTF-8 (line {line}): the contract wants UTF-8; "
                    "re-export the file as UTF-8"
                ) from None
            line += chunk.count(b"\n")
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise FileUnreadable(
                f"{path.name} is not valid UTF-8 (it ends mid-character)"
            ) from None


def read_csv_header(path: Path) -> list[str]:
    """The header row of a CSV file (a leading byte-order mark is accepted)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle), None)
    if not header or header == [""]:
        raise FileUnreadable(f"{path.name} is empty: a file needs at least its header row")
    if len(header) == 1 and ";" in header[0]:
        raise FileUnreadable(
            f"{path.name} is separated by semicolons: the contract wants commas (RFC 4180 CSV)"
        )
    duplicates = sorted({c for c in header if header.count(c) > 1})
    if duplicates:
        raise FileUnreadable(f"{path.name} repeats header column(s) {', '.join(duplicates)}")
    return header


def stage_file(con: duckdb.DuckDBPyConnection, landed: LandedFile, staged: str) -> list[str]:
    """Read one file into the temp table ``staged`` as text, with its line numbers.

    Returns the file's columns. Every column is read as VARCHAR with the dialect given
    explicitly (no sniffing, no type guessing); typing happens in :func:`check_rows`.
    """
    path = landed.path
    if path.suffix == ".csv":
        check_utf8(path)
        header = read_csv_header(path)
        columns = "{" + ", ".join(f"{_lit(c)}: 'VARCHAR'" for c in header) + "}"
        source_sql = (
            f"select row_number() over () + 1 as _line_number, * from read_csv({_lit(str(path))}, "
            f"header = true, auto_detect = false, columns = {columns}, delim = ',', "
            "quote = '\"', escape = '\"', strict_mode = true)"
        )
    else:
        try:
            described = con.execute(
                f"describe select * from read_parquet({_lit(str(path))})"
            ).fetchall()
        except duckdb.Error as error:
            raise FileUnreadable(
                f"{path.name} cannot be read as Parquet: {_first_line(error)}"
            ) from None
        header = [row[0] for row in described]
        casts = ", ".join(f"cast({_q(c)} as varchar) as {_q(c)}" for c in header)
        source_sql = (
            f"select row_number() over () as _line_number, {casts} "
            f"from read_parquet({_lit(str(path))})"
        )
    try:
        con.execute(f"create or replace temp table {staged} as {source_sql}")
    except duckdb.Error as error:
        raise FileUnreadable(f"{path.name} cannot be read: {_first_line(error)}") from None
    return header


# --- checking ------------------------------------------------------------------------------


def typed_expression(column: str, contract_type: str) -> str:
    """SQL turning the text value of ``column`` into its contract type (null if unparseable)."""
    text = f"nullif({_q(column)}, '')"
    if contract_type == "varchar":
        return text
    if contract_type == "boolean":
        return (
            f"case when lower({text}) in {_tuple(_TRUE)} then true "
            f"when lower({text}) in {_tuple(_FALSE)} then false end"
        )
    if contract_type == "timestamp":
        # An instant with its offset applied, stored as a UTC timestamp (session zone is UTC).
        return f"cast(try_cast({text} as timestamptz) as timestamp)"
    return f"try_cast({text} as {SQL_TYPES[contract_type]})"


def row_reasons(contract: TableContract) -> list[tuple[str, str]]:
    """(reason, SQL condition) pairs, in the order a row's first reason is chosen.

    Conditions read the staged text columns (``{col}``) and the typed ones (``t_{col}``).
    """
    rules: list[tuple[str, str]] = []
    for column in contract.key:
        rules.append((f"missing_key:{column}", f"nullif({_q(column)}, '') is null"))
    for column, regex in contract.regexes.items():
        ctype = contract.columns[column]
        rules.append(
            (
                f"unparseable_{ctype}:{column}",
                f"nullif({_q(column)}, '') is not null and "
                f"(not regexp_full_match({_q(column)}, {_lit(regex)}) or t_{column} is null)",
            )
        )
    for column, values in contract.enums.items():
        rules.append(
            (
                f"not_in_enum:{column}",
                f"t_{column} is not null and cast(t_{column} as varchar) not in {_tuple(values)}",
            )
        )
    for rule in contract.value_rules:
        rules.append((f"{rule.rule}:{rule.column}", value_rule_condition(rule)))
    if contract.at_least_one_of:
        rules.append(
            (
                "missing_giver:" + "|".join(contract.at_least_one_of),
                " and ".join(f"t_{c} is null" for c in contract.at_least_one_of),
            )
        )
    return rules


def value_rule_condition(rule: ValueRule) -> str:
    """SQL true when a row's parsed value breaks ``rule`` (never for a null or unparseable
    value: its type rule reports that)."""
    typed = f"t_{rule.column}"
    broken = []
    if rule.regex is not None:
        broken.append(f"not regexp_full_match({_q(rule.column)}, {_lit(rule.regex)})")
    if rule.min_value is not None:
        broken.append(f"{typed} {'<=' if rule.strict_min else '<'} {rule.min_value!r}")
    if rule.max_value is not None:
        broken.append(f"{typed} {'>=' if rule.strict_max else '>'} {rule.max_value!r}")
    if not broken:
        raise ValueError(f"value rule {rule.rule} on {rule.column} has neither regex nor bounds")
    return f"{typed} is not null and ({' or '.join(broken)})"


def check_rows(
    con: duckdb.DuckDBPyConnection, contract: TableContract, staged: str, checked: str
) -> None:
    """Create ``checked``: the staged rows typed, each with the list of rules it breaks."""
    typed = ", ".join(f"{typed_expression(c, t)} as t_{c}" for c, t in contract.columns.items())
    reasons = ", ".join(
        f"case when {cond} then {_lit(reason)} end" for reason, cond in row_reasons(contract)
    )
    con.execute(
        f"""create or replace temp table {checked} as
        with typed as (select *, {typed} from {staged})
        select *, list_filter([{reasons}], lambda r: r is not null) as _reasons from typed"""
    )
    _mark_duplicates(con, contract, checked)


def _mark_duplicates(con: duckdb.DuckDBPyConnection, contract: TableContract, checked: str) -> None:
    """Quarantine both rows of a key repeated in one file against the contract.

    Versioned tables: the same key with the same ``updated_at`` (as an instant). Event tables:
    the same key with different content (identical repeats are one event and stay).
    """
    key = [f"t_{c}" for c in contract.key]
    key_not_null = " and ".join(f"{k} is not null" for k in key)
    if contract.is_event_table:
        content = ", ".join(f"t_{c}" for c in contract.columns)
        offending = f"""select {", ".join(key)} from {checked} where {key_not_null}
            group by {", ".join(key)} having count(distinct hash({content})) > 1"""
    else:
        version = f"t_{contract.version_column}"
        offending = f"""select {", ".join(key)}, {version} from {checked} where {key_not_null}
            group by {", ".join(key)}, {version} having count(*) > 1"""
        key = [*key, version]
    match = " and ".join(f"{checked}.{k} is not distinct from d.{k}" for k in key)
    con.execute(
        f"""update {checked} set _reasons = list_append(_reasons, 'duplicate_key')
        from ({offending}) as d where {match}"""
    )


def check_references(
    con: duckdb.DuckDBPyConnection,
    batch: dict[str, tuple[TableContract, str]],
    contracts: dict[str, TableContract],
    history_schema: str | None = None,
) -> None:
    """Quarantine rows whose references point at keys that exist nowhere.

    A reference resolves against every key landed so far (the raw tables, and the raw
    store's earlier loads through ``history_schema`` when given; soft-deleted keys
    included) and the rows of this load that pass every rule, in any file order. Rows
    quarantined for a bad reference can break references to them in turn, so the check
    repeats until nothing changes.
    """
    while True:
        changed = 0
        for contract, checked in batch.values():
            for column, target_name in contract.references.items():
                target = contracts[target_name.replace(".", "/")]
                target_key = _target_key(target, batch, history_schema)
                changed += con.execute(
                    f"""update {checked} set _reasons = list_append(_reasons,
                        {_lit("unknown_reference:" + column)})
                    where len(_reasons) = 0 and t_{column} is not null
                    and t_{column} not in ({target_key})"""
                ).fetchone()[0]
        if not changed:
            return


def _target_key(
    target: TableContract,
    batch: dict[str, tuple[TableContract, str]],
    history_schema: str | None = None,
) -> str:
    (key,) = target.key
    sql = f"select {_q(key)} from {RAW_SCHEMA}.{target.raw_table}"
    if history_schema:
        sql += f" union all select {_q(key)} from {history_schema}.{target.raw_table}"
    if target.name in batch:
        sql += f" union all select t_{key} from {batch[target.name][1]} where len(_reasons) = 0"
    return sql


def gx_sample(con: duckdb.DuckDBPyConnection, staged: str, checked: str, cap: int):
    """The rows GX validates as the gate's evidence: every row the SQL rules flagged (up to
    ``cap``) and the file's first ``cap`` rows, as landed text. The SQL rules see every row;
    GX shows what broke with examples, at a cost that does not grow with the file."""
    return con.execute(
        f"""select * exclude (_line_number) from {staged}
        where _line_number <= {cap + 1} or _line_number in (
            select _line_number from {checked} where len(_reasons) > 0 limit {cap})
        order by _line_number"""
    ).df()


# --- committing ----------------------------------------------------------------------------


def commit_file(
    con: duckdb.DuckDBPyConnection, landed: LandedFile, checked: str, report: FileReport
) -> None:
    """Insert good rows into the raw table and the others into quarantine."""
    contract = landed.contract
    columns = ", ".join(_q(c) for c in contract.columns)
    typed = ", ".join(f"t_{c}" for c in contract.columns)
    lineage = ", ".join(LINEAGE_COLUMNS)
    con.execute(
        f"""insert into {RAW_SCHEMA}.{contract.raw_table} ({columns}, {lineage})
        select {typed}, ?, ?, _line_number from {checked} where len(_reasons) = 0
        order by _line_number""",
        [landed.load_date, landed.relative_name],
    )
    record = "{" + ", ".join(f"{_lit(c)}: {_q(c)}" for c in _staged_columns(con, checked)) + "}"
    con.execute(
        f"""insert into {QUARANTINE_TABLE}
        select ?, ?, ?, ?, _line_number, split_part(_reasons[1], ':', 1),
            nullif(split_part(_reasons[1], ':', 2), ''), array_to_string(_reasons, '; '),
            cast(to_json({record}) as varchar)
        from {checked} where len(_reasons) > 0 order by _line_number""",
        [landed.load_date, contract.source, contract.table, landed.relative_name],
    )
    report.rows_loaded, report.rows_quarantined = con.execute(
        f"""select count(*) filter (where len(_reasons) = 0),
        count(*) filter (where len(_reasons) > 0) from {checked}"""
    ).fetchone()
    report.reasons = dict(
        con.execute(
            f"""select _reasons[1], count(*) from {checked} where len(_reasons) > 0
            group by 1 order by 2 desc, 1"""
        ).fetchall()
    )


def _staged_columns(con: duckdb.DuckDBPyConnection, checked: str) -> list[str]:
    names = [r[0] for r in con.execute(f"describe {checked}").fetchall()]
    return [n for n in names if n != "_line_number" and not n.startswith(("t_", "_reasons"))]


# --- one load ------------------------------------------------------------------------------


def ingest_load(
    con: duckdb.DuckDBPyConnection,
    load: LoadFolder,
    contracts: dict[str, TableContract],
    quarantine_limit: float,
    progress: Progress = print,
    gx_row_cap: int = DEFAULT_ROW_CAP,
    history_schema: str | None = None,
) -> LoadReport:
    """Ingest one load folder into the raw layer and report on every file.

    The caller decides what a failed gate means (the nightly run discards its working copy,
    so nothing of a failed run is ever published).
    """
    report = LoadReport(load.load_date, errors=list(load.errors), warnings=list(load.warnings))
    batch: dict[str, tuple[TableContract, str]] = {}
    file_reports: dict[str, FileReport] = {}
    for index, landed in enumerate(load.files):
        contract = landed.contract
        file_report = FileReport(
            load.load_date, contract.source, contract.table, landed.relative_name
        )
        report.files.append(file_report)
        staged, checked = f"_staged_{index}", f"_checked_{index}"
        try:
            header = stage_file(con, landed, staged)
        except FileUnreadable as error:
            file_report.errors.append(f"unreadable file: {error}")
            continue
        missing = [c for c in contract.columns if c not in header]
        if missing:
            file_report.expectations = validate_batch(
                con.execute(f"select * exclude (_line_number) from {staged} limit 1").df(),
                contract,
            )
            file_report.errors.append(
                f"missing_column: {landed.path.name} lacks required column(s) {', '.join(missing)}"
            )
            continue
        extra = [c for c in header if c not in contract.columns]
        if extra:
            file_report.warnings.append(f"extra column(s) ignored: {', '.join(extra)}")
        file_report.rows_landed = con.execute(f"select count(*) from {staged}").fetchone()[0]
        check_rows(con, contract, staged, checked)
        file_report.expectations = validate_batch(
            gx_sample(con, staged, checked, gx_row_cap), contract
        )
        batch[contract.name] = (contract, checked)
        file_reports[contract.name] = file_report

    check_references(con, batch, contracts, history_schema)

    for index, landed in enumerate(load.files):
        name = landed.contract.name
        if name not in batch:
            continue
        file_report = file_reports[name]
        commit_file(con, landed, batch[name][1], file_report)
        share = (
            file_report.rows_quarantined / file_report.rows_landed if file_report.rows_landed else 0
        )
        if share > quarantine_limit:
            reasons = ", ".join(f"{r} ({n})" for r, n in list(file_report.reasons.items())[:3])
            file_report.errors.append(
                f"quarantine_limit: {file_report.rows_quarantined} of {file_report.rows_landed} "
                f"rows quarantined ({share:.1%}, limit {quarantine_limit:.0%}): {reasons}"
            )
        progress(
            f"  {load.load_date} {name}: {file_report.rows_landed:,} landed, "
            f"{file_report.rows_loaded:,} loaded, {file_report.rows_quarantined:,} quarantined"
        )
        con.execute(f"drop table if exists _staged_{index}")
        con.execute(f"drop table if exists _checked_{index}")

    for f in report.files:
        con.execute(
            f"insert into {FILES_TABLE} values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                f.load_date,
                f.source,
                f.table_name,
                f.source_file,
                f.rows_landed,
                f.rows_loaded,
                f.rows_quarantined,
                f.gate_passed,
                "; ".join(f.warnings) or None,
            ],
        )
    con.execute(
        f"insert into {LOADS_TABLE} values (?, ?, ?)",
        [load.load_date, len(load.files), "; ".join(report.warnings) or None],
    )
    return report


def _q(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _tuple(values) -> str:
    return "(" + ", ".join(_lit(str(v)) for v in values) + ")"


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0]


# --- every new load of a landing tree ------------------------------------------------------


def ingest_pending_loads(
    store: RawStore,
    landing_dir: Path,
    contracts: dict[str, TableContract],
    quarantine_limit: float,
    progress: Progress = print,
    warn: Progress = print,
) -> list[LoadReport]:
    """Ingest every load folder of ``landing_dir`` not yet committed to the raw store,
    oldest first, each into its own partitions of the store (uncommitted until the run
    publishes). Earlier loads are read only for the keys references resolve against.

    The one entry point of ingestion: the nightly job's asset and the tests' fixture
    builds both call it.
    """
    store.ensure(contracts)
    for partition in store.discard_uncommitted():
        warn(f"removed {partition}: a load of a run that did not publish")
    done = {d.isoformat() for d in store.committed_load_dates()}
    folders, warnings = list_load_folders(landing_dir)
    for warning in warnings:
        warn(warning)
    pending = [f for f in folders if f.name not in done]
    progress(
        f"{len(folders)} load folder(s) in {landing_dir}, {len(pending)} new: "
        + (", ".join(f.name for f in pending) or "nothing to ingest")
    )
    reports: list[LoadReport] = []
    if not pending:
        return reports
    con = connect(":memory:")
    try:
        con.execute(f"set temp_directory = {_lit(str(store.root / '.tmp'))}")
        con.execute(f"set memory_limit = {_lit(settings.duckdb_memory_limit())}")
        con.execute("set preserve_insertion_order = false")
        create_raw_tables(con, contracts)
        store.attach_views(con, contracts, HISTORY_SCHEMA)
        for folder in pending:
            load = scan_load_folder(folder, contracts)
            progress(f"ingesting load {load.load_date} ({len(load.files)} table files)")
            report = ingest_load(
                con, load, contracts, quarantine_limit, progress, history_schema=HISTORY_SCHEMA
            )
            for warning in report.warnings + [
                f"{f.source_file}: {w}" for f in report.files for w in f.warnings
            ]:
                warn(warning)
            store.write_load(con, contracts, load.load_date)
            reports.append(report)
    finally:
        con.close()
    return reports

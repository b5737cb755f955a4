"""Ingestion assets: the landing files (external) and the raw tables built from them."""

from pathlib import Path

import dagster as dg

from janox_dagster import publishing
from janox_dagster.contract import load_contract
from janox_dagster.defs.resources import JanoxWarehouse
from janox_dagster.ingestion import LoadReport, ingest_load
from janox_dagster.landing import list_load_folders, scan_load_folder
from janox_dagster.run_report import write_ingestion_report
from janox_dagster.warehouse import connect, create_raw_tables, ingested_load_dates

CONTRACTS = load_contract()
BOOKKEEPING = {
    "loads": "One row per ingested load folder.",
    "load_files": "Rows landed, loaded and quarantined per load and table file.",
    "quarantine": "Every landed row that broke the contract, with its reason, file and line.",
}

landing_specs = [
    dg.AssetSpec(
        key=["landing", c.source, c.table],
        group_name="landing",
        description=f"Landed files <landing>/<load date>/{c.source}/{c.table}.csv (or .parquet), "
        f"checked against expectations/{c.raw_table}.json.",
        kinds={"csv"},
    )
    for c in CONTRACTS.values()
]

raw_specs = [
    dg.AssetSpec(
        key=["raw", c.source, c.table],
        deps=[["landing", c.source, c.table]],
        group_name="raw",
        description=f"Every landed version of {c.source}/{c.table} that passed the contract, "
        "with its load date, file and line.",
        kinds={"duckdb"},
    )
    for c in CONTRACTS.values()
] + [
    dg.AssetSpec(key=["raw", "janox", name], group_name="raw", description=text, kinds={"duckdb"})
    for name, text in BOOKKEEPING.items()
]


class GateFailed(dg.Failure):
    """A load broke its gate: nothing of this run may be published."""


@dg.multi_asset(specs=raw_specs, name="ingest_landing", can_subset=False)
def ingest_landing(context: dg.AssetExecutionContext, janox: JanoxWarehouse):
    """Ingest every load folder not yet in the warehouse into the run's working copy."""
    run_id = context.run.run_id
    working = publishing.start_working_copy(janox.published, run_id)
    con = connect(working)
    try:
        create_raw_tables(con, CONTRACTS)
        done = ingested_load_dates(con)
        folders, warnings = list_load_folders(Path(janox.landing_dir))
        for warning in warnings:
            context.log.warning(warning)
        pending = [f for f in folders if f.name not in {d.isoformat() for d in done}]
        context.log.info(
            f"{len(folders)} load folder(s) in {janox.landing_dir}, {len(pending)} new: "
            + (", ".join(f.name for f in pending) or "nothing to ingest")
        )
        reports: list[LoadReport] = []
        for folder in pending:
            load = scan_load_folder(folder, CONTRACTS)
            context.log.info(f"ingesting load {load.load_date} ({len(load.files)} table files)")
            report = ingest_load(con, load, CONTRACTS, janox.quarantine_limit, context.log.info)
            for warning in report.warnings + [
                f"{f.source_file}: {w}" for f in report.files for w in f.warnings
            ]:
                context.log.warning(warning)
            reports.append(report)
    finally:
        con.close()
    path = write_ingestion_report(janox.reports_dir, run_id, reports)
    failures = [failure for report in reports for failure in report.failures()]
    if failures:
        raise GateFailed(
            description="The load was held back; nothing is published:\n" + "\n".join(failures),
            metadata={"run_report": dg.MetadataValue.path(str(path))},
        )
    totals: dict[tuple[str, str], list[int]] = {}
    for report in reports:
        for f in report.files:
            row = totals.setdefault((f.source, f.table_name), [0, 0, 0])
            row[0] += f.rows_landed
            row[1] += f.rows_loaded
            row[2] += f.rows_quarantined
    for spec in raw_specs:
        source, table = spec.key.path[1], spec.key.path[2]
        landed, loaded, quarantined = totals.get((source, table), [0, 0, 0])
        yield dg.MaterializeResult(
            asset_key=spec.key,
            metadata={
                "rows_landed": landed,
                "rows_loaded": loaded,
                "rows_quarantined": quarantined,
                "loads_ingested": len(reports),
            },
        )

"""Ingestion assets: the landing files (external), the raw tables built from them, and the
landing-contract check on each raw table (the GX gate, surfaced in Dagster)."""

from functools import cache
from pathlib import Path

import dagster as dg

from janox_dagster.contract import load_contract
from janox_dagster.defs.resources import TRANSIENT_RETRIES, JanoxWarehouse
from janox_dagster.html_report import write_html_report
from janox_dagster.ingestion import FileReport, ingest_pending_loads
from janox_dagster.run_report import write_ingestion_report

CONTRACT_CHECK = "landing_contract"
BOOKKEEPING = {
    "loads": "One row per ingested load folder.",
    "load_files": "Rows landed, loaded and quarantined per load and table file.",
    "quarantine": "Every landed row that broke the contract, with its reason, file and line.",
}


def landing_specs() -> list[dg.AssetSpec]:
    """The landed files of each contract table (external assets)."""
    return [
        dg.AssetSpec(
            key=["landing", c.source, c.table],
            group_name="landing",
            description=f"Landed files <landing>/<load date>/{c.source}/{c.table}.csv "
            f"(or .parquet), checked against expectations/{c.raw_table}.json.",
            kinds={"csv"},
        )
        for c in load_contract().values()
    ]


def raw_specs() -> list[dg.AssetSpec]:
    """The raw tables: one per contract table, and the load bookkeeping."""
    return [
        dg.AssetSpec(
            key=["raw", c.source, c.table],
            deps=[["landing", c.source, c.table]],
            group_name="raw",
            description=f"Every landed version of {c.source}/{c.table} that passed the "
            "contract, with its load date, file and line.",
            kinds={"parquet"},
        )
        for c in load_contract().values()
    ] + [
        dg.AssetSpec(
            key=["raw", "janox", name], group_name="raw", description=text, kinds={"parquet"}
        )
        for name, text in BOOKKEEPING.items()
    ]


def contract_checks() -> list[dg.AssetCheckSpec]:
    """The landing-contract check on each raw table (blocking: a failed gate stops the run)."""
    return [
        dg.AssetCheckSpec(
            CONTRACT_CHECK,
            asset=["raw", c.source, c.table],
            blocking=True,
            description=f"The run's new files of {c.source}/{c.table} keep the landing "
            f"contract (expectations/{c.raw_table}.json): error when a file is unreadable, "
            "lacks a column or has more quarantined rows than the limit; warning when some "
            "rows were quarantined.",
        )
        for c in load_contract().values()
    ]


class GateFailed(dg.Failure):
    """A load broke its gate: nothing of this run may be published."""


def contract_check_result(source: str, table: str, files: list[FileReport]) -> dg.AssetCheckResult:
    """The check of one raw table over the files this run brought for it."""
    errors = [f"{f.source_file}: {e}" for f in files for e in f.errors]
    quarantined = sum(f.rows_quarantined for f in files)
    warnings = [f"{f.source_file}: {w}" for f in files for w in f.warnings]
    broken = sorted(
        {f"{o.rule} ({o.column})" for f in files for o in f.expectations if not o.success}
    )
    return dg.AssetCheckResult(
        asset_key=["raw", source, table],
        check_name=CONTRACT_CHECK,
        passed=not errors and not quarantined and not warnings,
        severity=dg.AssetCheckSeverity.ERROR if errors else dg.AssetCheckSeverity.WARN,
        metadata={
            "files": len(files),
            "rows_landed": sum(f.rows_landed for f in files),
            "rows_quarantined": quarantined,
            "errors": "\n".join(errors) or "none",
            "warnings": "\n".join(warnings) or "none",
            "expectations_not_met": ", ".join(broken) or "none",
        },
    )


@cache
def ingest_landing_asset() -> dg.AssetsDefinition:
    """The ingestion step: every new load folder into the run's working copy, gated."""
    specs = raw_specs()

    @dg.multi_asset(
        specs=specs,
        check_specs=contract_checks(),
        name="ingest_landing",
        can_subset=False,
        retry_policy=TRANSIENT_RETRIES,
    )
    def ingest_landing(context: dg.AssetExecutionContext, janox: JanoxWarehouse):
        """Ingest every load folder not yet in the raw store into its own partitions."""
        run_id = context.run.run_id
        contracts = load_contract()
        reports = ingest_pending_loads(
            janox.raw_store,
            Path(janox.landing_dir),
            contracts,
            janox.quarantine_limit,
            progress=context.log.info,
            warn=context.log.warning,
        )
        write_ingestion_report(janox.reports_dir, run_id, reports)
        html = write_html_report(janox.reports_dir, run_id, reports)
        context.log.info(f"contract report: {html}")

        files_by_table: dict[tuple[str, str], list[FileReport]] = {}
        for report in reports:
            for f in report.files:
                files_by_table.setdefault((f.source, f.table_name), []).append(f)
        for contract in contracts.values():
            yield contract_check_result(
                contract.source,
                contract.table,
                files_by_table.get((contract.source, contract.table), []),
            )

        failures = [failure for report in reports for failure in report.failures()]
        if failures:
            raise GateFailed(
                description="The load was held back; nothing is published:\n" + "\n".join(failures),
                metadata={"contract_report": dg.MetadataValue.path(str(html))},
                allow_retries=False,
            )
        for spec in specs:
            files = files_by_table.get((spec.key.path[1], spec.key.path[2]), [])
            yield dg.MaterializeResult(
                asset_key=spec.key,
                metadata={
                    "rows_landed": sum(f.rows_landed for f in files),
                    "rows_loaded": sum(f.rows_loaded for f in files),
                    "rows_quarantined": sum(f.rows_quarantined for f in files),
                    "loads_ingested": len(reports),
                    "contract_report": dg.MetadataValue.path(str(html)),
                },
            )

    return ingest_landing

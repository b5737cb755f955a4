"""The ``janox`` command line (../shared/spec/interface.md): ``generate``, ``run``,
``status`` and ``dashboard``."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from janox_dagster import settings

EXIT_PUBLISHED, EXIT_HELD_BACK, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="janox",
        description="Janox Warehouse: JANOX sales KPIs from CRM, marketing and billing exports.",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    generate = commands.add_parser("generate", help="write a realistic demo landing tree")
    generate.add_argument(
        "--out", required=True, type=Path, help="folder to write the load folders into"
    )
    generate.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    generate.add_argument("--scale", type=float, default=1.0, help="1 ≈ 10,000 leads (default 1)")
    generate.add_argument("--days", type=int, default=3, help="nightly load folders (default 3)")

    run = commands.add_parser("run", help="the nightly job: ingest, gate, build, publish")
    run.add_argument(
        "--landing",
        type=Path,
        default=None,
        help="landing tree (default $JANOX_LANDING_DIR or data/landing)",
    )
    run.add_argument(
        "--warehouse",
        type=Path,
        default=None,
        help="DuckDB file to publish (default $JANOX_WAREHOUSE_PATH or data/warehouse.duckdb)",
    )
    run.add_argument(
        "--quarantine-limit",
        type=float,
        default=None,
        help="largest share of a file's rows that may be quarantined (default 0.10)",
    )
    run.add_argument(
        "--full-refresh",
        action="store_true",
        help="rebuild every layer from the raw store (the reference for the incremental nights)",
    )
    run.add_argument("--verbose", action="store_true", help="show Dagster's debug log")

    status = commands.add_parser(
        "status", help="how fresh the published warehouse is, and how the last run ended"
    )
    status.add_argument(
        "--warehouse",
        type=Path,
        default=None,
        help="the published DuckDB file (default $JANOX_WAREHOUSE_PATH or data/warehouse.duckdb)",
    )
    _add_dashboard_parser(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``janox`` console command; returns the exit code."""
    args = _parser().parse_args(argv)
    if args.command == "generate":
        return _generate(args)
    if args.command == "status":
        return _status(args)
    if args.command == "dashboard":
        return _dashboard(args)
    return _run(args)


def _status(args: argparse.Namespace) -> int:
    from janox_dagster.layout import WarehouseLayout
    from janox_dagster.status import format_status, read_last_run, read_published_status

    layout = WarehouseLayout.of(args.warehouse or settings.warehouse_path())
    last_run = read_last_run(layout)
    status = read_published_status(layout.published)
    print("\n".join(format_status(layout.published, status, last_run)))
    return EXIT_HELD_BACK if last_run is not None and not last_run.published else EXIT_PUBLISHED


def _generate(args: argparse.Namespace) -> int:
    from janox_dagster.generate import generate

    if args.scale <= 0 or args.days < 1:
        print("janox generate: --scale must be > 0 and --days at least 1", file=sys.stderr)
        return EXIT_USAGE
    started = time.monotonic()
    counts = generate(args.out, seed=args.seed, scale=args.scale, days=args.days, progress=print)
    print(
        f"wrote {sum(counts.values()):,} rows in {len(counts)} tables to {args.out} "
        f"in {time.monotonic() - started:.1f}s"
    )
    return EXIT_PUBLISHED


def _run(args: argparse.Namespace) -> int:
    from janox_dagster.freshness import plan_night
    from janox_dagster.layout import WarehouseLayout
    from janox_dagster.publishing import RunInProgress, run_lock

    landing = args.landing or Path(settings.landing_dir())
    warehouse = args.warehouse or Path(settings.warehouse_path())
    limit = (
        args.quarantine_limit if args.quarantine_limit is not None else settings.quarantine_limit()
    )
    if not landing.is_dir():
        print(
            f"janox run: landing folder {landing} does not exist "
            "(give --landing or set JANOX_LANDING_DIR)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if not 0 <= limit <= 1:
        print("janox run: --quarantine-limit must be a fraction between 0 and 1", file=sys.stderr)
        return EXIT_USAGE
    layout = WarehouseLayout.of(warehouse)
    started = time.monotonic()
    try:
        with run_lock(layout.state_dir):
            plan = plan_night(layout, landing, full_refresh=args.full_refresh)
            if not plan.load_folders:
                print(
                    f"janox run: {landing} holds no load folder. Expected "
                    "<landing>/<load date YYYY-MM-DD>/<source>/<table>.csv (or .parquet), "
                    "e.g. 2026-11-21/crm/leads.csv",
                    file=sys.stderr,
                )
                return EXIT_USAGE
            if not plan.has_work:
                record = plan.published_record
                print(
                    f"janox run: nothing new in {landing} and the models are unchanged: "
                    f"{warehouse} stays as published (as of {record['as_of']}, run "
                    f"{record['run_id'][:8]})."
                )
                return EXIT_PUBLISHED
            print(f"janox run: {landing} -> {warehouse} ({plan.build_reason})", flush=True)
            outcome = _run_nightly(landing, warehouse, limit, args)
    except RunInProgress as error:
        print(f"janox run: {error}; try again when it has finished", file=sys.stderr)
        return EXIT_USAGE
    return _report(outcome, warehouse, layout, time.monotonic() - started)


def _run_nightly(landing: Path, warehouse: Path, limit: float, args: argparse.Namespace):
    from janox_dagster.defs.resources import JanoxWarehouse
    from janox_dagster.nightly import run_nightly

    janox = JanoxWarehouse(
        landing_dir=str(landing.resolve()),
        warehouse_path=str(warehouse.resolve()),
        quarantine_limit=limit,
    )
    return run_nightly(
        janox, log_level="DEBUG" if args.verbose else "INFO", full_refresh=args.full_refresh
    )


def _report(outcome, warehouse: Path, layout, elapsed: float) -> int:
    from datetime import UTC, datetime

    from janox_dagster.run_report import format_table_summary
    from janox_dagster.status import LastRun, write_last_run

    print(f"\nRun report (run {outcome.run_id[:8]}, {elapsed:.0f}s)")
    if outcome.ingestion is not None:
        print("\n".join(format_table_summary(outcome.ingestion)))
    print(
        f"  checks: {outcome.checks_passed} passed, {len(outcome.checks_failed)} failed, "
        f"{len(outcome.checks_warned)} warned"
    )
    for name in outcome.checks_warned:
        print(f"  warning: {name}")
    for line in outcome.alerts:
        print(f"  alert: {line}")
    reports = layout.reports_dir / outcome.run_id
    write_last_run(
        layout,
        LastRun(
            run_id=outcome.run_id,
            published=outcome.published,
            finished_at=datetime.now(UTC).isoformat(timespec="seconds"),
            reports_dir=str(reports),
            failures=[*outcome.failures, *(f"failed check: {c}" for c in outcome.checks_failed)],
        ),
    )
    if outcome.published:
        print(f"published {warehouse}")
        print(f"reports: {reports}")
        return EXIT_PUBLISHED
    print(
        "\nThe load was held back; the published marts keep their last good state.", file=sys.stderr
    )
    for failure in outcome.failures:
        print(failure, file=sys.stderr)
    for name in outcome.checks_failed:
        print(f"failed check: {name}", file=sys.stderr)
    print(f"reports: {reports}", file=sys.stderr)
    return EXIT_HELD_BACK


def _add_dashboard_parser(commands) -> None:
    dashboard = commands.add_parser("dashboard", help="serve the KPI dashboard (read-only)")
    dashboard.add_argument(
        "--warehouse",
        type=Path,
        default=None,
        help="published DuckDB file (default $JANOX_WAREHOUSE_PATH or data/warehouse.duckdb)",
    )
    dashboard.add_argument("--port", type=int, default=8501, help="port (default 8501)")
    dashboard.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
    )


def _dashboard(args: argparse.Namespace) -> int:
    from janox_dagster.dashboard.server import serve

    warehouse = args.warehouse or Path(settings.warehouse_path())
    if not warehouse.is_file():
        print(
            f"janox dashboard: no published warehouse at {warehouse} "
            "(run `janox run` first, or give --warehouse)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    print(f"janox dashboard: {warehouse} on http://{args.host}:{args.port}", flush=True)
    return serve(warehouse, host=args.host, port=args.port)


if __name__ == "__main__":
    sys.exit(main())

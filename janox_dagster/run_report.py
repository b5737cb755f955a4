"""The run report: what each load and table file brought, written as JSON beside the warehouse."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from janox_dagster.ingestion import LoadReport


def write_ingestion_report(reports_dir: Path, run_id: str, loads: list[LoadReport]) -> Path:
    """Write ``<reports_dir>/<run_id>/ingestion.json`` and return its path."""
    path = reports_dir / run_id / "ingestion.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "run_id": run_id,
        "gate_passed": all(load.gate_passed for load in loads),
        "failures": [failure for load in loads for failure in load.failures()],
        "loads": [
            {
                "load_date": load.load_date.isoformat(),
                "gate_passed": load.gate_passed,
                "errors": load.errors,
                "warnings": load.warnings,
                "files": [
                    {
                        **asdict(f),
                        "load_date": f.load_date.isoformat(),
                        "gate_passed": f.gate_passed,
                    }
                    for f in load.files
                ],
            }
            for load in loads
        ],
    }
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False), encoding="utf-8")
    return path


def read_ingestion_report(reports_dir: Path, run_id: str) -> dict | None:
    """The report a run wrote, or None if it wrote none (it stopped before ingesting)."""
    path = reports_dir / run_id / "ingestion.json"
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def format_table_summary(report: dict) -> list[str]:
    """Rows landed, loaded and quarantined per table, summed over the run's loads."""
    totals: dict[str, list[int]] = {}
    for load in report["loads"]:
        for f in load["files"]:
            row = totals.setdefault(f"{f['source']}/{f['table_name']}", [0, 0, 0])
            row[0] += f["rows_landed"]
            row[1] += f["rows_loaded"]
            row[2] += f["rows_quarantined"]
    if not totals:
        return ["  no new load folders: nothing landed"]
    width = max(len(name) for name in totals)
    lines = [f"  {'table':<{width}}  {'landed':>10}  {'loaded':>10}  {'quarantined':>11}"]
    for name in sorted(totals):
        landed, loaded, quarantined = totals[name]
        lines.append(f"  {name:<{width}}  {landed:>10,}  {loaded:>10,}  {quarantined:>11,}")
    sums = [sum(r[i] for r in totals.values()) for i in range(3)]
    lines.append(f"  {'total':<{width}}  {sums[0]:>10,}  {sums[1]:>10,}  {sums[2]:>11,}")
    return lines

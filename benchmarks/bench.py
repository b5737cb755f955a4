"""Benchmark: generate demo data, run the nightly job, and time the heaviest models.

    python benchmarks/bench.py [--scale 10] [--days 3] [--out /tmp/janox-bench]

Prints wall-clock seconds for each stage and, from dbt's run_results.json, the build time
of the RC-scale models (the heaviest in the project) re-run on the published warehouse.
Figures go in the README; no test asserts them.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HEAVY_MODELS = ["int_rc_scale_events", "int_rc_scale_scores", "rc_scale_history"]


def timed(label: str, command: list[str], env: dict | None = None) -> float:
    started = time.monotonic()
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL)
    elapsed = time.monotonic() - started
    print(f"{label:<45} {elapsed:8.1f} s", flush=True)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=10)
    parser.add_argument("--days", type=int, default=3)
    parser.add_argument("--out", type=Path, default=Path("/tmp/janox-bench"))
    args = parser.parse_args()

    shutil.rmtree(args.out, ignore_errors=True)
    landing, warehouse = args.out / "landing", args.out / "warehouse.duckdb"
    janox = str(BIN / "janox")
    timed(
        f"janox generate --scale {args.scale:g}",
        [
            janox,
            "generate",
            "--out",
            str(landing),
            "--scale",
            str(args.scale),
            "--days",
            str(args.days),
        ],
    )
    rows = sum(1 for p in landing.rglob("*.csv") for _ in p.open(encoding="utf-8"))
    print(f"{'landed rows (with headers)':<45} {rows:8,}")
    timed(
        "janox run (first night, all loads)",
        [janox, "run", "--landing", str(landing), "--warehouse", str(warehouse)],
    )
    timed(
        "janox run (nothing new)",
        [janox, "run", "--landing", str(landing), "--warehouse", str(warehouse)],
    )

    copy = args.out / "heavy.duckdb"
    shutil.copyfile(warehouse, copy)
    env = {**os.environ, "JANOX_DBT_DUCKDB_PATH": str(copy), "PATH": f"{BIN}:{os.environ['PATH']}"}
    target = args.out / "dbt_target"
    timed(
        "dbt run of the RC-scale models",
        [
            str(BIN / "dbt"),
            "run",
            "--project-dir",
            str(ROOT / "dbt_project"),
            "--profiles-dir",
            str(ROOT / "dbt_project"),
            "--target-path",
            str(target),
            "--select",
            *HEAVY_MODELS,
        ],
        env=env,
    )
    results = json.loads((target / "run_results.json").read_text())["results"]
    for result in results:
        print(f"  {result['unique_id'].split('.')[-1]:<43} {result['execution_time']:8.1f} s")
    import duckdb

    con = duckdb.connect(str(copy), read_only=True)
    for table in ("staging.stg_crm__activities", "marts.rc_scale_history"):
        print(
            f"{table + ' rows':<45} {con.execute(f'select count(*) from {table}').fetchone()[0]:8,}"
        )


if __name__ == "__main__":
    main()

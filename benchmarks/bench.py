"""Benchmark the nights at several scales, against the read floor.

    python benchmarks/bench.py [--scales 1 10 100] [--out /tmp/janox-bench]

For each scale it generates four nightly loads (``janox generate --days 4``) and measures,
each in its own process:

- the read floor: DuckDB reading every landing CSV of the first three loads once into a
  table (what no night can beat: the data has to be read),
- the first night: ``janox run`` on the first three loads,
- a night with nothing new: ``janox run`` again (the published file must not change),
- one new daily load: the fourth load folder added, ``janox run``,

with the wall-clock seconds and the peak memory (largest resident set of the run's process
tree) of each, printed as a table with the ratios the targets are stated in. Figures go in
the README; no test asserts them.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

READ_FLOOR = """
import sys, duckdb
from pathlib import Path
con = duckdb.connect()
for i, path in enumerate(sorted(Path(sys.argv[1]).glob("*/*/*.csv"))):
    con.execute(
        f"create table t{i} as select * from read_csv('{path}', header = true, all_varchar = true)"
    )
"""


def measure(command: list[str]) -> tuple[float, float]:
    """Run ``command`` to the end; its wall-clock seconds and peak resident memory in GiB."""
    started = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.monotonic() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}")
    return elapsed, usage.ru_maxrss / 1024 / 1024


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def bench_scale(scale: float, out: Path) -> dict:
    """Every figure of one scale."""
    root = out / f"scale-{scale:g}"
    shutil.rmtree(root, ignore_errors=True)
    generated, landing, warehouse = root / "generated", root / "landing", root / "warehouse.duckdb"
    janox = str(BIN / "janox")
    print(f"scale {scale:g}: generating four loads ...", flush=True)
    subprocess.run(
        [janox, "generate", "--out", str(generated), "--scale", str(scale), "--days", "4"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    folders = sorted(p for p in generated.iterdir() if p.is_dir())
    landing.mkdir(parents=True)
    for folder in folders[:3]:
        shutil.copytree(folder, landing / folder.name)
    rows = sum(1 for p in landing.rglob("*.csv") for _ in p.open(encoding="utf-8")) - len(
        list(landing.rglob("*.csv"))
    )
    run = [janox, "run", "--landing", str(landing), "--warehouse", str(warehouse)]
    figures: dict = {"scale": scale, "landed_rows": rows}
    figures["read_floor"] = measure([sys.executable, "-c", READ_FLOOR, str(landing)])
    print(f"  read floor            {figures['read_floor'][0]:8.1f} s", flush=True)
    figures["first_night"] = measure(run)
    print(f"  first night           {figures['first_night'][0]:8.1f} s", flush=True)
    before = sha256(warehouse)
    figures["nothing_new"] = measure(run)
    figures["nothing_new_unchanged"] = sha256(warehouse) == before
    print(f"  nothing new           {figures['nothing_new'][0]:8.1f} s", flush=True)
    shutil.copytree(folders[3], landing / folders[3].name)
    figures["one_new_load"] = measure(run)
    print(f"  one new daily load    {figures['one_new_load'][0]:8.1f} s", flush=True)
    return figures


def table(results: list[dict]) -> str:
    """The figures as a Markdown table with the ratios the targets are stated in."""
    lines = [
        "| scale | landed rows | read floor | first night (× floor) | nothing new | one new load "
        "(% of first night) | peak memory (first / daily) |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results:
        floor, first = r["read_floor"][0], r["first_night"][0]
        nothing, daily = r["nothing_new"][0], r["one_new_load"][0]
        unchanged = "" if r["nothing_new_unchanged"] else " (file CHANGED)"
        lines.append(
            f"| {r['scale']:g} | {r['landed_rows']:,} | {floor:.1f} s | {first:.1f} s "
            f"({first / floor:.1f} ×) | {nothing:.1f} s{unchanged} | {daily:.1f} s "
            f"({daily / first:.0%}) | {r['first_night'][1]:.1f} / {r['one_new_load'][1]:.1f} GiB |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=float, nargs="+", default=[1, 10])
    parser.add_argument("--out", type=Path, default=Path("/tmp/janox-bench"))
    args = parser.parse_args()
    results = [bench_scale(scale, args.out) for scale in args.scales]
    (args.out / "bench.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    print()
    print(table(results))


if __name__ == "__main__":
    main()

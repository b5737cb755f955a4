"""Benchmark: how long each dashboard page takes to draw, in headless Chromium.

    python benchmarks/dashboard_pages.py --warehouse data/warehouse.duckdb \
        [--rounds 3] [--screenshot docs/dashboard.png]

Starts `janox dashboard` on a copy of the warehouse and opens the first page (the server's
first run imports its libraries). Then it touches the copy, as a night would replace it, so
the cache is cold, opens every page once (the first visit after a night: its queries run)
and `--rounds` more times (the queries come from the cache), and prints the seconds from
opening the address to the last chart drawn. Figures go in the README; no test asserts
them.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote_plus

import duckdb

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from janox_dagster.dashboard.views import PAGES  # noqa: E402
from tests.dashboard_browser import browser, open_page, page_address, served  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", type=Path, default=ROOT / "data" / "warehouse.duckdb")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--screenshot", type=Path, default=None, help="the lead mix page, PNG")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="janox-dashboard-bench-"))
    copy = folder / "warehouse.duckdb"
    shutil.copyfile(args.warehouse, copy)
    with served(copy) as base, browser() as page:
        start = open_page(page, page_address(base, PAGES[0]))
        os.utime(copy)  # a new file stamp: every cached result is stale
        addresses = {view.URL: page_address(base, view) for view in PAGES}
        addresses["seller (one)"] = f"{base}/seller?seller={quote_plus(top_seller(copy))}"
        first = {name: open_page(page, address) for name, address in addresses.items()}
        again = {name: [] for name in addresses}
        for _ in range(args.rounds):
            for name, address in addresses.items():
                again[name].append(open_page(page, address))
        if args.screenshot:
            open_page(page, page_address(base, PAGES[0]))
            page.screenshot(path=args.screenshot)
    shutil.rmtree(folder)
    print(f"server's first page after start: {start:.2f} s")
    print(f"{'page':<18} {'first visit':>12} {'cached (median)':>16}")
    for name in first:
        cached = statistics.median(again[name]) if again[name] else float("nan")
        print(f"{name:<18} {first[name]:>10.2f} s {cached:>14.2f} s")


def top_seller(warehouse: Path) -> str:
    """The sidebar's label of the seller with the most booked revenue."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        name, user = con.execute(
            "select s.user_name, c.user_id from marts.seller_scorecard_monthly c "
            "join marts.dim_sellers s using (user_id) group by all "
            "order by sum(c.booked_revenue_eur) desc limit 1"
        ).fetchone()
    finally:
        con.close()
    return f"{name} ({user})"


if __name__ == "__main__":
    main()

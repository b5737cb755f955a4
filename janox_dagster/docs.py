"""``make docs``: the dbt docs site as one static page, from a copy of the build database.

dbt reads the catalog (tables, columns, types) from the database it is pointed at and
would open it for writing; this points it at a copy of the warehouse's build database
under a temporary folder, so a night (or a BI tool) is never disturbed, and writes
``static_index.html`` (manifest and catalog inside, no server needed) to ``--out``.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from janox_dagster import settings
from janox_dagster.dbt_workspace import DbtWorkspace
from janox_dagster.layout import WarehouseLayout


def build_docs(warehouse: Path, out: Path) -> Path:
    """Generate the static docs site for ``warehouse``; returns the page's path."""
    layout = WarehouseLayout.of(warehouse)
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / layout.build_database.name
        if layout.build_database.exists():
            shutil.copyfile(layout.build_database, copy)
        workspace = DbtWorkspace(build_database=copy, target_dir=Path(tmp) / "dbt")
        workspace.run(["docs", "generate", "--static", "--no-use-colors"], log=None)
        out.mkdir(parents=True, exist_ok=True)
        page = out / "index.html"
        shutil.copyfile(workspace.target_dir / "static_index.html", page)
    return page


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m janox_dagster.docs``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", type=Path, default=Path(settings.warehouse_path()))
    parser.add_argument("--out", type=Path, default=Path("docs/site"))
    args = parser.parse_args(argv)
    print(f"dbt docs: {build_docs(args.warehouse, args.out)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Whether a night has anything to do, decided before Dagster starts.

A night has nothing to do when every load folder of the landing tree is committed to the
raw store, the last run published, and the project (models, macros, seeds, vars, the churn
model) is the one the published marts were built with. Then ``janox run`` says so and
leaves the published file as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from janox_dagster.dbt_workspace import project_fingerprint
from janox_dagster.landing import list_load_folders
from janox_dagster.layout import WarehouseLayout
from janox_dagster.publishing import build_is_dirty, read_published_record


@dataclass
class NightPlan:
    """What a night will do: the load folders it ingests, and why it builds (or not)."""

    load_folders: list[str]
    pending_loads: list[str] = field(default_factory=list)
    build_reason: str | None = None
    published_record: dict | None = None

    @property
    def has_work(self) -> bool:
        """True when the night must ingest, build or publish."""
        return self.build_reason is not None


def plan_night(layout: WarehouseLayout, landing_dir: Path, full_refresh: bool = False) -> NightPlan:
    """Decide what a night does; raises FileNotFoundError for a missing landing folder."""
    folders, _ = list_load_folders(landing_dir)
    committed = [d.isoformat() for d in layout.raw_store.committed_load_dates()]
    record = read_published_record(layout.state_dir)
    plan = NightPlan(
        load_folders=[f.name for f in folders],
        pending_loads=[f.name for f in folders if f.name not in set(committed)],
        published_record=record,
    )
    if plan.pending_loads:
        pending = ", ".join(plan.pending_loads)
        plan.build_reason = f"{len(plan.pending_loads)} new load(s): {pending}"
    elif full_refresh:
        plan.build_reason = "--full-refresh: every layer is rebuilt from the raw store"
    elif record is None or not layout.published.exists():
        plan.build_reason = "nothing is published yet"
    elif build_is_dirty(layout.state_dir):
        plan.build_reason = "the last run did not publish: rebuilding"
    elif record.get("loads") != committed:
        plan.build_reason = "the raw store holds loads the published marts do not"
    elif record.get("project_fingerprint") != project_fingerprint():
        plan.build_reason = "the models or their configuration changed since the last publish"
    return plan

"""What a nightly run's Dagster events say: why it failed, and how its checks went.

``janox run`` reads them from its in-process result and the held-back alert from the run's
event log: both read them here, so the run report and the alert say the same thing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import dagster as dg


@dataclass
class RunEvents:
    """The failures and check results of one run."""

    failures: list[str] = field(default_factory=list)
    checks_passed: int = 0
    checks_failed: list[str] = field(default_factory=list)
    checks_warned: list[str] = field(default_factory=list)


def summarise_run_events(events: Iterable[dg.DagsterEvent]) -> RunEvents:
    """Every step failure's message (a gate's names the load, table and check) and every
    asset check, by outcome (``<asset>: <check>``)."""
    summary = RunEvents()
    for event in events:
        if event.is_step_failure:
            data = event.step_failure_data
            if data.user_failure_data and data.user_failure_data.description:
                summary.failures.append(data.user_failure_data.description)
            elif data.error:
                summary.failures.append(
                    f"step {event.step_key} failed: {data.error.message.strip()}"
                )
        elif event.event_type == dg.DagsterEventType.ASSET_CHECK_EVALUATION:
            evaluation = event.event_specific_data
            name = f"{evaluation.asset_key.to_user_string()}: {evaluation.check_name}"
            if evaluation.passed:
                summary.checks_passed += 1
            elif evaluation.severity == dg.AssetCheckSeverity.WARN:
                summary.checks_warned.append(name)
            else:
                summary.checks_failed.append(name)
    return summary

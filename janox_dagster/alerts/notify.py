"""After a night: build its digest and deliver it. Called by the sensors for the runs a
Dagster daemon starts, and by ``janox run`` for its in-process runs. Never raises.

The previous night's as-of (for the new opt-out violations) is the ``as_of`` of the
latest ``published/warehouse`` materialization before this run's, for the same file, in
Dagster's own history; without one every violation is listed.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import dagster as dg

from janox_dagster.alerts.config import AlertConfigError, AlertSettings, alert_settings
from janox_dagster.alerts.delivery import LOG, DeliveryResult, Redactor, deliver
from janox_dagster.alerts.digest import Digest, Section, held_back_digest, published_digest
from janox_dagster.alerts.marts import read_alert_rows
from janox_dagster.defs.resources import JanoxWarehouse
from janox_dagster.publishing import read_published_record

PUBLISHED_ASSET = dg.AssetKey(["published", "warehouse"])
# How many materializations of the published warehouse to look back through.
HISTORY_LIMIT = 50
# A run that carries this tag is alerted by the process that ran it (``janox run``).
ALERTS_TAG = "janox/alerts"
ALERTED_IN_PROCESS = "in_process"


def configured_settings(log: logging.Logger = LOG) -> AlertSettings | None:
    """The environment's alert settings, or None when alerts are off or misconfigured
    (logged: the message names the variable, never a secret)."""
    try:
        settings = alert_settings()
    except AlertConfigError as error:
        log.error(f"alerts are off: {error}")
        return None
    if not settings.enabled:
        log.debug("alerts are off: no JANOX_ALERT_WEBHOOK_URL or JANOX_ALERT_SMTP_HOST set")
        return None
    return settings


def previous_published_as_of(
    instance: dg.DagsterInstance, published: Path, run_id: str
) -> date | None:
    """The as-of of the night published into the same file before ``run_id``'s, from the
    ``published/warehouse`` materializations in Dagster's history (None if none is
    known)."""
    records = instance.fetch_materializations(PUBLISHED_ASSET, limit=HISTORY_LIMIT).records
    seen_this_run = False
    for record in records:  # newest first
        if record.run_id == run_id:
            seen_this_run = True
            continue
        materialization = record.asset_materialization
        if not seen_this_run or materialization is None:
            continue
        path = materialization.metadata.get("path")
        as_of = materialization.metadata.get("as_of")
        if path is None or as_of is None or Path(str(path.value)) != published:
            continue
        try:
            return date.fromisoformat(str(as_of.value))
        except ValueError:  # "none": that night published no load
            continue
    return None


def published_night_digest(
    janox: JanoxWarehouse, instance: dg.DagsterInstance, run_id: str
) -> Digest:
    """The digest of the night that published ``run_id``: the published marts read now."""
    record = read_published_record(janox.state_dir) or {}
    as_of = date.fromisoformat(record["as_of"]) if record.get("as_of") else None
    previous = previous_published_as_of(instance, janox.published, run_id)
    rows = read_alert_rows(janox.published, as_of)
    return published_digest(
        warehouse=str(janox.published),
        run_id=run_id,
        as_of=as_of,
        previous_as_of=previous,
        risk_rows=rows.risk,
        stuck_rows=rows.stuck,
        violation_rows=rows.violations,
    )


def alert_published(
    janox: JanoxWarehouse,
    instance: dg.DagsterInstance,
    run_id: str,
    settings: AlertSettings | None = None,
    log: logging.Logger = LOG,
) -> list[DeliveryResult]:
    """Send the digest of a published night (when alerts are on)."""
    settings = settings or configured_settings(log)
    if settings is None:
        return []
    try:
        digest = published_night_digest(janox, instance, run_id)
    except Exception as exc:  # the night published: say so, and why there is no digest
        error = Redactor(settings.secrets)(f"{type(exc).__name__}: {exc}")
        log.error(f"alert digest of run {run_id[:8]} could not be built: {error}")
        digest = Digest(
            subject=f"Janox {janox.published.name}: published (run {run_id[:8]})",
            intro=f"The night published {janox.published}.",
            sections=(Section("The digest could not be built", (error,)),),
        )
    return deliver(digest, settings, log)


def alert_held_back(
    janox: JanoxWarehouse,
    run_id: str,
    failures: Sequence[str],
    checks_failed: Sequence[str],
    settings: AlertSettings | None = None,
    log: logging.Logger = LOG,
) -> list[DeliveryResult]:
    """Send the failure of a held-back night (when alerts are on)."""
    settings = settings or configured_settings(log)
    if settings is None:
        return []
    record = read_published_record(janox.state_dir) or {}
    kept = date.fromisoformat(record["as_of"]) if record.get("as_of") else None
    digest = held_back_digest(
        warehouse=str(janox.published),
        run_id=run_id,
        failures=failures,
        checks_failed=checks_failed,
        published_as_of=kept,
    )
    return deliver(digest, settings, log)


def alert_after_run(
    janox: JanoxWarehouse,
    instance: dg.DagsterInstance,
    run_id: str,
    published: bool,
    failures: Sequence[str] = (),
    checks_failed: Sequence[str] = (),
    log: logging.Logger = LOG,
) -> list[DeliveryResult]:
    """The alert of a finished night, published or held back; never raises."""
    try:
        if published:
            return alert_published(janox, instance, run_id, log=log)
        return alert_held_back(janox, run_id, failures, checks_failed, log=log)
    except Exception as exc:  # an alert never fails the night
        settings = None
        try:
            settings = alert_settings()
        except AlertConfigError:
            pass
        redact = Redactor(settings.secrets if settings else ())
        log.error(redact(f"alert of run {run_id[:8]} failed: {type(exc).__name__}: {exc}"))
        return []

"""The run's contract report as one HTML page: what each file brought and which rules it broke."""

from __future__ import annotations

from html import escape
from pathlib import Path

from janox_dagster.ingestion import LoadReport

STYLE = """
body{font-family:system-ui,sans-serif;margin:2rem;color:#222}
table{border-collapse:collapse;margin:.5rem 0 1.5rem}
th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;font-size:.9rem}
.ok{color:#1a7f37}.warn{color:#9a6700}.fail{color:#cf222e;font-weight:bold}
"""


def _status(ok: bool, warn: bool = False) -> str:
    if not ok:
        return '<span class="fail">failed</span>'
    return '<span class="warn">warning</span>' if warn else '<span class="ok">passed</span>'


def render(run_id: str, loads: list[LoadReport]) -> str:
    """The HTML of the report."""
    passed = all(load.gate_passed for load in loads)
    parts = [
        f"<!doctype html><meta charset='utf-8'><title>Janox run {escape(run_id[:8])}</title>",
        f"<style>{STYLE}</style><h1>Janox run {escape(run_id)}</h1>",
        f"<p>Gate: {_status(passed)}. "
        + ("Every new load may be published." if passed else "Nothing of this run is published.")
        + "</p>",
    ]
    if not loads:
        parts.append("<p>No new load folders.</p>")
    for load in loads:
        parts.append(f"<h2>Load {load.load_date} — {_status(load.gate_passed)}</h2>")
        for text in load.errors:
            parts.append(f"<p class='fail'>{escape(text)}</p>")
        for text in load.warnings:
            parts.append(f"<p class='warn'>{escape(text)}</p>")
        parts.append(
            "<table><tr><th>file</th><th>gate</th><th>landed</th><th>loaded</th>"
            "<th>quarantined</th><th>errors and warnings</th></tr>"
        )
        for f in load.files:
            notes = "<br>".join(escape(t) for t in f.errors + f.warnings)
            parts.append(
                f"<tr><td>{escape(f.source_file)}</td>"
                f"<td>{_status(f.gate_passed, bool(f.rows_quarantined or f.warnings))}</td>"
                f"<td>{f.rows_landed:,}</td><td>{f.rows_loaded:,}</td>"
                f"<td>{f.rows_quarantined:,}</td><td>{notes}</td></tr>"
            )
        parts.append("</table>")
        for f in load.files:
            broken = [o for o in f.expectations if not o.success]
            if not broken:
                continue
            parts.append(
                f"<h3>{escape(f.source_file)}: expectations not met</h3><table><tr>"
                "<th>rule</th><th>expectation</th><th>column</th><th>severity</th>"
                "<th>rows</th><th>examples</th></tr>"
            )
            for o in broken:
                examples = escape(", ".join(o.unexpected_examples) or (o.error or ""))
                parts.append(
                    f"<tr><td>{escape(o.rule)}</td><td>{escape(o.expectation)}</td>"
                    f"<td>{escape(o.column or '')}</td><td>{escape(o.severity)}</td>"
                    f"<td>{'' if o.unexpected_count is None else o.unexpected_count}</td>"
                    f"<td>{examples}</td></tr>"
                )
            parts.append("</table>")
    return "\n".join(parts) + "\n"


def write_html_report(reports_dir: Path, run_id: str, loads: list[LoadReport]) -> Path:
    """Write ``<reports_dir>/<run_id>/contract_report.html`` and return its path."""
    path = reports_dir / run_id / "contract_report.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(run_id, loads), encoding="utf-8")
    return path

"""The churn model asset: trains on the account features and writes scores and backtest."""

import json
from pathlib import Path

import dagster as dg
import pandas as pd
import yaml

from janox_dagster.churn_model import (
    BaselineRule,
    ChurnModelResult,
    Clips,
    baseline_rules_from_frame,
    clips_from_frame,
    train_and_backtest,
)
from janox_dagster.defs.resources import TRANSIENT_RETRIES, JanoxWarehouse
from janox_dagster.settings import DBT_PROJECT_DIR
from janox_dagster.warehouse import connect

ML_SCHEMA = "ml"
# Where dbt loads the seeds: the churn model's configuration is read from there.
CONFIG_SCHEMA = "config"
# The seeds the churn model reads (its baseline's candidate rules, its clip ranges).
CONFIG_SEEDS = ("churn_baseline_rules", "churn_signal_clips")


def dbt_var(name: str):
    """A var of the dbt project (the label's horizon is dbt's, so both read the same)."""
    project = yaml.safe_load((DBT_PROJECT_DIR / "dbt_project.yml").read_text(encoding="utf-8"))
    return project["vars"][name]


class ChurnModelConfig(dg.Config):
    """How the early-warning model is trained (the label's horizon is the dbt var
    ``churn_horizon_months``, which int_account_churn_labels uses)."""

    eval_months: int = 12
    min_train_churners: int = 10
    min_eval_churners: int = 3


def write_result(con, result: ChurnModelResult) -> None:
    """Replace the ml schema's tables with this run's result."""
    con.execute(f"create schema if not exists {ML_SCHEMA}")
    runs = pd.DataFrame(
        [
            {
                "status": result.status,
                "message": result.message,
                "horizon_months": result.horizon_months,
                "threshold": result.threshold,
                "train_from": result.train_from,
                "train_to": result.train_to,
                "eval_from": result.eval_from,
                "eval_to": result.eval_to,
                "train_rows": result.train_rows,
                "train_positives": result.train_positives,
            }
        ]
    )
    weights = result.weights
    if weights.empty:
        weights = pd.DataFrame(
            {
                "feature": pd.Series(dtype="object"),
                "weight": pd.Series(dtype="float64"),
                "feature_mean": pd.Series(dtype="float64"),
                "feature_scale": pd.Series(dtype="float64"),
            }
        )
    frames = {
        "churn_model_runs": runs,
        "churn_model_weights": weights,
        "churn_model_scores": result.scores,
        "churn_model_backtest": result.backtest,
    }
    for name, frame in frames.items():
        con.register("_frame", frame)
        con.execute(f"create or replace table {ML_SCHEMA}.{name} as select * from _frame")
        con.unregister("_frame")
    for column in ("train_from", "train_to", "eval_from", "eval_to"):
        con.execute(
            f"alter table {ML_SCHEMA}.churn_model_runs alter {column} type date "
            f"using cast({column} as date)"
        )
    for column in ("eval_from", "eval_to"):
        con.execute(
            f"alter table {ML_SCHEMA}.churn_model_backtest alter {column} type date "
            f"using cast({column} as date)"
        )


def write_report(reports_dir: Path, run_id: str, result: ChurnModelResult) -> Path:
    """Write ``<reports_dir>/<run_id>/churn_model.md`` and return its path."""
    report = reports_dir / run_id / "churn_model.md"
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(report_markdown(result), encoding="utf-8")
    return report


def report_markdown(result: ChurnModelResult) -> str:
    """A readable report of the run's model: status, weights, threshold and backtest."""
    lines = [
        "# Early-warning model",
        "",
        f"Status: **{result.status}**: {result.message}.",
        f"Label: churned within {result.horizon_months} months.",
    ]
    if result.status == "trained":
        lines += [
            f"Trained on months {result.train_from} to {result.train_to}; evaluated on "
            f"{result.eval_from} to {result.eval_to}. Threshold (chosen on training: the "
            f"best recall at the baseline rule's training precision): {result.threshold:.3f}.",
            "",
            beats_baseline_sentence(result.backtest),
            "",
            "| signal | weight (per standard deviation) |",
            "|---|---|",
        ]
        ordered = result.weights.iloc[1:].sort_values("weight", ascending=False)
        lines += [f"| {r.feature} | {r.weight:+.3f} |" for r in ordered.itertuples()]
    lines += [
        "",
        "| model | rule | threshold | churned | flagged ahead | recall | precision | "
        "median warning days |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in result.backtest.itertuples():
        lines.append(
            f"| {r.model} | {r.rule} | {_fmt(r.threshold)} | {_fmt(r.churned_accounts)} | "
            f"{_fmt(r.flagged_ahead)} | {_fmt(r.recall)} | {_fmt(r.precision)} | "
            f"{_fmt(r.median_warning_days)} |"
        )
    return "\n".join(lines) + "\n"


def beats_baseline_sentence(backtest: pd.DataFrame) -> str:
    """One honest sentence: does the learned model beat the baseline on the evaluation period
    (higher recall at equal or better precision)?"""
    rows = backtest.set_index("model")
    learned, baseline = rows.loc["learned"], rows.loc["baseline"]
    if pd.isna(learned["recall"]) or pd.isna(baseline["recall"]):
        return "No comparison with the baseline on the evaluation period: a recall is missing."
    beats = learned["recall"] > baseline["recall"] and (
        pd.isna(baseline["precision"])
        or (not pd.isna(learned["precision"]) and learned["precision"] >= baseline["precision"])
    )
    return (
        f"On the evaluation period the learned model "
        f"{'beats' if beats else 'does not beat'} the baseline: recall "
        f"{learned['recall']:.3f} against {baseline['recall']:.3f}, precision "
        f"{_fmt(learned['precision'])} against {_fmt(baseline['precision'])}."
    )


def _fmt(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "–"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def read_model_config(con) -> tuple[list[BaselineRule], Clips]:
    """The churn model's configuration as dbt loaded it: the baseline's candidate rules
    (seed ``churn_baseline_rules``) and the clip ranges (seed ``churn_signal_clips``)."""
    rules = con.execute(
        f"select position, rule_name, feature, operator, cut "
        f"from {CONFIG_SCHEMA}.churn_baseline_rules order by position"
    ).df()
    clips = con.execute(
        f"select feature, low, high from {CONFIG_SCHEMA}.churn_signal_clips order by feature"
    ).df()
    return baseline_rules_from_frame(rules), clips_from_frame(clips)


def train_in_warehouse(con, config: ChurnModelConfig) -> ChurnModelResult:
    """Read the account features and labels and the model's configuration (the seeds in the
    ``config`` schema), train and backtest, write the ml tables.

    The one entry point of the churn model: the asset and the tests' fixture builds call it.
    """
    baseline_rules, clips = read_model_config(con)
    features = con.execute("select * from intermediate.int_account_features_monthly").df()
    labels = con.execute(
        "select account_id, month, next_churned_on, churned_within_horizon, is_label_known "
        "from intermediate.int_account_churn_labels"
    ).df()
    result = train_and_backtest(
        features,
        labels,
        baseline_rules,
        clips,
        horizon_months=int(dbt_var("churn_horizon_months")),
        eval_months=config.eval_months,
        min_train_churners=config.min_train_churners,
        min_eval_churners=config.min_eval_churners,
    )
    write_result(con, result)
    return result


ML_TABLES = {
    "churn_model_scores": "Risk score, flag and top signals per active customer account and month.",
    "churn_model_weights": "The logistic regression's weights on standardised signals.",
    "churn_model_backtest": "The learned model and the best single-signal rule, backtested on "
    "the evaluation period.",
    "churn_model_runs": "Whether a model was trained this run, on which months, and why not.",
}


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            key=["ml", name],
            deps=[
                ["intermediate", "int_account_features_monthly"],
                ["intermediate", "int_account_churn_labels"],
                *([CONFIG_SCHEMA, seed] for seed in CONFIG_SEEDS),
            ],
            group_name="ml",
            kinds={"scikitlearn", "duckdb"},
            description=text,
        )
        for name, text in ML_TABLES.items()
    ],
    name="churn_model",
    can_subset=False,
    retry_policy=TRANSIENT_RETRIES,
)
def churn_model(context: dg.AssetExecutionContext, config: ChurnModelConfig, janox: JanoxWarehouse):
    """Train, score every account month, backtest, and store it all with the run."""
    con = connect(janox.build_database)
    try:
        result = train_in_warehouse(con, config)
    finally:
        con.close()
    report = write_report(janox.reports_dir, context.run.run_id, result)
    if result.status != "trained":
        context.log.warning(f"churn model not trained: {result.message}")
    backtest = json.loads(result.backtest.to_json(orient="records", date_format="iso"))
    for name in ML_TABLES:
        yield dg.MaterializeResult(
            asset_key=["ml", name],
            metadata={
                "status": result.status,
                "message": result.message,
                "threshold": result.threshold,
                "backtest": dg.MetadataValue.json(backtest),
                "report": dg.MetadataValue.path(str(report)),
            },
        )

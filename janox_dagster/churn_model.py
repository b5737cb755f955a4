"""Early warning: learn from the accounts that churned which signals precede a loss.

A regularised logistic regression (weights a manager can read) is trained on older account
months and evaluated on later ones, never the reverse. The baseline is the single-signal rule
that best separates the training months followed by churn from the others (F1 by account
month). The risk threshold is chosen on the training period too: the cut that flags the most
churned accounts ahead of time while being at least as precise as the baseline rule there
(when no cut is, the one with the best F1). The backtest measures both, the same way, on the
evaluation period. Functions take data frames and return data frames; reading and writing
the warehouse happens in the Dagster asset.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import pandas as pd

# The signals the model reads (columns of intermediate.int_account_features_monthly).
FEATURES = [
    "invoiced_change_ratio",
    "invoice_rhythm_ratio",
    "late_payments_12m",
    "avg_days_late_12m",
    "credit_notes_12m",
    "disputed_invoices_12m",
    "support_cases_3m",
    "support_cases_trend",
    "sales_contacts_3m",
    "sales_contacts_trend",
    "two_way_contacts_3m",
    "two_way_contacts_trend",
    "days_since_two_way_contact",
    "no_recent_two_way_contact",
    "new_contacts_3m",
    "lost_opportunities_6m",
    "stale_open_opportunities",
    "account_contacts_3m",
    "account_contacts_ratio",
    "days_since_account_contact",
    "support_cases_ratio",
    "new_contacts_ratio",
    "invoiced_3m_ratio",
    "late_payments_3m",
    "open_opportunities",
    "lost_opportunities_3m",
    "won_opportunities_12m",
    "customer_tenure_months",
]

# How a baseline rule compares its signal with its cut.
OPERATORS = (">=", ">", "<=", "<")


class BaselineRule(NamedTuple):
    """A candidate single-signal rule for the baseline: flag an account month when
    ``feature operator cut`` holds. The rules are configuration: the dbt seed
    ``churn_baseline_rules``, read by the asset and passed in."""

    name: str
    feature: str
    operator: str
    cut: float


# The range a long-tailed signal is clipped to: {feature: (low, high)}. Configuration: the
# dbt seed ``churn_signal_clips``, read by the asset and passed in.
Clips = Mapping[str, tuple[float, float]]


def baseline_rules_from_frame(
    frame: pd.DataFrame, source: str = "seed churn_baseline_rules"
) -> list[BaselineRule]:
    """The baseline rules of a ``churn_baseline_rules`` table (position, rule_name, feature,
    operator, cut), in position order. Raises ValueError naming the row and column of a rule
    the model cannot apply."""
    rules = []
    for row in frame.sort_values("position").itertuples(index=False):
        where = f"{source}, position {row.position}"
        _check_feature(row.feature, where)
        if row.operator not in OPERATORS:
            raise ValueError(
                f"{where}, column operator: {row.operator!r} is not one of {', '.join(OPERATORS)}"
            )
        if pd.isna(row.cut) or pd.isna(row.rule_name):
            raise ValueError(f"{where}: rule_name and cut must be given")
        rules.append(BaselineRule(str(row.rule_name), row.feature, row.operator, float(row.cut)))
    if not rules:
        raise ValueError(f"{source}: no rule; the baseline needs at least one")
    return rules


def clips_from_frame(frame: pd.DataFrame, source: str = "seed churn_signal_clips") -> Clips:
    """The clip ranges of a ``churn_signal_clips`` table (feature, low, high). Raises
    ValueError naming the row and column of a range the model cannot apply."""
    clips = {}
    for row in frame.itertuples(index=False):
        where = f"{source}, feature {row.feature}"
        _check_feature(row.feature, where)
        if pd.isna(row.low) or pd.isna(row.high) or not row.low <= row.high:
            raise ValueError(
                f"{where}, columns low and high: need low <= high, got {row.low} and {row.high}"
            )
        if row.feature in clips:
            raise ValueError(f"{where}: listed twice")
        clips[row.feature] = (float(row.low), float(row.high))
    return clips


def _check_feature(feature, where: str) -> None:
    if feature not in FEATURES:
        raise ValueError(
            f"{where}, column feature: {feature!r} is not a signal the model reads "
            "(a column of int_account_features_monthly listed in FEATURES)"
        )


@dataclass
class ChurnModelResult:
    """Everything a run stores: status, weights, threshold, scores and backtest."""

    status: str  # "trained" or "insufficient_data"
    message: str
    horizon_months: int
    threshold: float | None = None
    train_from: object = None
    train_to: object = None
    eval_from: object = None
    eval_to: object = None
    train_rows: int = 0
    train_positives: int = 0
    weights: pd.DataFrame = field(default_factory=pd.DataFrame)
    scores: pd.DataFrame = field(default_factory=pd.DataFrame)
    backtest: pd.DataFrame = field(default_factory=pd.DataFrame)


def prepare(features: pd.DataFrame, clips: Clips) -> pd.DataFrame:
    """The model's input matrix: the signals as floats, long tails clipped to ``clips``."""
    matrix = features[FEATURES].astype(float).copy()
    for column, (low, high) in clips.items():
        matrix[column] = matrix[column].clip(low, high)
    return matrix


def split_months(known_months: list, eval_months: int) -> tuple[list, list]:
    """Older months train, the last ``eval_months`` (at most a third) evaluate."""
    months = sorted(set(known_months))
    n_eval = min(eval_months, max(1, len(months) // 3))
    return months[:-n_eval], months[-n_eval:]


def account_curve(period: pd.DataFrame, scores: np.ndarray) -> pd.DataFrame:
    """Account-level recall and precision of every score cut on a period, as ``evaluate``
    measures them (one row per distinct cut: each account's highest score).

    Per account: its highest score in the period (flagged when at or above the cut), its
    highest at a month followed by churn within the horizon (a true flag), and its highest at
    such a month at least one month before the churn date (flagged ahead).
    """
    frame = period[["account_id", "observed_at", "churned_within_horizon", "next_churned_on"]]
    frame = frame.assign(score=np.asarray(scores, dtype=float))
    positive = frame["churned_within_horizon"] == 1
    ahead = positive & (
        pd.to_datetime(frame["observed_at"])
        <= pd.to_datetime(frame["next_churned_on"]) - pd.DateOffset(months=1)
    )
    per_account = frame.groupby("account_id")["score"].max().to_numpy()
    true_score = frame[positive].groupby("account_id")["score"].max().to_numpy()
    ahead_score = frame[ahead].groupby("account_id")["score"].max().to_numpy()
    churned = frame.loc[positive, "account_id"].nunique()
    cuts = np.unique(per_account)

    def at_or_above(values: np.ndarray) -> np.ndarray:
        return len(values) - np.searchsorted(np.sort(values), cuts, side="left")

    flagged, true_flagged, flagged_ahead = (
        at_or_above(per_account),
        at_or_above(true_score),
        at_or_above(ahead_score),
    )
    return pd.DataFrame(
        {
            "cut": cuts,
            "flagged_accounts": flagged,
            "recall": flagged_ahead / churned if churned else np.nan,
            "precision": np.where(flagged > 0, true_flagged / np.maximum(flagged, 1), np.nan),
        }
    )


def choose_threshold(curve: pd.DataFrame, precision_floor: float | None) -> float:
    """The cut with the highest recall among those at least ``precision_floor`` precise
    (ties: the higher, more precise cut); without such a cut, the one with the best F1."""
    if precision_floor is not None:
        precise = curve[curve["precision"] >= precision_floor]
        if not precise.empty:
            best = precise.sort_values(["recall", "cut"], ascending=[False, False]).iloc[0]
            return float(best["cut"])
    f1 = 2 * curve["precision"] * curve["recall"] / (curve["precision"] + curve["recall"])
    return float(curve.loc[f1.fillna(-1).idxmax(), "cut"])


def rule_flags(features: pd.DataFrame, feature: str, operator: str, cut: float) -> np.ndarray:
    """A single-signal rule's flags (missing values never flag)."""
    values = features[feature].astype(float)
    flags = {">=": values >= cut, "<=": values <= cut, "<": values < cut, ">": values > cut}
    return flags[operator].fillna(False).to_numpy()


def month_f1(y_true: np.ndarray, flags: np.ndarray) -> float:
    """The F1 of flags against labels, account month by account month (0 when no true flag):
    how well a signal separates the months followed by churn from the others."""
    tp = float(np.sum(flags & (y_true == 1)))
    if tp == 0:
        return 0.0
    precision, recall = tp / flags.sum(), tp / (y_true == 1).sum()
    return 2 * precision * recall / (precision + recall)


def evaluate(period: pd.DataFrame, flags: np.ndarray) -> dict:
    """Account-level backtest figures on an evaluation period.

    ``period`` holds account_id, month, observed_at, churned_within_horizon and
    next_churned_on. A churned account is one with a month labelled "churns within the
    horizon"; it is flagged ahead when a flag at such a month came at least one month before
    its churn date. Precision: of the accounts flagged in the period, the share flagged at a
    month that was followed by churn within the horizon.
    """
    frame = period.assign(flag=flags)
    positive = frame[frame["churned_within_horizon"] == 1]
    churned = positive.groupby("account_id")["next_churned_on"].min()
    one_month_before = pd.to_datetime(positive["next_churned_on"]) - pd.DateOffset(months=1)
    ahead = positive[
        positive["flag"] & (pd.to_datetime(positive["observed_at"]) <= one_month_before)
    ]
    warning_days = (
        pd.to_datetime(ahead["next_churned_on"]) - pd.to_datetime(ahead["observed_at"])
    ).dt.total_seconds() / 86400
    earliest_warning = warning_days.groupby(ahead["account_id"]).max()
    flagged_accounts = set(frame.loc[frame["flag"], "account_id"])
    true_flagged = set(positive.loc[positive["flag"], "account_id"])
    return {
        "churned_accounts": int(churned.size),
        "flagged_ahead": int(earliest_warning.size),
        "recall": earliest_warning.size / churned.size if churned.size else None,
        "precision": len(true_flagged) / len(flagged_accounts) if flagged_accounts else None,
        "median_warning_days": float(earliest_warning.median()) if earliest_warning.size else None,
        "flagged_accounts": len(flagged_accounts),
    }


def train_and_backtest(
    features: pd.DataFrame,
    labels: pd.DataFrame,
    baseline_rules: list[BaselineRule],
    clips: Clips,
    horizon_months: int = 3,
    eval_months: int = 12,
    min_train_churners: int = 10,
    min_eval_churners: int = 3,
) -> ChurnModelResult:
    """Train on older months, choose the threshold there, score every month, backtest.

    ``baseline_rules`` are the candidate baseline rules (in order: a tie goes to the first),
    ``clips`` the ranges long-tailed signals are clipped to (the seeds
    ``churn_baseline_rules`` and ``churn_signal_clips``, see the asset).
    """
    data = features.merge(labels, on=["account_id", "month"], how="left", suffixes=("", "_label"))
    data = data.sort_values(["month", "account_id"]).reset_index(drop=True)
    result = ChurnModelResult(status="insufficient_data", message="", horizon_months=horizon_months)
    known = data[data["is_label_known"].fillna(False).astype(bool)]
    if known.empty:
        result.message = "no account month is old enough to know whether it churned"
        result.scores = _unscored(data)
        result.backtest = _empty_backtest(result)
        return result
    train_months, eval_months_list = split_months(list(known["month"]), eval_months)
    # a training month's label looks horizon_months ahead: leave that gap before the
    # evaluation period so no churn is seen in training and evaluated again
    gap_start = pd.Timestamp(min(eval_months_list)) - pd.DateOffset(months=horizon_months)
    train_months = [m for m in train_months if pd.Timestamp(m) < gap_start]
    train = known[known["month"].isin(train_months)]
    evaluation = known[known["month"].isin(eval_months_list)]
    result.train_from, result.train_to = (
        (min(train_months), max(train_months)) if train_months else (None, None)
    )
    result.eval_from, result.eval_to = min(eval_months_list), max(eval_months_list)
    train_churners = train.loc[train["churned_within_horizon"] == 1, "account_id"].nunique()
    eval_churners = evaluation.loc[
        evaluation["churned_within_horizon"] == 1, "account_id"
    ].nunique()
    result.train_rows, result.train_positives = (
        len(train),
        int(train["churned_within_horizon"].sum()),
    )
    if train_churners < min_train_churners or eval_churners < min_eval_churners:
        result.message = (
            f"too few churned accounts to learn from: {train_churners} in the training period "
            f"(need {min_train_churners}) and {eval_churners} in the evaluation period "
            f"(need {min_eval_churners}); no risk score is given"
        )
        result.scores = _unscored(data)
        result.backtest = _empty_backtest(result)
        return result

    # scikit-learn is imported where it is used, not when Dagster loads the definitions
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    model = make_pipeline(
        # a signal empty on every training row (e.g. the year-on-year change while there is
        # less than two years of history) is kept, at 0, so weights stay aligned to FEATURES
        SimpleImputer(strategy="median", keep_empty_features=True),
        StandardScaler(),
        LogisticRegression(C=0.5, class_weight="balanced", max_iter=2000),
    )
    y_train = train["churned_within_horizon"].to_numpy().astype(int)
    model.fit(prepare(train, clips), y_train)
    train_scores = model.predict_proba(prepare(train, clips))[:, 1]
    # the baseline: the single rule that best separates the training months followed by
    # churn from the others; the model's cut must be at least as precise on training
    name, feature, operator, cut = max(
        baseline_rules, key=lambda rule: month_f1(y_train, rule_flags(train, *rule[1:]))
    )
    baseline_train = evaluate(train, rule_flags(train, feature, operator, cut))
    result.threshold = choose_threshold(
        account_curve(train, train_scores), baseline_train["precision"]
    )

    all_scores = model.predict_proba(prepare(data, clips))[:, 1]
    imputer, scaler, logistic = model.named_steps.values()
    standardized = scaler.transform(imputer.transform(prepare(data, clips)))
    contributions = standardized * logistic.coef_[0]
    result.scores = pd.DataFrame(
        {
            "account_id": data["account_id"],
            "month": data["month"],
            "risk_score": all_scores,
            "at_risk": all_scores >= result.threshold,
            "top_signals": [_top_signals(row) for row in contributions],
        }
    )
    result.weights = pd.DataFrame(
        {
            "feature": ["(intercept)", *FEATURES],
            "weight": [float(logistic.intercept_[0]), *map(float, logistic.coef_[0])],
            "feature_mean": [None, *map(float, scaler.mean_)],
            "feature_scale": [None, *map(float, scaler.scale_)],
        }
    )

    eval_index = data.index[data["month"].isin(eval_months_list) & data.index.isin(known.index)]
    eval_period = data.loc[eval_index]
    learned = evaluate(eval_period, all_scores[eval_index] >= result.threshold)
    baseline = evaluate(eval_period, rule_flags(eval_period, feature, operator, cut))
    result.status = "trained"
    result.message = (
        f"trained on {len(train):,} account months ({train_churners} churned accounts), "
        f"evaluated on {len(eval_period):,} later ones ({eval_churners} churned accounts)"
    )
    result.backtest = pd.DataFrame(
        [
            _backtest_row(
                result, "learned", result.threshold, "logistic regression over the signals", learned
            ),
            _backtest_row(
                result,
                "baseline",
                float(cut),
                f"{name} ({feature} {operator} {_format_cut(cut)})",
                baseline,
            ),
        ]
    ).astype(BACKTEST_TYPES)
    return result


def _format_cut(cut: float) -> str:
    """A cut as the rule's text shows it: 1 not 1.0, -0.2 as it is."""
    return str(int(cut)) if float(cut).is_integer() else repr(float(cut))


def _top_signals(contributions: np.ndarray, top: int = 3) -> str:
    order = np.argsort(contributions)[::-1][:top]
    return ", ".join(FEATURES[i] for i in order if contributions[i] > 0)


def _unscored(data: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "account_id": data["account_id"],
            "month": data["month"],
            "risk_score": pd.Series([None] * len(data), dtype="float64"),
            "at_risk": pd.Series([None] * len(data), dtype="boolean"),
            "top_signals": pd.Series([None] * len(data), dtype="object"),
        }
    )


def _backtest_row(
    result: ChurnModelResult, model: str, threshold, rule: str, figures: dict
) -> dict:
    return {
        "model": model,
        "eval_from": result.eval_from,
        "eval_to": result.eval_to,
        "threshold": threshold,
        "churned_accounts": figures.get("churned_accounts"),
        "flagged_ahead": figures.get("flagged_ahead"),
        "recall": figures.get("recall"),
        "precision": figures.get("precision"),
        "median_warning_days": figures.get("median_warning_days"),
        "flagged_accounts": figures.get("flagged_accounts"),
        "rule": rule,
        "status": result.status,
        "message": result.message,
        "horizon_months": result.horizon_months,
    }


BACKTEST_TYPES = {
    "threshold": "float64",
    "churned_accounts": "Int64",
    "flagged_ahead": "Int64",
    "recall": "float64",
    "precision": "float64",
    "median_warning_days": "float64",
    "flagged_accounts": "Int64",
}


def _empty_backtest(result: ChurnModelResult) -> pd.DataFrame:
    frame = pd.DataFrame(
        [
            _backtest_row(result, "learned", None, "logistic regression over the signals", {}),
            _backtest_row(result, "baseline", None, "best single-signal rule", {}),
        ]
    )
    return frame.astype(BACKTEST_TYPES)

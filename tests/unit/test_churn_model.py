"""The early-warning model's pure functions (janox_dagster/churn_model.py) on hand-made frames.

Frames look like what the Dagster asset reads: ``intermediate.int_account_features_monthly``
(one row per account month, its signals measured at ``observed_at``, the month's end) and
``intermediate.int_account_churn_labels`` (``churned_within_horizon``, ``next_churned_on`` and
``is_label_known``).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from pytest import approx

from janox_dagster.churn_model import (
    FEATURES,
    BaselineRule,
    account_curve,
    baseline_rules_from_frame,
    choose_threshold,
    clips_from_frame,
    evaluate,
    month_f1,
    prepare,
    rule_flags,
    split_months,
    train_and_backtest,
)

T = pd.Timestamp
SEEDS = Path(__file__).resolve().parents[2] / "dbt_project" / "seeds"

# The model's configuration, passed explicitly: the same rules and clip ranges as the seeds
# churn_baseline_rules and churn_signal_clips give the asset (a test below checks it).
RULES = [
    BaselineRule("no two-way contact for 30 days", "no_recent_two_way_contact", ">=", 1),
    BaselineRule("a late payment in 12 months", "late_payments_12m", ">=", 1),
    BaselineRule("two late payments in 12 months", "late_payments_12m", ">=", 2),
    BaselineRule("invoiced value down 20% on the year before", "invoiced_change_ratio", "<=", -0.2),
    BaselineRule("order rhythm 1.5x slower than usual", "invoice_rhythm_ratio", ">=", 1.5),
    BaselineRule("a disputed invoice in 12 months", "disputed_invoices_12m", ">=", 1),
    BaselineRule("a credit note in 12 months", "credit_notes_12m", ">=", 1),
    BaselineRule("fewer sales contacts than 3 months before", "sales_contacts_trend", "<", 0),
    BaselineRule("fewer support cases than 3 months before", "support_cases_trend", "<", 0),
    BaselineRule("a lost opportunity in 6 months", "lost_opportunities_6m", ">=", 1),
    BaselineRule("a quote open for 90 days", "stale_open_opportunities", ">=", 1),
]
CLIPS = {
    "invoiced_change_ratio": (-1.0, 3.0),
    "invoice_rhythm_ratio": (0.0, 10.0),
    "avg_days_late_12m": (0.0, 180.0),
    "days_since_two_way_contact": (0.0, 365.0),
    "days_since_account_contact": (0.0, 365.0),
    "account_contacts_ratio": (0.0, 5.0),
    "support_cases_ratio": (0.0, 5.0),
    "new_contacts_ratio": (0.0, 5.0),
    "invoiced_3m_ratio": (0.0, 5.0),
}


def train_with_seeds(features: pd.DataFrame, labels: pd.DataFrame, **options):
    """``train_and_backtest`` with the seeds' rules and clip ranges."""
    return train_and_backtest(features, labels, RULES, CLIPS, **options)


# ---- configuration (the seeds) ---------------------------------------------------------------


def seed(name: str) -> pd.DataFrame:
    """A seed CSV with the types dbt loads it with (numbers as floats)."""
    return pd.read_csv(SEEDS / f"{name}.csv", keep_default_na=False, na_values=[""])


def test_the_seeds_give_exactly_the_rules_and_clip_ranges_the_model_was_built_with():
    assert baseline_rules_from_frame(seed("churn_baseline_rules")) == RULES
    assert clips_from_frame(seed("churn_signal_clips")) == CLIPS


def test_the_baseline_rules_keep_the_seeds_position_order():
    shuffled = seed("churn_baseline_rules").sample(frac=1, random_state=3)
    assert [rule.name for rule in baseline_rules_from_frame(shuffled)] == [r.name for r in RULES]


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("feature", "late_payments_24m", "position 2, column feature: 'late_payments_24m' is"),
        ("operator", "=>", "position 2, column operator: '=>' is not one of >=, >, <=, <"),
    ],
)
def test_a_rule_the_model_cannot_apply_is_named_by_its_row_and_column(column, value, message):
    rules = seed("churn_baseline_rules")
    rules.loc[rules["position"] == 2, column] = value
    with pytest.raises(ValueError, match="^seed churn_baseline_rules, " + message):
        baseline_rules_from_frame(rules)


def test_a_clip_range_the_model_cannot_apply_is_named_by_its_row():
    clips = pd.DataFrame({"feature": ["avg_days_late_12m"], "low": [180.0], "high": [0.0]})
    with pytest.raises(ValueError, match="feature avg_days_late_12m, columns low and high"):
        clips_from_frame(clips)
    unknown = clips.assign(feature="days_late", low=0.0, high=180.0)
    with pytest.raises(ValueError, match="feature days_late, column feature: 'days_late'"):
        clips_from_frame(unknown)


def test_prepare_clips_the_listed_signals_to_their_range_and_leaves_the_others():
    row = {feature: 1000.0 for feature in FEATURES} | {"invoiced_change_ratio": -5.0}
    matrix = prepare(
        pd.DataFrame([row]),
        {"invoiced_change_ratio": (-1.0, 3.0), "avg_days_late_12m": (0.0, 180.0)},
    )
    assert matrix.loc[0, "invoiced_change_ratio"] == -1.0  # below low: low
    assert matrix.loc[0, "avg_days_late_12m"] == 180.0  # above high: high
    assert matrix.loc[0, "late_payments_12m"] == 1000.0  # not listed: as measured


# ---- evaluate ------------------------------------------------------------------------------


def period_row(account: str, month: str, churned_on: str | None, flag: bool) -> dict:
    """An evaluation-period account month: observed at the month's end (the next month's
    first instant), labelled 1 when the churn falls in [observed_at, observed_at + 3 months)."""
    month_start = T(month)
    observed_at = month_start + pd.DateOffset(months=1)
    churned = T(churned_on) if churned_on else None
    label = int(
        churned is not None and observed_at <= churned < observed_at + pd.DateOffset(months=3)
    )
    return {
        "account_id": account,
        "month": month_start,
        "observed_at": observed_at,
        "churned_within_horizon": label,
        "next_churned_on": churned,
        "flag": flag,
    }


# X churns 2025-07-01 and is flagged at 2025-04 (observed 2025-05-01, two months ahead) and
#   again at 2025-06 (observed 2025-07-01, the day it churns: not ahead).
# Y churns 2025-06-15 and is flagged only at 2025-05 (observed 2025-06-01, 14 days before, in
#   its churn month: less than a month ahead, so it was not warned in time).
# Z never churns and is flagged once (a false alarm); W never churns and is never flagged.
EVAL_PERIOD = pd.DataFrame(
    [
        period_row("X", "2025-03-01", "2025-07-01", False),  # observed 04-01: 3 months, label 0
        period_row("X", "2025-04-01", "2025-07-01", True),  # observed 05-01: label 1, ahead
        period_row("X", "2025-05-01", "2025-07-01", False),  # label 1
        period_row("X", "2025-06-01", "2025-07-01", True),  # observed 07-01: label 1, not ahead
        period_row("Y", "2025-02-01", "2025-06-15", False),  # observed 03-01: label 0
        period_row("Y", "2025-03-01", "2025-06-15", False),  # label 1
        period_row("Y", "2025-04-01", "2025-06-15", False),  # label 1
        period_row("Y", "2025-05-01", "2025-06-15", True),  # observed 06-01: 14 days before
        period_row("Z", "2025-03-01", None, False),
        period_row("Z", "2025-04-01", None, True),  # the false alarm
        period_row("Z", "2025-05-01", None, False),
        period_row("W", "2025-04-01", None, False),
        period_row("W", "2025-05-01", None, False),
    ]
)


def test_the_hand_made_period_has_the_labels_its_comments_say():
    labels = EVAL_PERIOD.groupby("account_id")["churned_within_horizon"].apply(list).to_dict()
    assert labels == {"W": [0, 0], "X": [0, 1, 1, 1], "Y": [0, 1, 1, 1], "Z": [0, 0, 0]}


def test_evaluate_counts_only_flags_at_least_one_month_ahead_as_warnings():
    got = evaluate(EVAL_PERIOD.drop(columns="flag"), EVAL_PERIOD["flag"].to_numpy())
    assert got == {
        # X and Y have months labelled "churns within the horizon"
        "churned_accounts": 2,
        # X flagged at observed 2025-05-01 <= 2025-07-01 - 1 month = 2025-06-01: ahead.
        # Y flagged at observed 2025-06-01 > 2025-06-15 - 1 month = 2025-05-15: too late.
        "flagged_ahead": 1,
        "recall": approx(1 / 2),
        # flagged: X, Y, Z; flagged at a month followed by churn within 3 months: X, Y -> 2 / 3
        "precision": approx(2 / 3),
        # X's earliest warning ahead: 2025-05-01 -> 2025-07-01 = 31 (May) + 30 (June) = 61 days
        # (its flag on the churn day itself, 0 days, is not a warning); median over X alone
        "median_warning_days": approx(61.0),
        "flagged_accounts": 3,
    }


def test_evaluate_without_churned_accounts_or_flags_gives_no_rate_rather_than_zero():
    quiet = EVAL_PERIOD[EVAL_PERIOD["account_id"].isin(["Z", "W"])]
    got = evaluate(quiet.drop(columns="flag"), np.zeros(len(quiet), dtype=bool))
    assert got == {
        "churned_accounts": 0,
        "flagged_ahead": 0,
        "recall": None,
        "precision": None,
        "median_warning_days": None,
        "flagged_accounts": 0,
    }


# ---- split_months --------------------------------------------------------------------------


@pytest.mark.parametrize("n_months", [1, 2, 3, 4, 7, 12, 36, 40])
@pytest.mark.parametrize("eval_months", [1, 3, 12])
def test_split_months_never_puts_an_evaluation_month_before_a_training_month(n_months, eval_months):
    months = list(pd.date_range("2023-01-01", periods=n_months, freq="MS"))
    # unordered, with repeats, as the known account months arrive (one entry per account)
    shuffled = list(np.random.default_rng(n_months).permutation(months * 3))
    train, evaluation = split_months(shuffled, eval_months)
    assert sorted(train + evaluation) == months  # every month once, in one part only
    # the last eval_months months evaluate, but never more than a third (at least one)
    assert len(evaluation) == min(eval_months, max(1, n_months // 3))
    assert evaluation == months[-len(evaluation) :]
    if train:
        assert max(train) < min(evaluation)


# ---- account_curve and choose_threshold ---------------------------------------------------

# Scores for EVAL_PERIOD's rows, in order. Per account: highest score (flagged at a cut at or
# below it), highest at a month labelled 1 (a true flag), highest at a labelled month at least
# a month before the churn (flagged ahead):
#   X 0.1 0.7 0.2 0.9 -> 0.9, 0.9 (06: label 1), 0.7 (04 and 05 are ahead, 06 is not)
#   Y 0.3 0.2 0.1 0.8 -> 0.8, 0.8 (05: label 1), 0.2 (03 and 04 are ahead, 05 is not)
#   Z 0.1 0.6 0.1     -> 0.6, none, none;  W 0.5 0.0 -> 0.5, none, none
SCORES = np.array([0.1, 0.7, 0.2, 0.9, 0.3, 0.2, 0.1, 0.8, 0.1, 0.6, 0.1, 0.5, 0.0])


def test_account_curve_gives_recall_and_precision_at_every_accounts_highest_score():
    curve = account_curve(EVAL_PERIOD.drop(columns="flag"), SCORES)
    # cut  flagged       true flags  ahead  recall  precision
    # 0.5  X, Y, Z, W    X, Y        X      1/2     2/4
    # 0.6  X, Y, Z       X, Y        X      1/2     2/3   (the flags of EVAL_PERIOD)
    # 0.8  X, Y          X, Y        -      0       1
    # 0.9  X             X           -      0       1
    assert curve.to_dict("list") == {
        "cut": [0.5, 0.6, 0.8, 0.9],
        "flagged_accounts": [4, 3, 2, 1],
        "recall": [0.5, 0.5, 0.0, 0.0],
        "precision": [approx(0.5), approx(2 / 3), 1.0, 1.0],
    }


def test_account_curve_agrees_with_evaluate_at_every_cut():
    period = EVAL_PERIOD.drop(columns="flag")
    for row in account_curve(period, SCORES).itertuples():
        figures = evaluate(period, SCORES >= row.cut)
        assert (row.recall, row.precision, row.flagged_accounts) == (
            approx(figures["recall"]),
            approx(figures["precision"]),
            figures["flagged_accounts"],
        )


def test_choose_threshold_takes_the_best_recall_at_the_precision_floor():
    curve = account_curve(EVAL_PERIOD.drop(columns="flag"), SCORES)
    # at least 0.6 precise: 0.6 (recall 1/2), 0.8 and 0.9 (recall 0) -> 0.6
    assert choose_threshold(curve, 0.6) == approx(0.6)
    # 0.5 and 0.6 tie on recall: the higher, more precise cut
    assert choose_threshold(curve, 0.5) == approx(0.6)
    # only 0.8 and 0.9 are that precise, both with recall 0: the higher
    assert choose_threshold(curve, 0.95) == approx(0.9)
    # no cut reaches the floor, or no floor: the best F1 (0.5: 1/2; 0.6: 4/7; 0.8, 0.9: 0)
    assert choose_threshold(curve, 1.01) == approx(0.6)
    assert choose_threshold(curve, None) == approx(0.6)


def test_month_f1_scores_a_rule_account_month_by_account_month():
    y_true = np.array([0, 0, 1, 0, 1, 1])
    flags = np.array([False, True, True, False, True, False])
    # 3 flagged, 2 of them labelled 1: precision 2/3, recall 2/3, F1 2/3
    assert month_f1(y_true, flags) == approx(2 / 3)
    assert month_f1(y_true, np.zeros(6, dtype=bool)) == 0.0


# ---- train_and_backtest --------------------------------------------------------------------

SIGNAL = "days_since_two_way_contact"
HISTORY_START, HISTORY_MONTHS, UNKNOWN_MONTHS = "2022-01-01", 36, 4


def synthetic_history(churners: list[int], n_accounts: int = 160, seed: int = 7):
    """Features and labels of ``n_accounts`` accounts over 36 months (2022-01 .. 2024-12).

    Account i in ``churners`` churns on the 10th of a month drawn from 2022-07 .. 2024-11 and
    has no rows after it. One signal truly precedes churn: ``days_since_two_way_contact``
    runs about 75 days in the 3 months before the churn and about 12 otherwise; the other
    signals are noise. The last 4 months' labels are not known yet (``is_label_known``).
    """
    rng = np.random.default_rng(seed)
    months = pd.date_range(HISTORY_START, periods=HISTORY_MONTHS, freq="MS")
    churn_dates = {
        i: months[rng.integers(6, HISTORY_MONTHS - 1)] + pd.Timedelta(days=9) for i in churners
    }
    features, labels = [], []
    for i in range(n_accounts):
        churned_on = churn_dates.get(i)
        for month in months:
            observed_at = month + pd.DateOffset(months=1)
            if churned_on is not None and observed_at > churned_on:
                break  # gone: no longer an active customer at the month's end
            soon = churned_on is not None and churned_on < observed_at + pd.DateOffset(months=3)
            row = {f: float(rng.poisson(2)) for f in FEATURES}
            row[SIGNAL] = max(0.0, rng.normal(75 if soon else 12, 10))
            row["invoiced_change_ratio"] = rng.normal(0, 0.2)
            features.append(
                {"account_id": f"A{i:03d}", "month": month, "observed_at": observed_at, **row}
            )
            labels.append(
                {
                    "account_id": f"A{i:03d}",
                    "month": month,
                    "next_churned_on": churned_on,
                    "churned_within_horizon": int(soon),
                    "is_label_known": month < months[-UNKNOWN_MONTHS],
                }
            )
    return pd.DataFrame(features), pd.DataFrame(labels)


@pytest.fixture(scope="module")
def history():
    return synthetic_history(churners=list(range(0, 160, 2)))  # 80 churned accounts


@pytest.fixture(scope="module")
def trained(history):
    features, labels = history
    return train_with_seeds(features, labels)


def test_train_and_backtest_trains_on_older_months_and_evaluates_on_later_ones(trained, history):
    features, labels = history
    assert trained.status == "trained"
    # 36 months 2022-01 .. 2024-12, the last 4 unknown: 32 known months (2022-01 .. 2024-08);
    # the last min(12, max(1, 32 // 3)) = 10 evaluate (2023-11 .. 2024-08); training ends the
    # 3-month label horizon before that, so no churn is both trained on and evaluated
    assert (trained.train_from, trained.train_to) == (T("2022-01-01"), T("2023-07-01"))
    assert (trained.eval_from, trained.eval_to) == (T("2023-11-01"), T("2024-08-01"))
    assert trained.train_to < trained.eval_from
    in_training = labels["is_label_known"] & (labels["month"] <= trained.train_to)
    assert trained.train_rows == int(in_training.sum())
    assert list(trained.backtest["model"]) == ["learned", "baseline"]
    assert set(trained.backtest["status"]) == {"trained"}
    assert (trained.backtest["eval_from"] == trained.eval_from).all()


def test_train_and_backtest_scores_every_account_month_in_zero_to_one(trained, history):
    features, _ = history
    scores = trained.scores
    assert len(scores) == len(features)  # the unknown-label months are scored too
    assert scores["risk_score"].between(0, 1).all()
    assert (scores["at_risk"] == (scores["risk_score"] >= trained.threshold)).all()
    assert 0 < trained.threshold < 1


def test_train_and_backtest_learns_the_signal_that_precedes_churn(trained):
    weights = trained.weights.set_index("feature")["weight"]
    assert list(trained.weights["feature"]) == ["(intercept)", *FEATURES]
    assert weights.drop("(intercept)").idxmax() == SIGNAL and weights[SIGNAL] > 0
    learned = trained.backtest.set_index("model").loc["learned"]
    assert learned["churned_accounts"] > 0
    assert learned["recall"] >= 0.5 and learned["precision"] >= 0.5
    assert learned["flagged_ahead"] <= learned["churned_accounts"]


def test_train_and_backtest_chooses_the_threshold_on_training_rows_only(trained, history):
    features, labels = history
    in_evaluation = labels["is_label_known"] & (labels["month"] >= trained.eval_from)
    flipped = labels.copy()
    flipped.loc[in_evaluation, "churned_within_horizon"] = (
        1 - flipped.loc[in_evaluation, "churned_within_horizon"]
    )
    again = train_with_seeds(features, flipped)
    assert again.status == "trained"
    # evaluation labels changed, so the backtest did ...
    churned_before = trained.backtest.set_index("model").loc["learned", "churned_accounts"]
    churned_after = again.backtest.set_index("model").loc["learned", "churned_accounts"]
    assert churned_after != churned_before
    # ... but the weights, the threshold, the scores and the baseline rule come from training
    # rows only
    assert again.threshold == trained.threshold
    pd.testing.assert_frame_equal(again.weights, trained.weights)
    pd.testing.assert_series_equal(again.scores["risk_score"], trained.scores["risk_score"])
    assert list(again.backtest["rule"]) == list(trained.backtest["rule"])
    assert list(again.backtest["threshold"]) == list(trained.backtest["threshold"])


def test_the_threshold_is_at_least_as_precise_on_training_as_the_baseline_rule(trained, history):
    features, labels = history
    data = features.merge(labels, on=["account_id", "month"])
    train = data[data["is_label_known"] & (data["month"] <= trained.train_to)]
    rule = trained.backtest.set_index("model").loc["baseline", "rule"]
    name, feature, operator, cut = next(r for r in RULES if rule.startswith(r[0]))
    # the rule reads as before the rules were a seed: "(late_payments_12m >= 1)", not 1.0
    assert rule == f"{name} ({feature} {operator} {cut})"
    baseline = evaluate(train, rule_flags(train, feature, operator, cut))
    scored = train.merge(trained.scores, on=["account_id", "month"], how="left")
    learned = evaluate(scored, (scored["risk_score"] >= trained.threshold).to_numpy())
    assert learned["precision"] >= baseline["precision"]


def test_too_few_churned_accounts_gives_no_score_and_says_why():
    features, labels = synthetic_history(churners=[0, 1])
    result = train_with_seeds(features, labels)  # must not raise
    # A000 churns 2024-10-10 and A001 2024-01-10 (seed 7): both in the evaluation period
    # 2023-11 .. 2024-08, none in training (up to 2023-07): 0 to learn from, 2 to evaluate
    assert result.eval_from == T("2023-11-01")
    assert result.status == "insufficient_data"
    assert result.message == (
        "too few churned accounts to learn from: 0 in the training period (need 10) and 2 in "
        "the evaluation period (need 3); no risk score is given"
    )
    assert result.threshold is None and result.weights.empty
    assert len(result.scores) == len(features)
    assert result.scores["risk_score"].isna().all()
    assert result.scores["at_risk"].isna().all()
    assert result.scores["top_signals"].isna().all()
    backtest = result.backtest
    assert list(backtest["model"]) == ["learned", "baseline"]
    assert set(backtest["status"]) == {"insufficient_data"}
    assert set(backtest["message"]) == {result.message}
    for column in ("threshold", "recall", "precision", "median_warning_days"):
        assert backtest[column].isna().all(), column


def test_no_month_old_enough_to_label_gives_no_score_and_says_why(history):
    features, labels = history
    result = train_with_seeds(features, labels.assign(is_label_known=False))
    assert result.status == "insufficient_data"
    assert result.message == "no account month is old enough to know whether it churned"
    assert result.scores["risk_score"].isna().all() and len(result.scores) == len(features)
    assert list(result.backtest["model"]) == ["learned", "baseline"]


def test_a_signal_missing_on_every_training_row_does_not_crash_the_run(history):
    features, labels = history
    result = train_with_seeds(features.assign(invoiced_change_ratio=np.nan), labels)
    assert result.status == "trained"
    # the empty signal keeps its place (at 0, weight 0), so weights stay aligned to FEATURES
    assert list(result.weights["feature"]) == ["(intercept)", *FEATURES]
    assert result.weights.set_index("feature").loc["invoiced_change_ratio", "weight"] == 0.0


# ---- the report's verdict -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("learned", "baseline", "verdict"),
    [
        ((0.42, 0.28), (0.28, 0.23), "beats"),  # more recall, more precise
        ((0.42, 0.23), (0.28, 0.23), "beats"),  # more recall, equally precise
        ((0.42, 0.20), (0.28, 0.23), "does not beat"),  # more recall bought with precision
        ((0.28, 0.30), (0.28, 0.23), "does not beat"),  # same recall
    ],
)
def test_the_report_says_whether_the_model_beats_the_baseline(learned, baseline, verdict):
    from janox_dagster.defs.ml import beats_baseline_sentence

    backtest = pd.DataFrame(
        [
            {"model": "learned", "recall": learned[0], "precision": learned[1]},
            {"model": "baseline", "recall": baseline[0], "precision": baseline[1]},
        ]
    )
    sentence = beats_baseline_sentence(backtest)
    assert sentence.startswith(f"On the evaluation period the learned model {verdict} the")
    assert f"recall {learned[0]:.3f} against {baseline[0]:.3f}" in sentence

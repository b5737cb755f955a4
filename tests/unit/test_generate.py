"""The demo landing generator writes contract-conformant, deterministic, realistic loads."""

from __future__ import annotations

import csv
import hashlib
import re
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from janox_dagster.generate import generate

LAST_LOAD = date(2026, 11, 20)

# The landing contract (landing-contract.md), written out independently of the generator.
CONTRACT: dict[str, list[str]] = {
    "crm/users": "user_id full_name email team role is_active created_at updated_at",
    "crm/accounts": "account_id name industry country employees owner_user_id created_at "
    "updated_at is_deleted",
    "crm/contacts": "contact_id account_id first_name last_name email phone title opted_out_at "
    "created_at updated_at is_deleted",
    "crm/leads": "lead_id first_name last_name company email phone country channel campaign_id "
    "introduction_id owner_user_id lead_type qualified_at mql_at sal_at sql_at rejected_at "
    "rejection_reason converted_at converted_account_id opted_out_at created_at updated_at "
    "is_deleted",
    "crm/lead_status_history": "lead_id status changed_at changed_by_user_id",
    "crm/opportunities": "opportunity_id account_id lead_id owner_user_id process lead_type "
    "product_id amount currency created_at closed_at outcome loss_reason updated_at is_deleted",
    "crm/opportunity_phases": "opportunity_id phase_number entered_at",
    "crm/closing_elements": "opportunity_id element lined_up_at",
    "crm/activities": "activity_id activity_type direction user_id lead_id contact_id account_id "
    "opportunity_id occurred_at duration_minutes is_two_way updated_at is_deleted",
    "crm/introductions": "introduction_id obtained_by_user_id from_account_id from_contact_id "
    "from_lead_id opportunity_id kind quality_class relevance_level introduced_name "
    "introduced_company introduced_email introduced_phone obtained_at updated_at",
    "crm/support_cases": "case_id account_id contact_id category priority opened_at closed_at "
    "updated_at",
    "marketing/campaigns": "campaign_id name channel started_on ended_on budget currency "
    "updated_at",
    "marketing/ad_spend": "spend_date campaign_id impressions clicks spend currency",
    "marketing/touchpoints": "touchpoint_id campaign_id lead_id contact_id occurred_at touch_type",
    "billing/customers": "customer_id account_id name country currency created_at updated_at",
    "billing/products": "product_id name ladder_step list_price currency is_recurring updated_at",
    "billing/subscriptions": "subscription_id customer_id product_id started_on ended_on mrr "
    "currency updated_at",
    "billing/invoices": "invoice_id customer_id opportunity_id invoice_type issued_on due_on "
    "amount currency status updated_at",
    "billing/payments": "payment_id invoice_id paid_at amount currency",
    "billing/fx_rates": "rate_date currency rate_to_reporting",
    "planning/targets": "month user_id kpi target updated_at is_deleted",
}
CONTRACT = {t: cols.split() for t, cols in CONTRACT.items()}  # type: ignore[misc]
KEY = {t: (c[0],) for t, c in CONTRACT.items()}
KEY.update(
    {
        "crm/lead_status_history": ("lead_id", "status", "changed_at"),
        "crm/opportunity_phases": ("opportunity_id", "phase_number"),
        "crm/closing_elements": ("opportunity_id", "element"),
        "marketing/ad_spend": ("spend_date", "campaign_id"),
        "billing/fx_rates": ("rate_date", "currency"),
        "planning/targets": ("month", "user_id", "kpi"),
    }
)
EVENT_TABLES = {t for t, cols in CONTRACT.items() if "updated_at" not in cols}
REFS: dict[str, list[tuple[str, str]]] = {
    "crm/accounts": [("owner_user_id", "crm/users")],
    "crm/contacts": [("account_id", "crm/accounts")],
    "crm/leads": [
        ("campaign_id", "marketing/campaigns"),
        ("introduction_id", "crm/introductions"),
        ("owner_user_id", "crm/users"),
        ("converted_account_id", "crm/accounts"),
    ],
    "crm/lead_status_history": [("lead_id", "crm/leads"), ("changed_by_user_id", "crm/users")],
    "crm/opportunities": [
        ("account_id", "crm/accounts"),
        ("lead_id", "crm/leads"),
        ("owner_user_id", "crm/users"),
        ("product_id", "billing/products"),
    ],
    "crm/opportunity_phases": [("opportunity_id", "crm/opportunities")],
    "crm/closing_elements": [("opportunity_id", "crm/opportunities")],
    "crm/activities": [
        ("user_id", "crm/users"),
        ("lead_id", "crm/leads"),
        ("contact_id", "crm/contacts"),
        ("account_id", "crm/accounts"),
        ("opportunity_id", "crm/opportunities"),
    ],
    "crm/introductions": [
        ("obtained_by_user_id", "crm/users"),
        ("from_account_id", "crm/accounts"),
        ("from_contact_id", "crm/contacts"),
        ("from_lead_id", "crm/leads"),
        ("opportunity_id", "crm/opportunities"),
    ],
    "crm/support_cases": [("account_id", "crm/accounts"), ("contact_id", "crm/contacts")],
    "marketing/ad_spend": [("campaign_id", "marketing/campaigns")],
    "marketing/touchpoints": [
        ("campaign_id", "marketing/campaigns"),
        ("lead_id", "crm/leads"),
        ("contact_id", "crm/contacts"),
    ],
    "billing/customers": [("account_id", "crm/accounts")],
    "billing/subscriptions": [
        ("customer_id", "billing/customers"),
        ("product_id", "billing/products"),
    ],
    "billing/invoices": [
        ("customer_id", "billing/customers"),
        ("opportunity_id", "crm/opportunities"),
    ],
    "billing/payments": [("invoice_id", "billing/invoices")],
    "planning/targets": [("user_id", "crm/users")],
}
CHANNELS = {
    "paid_search",
    "paid_social",
    "email",
    "events",
    "content",
    "referral",
    "partner",
    "outbound",
    "other",
}
CURRENCIES = {"EUR", "SEK", "DKK", "NOK", "HUF", "CHF"}
ONE_TO_FOUR = {"1", "2", "3", "4"}
KPIS = {"qualified_leads", "won_sales", "booked_revenue_eur", "introductions", "finished_sales"}
ENUMS: dict[tuple[str, str], set[str]] = {
    ("crm/users", "role"): {"seller", "manager", "marketing", "other"},
    ("crm/leads", "channel"): CHANNELS,
    ("crm/leads", "lead_type"): ONE_TO_FOUR,
    ("crm/lead_status_history", "status"): {
        "new",
        "contacted",
        "meeting_booked",
        "offer_sent",
        "negotiating",
        "won",
        "lost",
        "nurture",
    },
    ("crm/opportunities", "process"): {"new", "upsell"},
    ("crm/opportunities", "lead_type"): ONE_TO_FOUR,
    ("crm/opportunities", "outcome"): {"open", "won", "lost"},
    ("crm/opportunities", "currency"): CURRENCIES,
    ("crm/opportunity_phases", "phase_number"): {str(i) for i in range(1, 8)},
    ("crm/closing_elements", "element"): {"need", "economy", "decision_maker", "timing", "trust"},
    ("crm/activities", "activity_type"): {"call", "meeting", "email", "sms", "note"},
    ("crm/activities", "direction"): {"outbound", "inbound"},
    ("crm/introductions", "kind"): {"closing", "compensation"},
    ("crm/introductions", "quality_class"): ONE_TO_FOUR,
    ("crm/introductions", "relevance_level"): ONE_TO_FOUR,
    ("crm/support_cases", "priority"): {"low", "normal", "high", "urgent"},
    ("marketing/campaigns", "channel"): CHANNELS,
    ("marketing/campaigns", "currency"): CURRENCIES,
    ("marketing/ad_spend", "currency"): CURRENCIES,
    ("marketing/touchpoints", "touch_type"): {
        "ad_click",
        "visit",
        "form",
        "email_click",
        "event",
        "webinar",
    },
    ("billing/customers", "currency"): CURRENCIES,
    ("billing/products", "currency"): CURRENCIES,
    ("billing/subscriptions", "currency"): CURRENCIES,
    ("billing/invoices", "invoice_type"): {"invoice", "credit_note"},
    ("billing/invoices", "status"): {"open", "paid", "void", "disputed"},
    ("billing/invoices", "currency"): CURRENCIES,
    ("billing/payments", "currency"): CURRENCIES,
    ("billing/fx_rates", "currency"): CURRENCIES - {"EUR"},
    ("planning/targets", "kpi"): KPIS,
}
BOOLEAN = {"is_active", "is_deleted", "is_two_way", "is_recurring"}
TIMESTAMP_SUFFIX = ("_at",)
DATE_COLUMNS = {"started_on", "ended_on", "issued_on", "due_on", "spend_date", "rate_date", "month"}

Tree = dict[str, dict[str, list[dict[str, str]]]]


def read_tree(root: Path) -> Tree:
    """{load date: {source/table: rows}} read with the csv module."""
    tree: Tree = {}
    for load in sorted(p for p in root.iterdir() if p.is_dir()):
        tables = {}
        for f in sorted(load.glob("*/*.csv")):
            with f.open(encoding="utf-8", newline="") as fh:
                tables[f"{f.parent.name}/{f.stem}"] = list(csv.DictReader(fh))
        tree[load.name] = tables
    return tree


def headers(root: Path) -> dict[tuple[str, str], list[str]]:
    out = {}
    for f in root.glob("*/*/*.csv"):
        with f.open(encoding="utf-8", newline="") as fh:
            out[(f.parent.parent.name, f"{f.parent.name}/{f.stem}")] = next(csv.reader(fh))
    return out


def key_of(table: str, row: dict[str, str]) -> tuple[str, ...]:
    """The key of a landed row (a tuple even for single-column keys)."""
    return tuple(row[c] for c in KEY[table])


def instant(text: str) -> datetime:
    """An ISO 8601 timestamp as an aware UTC instant (no offset means UTC)."""
    t = datetime.fromisoformat(text)
    return t.replace(tzinfo=UTC) if t.tzinfo is None else t.astimezone(UTC)


def digest(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*.csv"))
    }


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int], list[str]]:
    root = tmp_path_factory.mktemp("landing")
    messages: list[str] = []
    counts = generate(
        root, seed=42, scale=0.1, days=3, last_load_date=LAST_LOAD, progress=messages.append
    )
    return root, counts, messages


@pytest.fixture(scope="module")
def tree(small: tuple[Path, dict[str, int], list[str]]) -> Tree:
    return read_tree(small[0])


@pytest.fixture(scope="module")
def latest(tree: Tree) -> dict[str, dict[tuple[str, ...], dict[str, str]]]:
    """The newest version of every key over all loads (what the warehouse would hold)."""
    out: dict[str, dict[tuple[str, ...], dict[str, str]]] = defaultdict(dict)
    for load in sorted(tree):
        for table, rows in tree[load].items():
            for row in rows:
                k = tuple(row[c] for c in KEY[table])
                old = out[table].get(k)
                if (
                    old is None
                    or "updated_at" not in row
                    or (instant(row["updated_at"]) >= instant(old["updated_at"]))
                ):
                    out[table][k] = row
    return out


def test_same_seed_gives_byte_identical_files(tmp_path: Path) -> None:
    generate(tmp_path / "a", seed=7, scale=0.05)
    generate(tmp_path / "b", seed=7, scale=0.05)
    a, b = digest(tmp_path / "a"), digest(tmp_path / "b")
    assert a and a == b


def test_another_seed_gives_different_data(tmp_path: Path) -> None:
    generate(tmp_path / "a", seed=7, scale=0.05)
    generate(tmp_path / "b", seed=8, scale=0.05)
    a, b = digest(tmp_path / "a"), digest(tmp_path / "b")
    assert a.keys() & b.keys()
    assert sum(a[k] != b[k] for k in a.keys() & b.keys()) >= 15


def test_writes_one_folder_per_load_ending_at_the_last_load_date(tree: Tree) -> None:
    assert list(tree) == ["2026-11-18", "2026-11-19", "2026-11-20"]


def test_first_load_has_every_contract_table_with_exactly_its_columns(small) -> None:
    root = small[0]
    found = headers(root)
    first = {t: cols for (load, t), cols in found.items() if load == "2026-11-18"}
    assert set(first) == set(CONTRACT)
    for (_, table), cols in found.items():
        assert table in CONTRACT
        assert sorted(cols) == sorted(CONTRACT[table]), table


def test_every_first_load_table_has_rows(tree: Tree) -> None:
    empty = [t for t, rows in tree["2026-11-18"].items() if not rows]
    assert not empty


def test_returned_counts_match_rows_written_and_progress_names_each_file(small, tree) -> None:
    _, counts, messages = small
    written: Counter[str] = Counter()
    for tables in tree.values():
        for table, rows in tables.items():
            written[table] += len(rows)
    assert counts == dict(written)
    assert any(m.startswith("load 2026-11-18: crm/leads ") for m in messages)
    n_files = sum(len(t) for t in tree.values())
    assert sum(m.startswith("load ") for m in messages) == n_files


def test_size_grows_linearly_with_scale(tmp_path: Path, small) -> None:
    base = small[1]["crm/leads"]
    double = generate(tmp_path / "double", seed=42, scale=0.2)["crm/leads"]
    assert 900 <= base <= 1200
    assert 0.85 * 2 <= double / base <= 1.15 * 2


def test_no_key_appears_twice_with_the_same_updated_at_in_a_file(tree: Tree) -> None:
    for load, tables in tree.items():
        for table, rows in tables.items():
            if table in EVENT_TABLES:
                continue
            seen = Counter(
                (*(row[c] for c in KEY[table]), instant(row["updated_at"])) for row in rows
            )
            dup = [k for k, c in seen.items() if c > 1]
            assert not dup, (load, table, dup[:3])


def test_event_tables_never_repeat_a_key_within_a_file(tree: Tree) -> None:
    for load, tables in tree.items():
        for table, rows in tables.items():
            if table not in EVENT_TABLES:
                continue
            keys = Counter(
                tuple(str(instant(row[c])) if c.endswith("_at") else row[c] for c in KEY[table])
                for row in rows
            )
            dup = [k for k, c in keys.items() if c > 1]
            assert not dup, (load, table, dup[:3])


def test_every_reference_resolves_against_keys_landed_so_far(tree: Tree) -> None:
    landed: dict[str, set[str]] = defaultdict(set)
    for load in sorted(tree):
        tables = tree[load]
        for table, rows in tables.items():
            if len(KEY[table]) == 1:
                landed[table].update(row[KEY[table][0]] for row in rows)
        for table, rows in tables.items():
            for col, target in REFS.get(table, []):
                missing = {row[col] for row in rows if row[col]} - landed[target]
                assert not missing, (load, table, col, sorted(missing)[:5])


def test_introductions_name_at_least_one_giver(tree: Tree) -> None:
    for tables in tree.values():
        for row in tables.get("crm/introductions", []):
            assert row["from_account_id"] or row["from_contact_id"] or row["from_lead_id"]


def test_updated_at_lies_between_created_at_and_the_end_of_the_load_date(tree: Tree) -> None:
    for load, tables in tree.items():
        end = datetime.fromisoformat(load).replace(tzinfo=UTC) + timedelta(days=1)
        for table, rows in tables.items():
            if table in EVENT_TABLES:
                continue
            for row in rows:
                updated = instant(row["updated_at"])
                assert updated < end, (load, table, row)
                if "created_at" in row:
                    assert updated >= instant(row["created_at"]), (load, table, row)


def test_values_parse_as_their_contract_types(tree: Tree) -> None:
    from janox_dagster.contract import load_contract

    regexes = {name: contract.regexes for name, contract in load_contract().items()}
    for tables in tree.values():
        for table, rows in tables.items():
            for row in rows[:3000]:
                for col, value in row.items():
                    if not value:
                        continue
                    # the pattern the landing gate checks (integers, decimals, booleans, ...)
                    if col in regexes[table]:
                        assert re.fullmatch(regexes[table][col], value), (table, col, value)
                    if col.endswith(TIMESTAMP_SUFFIX):
                        instant(value)
                    elif col in DATE_COLUMNS:
                        date.fromisoformat(value)
                    elif col in BOOLEAN:
                        assert value in {"true", "false"}, (table, col, value)


def test_timestamps_use_z_offsets_and_a_few_without_offset(tree: Tree) -> None:
    values = [row["created_at"] for row in tree["2026-11-18"]["crm/leads"]]
    z = sum(v.endswith("Z") for v in values)
    offset = sum(v[-6] in "+-" and v[-3] == ":" for v in values)
    naive = len(values) - z - offset
    assert z > 0.8 * len(values)
    assert offset > 0 and naive > 0


def test_later_loads_update_earlier_rows_and_soft_delete_some(tree: Tree) -> None:
    loads = sorted(tree)
    seen: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for table, rows in tree[loads[0]].items():
        if table not in EVENT_TABLES:
            seen[table].update(key_of(table, row) for row in rows)
    for load in loads[1:]:
        updates = 0
        deleted: Counter[str] = Counter()
        for table, rows in tree[load].items():
            if table in EVENT_TABLES:
                continue
            updates += sum(key_of(table, row) in seen[table] for row in rows)
            deleted[table] += sum(row.get("is_deleted") == "true" for row in rows)
            seen[table].update(key_of(table, row) for row in rows)
        assert updates >= 3, load
        assert sum(deleted.values()) >= 3, load
    later_leads = [r for load in loads[1:] for r in tree[load].get("crm/leads", [])]
    assert any(
        r["lead_id"] in {x["lead_id"] for x in tree[loads[0]]["crm/leads"]} for r in later_leads
    )


def test_first_load_holds_three_years_of_history(tree: Tree) -> None:
    created = [instant(r["created_at"]) for r in tree["2026-11-18"]["crm/leads"]]
    assert min(created) < datetime(2023, 10, 15, tzinfo=UTC)
    assert min(created) >= datetime(2023, 10, 1, tzinfo=UTC)


def test_enumerations_hold_only_allowed_values(tree: Tree) -> None:
    for tables in tree.values():
        for table, rows in tables.items():
            for (t, col), allowed in ENUMS.items():
                if t != table:
                    continue
                bad = {row[col] for row in rows if row[col]} - allowed
                assert not bad, (table, col, bad)


def test_type2_is_the_largest_qualified_group_and_most_leads_get_typed(latest) -> None:
    leads = list(latest["crm/leads"].values())
    types = Counter(r["lead_type"] for r in leads if r["lead_type"])
    assert types["2"] == max(types.values())
    assert types["2"] > types["1"]
    typed = sum(types.values()) / len(leads)
    assert 0.55 <= typed <= 0.8


def test_channels_differ_in_lead_mix(latest) -> None:
    by_channel: dict[str, Counter[str]] = defaultdict(Counter)
    for r in latest["crm/leads"].values():
        if r["lead_type"]:
            by_channel[r["channel"]][r["lead_type"]] += 1

    def warm(ch: str) -> float:
        c = by_channel[ch]
        return (c["1"] + c["2"]) / sum(c.values())

    assert warm("referral") > warm("paid_social") + 0.15
    assert warm("events") > warm("content") + 0.1


def test_names_use_the_five_countries_letters(tree: Tree) -> None:
    text = " ".join(
        f"{r['first_name']} {r['last_name']} {r['company']}"
        for r in tree["2026-11-18"]["crm/leads"]
    )
    for letters in ("æøå", "äö", "ü", "ß", "őű", "á"):
        assert any(ch in text for ch in letters), letters


def test_awkward_text_survives_quoting(small, tree: Tree) -> None:
    companies = [r["name"] for r in tree["2026-11-18"]["crm/accounts"]]
    assert any("," in c for c in companies)
    assert any('"' in c for c in companies)
    multiline = [
        r[c]
        for t, rows in tree["2026-11-18"].items()
        for r in rows
        for c in ("title", "rejection_reason", "loss_reason")
        if c in r and "\n" in r[c]
    ]
    assert multiline
    raw = (small[0] / "2026-11-18" / "crm" / "accounts.csv").read_text(encoding="utf-8")
    assert '""' in raw


def test_fx_rates_cover_every_day_and_non_eur_currency(tree: Tree) -> None:
    rates: dict[str, set[str]] = defaultdict(set)
    for load in sorted(tree):
        for r in tree[load]["billing/fx_rates"]:
            rates[r["currency"]].add(r["rate_date"])
    start, end = date(2023, 10, 1), LAST_LOAD
    days = {(start + timedelta(days=i)).isoformat() for i in range((end - start).days + 1)}
    assert set(rates) == {"SEK", "DKK", "NOK", "HUF", "CHF"}
    for cur, got in rates.items():
        assert got == days, cur
    sek = [
        float(r["rate_to_reporting"])
        for r in tree["2026-11-18"]["billing/fx_rates"]
        if r["currency"] == "SEK"
    ]
    assert 0.07 < min(sek) and max(sek) < 0.105


def test_win_rate_rises_with_closing_elements_and_type1_beats_type3(latest) -> None:
    lined: Counter[str] = Counter(k[0] for k in latest["crm/closing_elements"])
    finished = [o for o in latest["crm/opportunities"].values() if o["outcome"] != "open"]
    by_n: dict[int, list[bool]] = defaultdict(list)
    by_type: dict[str, list[bool]] = defaultdict(list)
    for o in finished:
        won = o["outcome"] == "won"
        by_n[min(lined[o["opportunity_id"]], 4) // 2].append(won)
        by_type[o["lead_type"]].append(won)

    def rate(xs: list[bool]) -> float:
        return sum(xs) / len(xs)

    assert rate(by_n[0]) < rate(by_n[1]) < rate(by_n[2])
    assert rate(by_type["1"]) > rate(by_type["2"]) > rate(by_type["3"])


def test_wins_bring_introductions_and_some_referral_leads(latest) -> None:
    intros = latest["crm/introductions"]
    kinds = Counter(r["kind"] for r in intros.values())
    assert kinds["closing"] > kinds["compensation"] > 0
    referred = [r for r in latest["crm/leads"].values() if r["introduction_id"]]
    assert referred and all(r["channel"] == "referral" for r in referred)


def test_some_customers_churn(latest) -> None:
    subs = defaultdict(list)
    for s in latest["billing/subscriptions"].values():
        subs[s["customer_id"]].append(s)
    churned = sum(all(s["ended_on"] for s in ss) for ss in subs.values())
    assert churned >= 5
    assert churned < 0.6 * len(subs)


def test_files_are_byte_for_byte_what_the_csv_module_writes(small) -> None:
    import io

    for path in sorted((small[0] / "2026-11-18").glob("*/*.csv")):
        text = path.read_text(encoding="utf-8")
        rows = list(csv.reader(io.StringIO(text, newline="")))
        again = io.StringIO()
        csv.writer(again, quoting=csv.QUOTE_MINIMAL, lineterminator="\n").writerows(rows)
        assert again.getvalue() == text, path.name


def test_the_generators_coded_columns_use_only_the_contract_suites_labels():
    """The generator takes its columns from expectations/ (the contract); the labels it
    writes for coded columns are its own and must stay within the suites' enumerations."""
    from janox_dagster.contract import load_contract
    from janox_dagster.generate.contract import TABLES

    contracts = load_contract()
    checked = 0
    for name, columns in TABLES.items():
        for column in columns:
            if column.kind == "enum" and column.name in contracts[name].enums:
                allowed = set(contracts[name].enums[column.name])
                assert {str(v) for v in column.arg} <= allowed, (name, column.name)
                checked += 1
    assert checked == 15  # the coded columns the suites enumerate (currency, country are not)


# --- planning/targets: the optional source -------------------------------------------------


def test_targets_are_monthly_per_seller_for_every_kpi_on_the_first_of_the_month(tree, latest):
    users = latest["crm/users"]
    targets = list(latest["planning/targets"].values())
    assert targets and all(date.fromisoformat(t["month"]).day == 1 for t in targets)
    assert all(float(t["target"]) >= 0 for t in targets)
    assert {users[(t["user_id"],)]["role"] for t in targets} == {"seller"}
    per_seller_month = Counter(
        (t["month"], t["user_id"]) for t in tree["2026-11-18"]["planning/targets"]
    )
    assert set(per_seller_month.values()) >= {5}  # one per KPI (a few also with an older version)
    months = sorted({t["month"] for t in targets})
    # from the fourth month of the history (three months to base a target on) to now
    assert months[0] == "2024-01-01" and months[-1] == "2026-11-01"
    assert {t["kpi"] for t in targets} == KPIS


def test_a_later_load_revises_some_current_month_targets_and_withdraws_a_few(tree, latest):
    first = {key_of("planning/targets", r): r for r in tree["2026-11-18"]["planning/targets"]}
    later = [
        r for load in ("2026-11-19", "2026-11-20") for r in tree[load].get("planning/targets", [])
    ]
    revised = [
        r
        for r in later
        if r["is_deleted"] == "false"
        and key_of("planning/targets", r) in first
        and r["target"] != first[key_of("planning/targets", r)]["target"]
    ]
    withdrawn = [r for r in later if r["is_deleted"] == "true"]
    assert len(revised) >= 3 and withdrawn
    for row in revised + withdrawn:
        assert row["month"] == "2026-11-01"  # mid-month: the current month
        assert instant(row["updated_at"]) > instant(
            first[key_of("planning/targets", row)]["updated_at"]
        )


def test_some_sellers_are_above_plan_and_some_below(latest):
    """Actual qualified leads (owned leads of Type 1 or 2 qualified in the month, as the
    scorecard counts them) against the targets of the finished months."""
    qualified: Counter[tuple[str, str]] = Counter()
    for lead in latest["crm/leads"].values():
        if (
            lead["lead_type"] in {"1", "2"}
            and lead["qualified_at"]
            and lead["is_deleted"] != "true"
        ):
            month = instant(lead["qualified_at"]).date().replace(day=1).isoformat()
            qualified[(month, lead["owner_user_id"])] += 1
    planned: Counter[str] = Counter()
    reached: Counter[str] = Counter()
    for t in latest["planning/targets"].values():
        if (
            t["kpi"] == "qualified_leads"
            and t["month"] < "2026-11-01"
            and t["is_deleted"] != "true"
        ):
            planned[t["user_id"]] += float(t["target"])
            reached[t["user_id"]] += qualified[(t["month"], t["user_id"])]
    attainment = {u: reached[u] / planned[u] for u in planned}
    assert len(attainment) >= 5
    assert any(a >= 1.05 for a in attainment.values())
    assert any(a <= 0.95 for a in attainment.values())

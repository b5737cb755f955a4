"""``janox dashboard`` in headless Chromium on the e2e demo warehouse: every page draws its
charts with the marts' figures and no error, a filter changes a figure, and a night
published while the dashboard is open shows on its next run. Screenshots of every page go
to the test's tmp_path and are copied to tests/e2e/screenshots/ (git-ignored), with the
seconds each page took in timings.txt there."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote_plus

import pytest

from janox_dagster.dashboard import fmt
from janox_dagster.dashboard.views import PAGES, load_report
from tests.dashboard_browser import (
    APP,
    CHARTS,
    CHROMIUM,
    EXCEPTION,
    METRIC,
    browser,
    open_page,
    page_address,
    served,
    wait_until_drawn,
)
from tests.harness import query
from tests.landing_builder import USER, write_table

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's chromium (apt-get install chromium)"
    ),
]
SCREENSHOTS = Path(__file__).parent / "screenshots"


def one(warehouse: Path, sql: str, params: list | None = None):
    return query(warehouse, sql, params)[0][0]


def expected_figures(warehouse: Path) -> dict[str, str]:
    """Per page, one headline figure computed here from the marts, as the page shows it."""
    as_of = one(warehouse, "select max(load_date) from marts.load_report")
    return {
        "lead-mix": fmt.count(
            one(warehouse, "select sum(typed_leads) from marts.lead_mix_monthly")
        ),
        "funnel": fmt.count(one(warehouse, "select sum(leads) from marts.funnel_monthly")),
        "campaigns": fmt.eur(
            one(
                warehouse,
                "select sum(spend_eur) from marts.campaign_performance "
                "where attribution = 'first_touch'",
            )
        ),
        "closing": fmt.count(
            one(
                warehouse,
                "select count(*) from marts.fct_opportunities "
                "where lead_type = 2 and outcome in ('won', 'lost')",
            )
        ),
        "closing-elements": fmt.count(
            one(warehouse, "select sum(opportunities) from marts.closing_elements_effect")
        ),
        "introductions": fmt.count(
            one(warehouse, "select sum(introductions) from marts.introduction_quality")
        ),
        "rc-scale": fmt.count(one(warehouse, "select count(*) from marts.rc_scale_current")),
        "at-risk": fmt.count(
            one(
                warehouse,
                "select count(*) from marts.account_risk_monthly where at_risk and month = "
                "date_trunc('month', ?::date)",
                [as_of],
            )
        ),
        "stuck-leads": fmt.count(one(warehouse, "select count(*) from marts.stuck_leads")),
        "seller": fmt.eur(
            one(warehouse, "select sum(booked_revenue_eur) from marts.seller_scorecard_monthly")
        ),
        "crm-health": fmt.count(one(warehouse, "select sum(records) from marts.crm_data_health")),
        "loads": fmt.day(as_of),
    }


def check_drawn(page, figure: str, as_of: str) -> None:
    """The page ran without an exception, drew at least one chart, shows the as-of date and
    the expected figure among its headline metrics."""
    assert page.locator(EXCEPTION).count() == 0, page.locator(EXCEPTION).all_inner_texts()
    assert page.locator(CHARTS).count() >= 1
    assert page.locator(f"{CHARTS} canvas, {CHARTS} svg").count() >= 1
    assert f"As of {as_of}" in page.locator(APP).inner_text()
    assert figure in page.locator(METRIC).all_inner_texts()


def keep_screenshots(folder: Path) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    for path in [*folder.glob("*.png"), *folder.glob("*.txt")]:
        shutil.copy2(path, SCREENSHOTS / path.name)


def choose(page, label: str, option: str) -> None:
    """Pick ``option`` in the sidebar's select box ``label``."""
    page.get_by_test_id("stSelectbox").filter(has_text=label).locator("input").click()
    page.get_by_role("option", name=option, exact=True).click()


def test_every_page_draws_its_charts_with_the_marts_figures(demo, tmp_path):
    warehouse = demo[1]
    figures = expected_figures(warehouse)
    as_of = figures["loads"]
    seller_id, seller_name, seller_won = query(
        warehouse,
        "select c.user_id, s.user_name, sum(c.won_sales) from marts.seller_scorecard_monthly c "
        "join marts.dim_sellers s using (user_id) group by all "
        "order by sum(c.booked_revenue_eur) desc, c.user_id limit 1",
    )[0]
    timings = []
    with served(warehouse) as base, browser() as page:
        for view in PAGES:
            seconds = open_page(page, page_address(base, view))
            timings.append(f"{view.URL:<18} {seconds:5.2f} s")
            page.screenshot(path=tmp_path / f"{view.URL}.png", full_page=True)
            check_drawn(page, figures[view.URL], as_of)

        # one seller's own page, chosen through the address (filters are kept there)
        label = quote_plus(f"{seller_name} ({seller_id})")  # the sidebar's label for them
        seconds = open_page(page, f"{base}/seller?seller={label}")
        timings.append(f"{'seller (one)':<18} {seconds:5.2f} s")
        page.screenshot(path=tmp_path / "seller-one.png", full_page=True)
        check_drawn(page, fmt.count(seller_won), as_of)
        assert seller_name in page.locator(APP).inner_text()

        # a filter changes a figure: the lead mix of one channel
        channel, name, typed = query(
            warehouse,
            "select l.channel, c.channel_name, sum(l.typed_leads) from marts.lead_mix_monthly l "
            "join marts.dim_channels c using (channel) group by all "
            "order by sum(l.typed_leads) desc limit 1",
        )[0]
        assert fmt.count(typed) != figures["lead-mix"]
        open_page(page, f"{base}/")
        choose(page, "Channel", name)
        page.wait_for_function(
            "([selector, value]) => [...document.querySelectorAll(selector)]"
            ".some(metric => metric.innerText === value)",
            arg=[METRIC, fmt.count(typed)],
        )
        wait_until_drawn(page)
        assert figures["lead-mix"] not in page.locator(METRIC).all_inner_texts()
        page.screenshot(path=tmp_path / f"lead-mix-{channel}.png", full_page=True)
    (tmp_path / "timings.txt").write_text("\n".join(timings) + "\n", encoding="utf-8")
    keep_screenshots(tmp_path)


def test_a_night_published_while_the_dashboard_is_open_shows_on_the_next_run(night, tmp_path):
    landing, warehouse = night
    before = one(warehouse, "select max(load_date) from marts.load_report")
    next_night = (before + timedelta(days=1)).isoformat()
    write_table(landing, next_night, "crm/users", [{**USER, "user_id": "U-DASHBOARD"}])
    with served(warehouse) as base, browser() as page:
        open_page(page, page_address(base, load_report))
        assert f"As of {fmt.day(before)}" in page.locator(APP).inner_text()
        # the night runs in its own process while the page is open (it has read the file)
        night_run = subprocess.run(
            [sys.executable, "-m", "janox_dagster.cli", "run", "--landing", str(landing),
             "--warehouse", str(warehouse)],
            capture_output=True,
            text=True,
        )  # fmt: skip
        assert night_run.returncode == 0, night_run.stdout + night_run.stderr
        assert one(warehouse, "select max(load_date) from marts.load_report") == date.fromisoformat(
            next_night
        )
        # the same browser session, its next run: to another page and back
        nav = page.get_by_test_id("stSidebarNav")
        nav.get_by_text(PAGES[0].TITLE, exact=True).click()
        wait_until_drawn(page)
        nav.get_by_text(load_report.TITLE, exact=True).click()
        page.get_by_text(f"As of {next_night}").wait_for()
        wait_until_drawn(page)
        check_drawn(page, next_night, next_night)
        page.screenshot(path=tmp_path / "loads-after-a-night.png", full_page=True)
    keep_screenshots(tmp_path)

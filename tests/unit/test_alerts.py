"""Alerts after each night: the digest from a tiny published warehouse, delivery to a local
webhook and a local SMTP server (retried, never raising, secrets never shown), and the two
sensors evaluated with Dagster's test context on a succeeded and a failed run."""

from __future__ import annotations

import json
import logging
import socket
import threading
import traceback
from datetime import date, datetime
from email import message_from_bytes
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import dagster as dg
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from janox_dagster.alerts.config import (
    AlertConfigError,
    AlertSettings,
    SmtpTarget,
    WebhookTarget,
    alert_settings,
)
from janox_dagster.alerts.delivery import DeliveryError, deliver, send_webhook, slack_payload
from janox_dagster.alerts.digest import held_back_digest, published_digest
from janox_dagster.alerts.marts import read_alert_rows
from janox_dagster.alerts.notify import ALERTED_IN_PROCESS, ALERTS_TAG, alert_after_run
from janox_dagster.defs.alerts import nightly_held_back_alert, nightly_published_alert
from janox_dagster.defs.resources import JanoxWarehouse
from janox_dagster.publishing import write_published_record

AS_OF = date(2026, 11, 21)
PREVIOUS_AS_OF = date(2026, 11, 20)
TOKEN = "T0JANOX/B0ALERT/s3cr3tWebhookToken"
PASSWORD = "correct-horse-battery-staple"
GATE_FAILURE = (
    "The load was held back; nothing is published:\n"
    "load 2099-01-01, table crm/users: missing_column (role)"
)

# account_id, month, risk_score, at_risk, top_signals, owner_user_id
RISK = [
    # A1: at risk in November, not in October: newly at risk
    ("A1", "2026-10-01", 0.30, False, "", "U1"),
    ("A1", "2026-11-01", 0.82, True, "late_payments_12m, days_since_two_way_contact", "U1"),
    # A2: at risk in both months: not new
    ("A2", "2026-10-01", 0.70, True, "support_cases_3m", "U2"),
    ("A2", "2026-11-01", 0.75, True, "support_cases_3m", "U2"),
    # A3: a new customer, at risk in its first month: new
    ("A3", "2026-11-01", 0.64, True, "invoice_rhythm_ratio", None),
    # A4: not at risk; A5: at risk in September only (older than the month before)
    ("A4", "2026-10-01", 0.90, True, "credit_notes_12m", "U1"),
    ("A4", "2026-11-01", 0.20, False, "", "U1"),
    ("A5", "2026-09-01", 0.95, True, "credit_notes_12m", "U3"),
]
# lead_id, owner_user_id, status, entered_at, days_in_state, limit_days, days_over_limit
STUCK = [
    ("L5", "U2", "offer_sent", "2026-11-17 18:00:00", 4.25, 3.0, 1.25),
    ("L10", "U1", "new", "2026-11-15 12:00:00", 6.5, 2.0, 4.5),
]
# activity_id, person_type, person_id, user_id, activity_type, occurred_at, opted_out_at, days
VIOLATIONS = [
    ("AC1", "lead", "L9", "U2", "email", "2026-11-21 09:00:00", "2026-11-05 09:00:00", 16.0),
    ("AC2", "contact", "C1", "U1", "sms", "2026-11-20 15:00:00", "2026-11-10 15:00:00", 10.0),
]


def build_marts(path: Path, risk=RISK, stuck=STUCK, violations=VIOLATIONS) -> Path:
    """A published warehouse with just the three marts the digest reads."""
    import duckdb

    con = duckdb.connect(str(path))
    con.execute("create schema marts")
    con.execute(
        "create table marts.account_risk_monthly (account_id varchar, month date, "
        "risk_score double, at_risk boolean, top_signals varchar, owner_user_id varchar, "
        "invoiced_12m_eur double)"
    )
    con.execute(
        "create table marts.stuck_leads (lead_id varchar, owner_user_id varchar, "
        "status varchar, entered_at timestamp, days_in_state double, limit_days double, "
        "days_over_limit double, lead_type integer, channel varchar, as_of date)"
    )
    con.execute(
        "create table marts.optout_violations (activity_id varchar, person_type varchar, "
        "person_id varchar, user_id varchar, activity_type varchar, direction varchar, "
        "occurred_at timestamp, opted_out_at timestamp, days_after_optout double)"
    )
    inserts = {
        "insert into marts.account_risk_monthly values (?, ?, ?, ?, ?, ?, 0)": risk,
        "insert into marts.stuck_leads values (?, ?, ?, ?, ?, ?, ?, null, 'events', ?)": [
            (*row, AS_OF) for row in stuck
        ],
        "insert into marts.optout_violations values (?, ?, ?, ?, ?, 'outbound', ?, ?, ?)": (
            violations
        ),
    }
    for sql, rows in inserts.items():
        if rows:
            con.executemany(sql, rows)
    con.close()
    return path


def digest_of(path: Path, previous_as_of: date | None = PREVIOUS_AS_OF, limit: int = 15):
    rows = read_alert_rows(path, AS_OF)
    return published_digest(
        warehouse=str(path),
        run_id="abcdef0123456789",
        as_of=AS_OF,
        previous_as_of=previous_as_of,
        risk_rows=rows.risk,
        stuck_rows=rows.stuck,
        violation_rows=rows.violations,
        limit=limit,
    )


# --- the digest ----------------------------------------------------------------------------


def test_the_digest_lists_accounts_newly_at_risk_stuck_leads_and_violations_since_last_night(
    tmp_path,
):
    digest = digest_of(build_marts(tmp_path / "warehouse.duckdb"))
    risk, stuck, violations = digest.sections
    assert risk.heading == "Accounts newly at risk in 2026-11 (not at risk in 2026-10): 2"
    assert risk.items == (
        "A1 (owner U1): risk 0.82; late_payments_12m, days_since_two_way_contact",
        "A3 (owner none): risk 0.64; invoice_rhythm_ratio",
    )
    assert stuck.heading == "Leads stuck past their state's limit: 2"
    assert stuck.items == (
        "L10 (owner U1): new for 6.5 days, 4.5 over the 2-day limit",
        "L5 (owner U2): offer_sent for 4.2 days, 1.2 over the 3-day limit",
    )
    # AC2 took place on the previous night's as-of day: last night's digest had it
    assert violations.heading.startswith("New opt-out violations (activities after 2026-11-20")
    assert violations.items == (
        "AC1: email with lead L9 by U2 at 2026-11-21 09:00 UTC, 16.0 days after the opt-out",
    )
    assert "published as of 2026-11-21" in digest.subject
    assert "2 newly at risk, 2 stuck leads, 1 new opt-out violations" in digest.subject
    assert "A1 (owner U1)" in digest.text and "run abcdef01" in digest.text


def test_without_a_previous_night_every_violation_is_new(tmp_path):
    digest = digest_of(build_marts(tmp_path / "warehouse.duckdb"), previous_as_of=None)
    violations = digest.sections[2]
    assert "no earlier published night is known" in violations.heading
    assert [item.split(":")[0] for item in violations.items] == ["AC1", "AC2"]


def test_a_night_whose_model_was_not_trained_says_so_instead_of_listing_nobody(tmp_path):
    untrained = [(a, m, None, None, None, o) for a, m, _, _, _, o in RISK]
    digest = digest_of(build_marts(tmp_path / "warehouse.duckdb", risk=untrained))
    assert "the churn model was not trained" in digest.text
    assert digest.sections[0].items == ()


def test_a_long_list_shows_the_limit_and_says_how_many_more(tmp_path):
    stuck = [
        (f"L{i}", "U1", "new", "2026-11-01 00:00:00", 20.0 + i, 2.0, 18.0 + i) for i in range(7)
    ]
    digest = digest_of(build_marts(tmp_path / "warehouse.duckdb", stuck=stuck), limit=3)
    section = digest.sections[1]
    assert section.heading == "Leads stuck past their state's limit: 7"
    assert [item.split(" ")[0] for item in section.items] == ["L6", "L5", "L4"]
    assert section.more == 4 and "… and 4 more" in digest.text


def test_a_quiet_night_still_gets_a_digest_saying_none(tmp_path):
    digest = digest_of(build_marts(tmp_path / "w.duckdb", risk=[], stuck=[], violations=[]))
    assert "0 newly at risk, 0 stuck leads, 0 new opt-out violations" in digest.subject
    assert all(section.lines()[1] == "  none" for section in digest.sections)


def test_the_held_back_digest_names_the_load_table_and_check():
    digest = held_back_digest(
        warehouse="/data/warehouse.duckdb",
        run_id="fedcba9876543210",
        failures=[GATE_FAILURE],
        checks_failed=["raw/crm/users: landing_contract"],
        published_as_of=PREVIOUS_AS_OF,
    )
    assert digest.held_back
    assert "held back (run fedcba98)" in digest.subject
    assert "keeps its last good state (as of 2026-11-20)" in digest.text
    assert digest.sections[0].items == ("load 2099-01-01, table crm/users: missing_column (role)",)
    assert digest.sections[1].items == ("raw/crm/users: landing_contract",)


# --- configuration -------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def no_alert_environment(monkeypatch):
    """Every test starts with alerts off, whatever the machine's environment says."""
    import os

    for name in list(os.environ):
        if name.startswith("JANOX_ALERT_"):
            monkeypatch.delenv(name)


def test_alerts_are_off_when_no_channel_is_set():
    assert not alert_settings({}).enabled


def test_the_environment_configures_both_channels_and_no_repr_shows_a_secret():
    settings = alert_settings(
        {
            "JANOX_ALERT_WEBHOOK_URL": f"https://hooks.example.com/services/{TOKEN}",
            "JANOX_ALERT_SMTP_HOST": "smtp.example.com",
            "JANOX_ALERT_SMTP_STARTTLS": "true",
            "JANOX_ALERT_SMTP_USER": "janox",
            "JANOX_ALERT_SMTP_PASSWORD": PASSWORD,
            "JANOX_ALERT_SMTP_TO": "sales@example.com, ops@example.com",
        }
    )
    assert settings.enabled
    assert settings.smtp.port == 587 and settings.smtp.starttls
    assert settings.smtp.recipients == ("sales@example.com", "ops@example.com")
    assert settings.smtp.sender == "janox"
    assert TOKEN not in repr(settings) and PASSWORD not in repr(settings)


def test_an_smtp_host_without_recipients_is_refused_without_showing_the_password():
    with pytest.raises(AlertConfigError) as error:
        alert_settings({"JANOX_ALERT_SMTP_HOST": "smtp", "JANOX_ALERT_SMTP_PASSWORD": PASSWORD})
    assert "JANOX_ALERT_SMTP_TO" in str(error.value) and PASSWORD not in str(error.value)


# --- delivery ------------------------------------------------------------------------------


class Webhook:
    """A local HTTP endpoint: records each POST, answers 500 to the first ``failures``."""

    def __init__(self):
        self.received: list[dict] = []
        self.paths: list[str] = []
        self.failures = 0
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers["Content-Length"]))
                hook.paths.append(self.path)
                if hook.failures > 0:
                    hook.failures -= 1
                    self.send_response(500)
                    self.end_headers()
                    return
                hook.received.append(json.loads(body))
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str = f"/services/{TOKEN}") -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def webhook():
    hook = Webhook()
    yield hook
    hook.close()


class Mailbox:
    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content)))
        return "250 OK"

    def __init__(self):
        self.messages: list = []


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server():
    """A local SMTP server that accepts the login janox / PASSWORD (no TLS in the test)."""
    mailbox = Mailbox()

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = auth_data.login == b"janox" and auth_data.password == PASSWORD.encode()
        return AuthResult(success=ok, handled=False)

    controller = Controller(
        mailbox,
        hostname="127.0.0.1",
        port=free_port(),
        authenticator=authenticate,
        auth_require_tls=False,
    )
    controller.start()
    yield controller, mailbox
    controller.stop()


def a_digest():
    return held_back_digest(
        warehouse="/data/warehouse.duckdb",
        run_id="fedcba9876543210",
        failures=[GATE_FAILURE],
        checks_failed=["raw/crm/users: landing_contract"],
    )


def test_the_webhook_receives_slack_compatible_json(webhook):
    digest = a_digest()
    results = deliver(digest, AlertSettings(webhook=WebhookTarget(webhook.url())))
    assert [r.delivered for r in results] == [True]
    (payload,) = webhook.received
    assert payload == slack_payload(digest)
    assert payload["text"] == digest.text
    assert "crm/users: missing_column" in payload["text"]
    assert payload["blocks"][0]["type"] == "header"
    assert all(len(b["text"]["text"]) <= 3000 for b in payload["blocks"])


def test_the_email_goes_through_the_smtp_server_with_a_login(smtp_server):
    controller, mailbox = smtp_server
    target = SmtpTarget(
        host="127.0.0.1",
        port=controller.port,
        sender="janox@example.com",
        recipients=("sales@example.com", "ops@example.com"),
        user="janox",
        password=PASSWORD,
    )
    digest = a_digest()
    results = deliver(digest, AlertSettings(smtp=target))
    assert [r.delivered for r in results] == [True]
    ((recipients, message),) = mailbox.messages
    assert recipients == ["sales@example.com", "ops@example.com"]
    assert message["Subject"] == digest.subject
    assert "crm/users: missing_column" in message.get_payload(decode=True).decode("utf-8")


def test_a_failing_webhook_is_retried_with_doubling_waits(webhook):
    webhook.failures = 2
    waits: list[float] = []
    settings = AlertSettings(webhook=WebhookTarget(webhook.url()), backoff_seconds=0.5)
    (result,) = deliver(a_digest(), settings, sleep=waits.append)
    assert result.delivered and result.attempts == 3
    assert waits == [0.5, 1.0]
    assert len(webhook.received) == 1


def test_endpoints_that_keep_failing_are_given_up_without_raising_or_showing_a_secret(
    webhook, smtp_server, caplog
):
    controller, mailbox = smtp_server
    webhook.failures = 99
    settings = AlertSettings(
        webhook=WebhookTarget(webhook.url()),
        smtp=SmtpTarget(
            host="127.0.0.1",
            port=controller.port,
            sender="janox@example.com",
            recipients=("sales@example.com",),
            user="someone-else",  # refused by the server
            password=PASSWORD,
        ),
        attempts=3,
    )
    with caplog.at_level(logging.DEBUG):
        results = deliver(a_digest(), settings, sleep=lambda _: None)
    assert [r.delivered for r in results] == [False, False]
    assert [r.attempts for r in results] == [3, 3]
    assert len(webhook.paths) == 3 and not mailbox.messages
    assert "not delivered after 3 attempts" in caplog.text
    assert "HTTP Error 500" in caplog.text
    shown = caplog.text + "".join(str(r) for r in results)
    for secret in (TOKEN, "s3cr3tWebhookToken", PASSWORD, webhook.url()):
        assert secret not in shown


def test_a_delivery_error_never_holds_the_webhook_url():
    closed = free_port()
    for url in (
        f"http://127.0.0.1:{closed}/services/{TOKEN}",  # nothing listens
        f"http://127.0.0.1:99999999/services/{TOKEN}",  # an invalid port, quoted by urllib
        f"ftp://127.0.0.1/services/{TOKEN}",  # not http
    ):
        with pytest.raises(DeliveryError) as error:
            send_webhook(WebhookTarget(url), a_digest(), timeout=2)
        text = "".join(traceback.format_exception(error.value))
        assert "s3cr3tWebhookToken" not in text, text
        assert error.value.__context__ is None and error.value.__cause__ is None


# --- the sensors ---------------------------------------------------------------------------


@pytest.fixture
def janox(tmp_path) -> JanoxWarehouse:
    janox = JanoxWarehouse(
        landing_dir=str(tmp_path / "landing"), warehouse_path=str(tmp_path / "warehouse.duckdb")
    )
    build_marts(janox.published)
    janox.state_dir.mkdir(parents=True)
    write_published_record(janox.state_dir, {"run_id": "r", "as_of": AS_OF.isoformat()})
    return janox


def fake_nightly(janox: JanoxWarehouse, as_of: date | None = None) -> dg.JobDefinition:
    """A job named ``nightly`` that publishes (the ``published/warehouse`` materialization
    with the metadata the real one writes) or, without an as_of, is held back by its gate
    after a failed ``landing_contract`` check."""

    @dg.asset(key=["published", "warehouse"])
    def published(context) -> dg.MaterializeResult:
        return dg.MaterializeResult(
            metadata={"path": dg.MetadataValue.path(str(janox.published)), "as_of": str(as_of)}
        )

    @dg.asset(
        key=["raw", "crm", "users"],
        check_specs=[dg.AssetCheckSpec("landing_contract", asset=["raw", "crm", "users"])],
    )
    def users(context):
        yield dg.AssetCheckResult(passed=False, severity=dg.AssetCheckSeverity.ERROR)
        raise dg.Failure(description=GATE_FAILURE)

    asset = published if as_of else users
    return dg.Definitions(
        assets=[asset], jobs=[dg.define_asset_job("nightly", selection=[asset.key])]
    ).resolve_job_def("nightly")


def evaluate(sensor, instance, result, janox, event):
    context = dg.build_run_status_sensor_context(
        sensor_name=sensor.name,
        dagster_event=event,
        dagster_instance=instance,
        dagster_run=result.dagster_run,
        resources={"janox": janox},
    )
    return sensor(context)


def test_the_published_alert_sensor_sends_the_digest_of_a_succeeded_run(
    janox, webhook, monkeypatch
):
    monkeypatch.setenv("JANOX_ALERT_WEBHOOK_URL", webhook.url())
    with dg.instance_for_test() as instance:
        fake_nightly(janox, PREVIOUS_AS_OF).execute_in_process(instance=instance)
        result = fake_nightly(janox, AS_OF).execute_in_process(instance=instance)
        evaluate(nightly_published_alert, instance, result, janox, result.get_run_success_event())
    (payload,) = webhook.received
    text = payload["text"]
    assert "published as of 2026-11-21" in text
    assert "A1 (owner U1): risk 0.82" in text and "L10 (owner U1)" in text
    # the previous night's as-of comes from Dagster's history of published/warehouse
    assert "activities after 2026-11-20" in text and "AC1" in text and "AC2" not in text


def test_the_held_back_alert_sensor_sends_the_failure_of_a_failed_run(janox, webhook, monkeypatch):
    monkeypatch.setenv("JANOX_ALERT_WEBHOOK_URL", webhook.url())
    with dg.instance_for_test() as instance:
        result = fake_nightly(janox).execute_in_process(instance=instance, raise_on_error=False)
        assert not result.success
        evaluate(nightly_held_back_alert, instance, result, janox, result.get_run_failure_event())
    (payload,) = webhook.received
    text = payload["text"]
    assert "the night was held back" in text
    assert "load 2099-01-01, table crm/users: missing_column (role)" in text
    assert "raw/crm/users: landing_contract" in text
    assert "keeps its last good state (as of 2026-11-21)" in text


def test_the_sensors_skip_runs_that_janox_run_alerted_itself(janox, webhook, monkeypatch):
    monkeypatch.setenv("JANOX_ALERT_WEBHOOK_URL", webhook.url())
    tags = {ALERTS_TAG: ALERTED_IN_PROCESS}
    with dg.instance_for_test() as instance:
        ok = fake_nightly(janox, AS_OF).execute_in_process(instance=instance, tags=tags)
        failed = fake_nightly(janox).execute_in_process(
            instance=instance, tags=tags, raise_on_error=False
        )
        evaluate(nightly_published_alert, instance, ok, janox, ok.get_run_success_event())
        evaluate(nightly_held_back_alert, instance, failed, janox, failed.get_run_failure_event())
    assert webhook.received == [] and webhook.paths == []


def test_without_alert_variables_nothing_is_sent(janox, webhook):
    with dg.instance_for_test() as instance:
        result = fake_nightly(janox, AS_OF).execute_in_process(instance=instance)
        evaluate(nightly_published_alert, instance, result, janox, result.get_run_success_event())
        assert alert_after_run(janox, instance, result.run_id, published=True) == []
    assert webhook.paths == []


def test_janox_runs_alert_function_delivers_a_published_night_and_never_raises(
    janox, webhook, monkeypatch
):
    """What ``janox run`` calls after its in-process run: the digest goes out; a broken
    published file still gives an alert (saying the digest failed), never an exception."""
    monkeypatch.setenv("JANOX_ALERT_WEBHOOK_URL", webhook.url())
    with dg.instance_for_test() as instance:
        result = fake_nightly(janox, AS_OF).execute_in_process(instance=instance)
        (delivery,) = alert_after_run(janox, instance, result.run_id, published=True)
        assert delivery.delivered
        assert TOKEN not in str(delivery)
        janox.published.write_bytes(b"not a duckdb file")
        (delivery,) = alert_after_run(janox, instance, result.run_id, published=True)
    assert delivery.delivered
    assert "published as of 2026-11-21" in webhook.received[0]["text"]
    assert "The digest could not be built" in webhook.received[1]["text"]


def test_the_alert_sensors_watch_the_nightly_job():
    assert nightly_published_alert.name == "nightly_published_alert"
    assert nightly_held_back_alert.name == "nightly_held_back_alert"
    for sensor in (nightly_published_alert, nightly_held_back_alert):
        assert sensor.default_status == dg.DefaultSensorStatus.RUNNING


def test_timestamps_with_a_time_zone_are_compared_in_utc():
    from janox_dagster.alerts.digest import new_violations

    row = {"activity_id": "AC1", "occurred_at": datetime.fromisoformat("2026-11-21T01:00+02:00")}
    assert new_violations([row], PREVIOUS_AS_OF) == []

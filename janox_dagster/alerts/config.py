"""Where alerts go, from the environment: off unless a webhook or an SMTP host is set.

- ``JANOX_ALERT_WEBHOOK_URL``: POST the digest as Slack-compatible JSON (text and blocks);
- ``JANOX_ALERT_SMTP_HOST`` / ``_PORT``: e-mail it through this server (port 25, or 587
  with STARTTLS); ``JANOX_ALERT_SMTP_STARTTLS=true`` upgrades the connection first;
- ``JANOX_ALERT_SMTP_USER`` / ``_PASSWORD``: log in with these (no login without a user);
- ``JANOX_ALERT_SMTP_FROM`` / ``_TO``: the sender; the recipients, comma-separated
  (required for e-mail).

The webhook URL and the SMTP password are secrets: they never appear in a ``repr``, a
log line or an error message (see ``janox_dagster.alerts.delivery``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

PREFIX = "JANOX_ALERT_"
TRUE = {"1", "true", "yes", "on"}


class AlertConfigError(ValueError):
    """An alert variable is set but unusable (the message names the variable, never a
    secret's value)."""


@dataclass(frozen=True)
class WebhookTarget:
    """A Slack-compatible incoming webhook."""

    url: str = field(repr=False)


@dataclass(frozen=True)
class SmtpTarget:
    """An SMTP server and the mail's envelope."""

    host: str
    port: int
    sender: str
    recipients: tuple[str, ...]
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    starttls: bool = False


@dataclass(frozen=True)
class AlertSettings:
    """The configured channels and how hard delivery tries: ``attempts`` per channel, the
    wait doubling from ``backoff_seconds``, ``timeout_seconds`` per attempt (at most about
    27 s per channel, so both fit in the minute Dagster gives a sensor tick)."""

    webhook: WebhookTarget | None = None
    smtp: SmtpTarget | None = None
    attempts: int = 3
    backoff_seconds: float = 1.0
    timeout_seconds: float = 8.0

    @property
    def enabled(self) -> bool:
        """True when at least one channel is configured."""
        return self.webhook is not None or self.smtp is not None

    @property
    def secrets(self) -> tuple[str, ...]:
        """The values no log line or message may show."""
        values = []
        if self.webhook:
            values.append(self.webhook.url)
        if self.smtp and self.smtp.password:
            values.append(self.smtp.password)
        return tuple(values)


def alert_settings(environ: Mapping[str, str] | None = None) -> AlertSettings:
    """The alert channels the environment configures (none: alerts are off)."""
    env = os.environ if environ is None else environ

    def get(name: str) -> str | None:
        value = env.get(PREFIX + name, "").strip()
        return value or None

    url = get("WEBHOOK_URL")
    webhook = WebhookTarget(url) if url else None
    smtp = None
    host = get("SMTP_HOST")
    if host:
        recipients = tuple(r.strip() for r in (get("SMTP_TO") or "").split(",") if r.strip())
        if not recipients:
            raise AlertConfigError(
                f"{PREFIX}SMTP_HOST is set but {PREFIX}SMTP_TO names no recipient"
            )
        starttls = (get("SMTP_STARTTLS") or "false").lower() in TRUE
        port_text = get("SMTP_PORT") or ("587" if starttls else "25")
        if not port_text.isdigit():
            raise AlertConfigError(f"{PREFIX}SMTP_PORT must be a port number")
        user = get("SMTP_USER")
        smtp = SmtpTarget(
            host=host,
            port=int(port_text),
            sender=get("SMTP_FROM") or user or "janox-warehouse@localhost",
            recipients=recipients,
            user=user,
            password=env.get(PREFIX + "SMTP_PASSWORD") or None,
            starttls=starttls,
        )
    return AlertSettings(webhook=webhook, smtp=smtp)

"""Sending a digest: a Slack-compatible webhook and SMTP e-mail, each retried with backoff.

Delivery never raises: a channel that still fails after its attempts is logged and
reported as not delivered, and the night goes on as it went. Every log line and error
message passes through :class:`Redactor`, so the webhook URL (its path is the secret of a
Slack webhook) and the SMTP password never show; a webhook is named by its scheme and
host only.
"""

from __future__ import annotations

import json
import logging
import smtplib
import ssl
import time
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import quote, urlsplit

from janox_dagster.alerts.config import AlertSettings, SmtpTarget, WebhookTarget
from janox_dagster.alerts.digest import Digest

LOG = logging.getLogger("janox_dagster.alerts")
REDACTED = "***"
# Slack's limits: a header's text, a section's text.
HEADER_CHARS, SECTION_CHARS = 150, 3000


class DeliveryError(RuntimeError):
    """A channel could not deliver (the message is already redacted)."""


class Redactor:
    """Replaces every secret, and the forms it takes in URLs and error messages, by ***."""

    def __init__(self, secrets: Iterable[str]):
        variants: set[str] = set()
        for secret in secrets:
            if not secret:
                continue
            variants |= {secret, quote(secret, safe=""), quote(secret, safe="/:")}
            parts = urlsplit(secret)
            if parts.scheme and parts.netloc:
                # the path and query of a webhook URL are its secret; so is a password in it
                tail = secret.split(parts.netloc, 1)[1]
                if len(tail) > 1:
                    variants.add(tail)
                if parts.password:
                    variants.add(parts.password)
        # longest first, so a secret's tail never leaves a piece of the whole behind
        self._variants = sorted((v for v in variants if len(v) >= 4), key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for variant in self._variants:
            text = text.replace(variant, REDACTED)
        return text


def describe_webhook(url: str) -> str:
    """The webhook as it may be shown: its scheme and host, never its path."""
    parts = urlsplit(url)
    return f"{parts.scheme or '?'}://{parts.hostname or '?'}/{REDACTED}"


def slack_payload(digest: Digest) -> dict:
    """The digest as Slack-compatible JSON: ``text`` (the whole plain message, which any
    webhook that knows only ``text`` shows) plus ``blocks`` (a header and one section
    per list)."""
    header = _cut(digest.subject, HEADER_CHARS)
    blocks: list[dict] = [
        {"type": "header", "text": {"type": "plain_text", "text": header}},
        {"type": "section", "text": {"type": "mrkdwn", "text": _mrkdwn(digest.intro)}},
    ]
    for section in digest.sections:
        heading, *lines = section.lines()
        body = f"*{_mrkdwn(heading)}*\n" + "\n".join(_mrkdwn(line.strip()) for line in lines)
        blocks.append(
            {"type": "section", "text": {"type": "mrkdwn", "text": _cut(body, SECTION_CHARS)}}
        )
    return {"text": digest.text, "blocks": blocks}


def send_webhook(target: WebhookTarget, digest: Digest, timeout: float) -> None:
    """POST the digest; raise DeliveryError (redacted) unless the endpoint answers 2xx."""
    redact = Redactor([target.url])
    error = None
    try:
        if urlsplit(target.url).scheme not in ("http", "https"):
            raise ValueError("the webhook URL must start with http:// or https://")
        request = urllib.request.Request(
            target.url,
            data=json.dumps(slack_payload(digest)).encode("utf-8"),
            headers={"Content-Type": "application/json; charset=utf-8"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:
            if not 200 <= response.status < 300:
                raise ValueError(f"HTTP {response.status}")
    except Exception as exc:  # any failure is reported, redacted
        error = redact(f"{type(exc).__name__}: {exc}")
    if error is not None:
        # raised outside the except block: the original exception, which may quote the
        # URL, is not chained to it
        raise DeliveryError(error)


def email_message(target: SmtpTarget, digest: Digest) -> EmailMessage:
    """The digest as a plain-text e-mail."""
    message = EmailMessage()
    message["Subject"] = digest.subject
    message["From"] = target.sender
    message["To"] = ", ".join(target.recipients)
    message.set_content(digest.text)
    return message


def send_email(target: SmtpTarget, digest: Digest, timeout: float) -> None:
    """Send the digest through the SMTP server (STARTTLS and login when configured);
    raise DeliveryError (redacted) on any failure."""
    redact = Redactor([target.password or ""])
    error = None
    try:
        with smtplib.SMTP(target.host, target.port, timeout=timeout) as smtp:
            smtp.ehlo()
            if target.starttls:
                smtp.starttls(context=ssl.create_default_context())
                smtp.ehlo()
            if target.user:
                smtp.login(target.user, target.password or "")
            smtp.send_message(email_message(target, digest))
    except Exception as exc:  # any failure is reported, redacted
        error = redact(f"{type(exc).__name__}: {exc}")
    if error is not None:
        raise DeliveryError(error)


@dataclass(frozen=True)
class DeliveryResult:
    """How one channel went."""

    channel: str
    delivered: bool
    attempts: int
    error: str | None = None

    def __str__(self) -> str:
        if self.delivered:
            return f"sent by {self.channel}"
        return f"not sent by {self.channel} after {self.attempts} attempts ({self.error})"


def deliver(
    digest: Digest,
    settings: AlertSettings,
    log: logging.Logger = LOG,
    sleep: Callable[[float], None] = time.sleep,
) -> list[DeliveryResult]:
    """Send the digest by every configured channel, each up to ``settings.attempts``
    times with doubling waits; never raises."""
    redact = Redactor(settings.secrets)
    channels: list[tuple[str, Callable[[], None]]] = []
    if settings.webhook is not None:
        webhook = settings.webhook
        channels.append(
            (
                f"webhook {describe_webhook(webhook.url)}",
                lambda: send_webhook(webhook, digest, settings.timeout_seconds),
            )
        )
    if settings.smtp is not None:
        smtp = settings.smtp
        channels.append(
            (
                f"e-mail via {smtp.host}:{smtp.port} to {', '.join(smtp.recipients)}",
                lambda: send_email(smtp, digest, settings.timeout_seconds),
            )
        )
    return [_with_retries(name, send, settings, redact, log, sleep) for name, send in channels]


def _with_retries(
    channel: str,
    send: Callable[[], None],
    settings: AlertSettings,
    redact: Redactor,
    log: logging.Logger,
    sleep: Callable[[float], None],
) -> DeliveryResult:
    attempts = max(1, settings.attempts)
    error = "not tried"
    for attempt in range(1, attempts + 1):
        try:
            send()
        except Exception as exc:  # delivery must never fail the night
            error = redact(str(exc) if isinstance(exc, DeliveryError) else repr(exc))
            if attempt < attempts:
                wait = settings.backoff_seconds * 2 ** (attempt - 1)
                log.warning(
                    redact(
                        f"alert {channel}: attempt {attempt}/{attempts} failed ({error}); "
                        f"retrying in {wait:g}s"
                    )
                )
                sleep(wait)
            continue
        log.info(redact(f"alert {channel}: sent (attempt {attempt}/{attempts})"))
        return DeliveryResult(channel, True, attempt)
    log.error(
        redact(
            f"alert {channel}: not delivered after {attempts} attempts ({error}); "
            "the night itself is not affected"
        )
    )
    return DeliveryResult(channel, False, attempts, error)


def _mrkdwn(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"

"""Alerts after each night: a digest of what needs action, sent by webhook and/or e-mail.

``config`` reads the environment, ``marts`` reads the published marts, ``digest`` turns
rows into a message (pure), ``delivery`` sends it (retried, secrets redacted) and
``notify`` ties them together for the sensors (``janox_dagster.defs.alerts``) and
``janox run`` (``janox_dagster.nightly``).
"""

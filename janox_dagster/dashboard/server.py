"""Starting the dashboard: ``streamlit run app.py`` in a child process of the same Python,
headless, without usage statistics, on 127.0.0.1 unless told otherwise."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

APP = Path(__file__).with_name("app.py")
DEFAULT_HOST, DEFAULT_PORT = "127.0.0.1", 8501


def streamlit_command(host: str, port: int) -> list[str]:
    """The command line that serves the app."""
    return [
        sys.executable, "-m", "streamlit", "run", str(APP),
        "--server.address", host,
        "--server.port", str(port),
        "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
        "--server.runOnSave", "false",
        "--client.toolbarMode", "viewer",
        "--global.developmentMode", "false",
    ]  # fmt: skip


def serve(warehouse: Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> int:
    """Serve the dashboard over ``warehouse`` until stopped; returns Streamlit's exit code.

    SIGTERM and Ctrl-C stop the child too."""
    env = {**os.environ, "JANOX_WAREHOUSE_PATH": str(warehouse.resolve())}
    child = subprocess.Popen(streamlit_command(host, port), env=env)
    previous = signal.signal(signal.SIGTERM, lambda *_: child.terminate())
    try:
        return child.wait()
    except KeyboardInterrupt:
        child.terminate()
        return child.wait()
    finally:
        signal.signal(signal.SIGTERM, previous)

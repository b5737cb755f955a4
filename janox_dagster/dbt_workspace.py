"""The one seam between Python and dbt: which database dbt builds into, where its target
folder is, and how a command prepares the manifest.

Every dbt call of the project (the nightly job through dagster-dbt, the tests, the
benchmark, ``make docs``) goes through a :class:`DbtWorkspace`. A workspace pairs one build
database with one target folder, and hands dbt the database's path through the environment
of the dbt process only. The path never changes for a given warehouse, so dbt's partial
parse (``partial_parse.msgpack`` in the target folder) stays valid from one night to the
next: dbt re-parses only the files that changed.

Nothing here runs at import time.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from janox_dagster.settings import DBT_PROJECT_DIR, PROJECT_ROOT

# The environment variable dbt_project/profiles.yml reads for the DuckDB file to build into.
BUILD_DATABASE_ENV = "JANOX_DBT_DUCKDB_PATH"
# Written beside the manifest: the build database the manifest was parsed for.
PARSED_FOR = "janox_parsed_for.txt"
# What dbt reads when it parses the project: a newer file means a stale manifest.
PROJECT_INPUTS = ("models", "macros", "seeds", "tests", "analyses", "snapshots")


class DbtFailed(RuntimeError):
    """A dbt command exited with an error."""


def dbt_executable() -> str:
    """The ``dbt`` installed beside this Python (a virtual environment need not be on PATH)."""
    beside = Path(sys.executable).parent / "dbt"
    return str(beside) if beside.exists() else "dbt"


@dataclass(frozen=True)
class DbtWorkspace:
    """One build database and the dbt target folder that belongs to it."""

    build_database: Path
    target_dir: Path
    project_dir: Path = DBT_PROJECT_DIR

    @property
    def profiles_dir(self) -> Path:
        """The project's own ``profiles.yml`` (its DuckDB path comes from the environment)."""
        return self.project_dir

    @property
    def manifest_path(self) -> Path:
        """The manifest of the last parse in this workspace."""
        return self.target_dir / "manifest.json"

    def env(self) -> dict[str, str]:
        """The environment of a dbt process that builds into this workspace."""
        return {
            **os.environ,
            BUILD_DATABASE_ENV: str(self.build_database),
            "DBT_TARGET_PATH": str(self.target_dir),
            "DBT_LOG_PATH": str(self.target_dir),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        }

    def manifest_is_current(self) -> bool:
        """True when the manifest was parsed for this database and no project file is newer."""
        stamp = self.target_dir / PARSED_FOR
        if not self.manifest_path.exists() or not stamp.exists():
            return False
        if stamp.read_text(encoding="utf-8") != str(self.build_database):
            return False
        return self.manifest_path.stat().st_mtime >= newest_project_file_mtime(self.project_dir)

    def prepare(self, log: Callable[[str], None] | None = None) -> Path:
        """Parse the project when its manifest is missing or stale; return the manifest path.

        Called by the commands that need a manifest (``janox run``, the Dagster code
        location, the tests), never at import.
        """
        if not self.manifest_is_current():
            if log:
                log(f"dbt: parsing the project into {self.target_dir}")
            self.run(["parse"], log=None)
            (self.target_dir / PARSED_FOR).write_text(str(self.build_database), encoding="utf-8")
        return self.manifest_path

    def command(self, args: Sequence[str]) -> list[str]:
        """The full dbt command line for ``args`` in this workspace."""
        return [
            dbt_executable(),
            *args,
            "--project-dir",
            str(self.project_dir),
            "--profiles-dir",
            str(self.profiles_dir),
        ]

    def run(
        self,
        args: Sequence[str],
        log: Callable[[str], None] | None = print,
        check: bool = True,
    ) -> subprocess.CompletedProcess:
        """Run one dbt command to the end (no Dagster). With ``check``, raise DbtFailed with
        dbt's output when it fails."""
        self.target_dir.mkdir(parents=True, exist_ok=True)
        process = subprocess.run(
            self.command(args),
            env=self.env(),
            cwd=self.project_dir,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        if log:
            log(process.stdout)
        if check and process.returncode != 0:
            raise DbtFailed(f"dbt {' '.join(args)} failed:\n{process.stdout}")
        return process


def newest_project_file_mtime(project_dir: Path = DBT_PROJECT_DIR) -> float:
    """The modification time of the newest file dbt reads when it parses the project."""
    paths = [project_dir / "dbt_project.yml", project_dir / "profiles.yml"]
    for folder in PROJECT_INPUTS:
        root = project_dir / folder
        if root.exists():
            paths += [p for p in root.rglob("*") if p.is_file()]
    return max(p.stat().st_mtime for p in paths if p.exists())


def project_fingerprint(project_dir: Path = DBT_PROJECT_DIR) -> str:
    """A hash of everything the marts are built from besides the data: the dbt project's
    models, macros, seeds and vars, and the churn model's code. Equal fingerprints and no
    new load mean a night has nothing to do."""
    digest = hashlib.sha256()
    paths = [project_dir / "dbt_project.yml", PROJECT_ROOT / "janox_dagster" / "churn_model.py"]
    for folder in PROJECT_INPUTS:
        root = project_dir / folder
        if root.exists():
            paths += sorted(p for p in root.rglob("*") if p.is_file())
    for path in paths:
        if path.exists():
            digest.update(str(path.relative_to(PROJECT_ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()

"""Finding load folders and their table files in a landing tree (no reading of contents)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from janox_dagster.contract import TableContract

LOAD_FOLDER = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SUFFIXES = (".csv", ".parquet")
# What an EL tool writes into a load folder when it has finished it (see the landing sensor).
SUCCESS_MARKER = "_SUCCESS"


@dataclass(frozen=True)
class LandedFile:
    """One table's file inside one load folder."""

    load_date: date
    contract: TableContract
    path: Path

    @property
    def relative_name(self) -> str:
        """``<load date>/<source>/<file>``, how messages name the file."""
        return f"{self.load_date.isoformat()}/{self.contract.source}/{self.path.name}"


@dataclass
class LoadFolder:
    """A nightly load: its date, the table files it holds, and what was odd about it."""

    load_date: date
    path: Path
    files: list[LandedFile] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def list_load_folders(landing_dir: Path) -> tuple[list[Path], list[str]]:
    """Load folders in date order, and warnings for entries that are not load folders."""
    if not landing_dir.is_dir():
        raise FileNotFoundError(f"landing folder {landing_dir} does not exist")
    folders, warnings = [], []
    for entry in sorted(landing_dir.iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.is_dir() and LOAD_FOLDER.match(entry.name) and _is_date(entry.name):
            folders.append(entry)
        else:
            warnings.append(f"{entry.name}: not a load folder (YYYY-MM-DD), ignored")
    return folders, warnings


def scan_load_folder(path: Path, contracts: dict[str, TableContract]) -> LoadFolder:
    """The table files of one load folder, matched to their contracts."""
    load = LoadFolder(load_date=date.fromisoformat(path.name), path=path)
    found: dict[str, list[Path]] = {}
    entries = [p for p in path.iterdir() if not p.name.startswith(".") and p.name != SUCCESS_MARKER]
    for source_dir in sorted(entries):
        if not source_dir.is_dir():
            load.warnings.append(f"{path.name}/{source_dir.name}: not a source folder, ignored")
            continue
        for file in sorted(p for p in source_dir.iterdir() if not p.name.startswith(".")):
            name = f"{source_dir.name}/{file.stem}"
            if file.suffix not in SUFFIXES or name not in contracts:
                load.warnings.append(
                    f"{path.name}/{name}{file.suffix}: not a table of the landing contract, ignored"
                )
                continue
            found.setdefault(name, []).append(file)
    for name, paths in found.items():
        if len(paths) > 1:
            load.errors.append(
                f"{path.name}/{name}: both {' and '.join(p.name for p in paths)}; keep one"
            )
            continue
        load.files.append(LandedFile(load.load_date, contracts[name], paths[0]))
    return load


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True

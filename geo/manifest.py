"""data/MANIFEST.json: the sha256 and row count of every data file, as last sealed.

The content checks cannot see a file cut at a row boundary or swapped for an older valid copy;
the manifest can. The tools that write data (`ruhrkarte data seal`, `data rebuild-boundaries`)
write it, every load compares it, and any difference stops loading with one line per file.
"""
from __future__ import annotations

import json
from pathlib import Path

from geo.data_files import count_rows, read_json, sha256
from geo.errors import DataError

MANIFEST_FILE = "MANIFEST.json"
DATA_SUFFIXES = (".csv", ".geojson", ".json")
SEAL_COMMAND = "ruhrkarte data seal"
ABOUT = (f"sha256 and data rows (CSV records, GeoJSON features) of every data file. Written by `{SEAL_COMMAND}` "
         "and `ruhrkarte data rebuild-boundaries`, checked at every load; never edit by hand.")
RESEAL_HINT = f"if the change is intended, run `{SEAL_COMMAND}` and commit {MANIFEST_FILE}"


def data_file_names(folder: Path) -> list[str]:
    """Every data file below folder (relative, '/'-separated), the manifest itself excepted."""
    return sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*")
                  if path.is_file() and path.suffix in DATA_SUFFIXES and path.relative_to(folder).as_posix() != MANIFEST_FILE)


def describe(folder: Path, name: str) -> dict[str, object]:
    """The manifest entry of one file: its sha256, and its row count where it has rows."""
    entry: dict[str, object] = {"sha256": sha256(folder / name)}
    rows = count_rows(folder / name)
    if rows is not None:
        entry["rows"] = rows
    return entry


def read_manifest(folder: Path) -> dict[str, dict] | None:
    """The recorded entries by file name; None when there is no manifest yet."""
    path = folder / MANIFEST_FILE
    if not path.is_file():
        return None
    manifest = read_json(path)
    files = manifest.get("files") if isinstance(manifest, dict) else None
    if not isinstance(files, dict) or not all(isinstance(e, dict) and isinstance(e.get("sha256"), str) for e in files.values()):
        raise DataError(f"{path}: not a manifest (expected 'files' with a sha256 per file); run `{SEAL_COMMAND}`")
    return files


def write_manifest(folder: Path, names: list[str] | None = None) -> list[str]:
    """Record every data file (or only `names`, keeping the other entries); return what changed.

    A full seal replaces a manifest that cannot be read; a partial update needs a readable one.
    """
    try:
        old = read_manifest(folder) or {}
    except DataError:
        if names is not None:
            raise
        old = {}
    files = dict(old) if names is not None else {}
    for name in names if names is not None else data_file_names(folder):
        files[name] = describe(folder, name)
    changes = [_change(name, old.get(name), files.get(name)) for name in sorted(set(old) | set(files))]
    document = {"about": ABOUT, "files": dict(sorted(files.items()))}
    (folder / MANIFEST_FILE).write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return [change for change in changes if change]


def _change(name: str, before: dict | None, after: dict | None) -> str:
    if before == after:
        return ""
    if before is None:
        return f"{name}: added" + (f" ({after['rows']} rows)" if 'rows' in after else "")
    if after is None:
        return f"{name}: removed"
    return f"{name}: {before.get('rows', '-')} -> {after.get('rows', '-')} rows, new sha256 {after['sha256'][:16]}…"


def _rows_differ(path: Path, expected: int | None) -> str:
    """How the row count compares with the sealed one: the first thing to say about a cut file."""
    if expected is None:
        return "contents differ"
    found = count_rows(path)
    if found == expected:
        return f"rows as sealed ({expected})"
    return f"{'unreadable' if found is None else found} rows, {MANIFEST_FILE} expects {expected}"


def verify_manifest(folder: Path) -> list[str]:
    """One line per file whose bytes differ from the manifest, is missing, or is not recorded."""
    recorded = read_manifest(folder)
    if recorded is None:
        return [f"{folder / MANIFEST_FILE}: missing; run `{SEAL_COMMAND}` to record the data files"]
    problems = []
    for name, entry in sorted(recorded.items()):
        path = folder / name
        if not path.is_file():
            problems.append(f"{path}: missing, but {MANIFEST_FILE} records it; restore it, or {RESEAL_HINT}")
            continue
        actual = sha256(path)
        if actual == entry["sha256"]:
            continue
        problems.append(f"{path}: changed since the data was sealed: {_rows_differ(path, entry.get('rows'))}; "
                        f"sha256 {actual[:16]}…, {MANIFEST_FILE} expects {entry['sha256'][:16]}…; {RESEAL_HINT}")
    for name in data_file_names(folder):
        if name not in recorded:
            problems.append(f"{folder / name}: not recorded in {MANIFEST_FILE}; {RESEAL_HINT}")
    return problems

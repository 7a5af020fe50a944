"""Reading a SQLite file's own settings beside the store, as an operator's sqlite3 shell would."""
from __future__ import annotations

import sqlite3


def journal_mode(path) -> str:
    """'wal' or 'delete': how the file keeps its journal (a setting stored in the file itself)."""
    connection = sqlite3.connect(path)
    try:
        return connection.execute("PRAGMA journal_mode").fetchone()[0]
    finally:
        connection.close()

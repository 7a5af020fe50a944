"""The living data: the published edition, revisions, proposals and accounts on SQLite or PostgreSQL.

Imports geo (to validate before writing), never maps or service.
"""
from store.commands import Approve, Delete, Principal, Put, Reject, Result, Revert
from store.engine import resolve_url
from store.store import Store, open_store

__all__ = ["Approve", "Delete", "Principal", "Put", "Reject", "Result", "Revert", "Store", "open_store", "resolve_url"]

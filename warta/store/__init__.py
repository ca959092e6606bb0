"""Storage of coded documents: the embedded DuckDB store."""

from warta.store.duckdb_store import Store, StoreError

__all__ = ["Store", "StoreError"]

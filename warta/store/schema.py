"""The DuckDB schema: flat columns for SQL users, the full event record as JSON beside them.

`SCHEMA_VERSION` is stored in `warta_meta`; a database of an older version is brought up to
date when a Store opens it for writing (`MIGRATIONS`, one list of statements per version).
"""

from warta.ontology import RECIPROCAL_ROOTS

# 2: documents.source_id (the input's own id); a reciprocal event is one record.
SCHEMA_VERSION = 2


def _actor_columns(role: str) -> str:
    return ",\n".join(
        f"    {role}_{name} {kind}"
        for name, kind in (
            ("text", "VARCHAR"), ("name", "VARCHAR"), ("code", "VARCHAR"),
            ("country", "VARCHAR"), ("sector", "VARCHAR"), ("resolution", "VARCHAR"),
            ("start", "INTEGER"), ("end", "INTEGER"),
        )
    )


# `published` and `date_value` are VARCHAR, not DATE: they may be a month ("2021-06") or a
# year when that is all the article says. Timestamps are UTC.
STATEMENTS = [
    """
CREATE TABLE IF NOT EXISTS warta_meta (
    key VARCHAR PRIMARY KEY,
    value VARCHAR
)""",
    """
CREATE TABLE IF NOT EXISTS documents (
    id VARCHAR PRIMARY KEY,
    input_key VARCHAR,
    origin VARCHAR,
    url VARCHAR,
    title VARCHAR,
    outlet VARCHAR,
    published VARCHAR,
    language VARCHAR,
    text VARCHAR,
    n_sentences INTEGER,
    n_events INTEGER,
    coded_at TIMESTAMP,
    source_id VARCHAR
)""",
    "CREATE INDEX IF NOT EXISTS documents_input_key ON documents (input_key)",
    f"""
CREATE TABLE IF NOT EXISTS events (
    id VARCHAR PRIMARY KEY,
    document_id VARCHAR NOT NULL,
    sentence_index INTEGER,
    plover VARCHAR,
    cameo VARCHAR,
    cameo_base VARCHAR,
    cameo_root VARCHAR,
    quad_class INTEGER,
    goldstein DOUBLE,
    mode VARCHAR,
    context VARCHAR,
    modality VARCHAR,
    reciprocal BOOLEAN,
{_actor_columns("source")},
{_actor_columns("target")},
    date_value VARCHAR,
    date_precision VARCHAR,
    date_method VARCHAR,
    place_name VARCHAR,
    place_country VARCHAR,
    place_lat DOUBLE,
    place_lon DOUBLE,
    attribution_party VARCHAR,
    attribution_code VARCHAR,
    attribution_text VARCHAR,
    attribution_quote VARCHAR,
    issues VARCHAR[],
    trigger_text VARCHAR,
    trigger_start INTEGER,
    trigger_end INTEGER,
    method VARCHAR,
    confidence DOUBLE,
    cluster VARCHAR,
    record JSON
)""",
    "CREATE INDEX IF NOT EXISTS events_document ON events (document_id)",
    """
CREATE TABLE IF NOT EXISTS mentions (
    document_id VARCHAR NOT NULL,
    sentence_index INTEGER,
    kind VARCHAR,
    text VARCHAR,
    "start" INTEGER,
    "end" INTEGER,
    code VARCHAR,
    name VARCHAR,
    resolution VARCHAR
)""",
    """
CREATE TABLE IF NOT EXISTS actors (
    code VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    country VARCHAR,
    sector VARCHAR,
    first_seen_document VARCHAR,
    PRIMARY KEY (code, name)
)""",
    """
CREATE TABLE IF NOT EXISTS skipped (
    origin VARCHAR NOT NULL,
    reason VARCHAR NOT NULL,
    input_key VARCHAR,
    document_id VARCHAR,
    recorded_at TIMESTAMP,
    UNIQUE (origin, reason)
)""",
    # Metadata an input gave that could not be used (warta/ingest/metadata.py): one row per
    # document and field, so that nothing is dropped without a trace.
    """
CREATE TABLE IF NOT EXISTS warnings (
    document_id VARCHAR NOT NULL,
    origin VARCHAR,
    field VARCHAR NOT NULL,
    value VARCHAR,
    message VARCHAR NOT NULL,
    recorded_at TIMESTAMP,
    UNIQUE (document_id, field)
)""",
    "CREATE SEQUENCE IF NOT EXISTS runs_id START 1",
    """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY DEFAULT nextval('runs_id'),
    started_at TIMESTAMP,
    finished_at TIMESTAMP,
    argv VARCHAR,
    n_coded INTEGER,
    n_events INTEGER,
    n_skipped INTEGER,
    n_already INTEGER
)""",
    # running | finished | interrupted (Ctrl-C); a run killed outright stays "running" with
    # no finished_at. Added after the first release: older databases get the column here.
    "ALTER TABLE runs ADD COLUMN IF NOT EXISTS status VARCHAR",
]

EVENT_COLUMNS = [
    "id", "document_id", "sentence_index", "plover", "cameo", "cameo_base", "cameo_root",
    "quad_class", "goldstein", "mode", "context", "modality", "reciprocal",
    *(f"{role}_{name}" for role in ("source", "target")
      for name in ("text", "name", "code", "country", "sector", "resolution", "start", "end")),
    "date_value", "date_precision", "date_method",
    "place_name", "place_country", "place_lat", "place_lon",
    "attribution_party", "attribution_code", "attribution_text", "attribution_quote",
    "issues", "trigger_text", "trigger_start", "trigger_end", "method", "confidence",
    "cluster", "record",
]

DOCUMENT_COLUMNS = [
    "id", "input_key", "origin", "url", "title", "outlet", "published", "language", "text",
    "n_sentences", "n_events", "coded_at", "source_id",
]
MENTION_COLUMNS = [
    "document_id", "sentence_index", "kind", "text", "start", "end", "code", "name",
    "resolution",
]
ACTOR_COLUMNS = ["code", "name", "country", "sector", "first_seen_document"]
SKIPPED_COLUMNS = ["origin", "reason", "input_key", "document_id", "recorded_at"]
WARNING_COLUMNS = ["document_id", "origin", "field", "value", "message", "recorded_at"]

TABLES = ["documents", "events", "mentions", "actors", "skipped", "warnings", "runs"]

_MUTUAL_ROOTS = ", ".join(f"'{root}'" for root in sorted(RECIPROCAL_ROOTS))
# The two stored directions of one reciprocal event (warta/mirrors.py's rule in SQL): same
# document, trigger and type, source and target swapped; `keep_id` is the record whose source
# comes first in the text.
_MIRRORS_SQL = f"""
CREATE TEMP TABLE warta_mirrors AS
SELECT a.id AS keep_id, b.id AS drop_id
FROM events a JOIN events b
  ON a.document_id = b.document_id AND a.trigger_start = b.trigger_start
 AND a.plover = b.plover AND a.id <> b.id
 AND a.source_start = b.target_start AND a.source_end = b.target_end
 AND a.source_code IS NOT DISTINCT FROM b.target_code
 AND a.target_start = b.source_start AND a.target_end = b.source_end
 AND a.target_code IS NOT DISTINCT FROM b.source_code
WHERE (a.reciprocal OR a.plover IN ({_MUTUAL_ROOTS}))
  AND (a.source_start < a.target_start
       OR (a.source_start = a.target_start AND a.source_end < a.target_end)
       OR (a.source_start = a.target_start AND a.source_end = a.target_end AND a.id < b.id))"""

# Statements that bring a database of version `v - 1` to version `v`, run in order in one
# transaction. New databases get the current tables from STATEMENTS and run none of these.
MIGRATIONS: dict[int, list[str]] = {
    2: [
        "ALTER TABLE documents ADD COLUMN IF NOT EXISTS source_id VARCHAR",
        # One record per reciprocal event: the second direction goes, the first is marked.
        _MIRRORS_SQL,
        "DELETE FROM events WHERE id IN (SELECT drop_id FROM warta_mirrors)",
        "UPDATE events SET reciprocal = true, "
        "record = json_merge_patch(record, '{\"reciprocal\": true}') "
        "WHERE id IN (SELECT keep_id FROM warta_mirrors)",
        "UPDATE documents SET n_events = (SELECT count(*) FROM events e "
        "WHERE e.document_id = documents.id) "
        "WHERE id IN (SELECT e.document_id FROM events e JOIN warta_mirrors m "
        "ON m.keep_id = e.id)",
        "DROP TABLE warta_mirrors",
    ],
}

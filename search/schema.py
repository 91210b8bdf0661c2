"""Creating the full-text index of a table in a migration, for whichever database is in use.

SQLite: an external-content FTS5 table over the table's segmented columns (the text is not stored twice), kept in
sync by triggers in the same transaction. PostgreSQL: a stored generated tsvector column (title weight A, body weight
B, the 'simple' configuration because the text is already segmented) with a GIN index.
"""

from django.db import migrations


def _sqlite_statements(table: str, title: str, body: str) -> list[str]:
    fts = f"{table}_fts"
    cols = f"{title}, {body}"
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5({cols}, content='{table}', content_rowid='id', "
        "tokenize='unicode61')",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_ai AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, new.{title}, new.{body}); END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_ad AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, old.{title}, old.{body}); END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_au AFTER UPDATE OF {cols} ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, old.{title}, old.{body}); "
        f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, new.{title}, new.{body}); END",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


def _sqlite_reverse(table: str) -> list[str]:
    fts = f"{table}_fts"
    return [f"DROP TRIGGER IF EXISTS {fts}_{s}" for s in ("ai", "ad", "au")] + [f"DROP TABLE IF EXISTS {fts}"]


def _postgres_statements(table: str, title: str, body: str) -> list[str]:
    return [
        f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS search_vector tsvector GENERATED ALWAYS AS ("
        f"setweight(to_tsvector('simple', coalesce({title}, '')), 'A') || "
        f"setweight(to_tsvector('simple', coalesce({body}, '')), 'B')) STORED",
        f"CREATE INDEX IF NOT EXISTS {table}_search_gin ON {table} USING gin (search_vector)",
    ]


def _postgres_reverse(table: str) -> list[str]:
    return [f"DROP INDEX IF EXISTS {table}_search_gin", f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector"]


def create_fulltext_index(table: str, title: str = "seg_title", body: str = "seg_body") -> migrations.RunPython:
    def forward(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        statements = (_sqlite_statements if vendor == "sqlite" else _postgres_statements)(table, title, body)
        for sql in statements:
            schema_editor.execute(sql)

    def backward(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in (_sqlite_reverse if vendor == "sqlite" else _postgres_reverse)(table):
            schema_editor.execute(sql)

    return migrations.RunPython(forward, backward)

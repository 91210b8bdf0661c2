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


def inline_search_vector(table: str, batch: int = 10_000, vacuum_every: int = 10) -> migrations.RunPython:
    """PostgreSQL: keep `search_vector` in the table's own rows (STORAGE MAIN) instead of TOAST, and rewrite the rows
    stored before (SQLite: nothing to do).

    Why (bench/search-plans.md): the vector (~1.6 kB) went to TOAST, so every row a search tests or ranks cost a TOAST
    index lookup and a TOAST page on top of its heap page — ~4 more buffers per row. With MAIN, PostgreSQL moves the
    other long columns (body, segmented body) out first and keeps the vector inline unless the row would not fit in a
    page.

    The ALTER only changes the catalogue (instant); the rows stored before keep their TOAST copy until rewritten. The
    rewrite runs in batches of `batch` ids, each its own transaction (the migration is not atomic), so it holds row
    locks on one batch at a time and the site keeps serving and writing meanwhile; a VACUUM every `vacuum_every`
    batches lets the next batches reuse the space of the old row versions. Measured on the 1,000,000-item benchmark
    table (2 cores): 300 s, heap 1.6 → 2.4 GB, GIN index 200 → 310 MB (REINDEX INDEX CONCURRENTLY shrinks it back,
    online). Rewriting again is harmless (the same vectors), so an interrupted migration can simply be run again."""

    def forward(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {table} ALTER COLUMN search_vector SET STORAGE MAIN")
            cursor.execute(f"SELECT coalesce(max(id), 0) FROM {table}")
            top = cursor.fetchone()[0]
            lower, done = 0, 0
            while lower < top:
                # Any UPDATE recomputes the stored generated column, and the new value is stored as MAIN says.
                cursor.execute(f"UPDATE {table} SET seg_title = seg_title WHERE id > %s AND id <= %s",
                               (lower, lower + batch))
                lower, done = lower + batch, done + 1
                if done % vacuum_every == 0:
                    cursor.execute(f"VACUUM {table}")
            cursor.execute(f"VACUUM ANALYZE {table}")

    def backward(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"ALTER TABLE {table} ALTER COLUMN search_vector SET STORAGE EXTENDED")

    return migrations.RunPython(forward, backward)

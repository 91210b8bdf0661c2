"""Make the audit table append-only in the database itself, not only in the ORM.

UPDATE is refused on both databases. DELETE is refused on PostgreSQL (where test teardown uses TRUNCATE, which
row triggers do not see); on SQLite test teardown deletes rows, so there the ORM guard alone refuses deletes.
"""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE TRIGGER IF NOT EXISTS audit_event_no_update BEFORE UPDATE ON audit_auditevent "
    "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END",
]
SQLITE_BACKWARD = ["DROP TRIGGER IF EXISTS audit_event_no_update"]
POSTGRES_FORWARD = [
    """CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION 'audit events are append-only'; END; $$ LANGUAGE plpgsql""",
    "DROP TRIGGER IF EXISTS audit_event_no_change ON audit_auditevent",
    "CREATE TRIGGER audit_event_no_change BEFORE UPDATE OR DELETE ON audit_auditevent "
    "FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()",
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS audit_event_no_change ON audit_auditevent",
    "DROP FUNCTION IF EXISTS audit_event_append_only()",
]


def forward(apps, schema_editor):
    for sql in SQLITE_FORWARD if schema_editor.connection.vendor == "sqlite" else POSTGRES_FORWARD:
        schema_editor.execute(sql)


def backward(apps, schema_editor):
    for sql in SQLITE_BACKWARD if schema_editor.connection.vendor == "sqlite" else POSTGRES_BACKWARD:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]

"""Chain the events written before the hash chain existed, in id order, and create the chain head.

The append-only trigger refuses every UPDATE, so it is dropped for the backfill and recreated afterwards, in the same
transaction on PostgreSQL. The hash is a frozen copy of audit/chain.py version 1 (a migration never imports app
code: if the chain's serialisation changes later, these rows keep the version they were chained with).
"""

import hashlib
import json
from datetime import UTC

from django.db import migrations
from django.utils import timezone

GENESIS = "0" * 64
CHUNK = 2000

SQLITE_DROP = ["DROP TRIGGER IF EXISTS audit_event_no_update"]
SQLITE_CREATE = [
    "CREATE TRIGGER IF NOT EXISTS audit_event_no_update BEFORE UPDATE ON audit_auditevent "
    "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END",
]
POSTGRES_DROP = ["DROP TRIGGER IF EXISTS audit_event_no_change ON audit_auditevent"]
POSTGRES_CREATE = [
    "CREATE TRIGGER audit_event_no_change BEFORE UPDATE OR DELETE ON audit_auditevent "
    "FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()",
]


def canonical_json_value(value):
    if isinstance(value, dict):
        return {key: canonical_json_value(item) for key, item in value.items()}
    if isinstance(value, list):
        return [canonical_json_value(item) for item in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def event_hash_v1(row, target_type: str, prev_hash: str) -> str:
    moment = row.created_at if timezone.is_aware(row.created_at) else timezone.make_aware(row.created_at)
    payload = {
        "v": 1,
        "created_at": moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "actor_id": row.actor_id,
        "actor_name": row.actor_name,
        "agency_id": row.agency_id,
        "action": row.action,
        "target_type": target_type,
        "target_id": row.target_id,
        "from_state": row.from_state,
        "to_state": row.to_state,
        "comment": row.comment,
        "data": canonical_json_value(json.loads(json.dumps(row.data or {}))),
        "prev_hash": prev_hash,
    }
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def fill(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    AuditChainHead = apps.get_model("audit", "AuditChainHead")
    ContentType = apps.get_model("contenttypes", "ContentType")
    sqlite = schema_editor.connection.vendor == "sqlite"
    for sql in SQLITE_DROP if sqlite else POSTGRES_DROP:
        schema_editor.execute(sql)
    types = {ct.pk: f"{ct.app_label}.{ct.model}" for ct in ContentType.objects.all()}
    prev, count, last_id = GENESIS, 0, 0
    while True:
        chunk = list(AuditEvent.objects.filter(id__gt=last_id).order_by("id")[:CHUNK])
        if not chunk:
            break
        for row in chunk:
            row.prev_hash = prev
            row.hash = prev = event_hash_v1(row, types[row.target_type_id], row.prev_hash)
        AuditEvent.objects.bulk_update(chunk, ["prev_hash", "hash"])
        count += len(chunk)
        last_id = chunk[-1].pk
    AuditChainHead.objects.update_or_create(
        pk=1, defaults={"count": count, "last_event_id": last_id or None, "last_hash": prev,
                        "updated_at": timezone.now()})
    for sql in SQLITE_CREATE if sqlite else POSTGRES_CREATE:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_hash_chain"), ("contenttypes", "0002_remove_content_type_name")]
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]

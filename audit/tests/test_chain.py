"""The hash chain: every event is chained to the previous one; verify_audit finds and names the first break.

Tampering happens behind the application, as a database administrator would do it: raw SQL with the append-only
trigger switched off inside the test (restored afterwards).
"""

import json
import threading
from contextlib import contextmanager
from datetime import timedelta
from importlib import import_module

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, connections, transaction

from agencies.models import Role
from agencies.tests.factories import person
from audit import chain
from audit.models import AuditChainHead, AuditEvent
from audit.services import read_chain_head, record, verify_chain

pytestmark = pytest.mark.django_db

TRIGGERS = import_module("audit.migrations.0002_append_only_triggers")


@contextmanager
def trigger_off():
    """The append-only trigger switched off for the block, then restored."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Django's foreign keys are deferred: ALTER TABLE refuses while their checks are pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_no_change")
        else:
            cursor.execute("DROP TRIGGER audit_event_no_update")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_no_change")
            else:
                for sql in TRIGGERS.SQLITE_FORWARD:
                    cursor.execute(sql)


def _sql_value(value):
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    if hasattr(value, "tzinfo"):
        return connection.ops.adapt_datetimefield_value(value)
    return value


def raw_update(event_id: int, **columns) -> None:
    assignments = ", ".join(f"{name} = %s" for name in columns)
    with trigger_off(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE audit_auditevent SET {assignments} WHERE id = %s",  # noqa: S608 - test-only names
                       [_sql_value(v) for v in columns.values()] + [event_id])


def raw_delete(*event_ids: int) -> None:
    with trigger_off(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM audit_auditevent WHERE id IN ({', '.join(['%s'] * len(event_ids))})",  # noqa: S608
                       list(event_ids))


COLUMNS = ("created_at", "actor_id", "actor_name", "agency_id", "action", "target_type_id", "target_id",
           "from_state", "to_state", "comment", "data", "prev_hash", "hash")


@pytest.fixture
def events(township, office_admin):
    """Four events in a row, the newest last."""
    return [record(township, "agencies.agency.updated", actor=office_admin, from_state="a", to_state=f"b{n}",
                   comment=f"第{n}次修改", data={"changed": {"office_phone": ["旧", f"新{n}"]}, "n": n})
            for n in range(4)]


def test_each_event_is_chained_to_the_previous_one_and_the_head_follows(events):
    first = AuditEvent.objects.order_by("id").first()
    assert first.prev_hash == chain.GENESIS
    for previous, event in zip(events, events[1:], strict=False):
        assert event.prev_hash == previous.hash and len(event.hash) == 64
    head = AuditChainHead.objects.get()
    assert (head.count, head.last_event_id, head.last_hash) == (AuditEvent.objects.count(), events[-1].pk,
                                                                events[-1].hash)


def test_the_stored_row_hashes_to_the_hash_computed_before_saving(township, office_admin):
    event = record(township, "agencies.agency.updated", actor=office_admin,
                   data={1: ("元组", 2.5), "b": None, "big": 1e20, "whole": 3.0, "text": "引号\"与\\"})
    row = AuditEvent.objects.filter(pk=event.pk).values(*chain.CHAIN_FIELDS).get()
    assert chain.row_hash(row) == event.hash


def test_an_intact_chain_verifies_and_the_result_is_an_event(events):
    result = verify_chain(acting_user=None)
    assert result.intact
    assert result.checked == AuditEvent.objects.count() - 1  # the verification event itself came after the walk
    assert result.head_hash == events[-1].hash
    verified = AuditEvent.objects.order_by("-id").first()
    assert (verified.action, verified.to_state, verified.actor_name) == ("audit.chain.verified", "intact", "系统")
    assert verify_chain(acting_user=None).intact  # the verification event is itself chained


@pytest.mark.parametrize("column", [c for c in COLUMNS if c not in ("prev_hash", "hash")])
def test_editing_any_field_of_a_row_is_detected_as_an_edit_of_that_row(events, column, county, other_township,
                                                                      supervisor):
    victim = events[1]
    changed = {
        "created_at": victim.created_at - timedelta(days=3),
        "actor_id": supervisor.pk,
        "actor_name": "周督查",
        "agency_id": other_township.pk,
        "action": "agencies.agency.created",
        "target_type_id": ContentType.objects.get_by_natural_key("agencies", "office").pk,
        "target_id": str(county.pk),
        "from_state": "x",
        "to_state": "y",
        "comment": "改写历史",
        "data": {"changed": {"office_phone": ["旧", "伪造"]}, "n": 1},
    }[column]
    raw_update(victim.pk, **{column: changed})
    result = verify_chain(acting_user=None)
    assert (result.break_kind, result.event_id) == (chain.BreakKind.EDITED, victim.pk)
    assert "被修改" in result.summary and str(victim.pk) in result.summary


def test_deleting_a_row_in_the_middle_is_detected_at_its_successor(events):
    raw_delete(events[1].pk)
    result = verify_chain(acting_user=None)
    assert (result.break_kind, result.event_id) == (chain.BreakKind.DELETED, events[2].pk)
    assert "被删除" in result.summary


def test_deleting_the_first_row_is_detected(events):
    first = AuditEvent.objects.order_by("id").first()
    second = AuditEvent.objects.filter(id__gt=first.pk).order_by("id").first()
    raw_delete(first.pk)
    result = verify_chain(acting_user=None)
    assert (result.break_kind, result.event_id) == (chain.BreakKind.DELETED, second.pk)


def test_swapping_two_rows_is_detected_as_reordering(events):
    a, b = (AuditEvent.objects.filter(pk=e.pk).values(*COLUMNS).get() for e in events[1:3])
    raw_update(events[1].pk, **b)
    raw_update(events[2].pk, **a)
    result = verify_chain(acting_user=None)
    assert (result.break_kind, result.event_id) == (chain.BreakKind.REORDERED, events[1].pk)
    assert "顺序被调换" in result.summary


def test_deleting_the_newest_rows_is_detected_by_the_chain_head(events):
    raw_delete(events[-1].pk, events[-2].pk)
    result = verify_chain(acting_user=None)
    assert result.break_kind == chain.BreakKind.TRUNCATED
    assert "最后 2 条记录被删除" in result.summary


def test_a_row_forged_after_the_head_is_detected(events, township):
    last = AuditEvent.objects.filter(pk=events[-1].pk).values(*COLUMNS).get()
    forged = dict(last, comment="伪造的记录", prev_hash=last["hash"])
    row = dict(forged, target_type__app_label="agencies", target_type__model="agency")
    forged["hash"] = chain.row_hash(row)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO audit_auditevent ({', '.join(COLUMNS)}) "  # noqa: S608 - test-only names
                       f"VALUES ({', '.join(['%s'] * len(COLUMNS))})", [_sql_value(forged[c]) for c in COLUMNS])
    result = verify_chain(acting_user=None)
    assert result.break_kind == chain.BreakKind.HEAD
    assert "链头" in result.summary


def test_the_tamper_helper_restores_the_trigger(events):
    raw_update(events[0].pk, comment="改写")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=events[0].pk).update(comment="再改写")


def test_verify_audit_prints_one_line_when_intact(events, capsys):
    call_command("verify_audit")
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1
    assert f"审计记录完整：共校验 {AuditEvent.objects.count() - 1} 条" in out[0]
    assert events[-1].hash in out[0]


def test_verify_audit_fails_naming_the_break(events):
    raw_delete(events[2].pk)
    with pytest.raises(CommandError, match=f"记录被删除.*编号 {events[3].pk}") as excinfo:
        call_command("verify_audit")
    assert excinfo.value.returncode == 1


def test_a_clerk_may_not_verify_the_chain(clerk):
    from gongkai.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        verify_chain(acting_user=clerk)


def test_the_audit_administrator_may_verify_the_chain(county, events):
    auditor = person(county, Role.AUDIT_ADMIN, "auditor", full_name="吴审计")
    assert verify_chain(acting_user=auditor).intact
    assert AuditEvent.objects.order_by("-id").first().actor == auditor


def test_a_chain_walk_reads_in_bounded_chunks(events, monkeypatch):
    monkeypatch.setattr(chain, "CHUNK", 2)
    rows = list(chain.rows_in_chain_order(AuditEvent.objects.all()))
    assert [r["id"] for r in rows] == sorted(AuditEvent.objects.values_list("id", flat=True))
    assert chain.walk(AuditEvent.objects.all(), read_chain_head).intact


# serialized_rollback: the flush after a transactional test must not re-create content types and leave the holiday
# calendar empty for the tests after it on the same worker (they restore the migrations' seed instead).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises writers (IMMEDIATE transactions)")
def test_concurrent_appends_never_chain_to_the_same_predecessor(township, office_admin):
    barrier = threading.Barrier(4)
    errors = []

    def append(n: int) -> None:
        try:
            barrier.wait()
            for i in range(10):
                with transaction.atomic():
                    record(township, "agencies.agency.updated", actor=office_admin, comment=f"{n}-{i}")
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=append, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    prev = list(AuditEvent.objects.values_list("prev_hash", flat=True))
    assert len(prev) == len(set(prev)) == 40
    assert verify_chain(acting_user=None).intact


def test_the_daily_task_verifies_the_chain_and_logs_a_break(events, caplog):
    from django.conf import settings

    from audit.tasks import verify_audit_chain_task

    assert settings.CELERY_BEAT_SCHEDULE["daily-audit-verification"]["task"] == verify_audit_chain_task.name
    assert verify_audit_chain_task()["intact"] is True
    raw_update(events[0].pk, comment="改写历史")
    with caplog.at_level("ERROR", logger="gongkai.audit"):
        assert verify_audit_chain_task()["break"] == "edited"
    assert "audit chain broken" in caplog.text

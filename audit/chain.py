"""The hash chain that makes the audit trail tamper-evident (等保 2.0 level 3, 安全审计: 审计记录受到保护).

Every event stores the SHA-256 of a canonical serialisation of all its fields and of the previous event's hash, in id
order (the order of appending: the demo writes events with frozen past clocks, so `created_at` is not monotonic).
The chain head (one row: how many events, the last hash) is updated in the same transaction as each append, so that
deleting the newest events is detected as well as editing, deleting or reordering events in the middle.

Nothing here is secret: anyone can recompute a hash, so the chain proves that the rows were not changed *behind the
application* without also rewriting every later row and the head. The database triggers (append-only) and the
separation of the audit administrator from the database administrators do the rest.
"""

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from django.db.models import QuerySet
from django.utils import timezone

# The prev_hash of the first event.
GENESIS = "0" * 64

# How many events are read at once when walking the chain (bounded memory whatever the size of the table).
CHUNK = 2000

CHAIN_FIELDS = ("id", "created_at", "actor_id", "actor_name", "agency_id", "action", "target_type__app_label",
                "target_type__model", "target_id", "from_state", "to_state", "comment", "data", "prev_hash", "hash")


def normalised_data(data: dict | None) -> dict:
    """`data` as the database will give it back (a JSON round trip: tuples become lists, keys become strings), so that
    the hash computed before saving equals the hash recomputed from the stored row."""
    return json.loads(json.dumps(data or {}))


def canonical_json_value(value):
    """Numbers as PostgreSQL's jsonb gives them back: a float with an integral value (1e20, 3.0) may return as an
    int, so it is serialised as one on both sides."""
    if isinstance(value, dict):
        return {key: canonical_json_value(item) for key, item in value.items()}
    if isinstance(value, list):
        return [canonical_json_value(item) for item in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def canonical_time(moment: datetime) -> str:
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_hash(*, created_at: datetime, actor_id: int | None, actor_name: str, agency_id: int | None, action: str,
               target_type: str, target_id: str, from_state: str, to_state: str, comment: str, data: dict,
               prev_hash: str) -> str:
    """SHA-256 (hex) over every field of an event and the previous event's hash. `target_type` is
    "app_label.model", not the ContentType id (which differs between databases restored from dumps)."""
    payload = {
        "v": 1,
        "created_at": canonical_time(created_at),
        "actor_id": actor_id,
        "actor_name": actor_name,
        "agency_id": agency_id,
        "action": action,
        "target_type": target_type,
        "target_id": target_id,
        "from_state": from_state,
        "to_state": to_state,
        "comment": comment,
        "data": canonical_json_value(data),
        "prev_hash": prev_hash,
    }
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def row_hash(row: dict) -> str:
    """The hash of a row read with `values(*CHAIN_FIELDS)`."""
    return event_hash(
        created_at=row["created_at"], actor_id=row["actor_id"], actor_name=row["actor_name"],
        agency_id=row["agency_id"], action=row["action"],
        target_type=f"{row['target_type__app_label']}.{row['target_type__model']}", target_id=row["target_id"],
        from_state=row["from_state"], to_state=row["to_state"], comment=row["comment"],
        data=normalised_data(row["data"]), prev_hash=row["prev_hash"])


def rows_in_chain_order(events: QuerySet, after: int = 0) -> Iterator[dict]:
    """Every event with an id above `after` as a dict of CHAIN_FIELDS, in id order, read in keyset chunks."""
    last_id = after
    while True:
        chunk = list(events.filter(id__gt=last_id).order_by("id").values(*CHAIN_FIELDS)[:CHUNK])
        if not chunk:
            return
        yield from chunk
        last_id = chunk[-1]["id"]


@dataclass(frozen=True)
class Head:
    count: int
    last_event_id: int | None
    last_hash: str


class BreakKind(StrEnum):
    EDITED = "edited"
    DELETED = "deleted"
    REORDERED = "reordered"
    TRUNCATED = "truncated"
    HEAD = "head"


BREAK_LABELS = {
    BreakKind.EDITED: "记录被修改",
    BreakKind.DELETED: "记录被删除",
    BreakKind.REORDERED: "记录顺序被调换",
    BreakKind.TRUNCATED: "末尾记录被删除",
    BreakKind.HEAD: "链头与记录不符",
}


@dataclass(frozen=True)
class Verification:
    """The result of walking the chain: intact, or the first place where it breaks and what kind of break it is."""

    checked: int
    head_hash: str
    break_kind: BreakKind | None = None
    event_id: int | None = None
    message: str = ""

    @property
    def intact(self) -> bool:
        return self.break_kind is None

    @property
    def summary(self) -> str:
        if self.intact:
            return f"审计记录完整：共校验 {self.checked} 条，链头哈希 {self.head_hash}。"
        return f"审计记录不完整（{BREAK_LABELS[self.break_kind]}）：{self.message}"

    def as_data(self) -> dict:
        return {"intact": self.intact, "checked": self.checked, "head_hash": self.head_hash,
                "break": self.break_kind.value if self.break_kind else "", "event_id": self.event_id,
                "message": self.message}


def walk(events: QuerySet, read_head: Callable[[], Head | None]) -> Verification:
    """Walk the chain from the first event to the last and stop at the first break.

    `read_head` reads the chain head (None: there is no head row). It is read before the walk, to check the events
    that existed then (the newest ones deleted: fewer than the head counts), and again after it, to tell events
    appended meanwhile (the head moved on: walked too, up to a few rounds) from events written behind the
    application after the head (beyond the head's last event).
    """
    head_before = read_head()
    expected_prev, checked, last_id = GENESIS, 0, 0
    upto_head = (0, GENESIS)
    for _round in range(3):
        for row in rows_in_chain_order(events, after=last_id):
            if row_hash(row) != row["hash"]:
                return Verification(checked, expected_prev, BreakKind.EDITED, row["id"],
                                    f"第 {checked + 1} 条记录（编号 {row['id']}，{canonical_time(row['created_at'])}"
                                    f" {row['action']}）的内容与其哈希值不符，记录在写入后被修改或伪造。")
            if row["prev_hash"] != expected_prev:
                linked = events.filter(hash=row["prev_hash"]).values_list("id", flat=True).first()
                if linked is None:
                    return Verification(checked, expected_prev, BreakKind.DELETED, row["id"],
                                        f"编号 {row['id']} 的记录（第 {checked + 1} 条）所链接的前一条记录已不存在，"
                                        "其前面有记录被删除（或被整体替换）。")
                return Verification(checked, expected_prev, BreakKind.REORDERED, row["id"],
                                    f"编号 {row['id']} 的记录（第 {checked + 1} 条）链接的前一条记录是编号 "
                                    f"{linked} 的记录，记录的先后顺序被调换。")
            expected_prev, checked, last_id = row["hash"], checked + 1, row["id"]
            if head_before is not None and head_before.last_event_id is not None \
                    and last_id <= head_before.last_event_id:
                upto_head = (checked, expected_prev)
        head_after = read_head()
        if head_after is None or (head_after.last_event_id or 0) <= last_id:
            break
    if head_before is None or head_after is None:
        if checked:
            return Verification(checked, expected_prev, BreakKind.HEAD, None,
                                f"链头记录缺失，无法确认末尾的记录是否完整（现有 {checked} 条）。")
        return Verification(0, GENESIS)
    if upto_head[0] < head_before.count:
        missing = head_before.count - upto_head[0]
        return Verification(checked, expected_prev, BreakKind.TRUNCATED, None,
                            f"链头记录共 {head_before.count} 条，现仅存 {upto_head[0]} 条，最后 {missing} "
                            "条记录被删除。")
    if upto_head != (head_before.count, head_before.last_hash) or last_id > (head_after.last_event_id or 0) or (
            last_id == head_after.last_event_id and (checked, expected_prev) != (head_after.count,
                                                                                 head_after.last_hash)):
        return Verification(checked, expected_prev, BreakKind.HEAD, None,
                            f"链头记录共 {head_after.count} 条、末条哈希 {head_after.last_hash}，实际为 {checked} 条、"
                            f"末条哈希 {expected_prev}：有记录绕过系统写入，或链头被改动。")
    return Verification(checked, expected_prev)

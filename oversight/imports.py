"""Import of the oversight registers an agency kept in Excel before it moved onto the platform: its 行政复议/行政诉讼
cases (table 四 of the annual report) and the 人大代表建议/政协提案 assigned to it.

Each row is written through the register's own service (`register_review_case`, `register_suggestion` and
`reply_to_suggestion`), so that an imported case is checked, numbered, clocked and audited exactly as one registered
by hand; an extra audit event per record says 导入 with the source file's name (as the catalogue and application
imports do). The dry run writes every row inside a transaction that is rolled back, so that it finds every problem
the services would (with the row's line number and the service's Chinese reason) and leaves nothing behind. The
import writes rows in batches of one transaction each, every row in its own savepoint: a refused row is listed and
skipped, the others are kept.

A row's stable key, for idempotent re-runs: the 案号 of a case (else its kind, filing date, party and subject), the
year, kind and number of a suggestion (unique on the platform already).

Imported suggestions that were replied to start their disclosure clock on the reply date like any other (the reply
is to be made public); the register's reply text is kept, or a note that it is on paper when the register has none.
"""

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction

from agencies.access import Perm, require
from agencies.models import Agency
from applications.imports import clean_text, guess_mapping
from audit.services import record
from gongkai.errors import DomainError
from imports.normalise import BadDate, normalise_text, parse_date
from imports.readers import read_xlsx

from .errors import OversightError
from .models import ReviewCase, ReviewKind, ReviewResult, Suggestion, SuggestionKind, SuggestionResult
from .services import review, suggestions

BATCH_SIZE = 200
PAPER_REPLY = "办理复文见纸质档案（自原台账导入）。"


class BadValue(ValueError):
    """A cell that cannot be read; str() is the Chinese reason."""


def _date(raw, label: str, required: bool = False):
    try:
        value = parse_date(raw)
    except BadDate as error:
        raise BadValue(f"{label}：{error}")
    if value is None and required:
        raise BadValue(f"{label}为空。")
    return value


# --- 行政复议、行政诉讼 --------------------------------------------------------------------------------------------

REVIEW_FIELDS = {"case_no": "案号", "kind": "类型", "body": "复议机关或人民法院", "filed_on": "申请复议或起诉日期",
                 "received_on": "收到副本日期", "party_name": "申请人（原告）", "subject": "争议事项",
                 "application_no": "相关申请编号", "answered_on": "答复（答辩）日期", "result": "结果",
                 "closed_on": "审结日期", "result_note": "结果说明"}
REVIEW_HEADERS = {
    "case_no": ["案号", "文号", "案件编号"],
    "kind": ["类型", "案件类型", "类别"],
    "body": ["复议机关或人民法院", "复议机关", "审理机关", "受理机关", "人民法院", "法院"],
    "filed_on": ["申请复议或起诉日期", "申请日期", "起诉日期", "立案日期", "收案日期"],
    "received_on": ["收到副本日期", "收到日期", "送达日期"],
    "party_name": ["申请人（原告）", "申请人", "原告", "申请人(原告)", "当事人"],
    "subject": ["争议事项", "案由", "复议事项", "诉讼请求"],
    "application_no": ["相关申请编号", "申请编号", "依申请公开编号"],
    "answered_on": ["答复（答辩）日期", "答复日期", "答辩日期", "答复(答辩)日期"],
    "result": ["结果", "审结结果", "复议结果", "判决结果", "处理结果"],
    "closed_on": ["审结日期", "结案日期", "决定日期", "判决日期"],
    "result_note": ["结果说明", "备注", "说明"],
}
REVIEW_REQUIRED = ("kind", "filed_on")


def _review_kind(word: str) -> str:
    if "复议后" in word or ("经复议" in word and "未经" not in word):
        return ReviewKind.LITIGATION_AFTER_RECONSIDERATION
    if "诉" in word:
        return ReviewKind.LITIGATION_DIRECT
    if "复议" in word:
        return ReviewKind.RECONSIDERATION
    raise BadValue(f"无法识别类型“{word}”（应为行政复议、未经复议直接起诉或复议后起诉）。" if word else "类型为空。")


def _review_result(word: str) -> str:
    if not word or word in {"尚未审结", "未审结", "审理中", "待审结", "未结"}:
        return ReviewResult.PENDING
    for needles, result in ((("维持", "驳回"), ReviewResult.UPHELD),
                            (("纠正", "撤销", "确认违法", "责令", "变更", "重新答复"), ReviewResult.CORRECTED),
                            (("其他", "撤回", "终止", "调解", "和解", "不予受理"), ReviewResult.OTHER)):
        if any(n in word for n in needles):
            return result
    raise BadValue(f"无法识别结果“{word}”（应为结果维持、结果纠正、其他结果或尚未审结）。")


def _review_row(raw: dict) -> dict:
    text = {k: clean_text(v) for k, v in raw.items()}
    text.update({k: normalise_text(raw[k]) for k in ("kind", "result") if k in raw})
    return {
        "kind": _review_kind(text.get("kind", "")), "case_no": text.get("case_no", ""), "body": text.get("body", ""),
        "filed_on": _date(raw.get("filed_on"), "申请复议或起诉日期", required=True),
        "received_on": _date(raw.get("received_on"), "收到副本日期"),
        "party_name": text.get("party_name", ""), "subject": text.get("subject", ""),
        "application_no": text.get("application_no", ""),
        "answered_on": _date(raw.get("answered_on"), "答复（答辩）日期"),
        "result": _review_result(text.get("result", "")), "closed_on": _date(raw.get("closed_on"), "审结日期"),
        "result_note": text.get("result_note", ""),
    }


def _review_key(values: dict) -> tuple:
    if values["case_no"]:
        return ("case_no", values["case_no"])
    return ("case", values["kind"], values["filed_on"], values["party_name"], values["subject"])


def _review_exists(agency: Agency, values: dict) -> bool:
    if values["case_no"]:
        return ReviewCase.objects.filter(agency=agency, case_no=values["case_no"]).exists()
    # party_name is encrypted: compared after reading the (few) cases of that kind and day
    return any(c.party_name == values["party_name"] and c.subject == values["subject"] for c in
               ReviewCase.objects.filter(agency=agency, kind=values["kind"], filed_on=values["filed_on"],
                                         case_no=""))


def _review_write(agency: Agency, values: dict, acting_user) -> ReviewCase:
    return review.register_review_case(agency, acting_user=acting_user, **values)


# --- 人大代表建议、政协提案 ------------------------------------------------------------------------------------------

SUGGESTION_FIELDS = {"kind": "类型", "session_year": "年度", "proposal_no": "建议（提案）号", "proposer": "代表（委员）",
                     "title": "标题", "content": "内容", "topics": "主题", "assigned_on": "交办日期",
                     "replied_on": "答复日期", "result_class": "办理结果", "reply_text": "办理复文"}
SUGGESTION_HEADERS = {
    "kind": ["类型", "类别", "建议提案类型"],
    "session_year": ["年度", "年份", "届次年度"],
    "proposal_no": ["建议（提案）号", "编号", "建议号", "提案号", "建议(提案)号", "案号"],
    "proposer": ["代表（委员）", "代表", "委员", "提出人", "领衔人", "代表(委员)"],
    "title": ["标题", "题目", "案由", "建议（提案）标题"],
    "content": ["内容", "建议内容", "提案内容"],
    "topics": ["主题", "关键词", "分类"],
    "assigned_on": ["交办日期", "收到日期", "交办时间"],
    "replied_on": ["答复日期", "办结日期", "答复时间"],
    "result_class": ["办理结果", "答复类别", "结果类别", "办理类别"],
    "reply_text": ["办理复文", "答复内容", "复文", "答复意见"],
}
SUGGESTION_REQUIRED = ("kind", "proposal_no", "proposer", "title", "assigned_on")


def _suggestion_kind(word: str) -> str:
    if "政协" in word or "提案" in word:
        return SuggestionKind.CPPCC
    if "人大" in word or "建议" in word:
        return SuggestionKind.NPC
    raise BadValue(f"无法识别类型“{word}”（应为人大代表建议或政协提案）。" if word else "类型为空。")


def _result_class(word: str) -> str:
    compact = word.replace(" ", "").upper()
    if compact[:1] in SuggestionResult.values and (len(compact) == 1 or compact[1:2] == "类"):
        return compact[:1]
    for needles, result in ((("已解决", "采纳"), "A"), (("正在解决", "列入计划"), "B"), (("留作参考", "参考"), "C")):
        if any(n in word for n in needles):
            return result
    raise BadValue(f"无法识别办理结果“{word}”（应为A类、B类或C类）。")


def _suggestion_row(raw: dict) -> dict:
    text = {k: clean_text(v) for k, v in raw.items()}
    text.update({k: normalise_text(raw[k]) for k in ("kind", "session_year", "result_class") if k in raw})
    assigned_on = _date(raw.get("assigned_on"), "交办日期", required=True)
    year_text = text.get("session_year", "")
    match = re.search(r"\d{4}", year_text)
    if year_text and not match:
        raise BadValue(f"无法识别年度“{year_text}”（应为四位年份，例如2026）。")
    replied_on = _date(raw.get("replied_on"), "答复日期")
    result_word = text.get("result_class", "")
    if replied_on is not None and not result_word:
        raise BadValue("已答复的建议（提案）没有办理结果（A类、B类或C类）。")
    if result_word and replied_on is None:
        raise BadValue("填写了办理结果，但没有答复日期。")
    return {
        "kind": _suggestion_kind(text.get("kind", "")),
        "session_year": int(match[0]) if match else assigned_on.year,
        "proposal_no": text.get("proposal_no", ""), "proposer": text.get("proposer", ""),
        "title": text.get("title", ""), "content": text.get("content", ""), "topics": text.get("topics", ""),
        "assigned_on": assigned_on, "replied_on": replied_on,
        "result_class": _result_class(result_word) if result_word else "",
        "reply_text": text.get("reply_text", "") or (PAPER_REPLY if replied_on else ""),
    }


def _suggestion_key(values: dict) -> tuple:
    return (values["kind"], values["session_year"], values["proposal_no"])


def _suggestion_exists(agency: Agency, values: dict) -> bool:
    return Suggestion.objects.filter(agency=agency, kind=values["kind"], session_year=values["session_year"],
                                     proposal_no=values["proposal_no"]).exists()


def _suggestion_write(agency: Agency, values: dict, acting_user) -> Suggestion:
    reply = {k: values[k] for k in ("replied_on", "result_class", "reply_text")}
    registered = {k: v for k, v in values.items() if k not in reply}
    suggestion = suggestions.register_suggestion(agency, acting_user=acting_user, **registered)
    if reply["replied_on"] is not None:
        suggestion = suggestions.reply_to_suggestion(suggestion, acting_user=acting_user, **reply)
    return suggestion


# --- the registers and the import --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Register:
    kind: str
    label: str
    fields: dict[str, str]
    headers: dict[str, list[str]]
    required: tuple[str, ...]
    parse: Callable[[dict], dict]
    key: Callable[[dict], tuple]
    exists: Callable[[Agency, dict], bool]
    write: Callable
    audit_action: str


REGISTERS = {
    "review": Register("review", "行政复议、行政诉讼案件台账", REVIEW_FIELDS, REVIEW_HEADERS, REVIEW_REQUIRED,
                       _review_row, _review_key, _review_exists, _review_write, "oversight.review_case.imported"),
    "suggestions": Register("suggestions", "人大代表建议、政协提案台账", SUGGESTION_FIELDS, SUGGESTION_HEADERS,
                            SUGGESTION_REQUIRED, _suggestion_row, _suggestion_key, _suggestion_exists,
                            _suggestion_write, "oversight.suggestion.imported"),
}


@dataclass
class RegisterImport:
    """The outcome of a dry run (`ready`: rows that would be imported) or of an import (`imported`)."""

    columns: list[str]
    mapping: dict[str, str]
    problems: list[tuple[int, str]] = field(default_factory=list)
    duplicates: int = 0
    existing: int = 0
    ready: int = 0
    imported: int = 0


class _DryRun(Exception):
    pass


def register_for(kind: str) -> Register:
    register = REGISTERS.get(kind)
    if register is None:
        raise OversightError(f"台账类型“{kind}”不存在，应为 review（行政复议、行政诉讼）或 suggestions（建议提案）。",
                             field="kind", code="import_unknown_register")
    return register


def import_register(agency: Agency, kind: str, path, file_name: str, *, acting_user,
                    mapping: dict[str, str] | None = None, dry_run: bool = False) -> RegisterImport:
    """Check (dry run) or import one oversight register (an XLSX) for the agency; see the module docstring."""
    register = register_for(kind)
    require(acting_user, Perm.OVERSIGHT_MANAGE, agency)
    known = {name for names in register.headers.values() for name in names}
    table, workbook = read_xlsx(path, known)
    try:
        rows = list(table.rows)
    finally:
        workbook.close()
    mapping = _check_mapping(register, mapping or _guess(register, table.columns), table.columns)
    index = {name: table.columns.index(column) for name, column in mapping.items()}
    result = RegisterImport(table.columns, mapping)
    pending, seen = [], {}
    for line, cells in rows:
        try:
            values = register.parse({name: cells[i] for name, i in index.items()})
        except BadValue as problem:
            result.problems.append((line, str(problem)))
            continue
        key = register.key(values)
        if key in seen:
            first_line, first_values = seen[key]
            if first_values == values:
                result.duplicates += 1
            else:  # the same case twice with other content: staff must say which row is right
                result.problems.append((line, f"与第{first_line}行是同一条登记（编号相同），但内容不同，请核对后删除其中一行。"))
            continue
        seen[key] = (line, values)
        if register.exists(agency, values):
            result.existing += 1
            continue
        pending.append((line, values))
    rows = iter(pending)
    while batch := list(itertools.islice(rows, BATCH_SIZE)):
        try:
            with transaction.atomic():
                for line, values in batch:
                    try:
                        with transaction.atomic():
                            target = register.write(agency, values, acting_user)
                            record(target, register.audit_action, actor=acting_user, agency=agency,
                                   to_state=target.status, comment=f"导入：{file_name}",
                                   data={"file": file_name, "line": line, "number": target.number})
                    except DomainError as error:
                        result.problems.append((line, error.message))
                        continue
                    if dry_run:
                        result.ready += 1
                    else:
                        result.imported += 1
                if dry_run:
                    raise _DryRun
        except _DryRun:
            pass
    result.problems.sort()
    return result


def _guess(register: Register, columns: list[str]) -> dict[str, str]:
    return guess_mapping(columns, register.headers)


def _check_mapping(register: Register, mapping: dict[str, str], columns: list[str]) -> dict[str, str]:
    cleaned = {k: v for k, v in mapping.items() if k in register.fields and v}
    for name, column in cleaned.items():
        if column not in columns:
            raise OversightError(f"“{register.fields[name]}”对应的列“{column}”不在文件中。", field="mapping",
                                 code="import_unknown_column")
    missing = [register.fields[name] for name in register.required if name not in cleaned]
    if missing:
        raise OversightError(f"请指定以下字段所在的列：{'、'.join(missing)}。", field="mapping",
                             code="import_mapping_incomplete")
    return cleaned

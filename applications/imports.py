"""Import of an agency's application register (依申请公开台账) kept in Excel before it moved onto the platform.

A county that moves in the middle of a year brings its open applications (each gets its reply due date from the one
clock, `applications.clock`, on the platform's working-day calendar) and its closed ones (each keeps its reply date and
reply code, so that it counts in that year's table 三).

    read     the first worksheet of an XLSX; the header is found among the first rows (a title row above it, a
             two-level header with merged cells); values normalised (full-width digits, stray spaces, dates written
             2019-03-05 / 2019.3.5 / 2019年3月5日 / as Excel serial numbers)
    map      which column holds which field: guessed from common header names, or given
    check    the dry run: every row that cannot be imported with its line number and a Chinese reason; every reply
             word that maps to no code (A1–A23), with its count. Nothing is written.
    import   refused while a reply word is unmapped (staff choose its code; the choice is saved per agency in
             `ReplyWord` for the next file); rows with problems are skipped and listed; the rest are written in
             batches, one transaction each, one audit event per application (“导入：<file name>”, as the catalogue
             import does). A row's stable key is the register's own number when it has one, else a hash of the
             normalised row: a second run of the same file imports nothing again.

Imported applications get a number from the agency's sequence (the register's number is kept in the audit event and
in the idempotency key), no letters (they were issued on paper), and the 获取方式/途径 the register does not record
as 纸质文本/自行领取. Personal data go through the same encrypted fields as a registered application.

The sheet is read and its values normalised by the catalogue import's `imports.readers` and `imports.normalise`.
"""

import hashlib
import itertools
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from agencies.access import Perm, require
from agencies.models import Agency
from agencies.sequences import next_number
from audit.services import record
from gongkai import clock as wallclock
from imports.normalise import BadDate, normalise_text, parse_date
from imports.readers import Table, read_xlsx
from privacy.fields import blind_index
from privacy.identifiers import is_valid_id_number, is_valid_uscc

from . import clock, rules
from .errors import ApplicationError
from .models import Application, Channel, FormOfProvision, IdType, ReplyWord, Route, Status
from .services import _new_tracking_code

BATCH_SIZE = 200


class BadValue(ValueError):
    """A cell that cannot be read; str() is the Chinese reason."""


# Full-width digits, Latin letters and the ideographic space become half-width; Chinese punctuation (，：（）〔〕)
# stays as written — NFKC (`imports.normalise.normalise_text`) would turn “（2026）” into “(2026)” and “，” into “,”.
_HALF_WIDTH = {**{0xFF10 + i: 0x30 + i for i in range(10)}, **{0xFF21 + i: 0x41 + i for i in range(26)},
               **{0xFF41 + i: 0x61 + i for i in range(26)}, 0x3000: 0x20, 0xFF0D: 0x2D, 0xFEFF: None, 0x200B: None}


def clean_text(value) -> str:
    """A text cell as people mean it: full-width digits and letters half-width, whitespace runs one space, trimmed;
    an integral float (Excel's numbers) without its “.0”."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return re.sub(r"\s+", " ", str(value).translate(_HALF_WIDTH)).strip()

# --- reading -------------------------------------------------------------------------------------------------

@contextmanager
def open_sheet(source) -> Iterator[Table]:
    """The first worksheet of the XLSX at `source` (a path or a binary file), read by the catalogue import's reader:
    the header found among the first rows (a title above it, a two-level header with merged cells), data rows
    streamed with the line numbers Excel shows."""
    table, workbook = read_xlsx(source, KNOWN_HEADERS)
    try:
        yield table
    finally:
        workbook.close()


def sheet_columns(source) -> list[str]:
    with open_sheet(source) as table:
        return table.columns


# --- the fields of a register and their usual header names ---------------------------------------------------------

FIELDS = {
    "ledger_no": "台账编号",
    "received_on": "收到申请日期",
    "channel": "申请方式",
    "applicant_type": "申请人类型",
    "applicant_name": "申请人",
    "id_number": "证件号码",
    "phone": "联系电话",
    "address": "通信地址",
    "description": "申请内容",
    "reply_word": "答复类型",
    "replied_on": "答复日期",
    "status": "办理状态",
}
REQUIRED_FIELDS = ("received_on", "channel", "applicant_type", "applicant_name", "description")
HEADER_NAMES = {
    "ledger_no": ["台账编号", "申请编号", "编号", "登记编号", "受理编号", "登记号"],
    "received_on": ["收到申请日期", "收到日期", "受理日期", "登记日期", "申请日期", "收件日期", "接收日期"],
    "channel": ["申请方式", "提交方式", "申请渠道", "渠道", "提交渠道", "来源"],
    "applicant_type": ["申请人类型", "申请人性质", "类型", "主体类型"],
    "applicant_name": ["申请人", "申请人姓名", "姓名", "申请人名称", "姓名或名称", "申请人姓名或名称"],
    "id_number": ["证件号码", "身份证号码", "身份证号", "证件号", "统一社会信用代码"],
    "phone": ["联系电话", "电话", "联系方式", "手机"],
    "address": ["通信地址", "地址", "联系地址"],
    "description": ["申请内容", "申请公开内容", "申请事项", "所需信息", "申请公开的信息", "内容描述", "所需信息内容"],
    "reply_word": ["答复类型", "答复结果", "处理结果", "答复情况", "办理结果", "答复方式"],
    "replied_on": ["答复日期", "办结日期", "答复时间", "办结时间"],
    "status": ["办理状态", "状态", "是否办结", "办结情况"],
}
KNOWN_HEADERS = {name for names in HEADER_NAMES.values() for name in names}

# The reply words common in registers, each with the one code it means. Only exact words (after normalising): a word
# that could mean several codes (“不予公开” alone: which of A4–A11?) is left to staff.
COMMON_REPLY_WORDS = {
    "已主动公开": "A1", "已经主动公开": "A1", "主动公开": "A1",
    "予以公开": "A2", "同意公开": "A2", "公开": "A2", "全部公开": "A2",
    "部分公开": "A3",
    "国家秘密": "A4", "不予公开(国家秘密)": "A4",
    "不予公开(第三方合法权益)": "A7", "涉及第三方合法权益": "A7",
    "内部事务信息": "A8", "过程性信息": "A9", "行政执法案卷": "A10", "行政查询事项": "A11",
    "信息不存在": "A12", "政府信息不存在": "A12", "本机关不掌握": "A12",
    "不属于本机关": "A13", "非本机关政府信息": "A13", "不属于本机关负责公开": "A13",
    "需另行制作": "A14", "需要另行制作": "A14",
    "信访举报投诉": "A16", "信访类申请": "A16",
    "重复申请": "A17", "公开出版物": "A18",
    "逾期不补正": "A21", "逾期未补正": "A21", "逾期未缴费": "A22",
    "其他处理": "A23",
}
CLOSED_WORDS = {"已答复", "已办结", "办结", "已完成", "完成", "已送达", "已归档", "结束", "是", "已处理"}
OPEN_WORDS = {"办理中", "处理中", "待答复", "受理", "已受理", "在办", "未办结", "否", "待处理", "未答复"}


def _channel(word: str) -> str | None:
    for needles, channel in ((("传真",), Channel.FAX), (("电子邮件", "邮箱", "email", "e-mail"), Channel.EMAIL),
                             (("网上", "网络", "在线", "互联网", "网站", "平台"), Channel.ONLINE),
                             (("平信", "平常信函", "信函"), Channel.LETTER), (("邮寄", "快递", "挂号", "邮政"), Channel.POST),
                             (("当面", "现场", "窗口", "来访", "面交"), Channel.IN_PERSON)):
        if any(n in word.lower() for n in needles):
            return channel
    return None


def _applicant_type(word: str) -> str | None:
    if word in {"自然人", "公民", "个人", "公民(自然人)", "群众"}:
        return "natural_person"
    for needles, code in ((("科研",), "research"), (("公益",), "public_interest"),
                          (("法律服务", "律师"), "legal_services"), (("商业", "企业", "公司"), "business"),
                          (("法人", "组织", "其他"), "other_org")):
        if any(n in word for n in needles):
            return code
    return None


def guess_mapping(columns: list[str], headers: dict[str, list[str]] | None = None) -> dict[str, str]:
    """field → column, from the usual header names (the first name that matches wins; a column serves one field)."""
    mapping = {}
    for name, candidates in (headers or HEADER_NAMES).items():
        for candidate in candidates:
            if candidate in columns and candidate not in mapping.values():
                mapping[name] = candidate
                break
    return mapping


def reply_words_of(agency: Agency) -> dict[str, str]:
    """The agency's saved words over the common ones."""
    return {**COMMON_REPLY_WORDS, **dict(ReplyWord.objects.filter(agency=agency).values_list("word", "reply_code"))}


def code_for_word(word: str, known: dict[str, str]) -> str | None:
    compact = word.replace(" ", "").upper()
    if compact in rules.REPLY_CODE_BY_CODE:
        return compact
    match = re.match(r"^(A\d{1,2})(?!\d)", word.upper())  # "A3部分公开": no word boundary before 部
    if match and match[1] in rules.REPLY_CODE_BY_CODE:
        return match[1]
    return known.get(word) or known.get(word.replace(" ", ""))


# --- checking ---------------------------------------------------------------------------------------------------

@dataclass
class LedgerRow:
    line: int
    key: str
    ledger_no: str
    values: dict  # model fields
    reply_word: str = ""


@dataclass
class LedgerCheck:
    """The outcome of a dry run (or of an import: `imported` is then set)."""

    columns: list[str]
    mapping: dict[str, str]
    rows: list[LedgerRow] = field(default_factory=list)  # ready to import
    problems: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)
    unmapped: Counter = field(default_factory=Counter)  # reply word → rows
    duplicates: int = 0  # the same row (or register number) again in the file
    existing: int = 0  # imported before
    imported: int = 0

    @property
    def ready(self) -> int:
        return len(self.rows)


def check_mapping(mapping: dict[str, str], columns: list[str]) -> dict[str, str]:
    cleaned = {k: v for k, v in (mapping or {}).items() if k in FIELDS and v}
    for name, column in cleaned.items():
        if column not in columns:
            raise ApplicationError(f"“{FIELDS[name]}”对应的列“{column}”不在文件中。", field="mapping",
                                   code="import_unknown_column")
    missing = [FIELDS[name] for name in REQUIRED_FIELDS if name not in cleaned]
    if missing:
        raise ApplicationError(f"请指定以下字段所在的列：{'、'.join(missing)}。", field="mapping",
                               code="import_mapping_incomplete")
    return cleaned


def check_ledger(agency: Agency, path, *, mapping: dict[str, str] | None = None,
                 words: dict[str, str] | None = None) -> LedgerCheck:
    """The dry run: nothing is written. `words` are reply word → code choices not yet saved."""
    with open_sheet(path) as sheet:
        return _check_rows(agency, sheet, mapping, words)


def _check_rows(agency: Agency, sheet: Table, mapping, words) -> LedgerCheck:
    mapping = check_mapping(guess_mapping(sheet.columns) if mapping is None else mapping, sheet.columns)
    known = {**reply_words_of(agency), **clean_reply_words(words)}
    index = {name: sheet.columns.index(column) for name, column in mapping.items()}
    result = LedgerCheck(sheet.columns, mapping)
    seen: dict[str, LedgerRow] = {}
    imported = set(Application.objects.filter(agency=agency, idempotency_key__startswith=f"ledger:{agency.pk}:")
                   .values_list("idempotency_key", flat=True))
    today = wallclock.today()
    for line, cells in sheet.rows:
        raw = {name: cells[i] for name, i in index.items()}
        try:
            row = _check_row(agency, line, raw, known, today)
        except BadValue as problem:
            result.problems.append((line, str(problem)))
            continue
        first = seen.get(row.key)
        if first is not None:
            if (first.values, first.reply_word) == (row.values, row.reply_word):
                result.duplicates += 1
            else:
                result.problems.append((line, f"台账编号“{row.ledger_no}”与第{first.line}行相同，但内容不同。"))
            continue
        seen[row.key] = row
        if row.reply_word and row.values.get("reply_code") is None:
            result.unmapped[row.reply_word] += 1
        if row.key in imported:
            result.existing += 1
            continue
        result.rows.append(row)
    return result


def _check_row(agency: Agency, line: int, raw: dict, known: dict[str, str], today: date) -> LedgerRow:
    text = {name: clean_text(value) for name, value in raw.items() if name not in ("received_on", "replied_on")}
    # the words that are matched against known ones (channel, type, reply, status) are compared NFKC-normalised
    text.update({name: normalise_text(raw[name]) for name in ("channel", "applicant_type", "reply_word", "status")
                 if name in raw})
    try:
        received_on = parse_date(raw.get("received_on"))
    except BadDate as error:
        raise BadValue(f"收到申请日期：{error}")
    if received_on is None:
        raise BadValue("收到申请日期为空。")
    try:
        replied_on = parse_date(raw.get("replied_on"))
    except BadDate as error:
        raise BadValue(f"答复日期：{error}")
    for label, day in (("收到申请日期", received_on), ("答复日期", replied_on)):
        if day is not None and day > today:
            raise BadValue(f"{label}（{day.isoformat()}）晚于今天。")
    if replied_on is not None and replied_on < received_on:
        raise BadValue(f"答复日期（{replied_on.isoformat()}）早于收到申请日期（{received_on.isoformat()}）。")
    channel = _channel(text.get("channel", ""))
    if channel is None:
        raise BadValue(f"无法识别申请方式“{text.get('channel', '')}”（应为当面、邮寄、平常信函、网上、电子邮件或传真）。"
                       if text.get("channel") else "申请方式为空。")
    applicant_type = _applicant_type(text.get("applicant_type", ""))
    if applicant_type is None:
        raise BadValue(f"无法识别申请人类型“{text.get('applicant_type', '')}”（应为自然人、商业企业、科研机构、"
                       f"社会公益组织、法律服务机构或其他）。" if text.get("applicant_type") else "申请人类型为空。")
    name = text.get("applicant_name", "")
    if not name:
        raise BadValue("申请人为空。")
    if len(name) > 100:
        raise BadValue("申请人姓名或名称超过100个字。")
    description = text.get("description", "")
    if not description:
        raise BadValue("申请内容为空。")
    id_number = text.get("id_number", "").replace(" ", "").upper()
    if len(id_number) > 50:
        raise BadValue("证件号码过长。")
    is_organisation = rules.APPLICANT_TYPE_BY_CODE[applicant_type].is_organisation
    if is_organisation:
        id_type = IdType.USCC if is_valid_uscc(id_number) else IdType.OTHER_ORG
    else:
        id_type = IdType.ID_CARD if is_valid_id_number(id_number) else IdType.OTHER_PERSONAL
    rule_set = rules.rule_set_for(received_on)
    word = text.get("reply_word", "")
    status_word = text.get("status", "")
    code = code_for_word(word, known) if word else None
    closed = bool(word or replied_on)
    if status_word in OPEN_WORDS and closed:
        raise BadValue(f"办理状态为“{status_word}”，却填写了答复类型或答复日期。")
    if any(w in status_word for w in ("补正", "征求", "延期", "缴费")):
        raise BadValue(f"办理状态为“{status_word}”：补正、征求意见、延期或收费中的申请，其答复期限取决于这些环节的日期，"
                       f"台账中没有记录，请在平台上逐件登记。")
    if status_word and status_word not in OPEN_WORDS | CLOSED_WORDS:
        raise BadValue(f"无法识别办理状态“{status_word}”（应为办理中或已办结）。")
    if status_word in CLOSED_WORDS and not closed:
        raise BadValue(f"办理状态为“{status_word}”，但没有答复类型和答复日期。")
    if closed and not word:
        raise BadValue("已答复的申请没有答复类型。")
    if closed and replied_on is None:
        raise BadValue("已答复的申请没有答复日期。")
    if code is not None and not rules.REPLY_CODE_BY_CODE[code].basis_for(rule_set.code):
        raise BadValue(f"该申请适用{rule_set.label}，该条例没有“{code} {rules.REPLY_CODE_BY_CODE[code].label}”"
                       f"这一答复类型。")
    ledger_no = text.get("ledger_no", "")[:40]
    values = {
        "channel": channel, "applicant_type": applicant_type, "applicant_name": name, "id_type": id_type,
        "id_number": id_number, "id_index": blind_index(id_number) if id_number else "",
        "phone": text.get("phone", "")[:30], "address": text.get("address", "")[:300], "description": description[:5000],
        "arrived_on": received_on, "received_on": received_on, "rule_set": rule_set.code,
        "replied_on": replied_on, "reply_code": code if closed else "",
    }
    if ledger_no:
        key = f"ledger:{agency.pk}:{ledger_no}"
    else:
        # the reply word as written, not its code: a later change of a word's code does not make the row new
        normal = "|".join(f"{k}={v}" for k, v in sorted({**values, "reply_code": word}.items()) if k != "id_index")
        key = f"ledger:{agency.pk}:h:{hashlib.sha256(normal.encode()).hexdigest()[:48]}"
    return LedgerRow(line, key, ledger_no, values, word)


# --- writing ----------------------------------------------------------------------------------------------------

def clean_reply_words(words: dict[str, str] | None) -> dict[str, str]:
    """Staff's reply word → code choices, normalised; an unknown code is refused (a 400, never a KeyError)."""
    cleaned = {}
    for word, code in (words or {}).items():
        word, code = normalise_text(word)[:100], normalise_text(code).upper()
        if not word:
            continue
        if code not in rules.REPLY_CODE_BY_CODE:
            raise ApplicationError(f"“{word}”对应的答复类型“{code}”不存在，应为A1至A23之一。", field="words",
                                   code="unknown_reply_code")
        cleaned[word] = code
    return cleaned


def save_reply_words(agency: Agency, words: dict[str, str], *, acting_user) -> int:
    """Save staff's choice of reply code for words of the agency's register (used by this and every later file)."""
    require(acting_user, Perm.APPLICATIONS_HANDLE, agency)
    cleaned = clean_reply_words(words)
    with transaction.atomic():
        for word, code in cleaned.items():
            saved, _ = ReplyWord.objects.update_or_create(agency=agency, word=word,
                                                          defaults={"reply_code": code, "updated_by": acting_user})
            record(saved, "applications.reply_word.saved", actor=acting_user, agency=agency,
                   data={"word": word, "reply_code": code})
    return len(cleaned)


def import_ledger(agency: Agency, path, file_name: str, *, acting_user, mapping: dict[str, str] | None = None,
                  words: dict[str, str] | None = None, dry_run: bool = False) -> LedgerCheck:
    """Check the register and, unless `dry_run`, import its rows (see the module docstring). `words` are reply word
    choices, saved for the agency before the import."""
    require(acting_user, Perm.APPLICATIONS_HANDLE, agency)
    if words and not dry_run:
        save_reply_words(agency, words, acting_user=acting_user)
    result = check_ledger(agency, path, mapping=mapping, words=words)
    if dry_run:
        return result
    if result.unmapped:
        listed = "、".join(f"“{w}”（{n}行）" for w, n in result.unmapped.most_common())
        raise ApplicationError(f"以下答复类型尚未对应到A1至A23，请先为每一种选择答复类型：{listed}。", field="words",
                               code="import_unmapped_reply_words")
    rows = iter(result.rows)
    while batch := list(itertools.islice(rows, BATCH_SIZE)):
        with transaction.atomic():
            for row in batch:
                if Application.objects.filter(idempotency_key=row.key).exists():  # a concurrent run got there first
                    result.existing += 1
                    continue
                _write(agency, row, file_name, acting_user)
                result.imported += 1
    return result


def _write(agency: Agency, row: LedgerRow, file_name: str, acting_user) -> Application:
    values = dict(row.values)
    code = values["reply_code"]
    if not code:
        status = Status.IN_PROGRESS
    elif code in rules.ABANDONMENT_CODES:
        status = Status.ABANDONED
    else:
        status = Status.REPLIED
    year = values["received_on"].year
    serial = next_number(agency, "applications.number", year)
    application = Application(
        agency=agency, number=f"{year}-{serial:04d}", tracking_code=_new_tracking_code(), status=status,
        form_of_provision=FormOfProvision.PAPER, route=Route.PICKUP, idempotency_key=row.key, created_by=acting_user,
        handler=acting_user, notices_wanted=False,  # a register's applicants never chose notices: never sent
        **values)  # the importer handles them until assigned, as for a registration
    clock.refresh(application, clock.ClockInputs(None, (), None, None))
    application.save()
    record(application, "applications.application.imported", actor=acting_user, agency=agency, to_state=status,
           comment=f"导入：{file_name}",
           data={"file": file_name, "line": row.line, "ledger_no": row.ledger_no, "number": application.number,
                 "received_on": values["received_on"].isoformat(), "reply_code": code or None,
                 "replied_on": values["replied_on"].isoformat() if values["replied_on"] else None,
                 "due_date": application.due_date.isoformat() if application.due_date else None})
    return application

"""The sensitive-content check run on drafts before 保密审查 (and on any text about to be made public).

It looks for personal data that must not be published (居民身份证号码 with a valid check character, mobile numbers,
bank card numbers passing Luhn) and for classification marks (绝密/机密/秘密★, 内部资料). It never decides: the
保密审查员 sees each finding, masked, and must acknowledge it before approving.
"""

import re
from dataclasses import dataclass

from django.db import models

from .identifiers import is_valid_id_number, passes_luhn
from .masking import mask_id_number, mask_phone


class FindingKind(models.TextChoices):
    ID_NUMBER = "id_number", "居民身份证号码"
    MOBILE = "mobile", "手机号码"
    BANK_CARD = "bank_card", "银行卡号"
    CLASSIFICATION_MARK = "classification_mark", "密级标志"


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int
    masked: str  # the match itself, masked
    context: str  # some text around it, with the match masked

    @property
    def label(self) -> str:
        return FindingKind(self.kind).label


_ID_RE = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx])(?![0-9A-Za-z])")
_MOBILE_RE = re.compile(r"(?<![0-9])(1[3-9]\d)[ -]?(\d{4})[ -]?(\d{4})(?![0-9])")
_CARD_RE = re.compile(r"(?<![0-9])(\d{4}(?:[ -]?\d{4}){2,3}(?:[ -]?\d{1,3})?)(?![0-9])")
# Marks are often typed with spaces between the characters (秘 密★, 机　密): \s covers the full-width space too.
_MARK_RE = re.compile(r"(绝\s*密\s*★?|机\s*密\s*★?|秘\s*密\s*★|内\s*部\s*资\s*料|内部文件，?注意保存)")

_CONTEXT = 12


def scan_text(text: str) -> list[Finding]:
    """All findings in `text`, in order of position, without overlaps."""
    text = text or ""
    findings: list[Finding] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    def add(kind: str, start: int, end: int, masked: str) -> None:
        taken.append((start, end))
        findings.append(Finding(kind, start, end, masked, ""))

    for m in _ID_RE.finditer(text):
        if is_valid_id_number(m.group(1)):
            add(FindingKind.ID_NUMBER, m.start(1), m.end(1), mask_id_number(m.group(1)))
    for m in _CARD_RE.finditer(text):
        digits = re.sub(r"\D", "", m.group(1))
        if 16 <= len(digits) <= 19 and passes_luhn(digits) and free(m.start(1), m.end(1)):
            add(FindingKind.BANK_CARD, m.start(1), m.end(1), digits[:4] + "*" * (len(digits) - 8) + digits[-4:])
    for m in _MOBILE_RE.finditer(text):
        if free(m.start(), m.end()):
            add(FindingKind.MOBILE, m.start(), m.end(), mask_phone("".join(m.groups())))
    for m in _MARK_RE.finditer(text):
        add(FindingKind.CLASSIFICATION_MARK, m.start(), m.end(), m.group(0))
    findings.sort(key=lambda f: f.start)
    return _with_contexts(text, findings)


def _with_contexts(text: str, findings: list[Finding]) -> list[Finding]:
    """Each finding with some text around it, cut from the text with *every* finding masked: an ID number's
    context must not show the mobile number typed right after it."""
    pieces, masked_spans, position, offset = [], [], 0, 0
    for f in findings:
        pieces.append(text[position : f.start])
        offset += f.start - position
        masked_spans.append((offset, offset + len(f.masked)))
        pieces.append(f.masked)
        offset += len(f.masked)
        position = f.end
    pieces.append(text[position:])
    masked_text = "".join(pieces)
    return [
        Finding(f.kind, f.start, f.end, f.masked,
                masked_text[max(0, a - _CONTEXT) : b + _CONTEXT].replace("\n", " "))
        for f, (a, b) in zip(findings, masked_spans, strict=True)
    ]

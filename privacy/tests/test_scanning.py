"""The sensitive-content check the 保密审查员 relies on: what it finds, what it leaves alone, and that what it shows
is masked."""

import pytest

from privacy.scanning import FindingKind, scan_text

VALID_ID = "11010519491231002X"


@pytest.mark.parametrize("text, kind", [
    (f"身份证号{VALID_ID}。", FindingKind.ID_NUMBER),
    (f"身份证号{VALID_ID.lower()}。", FindingKind.ID_NUMBER),
    ("电话13812345678", FindingKind.MOBILE),
    ("电话138-1234-5678", FindingKind.MOBILE),
    ("电话 138 1234 5678", FindingKind.MOBILE),
    ("卡号6222 0212 3456 7891 233", FindingKind.BANK_CARD),  # 19 digits, grouped
    ("卡号4111111111111111", FindingKind.BANK_CARD),
    ("秘密★1年", FindingKind.CLASSIFICATION_MARK),
    ("秘 密★", FindingKind.CLASSIFICATION_MARK),
    ("机　密", FindingKind.CLASSIFICATION_MARK),
    ("绝密★", FindingKind.CLASSIFICATION_MARK),
    ("内部资料 注意保存", FindingKind.CLASSIFICATION_MARK),
])
def test_each_kind_is_found(text, kind):
    assert [f.kind for f in scan_text(text)] == [kind]


@pytest.mark.parametrize("text", [
    "编号110105194912310021",       # 18 digits, wrong check character
    "编号110105194913310025",       # month 13
    "卡号4111111111111112",         # fails Luhn
    "座机0455-6711168",             # a landline is the office's public number
    "编号123456789012",             # too short for a card
    "2017年3月秘密地开会",          # 秘密 without ★ is an ordinary word
    "电话1381234567",               # ten digits
    "订单号213812345678",           # a mobile inside a longer number
])
def test_ordinary_text_is_left_alone(text):
    assert scan_text(text) == []


def test_what_is_shown_is_masked_including_the_neighbours():
    text = f"申请人身份证{VALID_ID}，电话13812345678，住址某村。"
    findings = scan_text(text)
    assert [f.masked for f in findings] == ["110105********002X", "138****5678"]
    for f in findings:
        assert VALID_ID not in f.context and "13812345678" not in f.context and "1381234" not in f.context
    assert [(f.start, f.end) for f in findings] == [(6, 24), (27, 38)]

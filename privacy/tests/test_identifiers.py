from privacy.identifiers import (
    id_number_check_char,
    is_valid_id_number,
    is_valid_org_code,
    is_valid_uscc,
    org_code_from_uscc,
    passes_luhn,
)
from privacy.masking import mask_id_number, mask_phone
from privacy.scanning import FindingKind, scan_text

VALID_ID = "11010519491231002X"  # the GB 11643 example


def test_id_number_checksum():
    assert is_valid_id_number(VALID_ID)
    assert not is_valid_id_number("110105194912310021")  # wrong check character
    assert not is_valid_id_number("110105194913310025")  # month 13
    assert id_number_check_char("11010519491231002") == "X"


def test_uscc_and_org_code_check_characters():
    assert is_valid_uscc("91350100M000100Y43")  # a published example
    assert not is_valid_uscc("91350100M000100Y44")
    assert org_code_from_uscc("91350100M000100Y43") == "M000100Y4"
    assert is_valid_org_code("M000100Y4")
    assert not is_valid_org_code("M000100Y5")


def test_luhn():
    assert passes_luhn("4111111111111111")
    assert not passes_luhn("4111111111111112")


def test_masking():
    assert mask_id_number(VALID_ID) == "110105********002X"
    assert mask_phone("18746567000") == "187****7000"


def test_scan_finds_each_kind_and_masks_it():
    text = f"申请人身份证{VALID_ID}，电话187 4656 7000，卡号4111 1111 1111 1111。本件为机密★1年，内部资料。"
    kinds = [f.kind for f in scan_text(text)]
    assert kinds == [FindingKind.ID_NUMBER, FindingKind.MOBILE, FindingKind.BANK_CARD,
                     FindingKind.CLASSIFICATION_MARK, FindingKind.CLASSIFICATION_MARK]
    assert all(VALID_ID not in f.context for f in scan_text(text))


def test_scan_ignores_an_18_digit_number_with_a_wrong_checksum():
    assert [f for f in scan_text("编号110105194912310021") if f.kind == FindingKind.ID_NUMBER] == []

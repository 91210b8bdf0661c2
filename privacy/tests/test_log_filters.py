"""Log records never carry a citizen's ID number or mobile number; numbers that only look like them are left alone."""

import logging

from privacy.log_filters import MaskPersonalDataFilter, mask_personal_data

ID_NUMBER = "11010519491231002X"  # GB 11643 example, valid check digit
MOBILE = "13912345678"


def test_id_numbers_and_mobiles_are_masked_even_at_the_end_of_a_sentence():
    masked = mask_personal_data(f"申请人身份证号{ID_NUMBER}，电话{MOBILE}.")
    assert ID_NUMBER not in masked and MOBILE not in masked
    assert masked.endswith(".")


def test_fractions_below_one_and_longer_numbers_are_not_taken_for_personal_data():
    for text in (f"耗时0.{MOBILE}秒", f"0.{MOBILE}", f"流水号9{MOBILE}", f"批次{ID_NUMBER[:-1]}12"):
        assert mask_personal_data(text) == text


def test_numbers_next_to_a_full_stop_are_still_masked():
    for text in (f"1.{MOBILE} 2.13800000000", f"电话{MOBILE}.5号楼", f"身份证1.{ID_NUMBER}", f"10.{MOBILE}"):
        masked = mask_personal_data(text)
        assert MOBILE not in masked and ID_NUMBER not in masked and "13800000000" not in masked, text


def test_the_filter_rewrites_a_record_with_arguments():
    record = logging.LogRecord("gongkai", logging.INFO, __file__, 1, "收到申请 %s", (MOBILE,), None)
    assert MaskPersonalDataFilter().filter(record) is True
    assert MOBILE not in record.getMessage()

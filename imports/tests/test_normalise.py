from datetime import date, datetime

import pytest

from imports.normalise import BadDate, normalise_index_no, normalise_text, parse_date


@pytest.mark.parametrize("value", ["2019-03-05", "2019/3/5", "2019.3.5", "2019年3月5日", "２０１９年３月５日",
                                   " 2019-3-5 ", "20190305", "2019-03-05 10:30:00", 43529, 43529.0, "43529",
                                   datetime(2019, 3, 5, 9, 0), date(2019, 3, 5)])
def test_every_usual_spelling_of_a_date_is_read(value):
    assert parse_date(value) == date(2019, 3, 5)


@pytest.mark.parametrize("value", ["2019-02-30", "2019年13月1日", "三月五日", "12", "99999", "2019-3"])
def test_what_is_not_a_date_is_refused_with_a_chinese_reason(value):
    with pytest.raises(BadDate) as error:
        parse_date(value)
    assert "日期" in str(error.value)


def test_empty_cells_are_no_date():
    assert parse_date(None) is None
    assert parse_date("  ") is None


def test_full_width_digits_and_spaces_become_half_width():
    assert normalise_text("　关于２０１９年　工作的通知  ") == "关于2019年 工作的通知"
    assert normalise_text(12.0) == "12"


def test_index_numbers_lose_padding_and_width_variants():
    assert normalise_index_no(" ０１２３４５６７８／２０１９－０００１２　") == "012345678/2019-00012"
    assert normalise_index_no("01234567x / 2019—00012 ") == "01234567X/2019-00012"

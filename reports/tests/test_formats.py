"""Every label of every format against a hand-typed copy of domain.md §2.2–2.5 and §2.7 (and the seed's layout)."""

from decimal import Decimal

import pytest

from reports.formats import format_for_year, legacy, version_for_year, y2019, y2021
from reports.formats.base import TABLE2, TABLE3, TABLE4, Source, Unit, format_money_wan, parse_wan_yuan

SECTIONS_2021 = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]

TABLE3_ROWS_2021 = [
    ("一、本年新收政府信息公开申请数量", ()),
    ("二、上年结转政府信息公开申请数量", ()),
    ("（一）予以公开", ("三、本年度办理结果",)),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ("三、本年度办理结果",)),
    ("1.属于国家秘密", ("三、本年度办理结果", "（三）不予公开")),
    ("2.其他法律行政法规禁止公开", ("三、本年度办理结果", "（三）不予公开")),
    ("3.危及“三安全一稳定”", ("三、本年度办理结果", "（三）不予公开")),
    ("4.保护第三方合法权益", ("三、本年度办理结果", "（三）不予公开")),
    ("5.属于三类内部事务信息", ("三、本年度办理结果", "（三）不予公开")),
    ("6.属于四类过程性信息", ("三、本年度办理结果", "（三）不予公开")),
    ("7.属于行政执法案卷", ("三、本年度办理结果", "（三）不予公开")),
    ("8.属于行政查询事项", ("三、本年度办理结果", "（三）不予公开")),
    ("1.本机关不掌握相关政府信息", ("三、本年度办理结果", "（四）无法提供")),
    ("2.没有现成信息需要另行制作", ("三、本年度办理结果", "（四）无法提供")),
    ("3.补正后申请内容仍不明确", ("三、本年度办理结果", "（四）无法提供")),
    ("1.信访举报投诉类申请", ("三、本年度办理结果", "（五）不予处理")),
    ("2.重复申请", ("三、本年度办理结果", "（五）不予处理")),
    ("3.要求提供公开出版物", ("三、本年度办理结果", "（五）不予处理")),
    ("4.无正当理由大量反复申请", ("三、本年度办理结果", "（五）不予处理")),
    ("5.要求行政机关确认或重新出具已获取信息", ("三、本年度办理结果", "（五）不予处理")),
    ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", ("三、本年度办理结果", "（六）其他处理")),
    ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", ("三、本年度办理结果", "（六）其他处理")),
    ("3.其他", ("三、本年度办理结果", "（六）其他处理")),
    ("（七）总计", ("三、本年度办理结果",)),
    ("四、结转下年度继续办理", ()),
]

TABLE3_COLUMNS = [("自然人", ""), ("商业企业", "法人或其他组织"), ("科研机构", "法人或其他组织"),
                  ("社会公益组织", "法人或其他组织"), ("法律服务机构", "法人或其他组织"), ("其他", "法人或其他组织"),
                  ("总计", "")]


def test_section_titles_of_the_2021_format_are_exact():
    assert [s.title for s in y2021.FORMAT.sections] == SECTIONS_2021


def test_the_2019_trial_format_has_the_same_six_titles():
    assert [s.title for s in y2019.FORMAT.sections] == SECTIONS_2021


def test_section_one_has_the_five_sub_headings_with_full_width_brackets():
    overview = y2021.FORMAT.sections[0]
    assert [p.heading for p in overview.parts if p.heading] == [
        "（一）主动公开", "（二）依申请公开", "（三）政府信息管理", "（四）政府信息公开平台建设", "（五）监督保障"]


def test_section_six_covers_fees_work_plan_suggestions_and_innovation():
    other = y2021.FORMAT.sections[5]
    assert [p.heading for p in other.parts] == [
        "（一）收取信息处理费情况", "（二）落实上级年度政务公开工作要点情况", "（三）人大代表建议和政协提案办理结果公开情况",
        "（四）年度政务公开工作创新情况"]


def test_table_two_of_2021_is_exact():
    blocks = [(b.heading, b.first_header, [c.label for c in b.columns], [r.label for r in b.rows])
              for b in y2021.FORMAT.table2]
    assert blocks == [
        ("第二十条第（一）项", "信息内容", ["本年制发件数", "本年废止件数", "现行有效件数"], ["规章", "行政规范性文件"]),
        ("第二十条第（五）项", "信息内容", ["本年处理决定数量"], ["行政许可"]),
        ("第二十条第（六）项", "信息内容", ["本年处理决定数量"], ["行政处罚", "行政强制"]),
        ("第二十条第（八）项", "信息内容", ["本年收费金额（单位：万元）"], ["行政事业性收费"]),
    ]


def test_table_two_fee_is_money_and_decisions_are_entered_by_hand():
    cells = y2021.FORMAT.cell_map()
    assert cells[(TABLE2, "fees", "amount")].unit == Unit.MONEY
    assert cells[(TABLE2, "licensing", "decisions")].source == Source.ENTERED
    assert cells[(TABLE2, "regulation", "made")].source == Source.COMPUTED


def test_table_three_of_2021_has_25_rows_of_7_columns_with_exact_labels():
    layout = y2021.FORMAT.table3
    assert layout.note == "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    assert layout.group == "申请人情况"
    assert [(c.label, c.group) for c in layout.columns] == TABLE3_COLUMNS
    assert [(r.label, r.groups) for r in layout.rows] == TABLE3_ROWS_2021
    assert len(layout.rows) == 25
    assert len([c for c in y2021.FORMAT.cells() if c.table == TABLE3]) == 175


def test_the_curly_quotes_of_san_anquan_yi_wending_are_kept():
    label = next(r.label for r in y2021.FORMAT.table3.rows if r.key == "withheld_3")
    assert "\u201c三安全一稳定\u201d" in label


def test_table_three_row_keys_are_the_keys_of_applications_rules():
    from applications import rules

    keys = [r.key for r in y2021.FORMAT.table3.rows]
    assert keys == [rules.ROW_RECEIVED, rules.ROW_CARRIED_IN, *rules.OUTCOME_ROWS, rules.ROW_TOTAL,
                    rules.ROW_CARRIED_OUT]
    assert [c.key for c in y2021.FORMAT.table3.columns] == list(rules.COLUMNS)


def test_table_four_is_one_row_of_15_in_official_order():
    layout = y2021.FORMAT.table4
    assert [(top, second) for _, top, second in layout.groups] == [
        ("行政复议", ""), ("行政诉讼", "未经复议直接起诉"), ("行政诉讼", "复议后起诉")]
    assert [c.label for c in layout.columns] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    assert len([c for c in y2021.FORMAT.cells() if c.table == TABLE4]) == 15


def test_the_trial_format_folds_other_handling_into_one_row():
    rows = [(r.label, r.groups) for r in y2019.FORMAT.table3.rows]
    expected = [r for r in TABLE3_ROWS_2021 if r[1] != ("三、本年度办理结果", "（六）其他处理")]
    expected.insert(20, ("（六）其他处理", ("三、本年度办理结果",)))
    assert rows == expected
    assert len(rows) == 23


def test_table_two_of_the_trial_format_is_exact():
    blocks = [(b.heading, [c.label for c in b.columns], [r.label for r in b.rows]) for b in y2019.FORMAT.table2]
    assert blocks == [
        ("第二十条第（一）项", ["本年新制作数量", "本年新公开数量", "对外公开总数量"], ["规章", "规范性文件"]),
        ("第二十条第（五）项", ["上一年项目数量", "本年增/减", "处理决定数量"], ["行政许可", "其他对外管理服务事项"]),
        ("第二十条第（六）项", ["上一年项目数量", "本年增/减", "处理决定数量"], ["行政处罚", "行政强制"]),
        ("第二十条第（八）项", ["上一年项目数量", "本年增/减"], ["行政事业性收费"]),
        ("第二十条第（九）项", ["采购项目数量", "采购总金额"], ["政府集中采购"]),
    ]
    assert y2019.FORMAT.cell_map()[(TABLE2, "licensing", "change")].unit == Unit.SIGNED


def test_the_pre_2019_layout_follows_the_seed():
    fmt = legacy.FORMAT
    titles = [s.heading(short_name="东升乡", next_year=2018) for s in fmt.sections]
    assert titles == ["一、东升乡基本概述", "二、政府信息公开情况", "三、存在的主要问题", "四、2018年工作安排"]
    assert [p.heading for p in fmt.sections[1].parts] == [
        "1、主动公开政府信息情况", "2、依申请公开政府信息和不予公开政府信息情况",
        "3、因政府信息公开申请行政复议、提起行政诉讼的情况", "4、人大代表建议和政协委员提案办理情况",
        "5、政府信息公开的收费及减免情况"]
    assert fmt.report_title(agency_name="东升乡人民政府", short_name="东升乡", year=2017) == \
        "2017年东升乡政府信息公开年度报告"
    assert fmt.table3 is None and fmt.table4 is None and not fmt.table2


def test_report_titles_of_the_national_formats():
    assert y2021.FORMAT.report_title(agency_name="东升乡人民政府", short_name="东升乡", year=2025) == \
        "东升乡人民政府2025年政府信息公开工作年度报告"


@pytest.mark.parametrize(("year", "version"), [(2008, "legacy"), (2017, "legacy"), (2018, "legacy"), (2019, "2019"),
                                               (2020, "2019"), (2021, "2021"), (2025, "2021")])
def test_the_format_follows_the_report_year(year, version):
    assert version_for_year(year) == version
    assert format_for_year(year).version == version


@pytest.mark.parametrize(("cents", "text"), [(0, "0"), (1_000_000, "1"), (12_345_600, "12.3456"), (50, "0.00005"),
                                             (10_000_000, "10")])
def test_money_is_shown_in_wan_yuan_without_floats(cents, text):
    assert format_money_wan(cents) == text
    assert parse_wan_yuan(text) == cents


@pytest.mark.parametrize("bad", ["-1", "abc", "0.0000001", "NaN", "1000000001", "9" * 29, "1e999999"])
def test_bad_amounts_are_refused(bad):
    with pytest.raises((ValueError, ArithmeticError)):
        parse_wan_yuan(bad)


def test_money_conversion_is_decimal():
    assert isinstance(parse_wan_yuan("0.5"), int)
    assert Decimal("0.5") * 1_000_000 == parse_wan_yuan("0.5")

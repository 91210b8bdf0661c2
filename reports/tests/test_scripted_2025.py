"""The 2025 report of a scripted year on the real registers (every reply code A1–A23, every applicant type, carried
in and out, a fee, review and litigation cases, suggestions): the tables typed by hand, every balance rule green."""

import pytest
import time_machine

from reports import services
from reports.assembly import document_for_report, published_document
from reports.renderers import render
from reports.scripted import build_2025, build_2025_catalogue, build_2025_oversight, complete_texts
from reports.tests.test_renderers import keep

pytestmark = pytest.mark.django_db
NOW = "2026-01-12 10:00 +0800"

# 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计 — typed by hand from the script
EXPECTED_TABLE3 = [
    ("一、本年新收政府信息公开申请数量", [4, 4, 5, 5, 4, 3, 25]),
    ("二、上年结转政府信息公开申请数量", [1, 1, 0, 0, 0, 0, 2]),
    ("（一）予以公开", [2, 1, 0, 0, 0, 0, 3]),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", [0, 0, 1, 0, 0, 0, 1]),
    ("1.属于国家秘密", [0, 0, 0, 1, 0, 0, 1]),
    ("2.其他法律行政法规禁止公开", [0, 0, 0, 0, 1, 0, 1]),
    ("3.危及“三安全一稳定”", [0, 0, 0, 0, 0, 1, 1]),
    ("4.保护第三方合法权益", [1, 0, 0, 0, 0, 0, 1]),
    ("5.属于三类内部事务信息", [0, 1, 0, 0, 0, 0, 1]),
    ("6.属于四类过程性信息", [0, 0, 1, 0, 0, 0, 1]),
    ("7.属于行政执法案卷", [0, 0, 0, 1, 0, 0, 1]),
    ("8.属于行政查询事项", [0, 0, 0, 0, 1, 0, 1]),
    ("1.本机关不掌握相关政府信息", [1, 1, 0, 0, 0, 1, 3]),
    ("2.没有现成信息需要另行制作", [0, 1, 0, 0, 0, 0, 1]),
    ("3.补正后申请内容仍不明确", [0, 0, 1, 0, 0, 0, 1]),
    ("1.信访举报投诉类申请", [0, 0, 0, 1, 0, 0, 1]),
    ("2.重复申请", [0, 0, 0, 0, 1, 0, 1]),
    ("3.要求提供公开出版物", [0, 0, 0, 0, 0, 1, 1]),
    ("4.无正当理由大量反复申请", [1, 0, 0, 0, 0, 0, 1]),
    ("5.要求行政机关确认或重新出具已获取信息", [0, 1, 0, 0, 0, 0, 1]),
    ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", [0, 0, 1, 0, 0, 0, 1]),
    ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", [0, 0, 0, 1, 0, 0, 1]),
    ("3.其他", [0, 0, 0, 0, 1, 0, 1]),
    ("（七）总计", [5, 5, 4, 4, 4, 3, 25]),
    ("四、结转下年度继续办理", [0, 0, 1, 1, 0, 0, 2]),
]
EXPECTED_TABLE2 = [
    ("第二十条第（一）项", [("规章", [0, 0, 0]), ("行政规范性文件", [2, 1, 1])]),
    ("第二十条第（五）项", [("行政许可", [0])]),
    ("第二十条第（六）项", [("行政处罚", [0]), ("行政强制", [0])]),
    ("第二十条第（八）项", [("行政事业性收费", ["0"])]),
]
# 行政复议: 维持, 纠正, 其他, 尚未审结, 总计 | 未经复议直接起诉 ×5 | 复议后起诉 ×5
EXPECTED_TABLE4 = [1, 1, 0, 0, 2, 0, 0, 0, 1, 1, 0, 0, 1, 0, 1]


@pytest.fixture
def report_2025(township, office_admin, reviewer, deputy, principal):
    with time_machine.travel(NOW, tick=False):
        build_2025_catalogue(township, drafter=office_admin, reviewer=reviewer, deputy=deputy, principal=principal)
        build_2025(township, office_admin)
        build_2025_oversight(township, office_admin)
        return services.generate_report(township, 2025, acting_user=office_admin)


@time_machine.travel(NOW, tick=False)
def test_the_scripted_year_gives_the_hand_typed_tables(report_2025):
    data = document_for_report(report_2025).to_json()
    assert [(r["label"], r["values"]) for r in data["table3"]["rows"]] == EXPECTED_TABLE3
    assert data["table4"]["values"] == EXPECTED_TABLE4
    assert [(b["heading"], [(r["label"], r["values"]) for r in b["rows"]]) for b in data["table2"]["blocks"]] == \
        EXPECTED_TABLE2


@time_machine.travel(NOW, tick=False)
def test_every_balance_rule_is_green(report_2025, office_admin, deputy):
    doc = document_for_report(report_2025)
    assert {c.rule: c.ok for c in doc.checks if c.rule != "TXT-1"} == {
        "T2-1": True, "T2-2": True, "T2-3": True, "T3-1": True, "T3-2": True, "T3-3": True, "T3-4": True,
        "T4-1": True}
    complete_texts(report_2025, office_admin)
    services.submit_report(report_2025, acting_user=office_admin)
    services.approve_report(report_2025, acting_user=deputy)
    services.publish_report(report_2025, acting_user=office_admin)
    assert report_2025.published_snapshot["ok"] is True
    keep("report_2025.pdf", render(published_document(report_2025), "pdf"))  # docs/screenshots/report_2025.png
    keep("report_2025.json", render(published_document(report_2025), "json"))  # docs/reports/


@time_machine.travel(NOW, tick=False)
def test_the_texts_are_drafted_from_the_same_figures(report_2025):
    texts = {t.key: t.text for t in report_2025.texts.all()}
    assert texts["overview_proactive"].startswith(
        "2025年，东升乡主动公开政府信息6条，分4类（公告公示、计划总结、工作动态、乡镇文件）。其中按《条例》规定时限公开5条，"
        "按时公开率83.3%，逾期公开1条。本年制发行政规范性文件2件，废止1件，现行有效1件")
    assert ("新收政府信息公开申请25件，上年结转2件。本年度办结25件，其中予以公开3件，部分公开1件，不予公开8件，"
            "无法提供5件，不予处理5件，其他处理3件；结转下年度继续办理2件。") in texts["overview_on_request"]
    assert "期限内" not in texts["overview_on_request"]  # the draft does not vouch for every reply's timeliness
    assert "被申请行政复议2件、提起行政诉讼2件，其中被依法纠正1件" in texts["overview_supervision"]
    assert "承办人大代表建议2件、政协提案1件，已答复3件" in texts["other_suggestions"]
    assert texts["other_fees"].startswith("2025年，东升乡依据《政府信息公开信息处理费管理办法》收取信息处理费")


@time_machine.travel(NOW, tick=False)
def test_each_cell_drills_down_to_its_applications(report_2025):
    from reports.selectors import cell_records

    partial = cell_records(report_2025, "table3", "partial", "research")
    assert [a.reply_code for a in partial.records] == ["A3"]
    unable = cell_records(report_2025, "table3", "unable_1", "total")
    assert sorted(a.reply_code for a in unable.records) == ["A12", "A12", "A13"]
    carried = cell_records(report_2025, "table3", "carried_in", "total")
    assert len(carried.records) == 2
    cases = cell_records(report_2025, "table4", "reconsideration", "total")
    assert len(cases.records) == 2

"""The seed, regenerated: with the demo data, 东升乡人民政府's 2017 report (pre-2019 layout) shows the seed's figures —
48 items in 11 categories, no applications, no review or litigation, 13 NPC suggestions, no fees — and reads like the
seed document. Also: loading the demo twice changes nothing (idempotent)."""

import pytest
from django.core.management import call_command

from agencies.models import Agency
from reports.models import AnnualReport, QuarterlyStatement
from reports.selectors import public_report

pytestmark = pytest.mark.django_db


def load_demo() -> None:
    with open("/dev/null", "w") as sink:
        call_command("loaddemo", stdout=sink, stderr=sink)


@pytest.fixture
def demo():
    """The whole demo, loaded once per test through the real services (about a minute)."""
    load_demo()


def dongsheng_2017():
    agency = Agency.objects.get(name="东升乡人民政府")
    return public_report(agency.code, 2017)


def test_the_2017_report_has_the_seeds_figures_reads_like_it_and_the_demo_is_idempotent(demo):
    report, doc = dongsheng_2017()
    data = doc.to_json()
    assert data["format"] == "legacy" and data["title"] == "2017年东升乡政府信息公开年度报告"
    figures = {r["key"]: r["value"] for r in data["figures"]["rows"]}
    assert figures["items_published"] == 48 and figures["categories"] == 11
    assert figures["applications_received"] == 0 and figures["applications_pending"] == 0
    assert figures["reconsideration"] == 0 and figures["litigation"] == 0
    assert figures["npc_suggestions"] == 13
    assert figures["fees_charged"] == "0.00"
    assert report.published_on.isoformat() == "2018-03-29" and data["deadline"] == "按时发布"
    assert data["table2"] is None and data["table3"] is None and data["table4"] is None
    _reads_like_the_seed(doc)
    _idempotent()


def _reads_like_the_seed(doc):
    sections = doc.sections()
    assert [s["title"] for s in sections] == ["一、东升乡基本概述", "二、政府信息公开情况", "三、存在的主要问题",
                                              "四、2018年工作安排"]
    text = {p["key"]: p["text"] for s in sections for p in s["parts"]}
    assert "在政府信息公开网站主动公开政府信息48条" in text["proactive"]
    assert ("将信息划分为组织机构、公告公示、政务信息、办事指南、计划总结、工作动态、便民服务、行政执法、乡镇文件、法律法规、其它等11个类别"
            in text["proactive"])
    assert "2017年没有接到公民、法人和其他组织提出的需要获取公开政府信息的申请。" in text["on_request"]
    assert text["review"] == "2017年度没有发生因政府信息公开申请行政复议、提起行政诉讼的情况。"
    assert "2017年代表共提建议13条（其中包括" in text["suggestions"]
    assert text["fees"] == "2017年度我乡尚未发生有关收费产生的问题。"
    assert text["problems"].startswith("我乡政府信息公开工作在上级有关部门的领导下取得了一些成效")
    assert [p["heading"] for p in sections[1]["parts"]][-1] == "5、政府信息公开的收费及减免情况"


def _idempotent():
    before = (AnnualReport.objects.count(), QuarterlyStatement.objects.count())
    assert AnnualReport.objects.filter(year=2017, status="published").count() == 1
    load_demo()
    assert (AnnualReport.objects.count(), QuarterlyStatement.objects.count()) == before

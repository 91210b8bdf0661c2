#!/usr/bin/env python
"""Portal benchmark (issue 2, "Performance"): do the public pages stay flat as the catalogue grows?

For each database (PostgreSQL, SQLite) it builds a dedicated database (`manage.py migrate` for the schema), creates
50 agencies with their default categories and offices through the real services, then bulk-loads catalogue items
(Chinese titles and bodies composed from template sentences, segmented with `search.segmentation.segment_for_index`
so the real full-text index is exercised: FTS5 external content on SQLite, the generated tsvector + GIN on PostgreSQL).
At each size (10,000 then 1,000,000 items, growing the same database) it serves the real WSGI application with
granian and measures with wrk: the home page, a category list (first page and a keyset cursor far down), an item page,
a two-word search (plus a selective one), next to a trivial Django view served the same way in the same run.

    .venv/bin/python bench/portal.py [--db postgres|sqlite|both] [--small 10000] [--large 1000000] [--duration 5]

The databases: `gongkai_bench_portal` on 127.0.0.1:5432 (user postgres; dropped and recreated per run) and
/tmp/gongkai_bench_portal/portal.sqlite3. `--reuse` keeps an existing benchmark database and only loads the rows
it lacks (a run that was interrupted resumes where it stopped). Results, query profiles and query plans go to
bench/out/.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from bisect import bisect
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
WORK = Path("/tmp/gongkai_bench_portal")
SQLITE_PATH = WORK / "portal.sqlite3"
PG_HOST, PG_PORT, PG_USER, PG_DB = "127.0.0.1", 5432, "postgres", "gongkai_bench_portal"
PG_URL = f"postgres://{PG_USER}@{PG_HOST}:{PG_PORT}/{PG_DB}"
PYTHON = ROOT / ".venv" / "bin" / "python"
GRANIAN = ROOT / ".venv" / "bin" / "granian"
WRK = "/usr/bin/wrk"
SEED = 20261128
BATCH = 20_000  # rows per transaction while loading
LAST_DAY = date(2026, 11, 27)  # the newest publication date in the generated catalogue
DEEP_ROW = 10_000

# ---------------------------------------------------------------------------------------------------------------
# The generated county: 1 county government, 25 departments, 24 townships (50 agencies).
# ---------------------------------------------------------------------------------------------------------------

COUNTY = "望奎县"
DEPARTMENTS = [  # (name without the county, 文号 code character, offices)
    ("发展和改革局", "发改", ["办公室", "价格股", "项目股"]),
    ("教育局", "教", ["办公室", "基础教育股", "计划财务股"]),
    ("工业信息科技局", "工信", ["办公室", "科技股"]),
    ("民政局", "民", ["办公室", "社会救助股", "社会事务股"]),
    ("司法局", "司", ["办公室", "法治督察股"]),
    ("财政局", "财", ["办公室", "预算股", "国库股", "农业股"]),
    ("人力资源和社会保障局", "人社", ["办公室", "就业服务中心", "社会保险股"]),
    ("自然资源局", "自然资", ["办公室", "耕地保护股", "不动产登记中心"]),
    ("住房和城乡建设局", "住建", ["办公室", "村镇建设股"]),
    ("交通运输局", "交", ["办公室", "农村公路管理站"]),
    ("水务局", "水", ["办公室", "防汛抗旱办公室", "农村饮水安全站"]),
    ("农业农村局", "农", ["办公室", "种植业股", "农机推广站", "农村经营管理站"]),
    ("商务局", "商", ["办公室"]),
    ("文体广电和旅游局", "文旅", ["办公室", "文化市场综合执法大队"]),
    ("卫生健康局", "卫健", ["办公室", "疾病预防控制股", "医政股"]),
    ("退役军人事务局", "退役", ["办公室", "优抚股"]),
    ("应急管理局", "应急", ["办公室", "安全生产监督管理股", "防灾减灾股"]),
    ("审计局", "审", ["办公室"]),
    ("市场监督管理局", "市监", ["办公室", "食品安全监督管理股", "特种设备股"]),
    ("医疗保障局", "医保", ["办公室", "待遇保障股"]),
    ("林业和草原局", "林草", ["办公室", "森林防火办公室"]),
    ("统计局", "统", ["办公室"]),
    ("信访局", "信", ["办公室"]),
    ("营商环境建设监督局", "营商", ["办公室"]),
    ("乡村振兴局", "振兴", ["办公室", "项目管理股"]),
]
TOWNSHIPS = ["望奎镇", "通江镇", "卫星镇", "海丰镇", "莲花镇", "东郊镇", "惠七镇", "先锋镇", "火箭镇", "灯塔镇", "东升乡",
             "灵山满族乡", "厢白满族乡", "后三乡", "恭六乡", "红旗乡", "长发乡", "双龙乡", "前进乡", "丰收乡", "兴华乡",
             "太平乡", "福民乡", "永安乡"]
TOWNSHIP_OFFICES = ["党政办公室", "经济发展办公室", "社会事务办公室", "财政所", "农业综合服务站", "综合治理办公室", "文化站",
                    "司法所"]
COUNTY_OFFICES = ["县政府办公室", "县政务公开办", "县政务服务中心"]

# How the catalogue is spread (relative weights): the county government publishes most, categories are skewed the
# way real catalogues are (工作动态 and 公告公示 dominate), and more is published in recent years.
COUNTY_WEIGHT, DEPARTMENT_WEIGHT, TOWNSHIP_WEIGHT = 10.0, 1.9, 1.6
CATEGORY_WEIGHTS = {
    "工作动态": 30, "公告公示": 14, "政务信息": 9, "乡镇文件": 6, "便民服务": 6, "计划总结": 5, "行政执法": 4, "办事指南": 3,
    "组织机构": 1, "法律法规": 2, "其它": 2, "政策文件": 8, "规划计划": 4, "统计信息": 3, "行政许可": 6,
    "行政处罚与行政强制": 5, "财政预决算": 2, "收费项目": 1, "政府采购": 4, "重大建设项目": 2, "民生保障": 7, "应急管理": 3,
    "监督检查": 3, "人事信息": 2, "机构职能": 1, "其他": 2, "政府信息公开制度": 0.2, "政府信息公开年报": 0.2,
}
YEARS = list(range(2015, LAST_DAY.year + 1))
YEAR_WEIGHTS = [1.0 + 0.1 * i for i in range(len(YEARS))]

# ---------------------------------------------------------------------------------------------------------------
# The text: template sentences with slot words.
# ---------------------------------------------------------------------------------------------------------------

TOPICS = {  # slot word → 主题分类
    "秸秆禁烧": "城乡建设、环境保护", "春耕生产": "农业、林业、水利", "防汛": "农业、林业、水利", "低保": "民政、扶贫、救灾",
    "宅基地": "国土资源、能源", "森林防火": "农业、林业、水利", "安全生产": "市场监管、安全生产监管",
    "农村人居环境整治": "城乡建设、环境保护", "高标准农田建设": "农业、林业、水利", "耕地地力保护补贴": "农业、林业、水利",
    "土地承包经营权流转": "国土资源、能源", "农村危房改造": "城乡建设、环境保护", "农村饮水安全": "农业、林业、水利",
    "河长制": "农业、林业、水利", "特困人员供养": "民政、扶贫、救灾", "临时救助": "民政、扶贫、救灾",
    "城乡居民医疗保险": "卫生、体育", "城乡居民养老保险": "劳动、人事、监察", "乡村振兴": "农业、林业、水利",
    "巩固脱贫攻坚成果": "民政、扶贫、救灾", "黑土地保护": "农业、林业、水利", "大豆生产者补贴": "农业、林业、水利",
    "玉米生产者补贴": "农业、林业、水利", "农机购置补贴": "农业、林业、水利", "秸秆综合利用": "城乡建设、环境保护",
    "消防安全": "公安、安全、司法", "食品安全": "市场监管、安全生产监管", "疫苗接种": "卫生、体育",
    "义务教育": "教育", "就业创业培训": "劳动、人事、监察", "退役军人优抚": "民政、扶贫、救灾",
    "残疾人两项补贴": "民政、扶贫、救灾", "农村公路养护": "交通", "垃圾分类": "城乡建设、环境保护",
    "扫黑除恶": "公安、安全、司法", "信访维稳": "综合政务", "政府采购": "财政、金融、审计", "财政预算": "财政、金融、审计",
    "行政审批": "综合政务", "营商环境": "商贸、海关、旅游", "网格化管理": "综合政务", "防汛抗旱": "农业、林业、水利",
    "冬季供暖": "城乡建设、环境保护", "野生动物保护": "农业、林业、水利", "畜禽养殖污染治理": "城乡建设、环境保护",
    "村级财务公开": "财政、金融、审计", "一事一议筹资筹劳": "财政、金融、审计", "土地征收": "国土资源、能源",
    "房屋征收补偿": "城乡建设、环境保护", "文化惠民": "文化、广电、新闻出版",
}
TOPIC_LIST = list(TOPICS)
VILLAGES = ["东升村", "永安村", "长发村", "前进村", "红星村", "新华村", "富强村", "德胜村", "双龙村", "太平村", "丰收村",
            "兴隆村", "保安村", "福胜村", "团结村", "和平村", "胜利村", "靠山村", "长春村", "民主村", "光明村", "向阳村",
            "东兴村", "永丰村"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "华",
         "建国", "国庆", "志强", "海燕", "春生", "立新", "文静", "宝武", "天涛", "玉兰", "德福", "长海", "振华"]
LEADER_TITLES = ["党委书记", "乡长", "镇长", "副县长", "局长", "副局长", "党委副书记", "人大主席", "分管领导", "主要负责同志"]
LAWS = ["《中华人民共和国土地管理法》", "《社会救助暂行办法》", "《中华人民共和国政府信息公开条例》", "《中华人民共和国防洪法》",
        "《中华人民共和国森林法》", "《中华人民共和国安全生产法》", "《中华人民共和国大气污染防治法》",
        "《中华人民共和国农村土地承包法》", "《黑龙江省秸秆露天焚烧管理办法》", "《中华人民共和国行政许可法》",
        "《中华人民共和国行政处罚法》", "《中华人民共和国预算法》", "《黑龙江省黑土地保护利用条例》",
        "《中华人民共和国食品安全法》", "《中华人民共和国消防法》"]
ASPECTS = ["工作目标", "主要任务", "保障措施", "实施范围", "补贴标准", "申请条件", "办理流程", "责任分工", "时间安排", "监督方式",
           "资金来源", "发放对象", "检查结果", "整改要求", "联系方式"]
DOC_KINDS = ["通知", "方案", "公告", "公示", "报告", "总结", "计划", "意见", "办法", "通报"]

GENERAL_TITLES = [
    "关于做好{year}年{topic}工作的通知", "关于进一步加强{topic}工作的意见", "{short}{year}年{topic}实施方案",
    "关于开展{topic}专项检查的通知", "{short}关于{topic}有关事项的公告", "{year}年{topic}工作总结",
    "关于{year}年度{topic}资金发放情况的公示", "{short}{topic}工作推进情况通报", "关于印发《{short}{topic}管理办法》的通知",
]
CATEGORY_TITLES = {
    "工作动态": ["{short}召开{topic}工作推进会", "{place}扎实推进{topic}工作", "{short}开展{topic}专项行动",
             "{leader}到{place}调研{topic}工作", "{place}多措并举抓好{topic}", "{short}部署{year}年{topic}工作",
             "{village}{topic}工作取得阶段性成效"],
    "公告公示": ["关于{year}年{topic}对象名单的公示", "{village}{year}年{topic}资金发放情况公示",
             "关于{topic}有关事项的公告", "{short}{year}年第{n}批{topic}审核结果公示"],
    "计划总结": ["{short}{year}年{topic}工作计划", "{short}{year}年{topic}工作总结", "{short}{year}年上半年工作总结"],
    "规划计划": ["{short}{year}年{topic}工作计划", "{county}“十四五”{topic}专项规划", "{year}年{topic}实施方案"],
    "乡镇文件": ["关于印发《{short}{topic}实施办法》的通知", "关于做好{year}年{topic}工作的通知", "关于成立{topic}工作领导小组的通知"],
    "政策文件": ["关于印发《{county}{topic}实施办法》的通知", "关于进一步加强{topic}工作的意见", "{county}{topic}管理暂行办法"],
    "行政执法": ["{short}行政处罚决定书（{topic}）", "{year}年{topic}行政执法检查结果公示", "{short}行政执法事项清单"],
    "行政处罚与行政强制": ["{short}行政处罚决定书（{topic}）", "{year}年第{n}季度行政处罚案件信息公示"],
    "办事指南": ["{topic}办事指南", "{topic}申请流程及所需材料", "{short}{topic}服务事项一次性告知单"],
    "行政许可": ["{topic}行政许可办事指南", "{year}年第{n}批行政许可决定公示", "{short}行政许可事项清单"],
    "便民服务": ["{topic}政策问答", "{year}年{topic}标准调整情况", "{topic}政策明白纸"],
    "民生保障": ["{year}年{topic}标准调整情况", "{county}{year}年{topic}资金分配情况", "{topic}政策解读"],
    "组织机构": ["{agency}机构职能", "{agency}领导分工调整情况", "{agency}内设机构及职责"],
    "机构职能": ["{agency}机构职能", "{agency}领导分工调整情况", "{agency}内设机构及职责"],
    "财政预决算": ["{agency}{year}年部门预算公开说明", "{agency}{year}年部门决算公开说明", "{year}年“三公”经费预算情况说明"],
    "统计信息": ["{year}年{month}月{topic}统计数据", "{county}{year}年国民经济和社会发展统计公报"],
    "政府采购": ["{short}{topic}项目采购结果公告", "{short}{year}年政府采购意向公开"],
    "应急管理": ["关于做好{topic}应急准备工作的通知", "{county}{topic}应急预案", "{short}{year}年{topic}工作方案"],
    "人事信息": ["{short}{year}年公开招聘工作人员公告", "{short}{year}年公开招聘拟聘用人员公示"],
    "政府信息公开制度": ["{agency}政府信息公开保密审查制度", "{agency}政府信息公开工作考核制度", "{agency}依申请公开工作规程"],
    "政府信息公开年报": ["{agency}{year}年政府信息公开工作年度报告"],
}
SENTENCES = [
    "为切实做好{topic}工作，{short}结合实际，制定本方案。",
    "近日，{short}召开{topic}工作推进会，{leader}出席会议并讲话。",
    "会议要求，各村要进一步提高思想认识，压实工作责任，确保{topic}各项任务落到实处。",
    "截至目前，全{unit}共完成{topic}任务{num}亩，涉及农户{num2}户。",
    "{place}组织党员干部深入田间地头，向村民宣传{topic}政策，发放明白纸{num2}份。",
    "下一步，{short}将继续加大{topic}工作力度，建立长效机制，切实维护人民群众切身利益。",
    "对公示内容如有异议，请于公示之日起{n}个工作日内向{short}{office}反映，联系电话：0455-67{phone}。",
    "本次{topic}资金共计{money}万元，已通过“一卡通”发放到户。",
    "各村（社区）要严格按照{topic}有关规定，做到政策公开、程序公正、结果公平。",
    "申请人应当提交身份证明、户口簿及相关证明材料，经村民委员会评议后报{short}审核。",
    "检查中发现问题{n}处，已全部责令整改到位。",
    "{short}成立了以{leader}为组长的{topic}工作领导小组，负责统筹协调全{unit}{topic}工作。",
    "{topic}工作事关群众切身利益，事关经济社会发展大局。",
    "依据{law}等有关规定，结合本{unit}实际，现将有关事项通知如下。",
    "本办法自印发之日起施行，由{short}负责解释。",
    "{village}党支部书记带领村干部逐户走访，及时掌握{topic}工作中群众反映的困难和问题。",
    "全{unit}共设立{topic}监督检查点{n}个，安排巡查人员{num2}人，实行二十四小时值守。",
    "对工作不力、造成严重后果的，依法依规追究相关人员责任。",
    "今年以来，{short}累计投入资金{money}万元，用于{topic}和{topic2}。",
    "各有关单位要加强协调配合，形成工作合力，确保{topic}工作有序开展。",
    "符合条件的群众可向所在村委会提出申请，也可直接到{short}{office}办理。",
    "{short}将{topic}纳入年度绩效考核，考核结果作为评先评优的重要依据。",
    "通过开展{topic}工作，全{unit}群众的获得感、幸福感、安全感进一步增强。",
    "此项工作由{office}具体负责，{leader}负总责。",
    "目前全{unit}{topic}覆盖率达到{pct}%，较上年提高{n}个百分点。",
    "各村要利用广播、微信群、宣传栏等多种形式，广泛宣传{topic}的重要意义。",
    "对在{topic}工作中表现突出的{num2}名同志和{n}个村予以通报表扬。",
    "严禁以任何名义截留、挪用{topic}资金，一经发现严肃处理。",
]
SUMMARIES = [
    "公开{short}{topic}相关{kind}，包括{aspect}、{aspect2}等内容。",
    "{short}关于{topic}工作的{kind}，明确了{aspect}和{aspect2}。",
    "本{kind}介绍了{year}年{topic}的{aspect}、{aspect2}及相关要求。",
]


@dataclass
class AgencyInfo:
    pk: int
    code: str  # the 组织机构代码: the front part of every 索引号
    name: str
    short: str
    unit: str
    doc_prefix: str
    weight: float
    categories: list[tuple[int, str, int | None]] = field(default_factory=list)  # (pk, name, shorter limit)
    category_cum: list[float] = field(default_factory=list)
    office_ids: list[int] = field(default_factory=list)
    office_names: list[str] = field(default_factory=list)


def _org_code(n: int) -> str:
    from privacy.identifiers import org_code_check_char

    first8 = f"{11_230_000 + n:08d}"
    return first8 + org_code_check_char(first8)


def _uscc(org_code: str) -> str:
    from privacy.identifiers import uscc_check_char

    first17 = "11231221" + org_code
    return first17 + uscc_check_char(first17)


def build_agencies() -> None:
    """The county, its departments and townships, their offices and default categories, through the services."""
    from agencies import services
    from agencies.models import Agency, Office, User
    from catalog.services import create_default_categories

    if Agency.objects.exists():
        return
    admin = User.objects.filter(username="bench-admin").first()
    if admin is None:
        admin = User(username="bench-admin", full_name="基准测试", is_superuser=True, is_staff=True)
        admin.set_unusable_password()
        admin.save()
    hours = "工作日上午8:30—11:30，下午13:30—17:00（法定节假日除外）"

    def create(n: int, name: str, short: str, kind: str, parent, offices: list[str]):
        org = _org_code(n)
        agency = services.create_agency(
            acting_user=admin, code=org, name=name, short_name=short, kind=kind, parent=parent, uscc=_uscc(org),
            office_name=f"{name}办公室", office_address=f"黑龙江省绥化市{COUNTY}文明路{n + 1}号",
            office_hours=hours, office_phone=f"0455-67{11000 + n:05d}"[:12], office_postcode="152100",
            office_internet="http://www.wangkui.gov.cn")
        for i, office in enumerate(offices):
            services.add_office(agency, acting_user=admin, name=office, kind=Office.Kind.OFFICE, sort_order=i)
        create_default_categories(agency, acting_user=admin)
        return agency

    county = create(0, f"{COUNTY}人民政府", COUNTY, Agency.Kind.COUNTY_GOVERNMENT, None, COUNTY_OFFICES)
    for i, (name, _code, offices) in enumerate(DEPARTMENTS, start=1):
        create(i, f"{COUNTY}{name}", f"县{name}", Agency.Kind.DEPARTMENT, county, offices)
    for i, name in enumerate(TOWNSHIPS, start=len(DEPARTMENTS) + 1):
        create(i, f"{name}人民政府", name, Agency.Kind.TOWNSHIP, county, TOWNSHIP_OFFICES)
    services.update_site_settings(
        acting_user=admin, site_name=f"{COUNTY}人民政府 政府信息公开平台", host_org=f"{COUNTY}人民政府",
        address=f"黑龙江省绥化市{COUNTY}文明路48号", phone="0455-6711168", site_code="2312210001",
        icp_no="黑ICP备13005961号-1", psb_no="23122102000101", copyright_since=2019)


def agency_infos() -> list[AgencyInfo]:
    from agencies.models import Agency, Office
    from catalog.models import Category

    dept_codes = {f"{COUNTY}{name}": code for name, code, _ in DEPARTMENTS}
    infos = []
    for agency in Agency.objects.order_by("pk"):
        if agency.kind == Agency.Kind.COUNTY_GOVERNMENT:
            prefix, weight, unit = "望政发", COUNTY_WEIGHT, "县"
        elif agency.kind == Agency.Kind.DEPARTMENT:
            prefix, weight, unit = f"望{dept_codes.get(agency.name, '政')}发", DEPARTMENT_WEIGHT, "县"
        else:
            prefix, weight, unit = f"{agency.short_name[0]}政发", TOWNSHIP_WEIGHT, agency.short_name[-1]
        info = AgencyInfo(agency.pk, agency.catalogue_code, agency.name, agency.short_name or agency.name, unit,
                          prefix, weight)
        for c in Category.objects.filter(agency=agency).order_by("sort_order", "pk"):
            info.categories.append((c.pk, c.name, c.publish_limit_days))
        info.category_cum = list(accumulate(CATEGORY_WEIGHTS.get(name, 1) for _, name, _ in info.categories))
        offices = list(Office.objects.filter(agency=agency).order_by("sort_order", "pk"))
        info.office_ids = [o.pk for o in offices]
        info.office_names = [o.name for o in offices]
        infos.append(info)
    return infos


class Generator:
    """Deterministic catalogue rows (a dict of column → value per item).

    Titles, summaries and metadata are composed per row. Body paragraphs are composed from the sentence templates
    and kept in a small pool per (agency, topic) — up to PARAGRAPHS_PER_POOL each, a body takes 2–4 of them — with
    their segmentation, so that segmenting a million bodies does not dominate the load. Segmentation splits at
    punctuation and line breaks, so the segmented body built from the pieces is exactly what `segment_for_index`
    gives for the whole text; `check()` verifies that on sampled rows during every load.
    """

    PARAGRAPHS_PER_POOL = 8

    def __init__(self, agencies: list[AgencyInfo], user_id: int, serials: dict[tuple[int, int], int]):
        from search.segmentation import segment_for_index
        from workdays.loading import get_calendar

        self.agencies = agencies
        self.agency_cum = list(accumulate(a.weight for a in agencies))
        self.year_cum = list(accumulate(YEAR_WEIGHTS))
        self.user_id = user_id
        self.serials = serials  # (agency pk, year) → last serial used
        self.segment = segment_for_index
        self.paragraphs: dict[tuple[int, str], list[tuple[str, str]]] = {}
        try:
            self.calendar = get_calendar()
        except Exception:  # noqa: BLE001 - without a calendar the due date is approximated below
            self.calendar = None
        self._due: dict[tuple[date, int], date] = {}

    @staticmethod
    def _pick(rnd, items: list, cum: list[float]):
        return items[bisect(cum, rnd() * cum[-1])]

    def _due_date(self, formed_on: date, days: int) -> date:
        key = (formed_on, days)
        due = self._due.get(key)
        if due is None:
            try:
                due = self.calendar.nth_working_day_after(formed_on, days)
            except Exception:  # noqa: BLE001 - outside the loaded years: 7 calendar days per 5 working days
                due = formed_on + timedelta(days=days * 7 // 5)
            self._due[key] = due
        return due

    def _paragraph(self, ag: AgencyInfo, topic: str, rnd) -> tuple[str, str]:
        pool = self.paragraphs.setdefault((ag.pk, topic), [])
        if len(pool) >= self.PARAGRAPHS_PER_POOL:
            return pool[int(rnd() * len(pool))]
        slots = {
            "short": ag.short, "unit": ag.unit, "topic": topic, "topic2": TOPIC_LIST[int(rnd() * len(TOPIC_LIST))],
            "leader": (LEADER_TITLES[int(rnd() * len(LEADER_TITLES))] + SURNAMES[int(rnd() * len(SURNAMES))]
                       + GIVEN[int(rnd() * len(GIVEN))]),
            "law": LAWS[int(rnd() * len(LAWS))], "village": VILLAGES[int(rnd() * len(VILLAGES))],
            "place": ag.short if rnd() < 0.5 else VILLAGES[int(rnd() * len(VILLAGES))],
            "office": ag.office_names[int(rnd() * len(ag.office_names))] if ag.office_names else "办公室",
            "money": f"{1 + int(rnd() * 9999)}.{int(rnd() * 100):02d}", "phone": f"{int(rnd() * 100000):05d}",
            "pct": 60 + int(rnd() * 41),
        }
        sentences = []
        for _ in range(2 + int(rnd() * 2)):
            slots["n"], slots["num"], slots["num2"] = 2 + int(rnd() * 8), 100 + int(rnd() * 99900), 10 + int(rnd() * 4990)
            sentences.append(SENTENCES[int(rnd() * len(SENTENCES))].format_map(slots))
        text = "".join(sentences)
        piece = (text, self.segment(text))
        pool.append(piece)
        return piece

    def row(self, pk: int, rng: random.Random) -> dict:
        rnd = rng.random
        ag: AgencyInfo = self._pick(rnd, self.agencies, self.agency_cum)
        cat_pk, cat_name, cat_limit = self._pick(rnd, ag.categories, ag.category_cum)
        year = self._pick(rnd, YEARS, self.year_cum)
        r = rnd()
        status = "unpublished" if r < 0.01 else "withdrawn" if r < 0.03 else "published"
        if status == "unpublished":
            published_on = None
            formed_on = LAST_DAY - timedelta(days=int(rnd() * 60))
        else:
            first = date(year, 1, 1)
            span = (min(date(year, 12, 31), LAST_DAY) - first).days + 1
            published_on = first + timedelta(days=int(rnd() * span))
            formed_on = published_on - timedelta(days=int(rnd() * 26))
        topic = TOPIC_LIST[int(rnd() * len(TOPIC_LIST))]
        slots = {
            "agency": ag.name, "short": ag.short, "county": COUNTY, "topic": topic,
            "year": formed_on.year, "month": formed_on.month, "village": VILLAGES[int(rnd() * len(VILLAGES))],
            "place": ag.short if rnd() < 0.5 else VILLAGES[int(rnd() * len(VILLAGES))],
            "leader": (LEADER_TITLES[int(rnd() * len(LEADER_TITLES))] + SURNAMES[int(rnd() * len(SURNAMES))]
                       + GIVEN[int(rnd() * len(GIVEN))]),
            "kind": DOC_KINDS[int(rnd() * len(DOC_KINDS))], "aspect": ASPECTS[int(rnd() * len(ASPECTS))],
            "aspect2": ASPECTS[int(rnd() * len(ASPECTS))], "n": 1 + int(rnd() * 9),
        }
        if cat_name == "政府信息公开年报":
            slots["year"] = max(2015, (published_on or formed_on).year - 1)
        templates = CATEGORY_TITLES.get(cat_name, GENERAL_TITLES)
        title = templates[int(rnd() * len(templates))].format_map(slots)[:200]
        summary = SUMMARIES[int(rnd() * len(SUMMARIES))].format_map(slots)
        mode = "on_request" if rnd() < 0.03 else "proactive"
        pieces = [self._paragraph(ag, topic, rnd) for _ in range(2 + int(rnd() * 3))] if mode == "proactive" else []
        body_html = "".join(f"<p>{text}</p>" for text, _ in pieces)
        doc_no = f"{ag.doc_prefix}〔{formed_on.year}〕{1 + int(rnd() * 150)}号" if rnd() < 0.35 else ""
        index_no = None
        if status != "unpublished":
            key = (ag.pk, published_on.year)
            self.serials[key] = serial = self.serials.get(key, 0) + 1
            index_no = f"{ag.code}/{published_on.year:04d}-{serial:05d}"
        v = rnd()
        validity = "abolished" if v < 0.03 else "expired" if v < 0.08 else "valid"
        abolished_on = None
        if validity == "abolished" and published_on:
            abolished_on = min(LAST_DAY, published_on + timedelta(days=180 + int(rnd() * 1800)))
        due = self._due_date(formed_on, min(20, cat_limit or 20))
        withdrawn_on = None
        if status == "withdrawn":
            withdrawn_on = min(LAST_DAY, published_on + timedelta(days=30 + int(rnd() * 370)))
        # What catalog.services._index_for_search stores: the title line always, the body while published.
        seg_title = self.segment(f"{title} {doc_no} {index_no or ''}")
        seg_body = ""
        if status == "published":
            seg_body = " ".join(filter(None, [self.segment(summary + "\n"), *(seg for _, seg in pieces)]))
        moment = datetime.combine(published_on or formed_on, datetime.min.time(), tzinfo=UTC) + timedelta(
            hours=1, minutes=int(rnd() * 480))
        return {
            "id": pk, "agency_id": ag.pk, "category_id": cat_pk,
            "office_id": ag.office_ids[int(rnd() * len(ag.office_ids))] if ag.office_ids and rnd() < 0.7 else None,
            "matter_id": None, "index_no": index_no, "status": status, "title": title, "summary": summary,
            "doc_no": doc_no, "issuer": ag.name, "topic": TOPICS[topic], "formed_on": formed_on,
            "published_on": published_on, "updated_on": published_on, "disclosure_mode": mode,
            "withhold_reason": "", "scope": "public",
            "doc_kind": "normative" if doc_no and cat_name in ("乡镇文件", "政策文件") else "",
            "validity": validity, "abolished_on": abolished_on, "body_html": body_html,
            "version": 0 if status == "unpublished" else 1, "publish_due": due,
            "published_late": bool(published_on and published_on > due), "withdrawn_on": withdrawn_on,
            "withdrawn_reason": "信息内容已过时效，予以撤回。" if withdrawn_on else "",
            "seg_title": seg_title, "seg_body": seg_body, "created_by_id": self.user_id,
            "created_at": moment, "updated_at": moment,
        }

    def check(self, row: dict) -> None:
        """The segmented columns are exactly what the publication service would store for this row."""
        from catalog.richtext import html_to_text

        expected_title = self.segment(f"{row['title']} {row['doc_no']} {row['index_no'] or ''}")
        expected_body = ""
        if row["status"] == "published":
            body = html_to_text(row["body_html"]) if row["disclosure_mode"] == "proactive" else ""
            expected_body = self.segment(f"{row['summary']}\n{body}")
        if (row["seg_title"], row["seg_body"]) != (expected_title, expected_body):
            raise AssertionError(f"segmentation differs for item {row['id']}:\n{row['seg_body']}\n{expected_body}")


# ---------------------------------------------------------------------------------------------------------------
# Loading (inside a process whose Django settings point at the benchmark database)
# ---------------------------------------------------------------------------------------------------------------


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def item_columns() -> list[str]:
    from catalog.models import Item

    return [f.column for f in Item._meta.concrete_fields]


def current_serials() -> dict[tuple[int, int], int]:
    """The last 索引号 serial per (agency, year) already in the database (serials are gap-free from 1)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT agency_id, substr(index_no, 11, 4), max(CAST(substr(index_no, 16, 5) AS integer)) "
                       "FROM catalog_item WHERE index_no IS NOT NULL GROUP BY 1, 2")
        return {(a, int(y)): int(s) for a, y, s in cursor.fetchall()}


def _sqlite_value(value):
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def drop_secondary_indexes(state_file: Path) -> None:
    """Before a big load: drop catalog_item's non-unique indexes (and on SQLite the FTS5 triggers), remembering
    their exact definitions so they are rebuilt afterwards from the same SQL the migrations created."""
    from django.db import connection

    if state_file.exists():
        return  # dropped by an earlier, interrupted run
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' "
                           "AND tablename = 'catalog_item' AND indexdef NOT LIKE 'CREATE UNIQUE%%'")
            saved = {"indexes": cursor.fetchall(), "triggers": []}
        else:
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'catalog_item' "
                           "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%%'")
            indexes = cursor.fetchall()
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'catalog_item'")
            saved = {"indexes": indexes, "triggers": cursor.fetchall()}
        state_file.write_text(json.dumps(saved, ensure_ascii=False, indent=1))
        for name, _ in saved["triggers"]:
            cursor.execute(f'DROP TRIGGER "{name}"')
        for name, _ in saved["indexes"]:
            cursor.execute(f'DROP INDEX "{name}"')
    log(f"dropped {len(saved['indexes'])} indexes and {len(saved['triggers'])} triggers for the bulk load")


def restore_secondary_indexes(state_file: Path) -> None:
    from django.db import connection

    if not state_file.exists():
        return
    saved = json.loads(state_file.read_text())
    started = time.monotonic()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET maintenance_work_mem = '1GB'")
        for name, sql in saved["indexes"]:
            t0 = time.monotonic()
            cursor.execute(sql)
            log(f"  index {name}: {time.monotonic() - t0:.0f} s")
        if saved["triggers"]:
            t0 = time.monotonic()
            cursor.execute("INSERT INTO catalog_item_fts(catalog_item_fts) VALUES ('rebuild')")
            log(f"  FTS5 rebuild: {time.monotonic() - t0:.0f} s")
            for _name, sql in saved["triggers"]:
                cursor.execute(sql)
    state_file.unlink()
    log(f"rebuilt the indexes in {time.monotonic() - started:.0f} s")


def load_items(target: int, gen: Generator, state_file: Path) -> None:
    from django.db import connection, transaction

    from catalog.models import Item

    have = Item.objects.count()
    next_pk = (Item.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    missing = target - have
    if missing <= 0:
        log(f"{have:,} items already loaded")
        return
    bulk = missing >= 100_000 and missing > have
    if bulk:
        drop_secondary_indexes(state_file)
    columns = item_columns()
    started, done = time.monotonic(), 0
    log(f"loading {missing:,} items ({have:,} → {target:,})")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET synchronous_commit = off")
        else:
            cursor.execute("PRAGMA synchronous = OFF")
            cursor.execute("PRAGMA cache_size = -262144")  # 256 MB while loading
    while done < missing:
        n = min(BATCH, missing - done)
        first_pk = next_pk + done
        rng = random.Random(SEED * 1_000_003 + first_pk)
        rows = (gen.row(first_pk + i, rng) for i in range(n))
        rows = (gen.check(row) or row if row["id"] % 997 == 0 else row for row in rows)
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY catalog_item ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row([row[c] for c in columns])
            else:
                sql = (f"INSERT INTO catalog_item ({', '.join(columns)}) "
                       f"VALUES ({', '.join('?' * len(columns))})")
                connection.connection.executemany(sql, ([_sqlite_value(row[c]) for c in columns] for row in rows))
        done += n
        if done % 100_000 == 0 or done == missing:
            rate = done / (time.monotonic() - started)
            log(f"  {have + done:,} items, {rate:,.0f}/s, eta {(missing - done) / rate:.0f} s")


def finish_load(state_file: Path) -> None:
    from django.db import connection

    from agencies.models import Agency, NumberSequence

    restore_secondary_indexes(state_file)
    serials = current_serials()
    agencies = {a.pk: a for a in Agency.objects.all()}
    NumberSequence.objects.filter(key="catalog.index").delete()
    NumberSequence.objects.bulk_create(
        NumberSequence(agency=agencies[a], key="catalog.index", year=y, last_value=s) for (a, y), s in serials.items())
    t0 = time.monotonic()
    with connection.cursor() as cursor:
        # The publishing services keep Category.published_count; a bulk load sets it once, as its data migration does.
        cursor.execute("UPDATE catalog_category SET published_count = (SELECT count(*) FROM catalog_item i "
                       "WHERE i.category_id = catalog_category.id AND i.status = 'published')")
        log(f"category counters: {time.monotonic() - t0:.0f} s")
        t0 = time.monotonic()
        if connection.vendor == "postgresql":
            cursor.execute("SELECT setval(pg_get_serial_sequence('catalog_item', 'id'), "
                           "(SELECT max(id) FROM catalog_item))")
            # What autovacuum would do soon after such a load; done now so it does not run during the measurements.
            cursor.execute("VACUUM (ANALYZE) catalog_item")
            log(f"VACUUM ANALYZE: {time.monotonic() - t0:.0f} s")
        else:
            # No ANALYZE: the application never runs it on the embedded default, so neither does the benchmark.
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def database_size() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database())), "
                           "pg_size_pretty(pg_relation_size('catalog_item_search_gin'))")
            total, gin = cursor.fetchone()
            return f"database {total}, GIN index {gin}"
    return f"file {SQLITE_PATH.stat().st_size / 2**30:.2f} GiB"


# ---------------------------------------------------------------------------------------------------------------
# The pages measured, and an in-process profile of their queries
# ---------------------------------------------------------------------------------------------------------------

SEARCH_BROAD = "秸秆禁烧"  # two words (秸秆 / 禁烧), found in a few per cent of the catalogue
SEARCH_SELECTIVE = "红星村 宅基地"  # a village name and a topic: a few hundred matches per million


def pick_pages(deep_row: int) -> list[tuple[str, str, str]]:
    """(key, label, path) of each page, computed from the data itself."""
    from agencies.models import Agency
    from catalog import selectors
    from catalog.models import Category, DisclosureMode, Item

    county = Agency.objects.get(parent__isnull=True)
    category = Category.objects.get(agency=county, name="工作动态")
    rows = selectors.filtered_published(category=category)
    count = rows.count()
    position = deep_row if count > deep_row + selectors.PAGE_SIZE else max(1, int(count * 0.9))
    deep = rows.order_by("-published_on", "-id")[position - 1]
    half = (Item.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) // 2
    item = (selectors.published_items().filter(pk__gte=half, disclosure_mode=DisclosureMode.PROACTIVE)
            .exclude(doc_no="").order_by("pk").first())
    base = f"/gk/{county.code}/c/{category.pk}/"
    return [
        ("trivial", "trivial view", "/bench/trivial/"),
        ("home", "home /", "/"),
        ("category", f"category, first page ({count:,} rows)", base),
        ("deep", f"category, row {position:,}", f"{base}?after={selectors.encode_cursor(deep)}"),
        ("item", "item page", f"/item/{item.index_no}/"),
        ("search", f"search “{SEARCH_BROAD}”", "/search/?" + urllib.parse.urlencode({"q": SEARCH_BROAD})),
        ("search_sel", f"search “{SEARCH_SELECTIVE}”", "/search/?" + urllib.parse.urlencode({"q": SEARCH_SELECTIVE})),
    ]


def profile_pages(pages, plans_file: Path, statement_timeout: float) -> dict[str, dict]:
    """Render each page in-process (the Django test client, same settings), timing every query, and write the plan
    of every query above 1 ms to `plans_file`. A query running longer than `statement_timeout` seconds is stopped
    (its plan is still written)."""
    from django.db import connection
    from django.test import Client

    client = Client()
    logging.getLogger("django.request").disabled = True  # a stopped query is reported below, not as a traceback
    profile, lines = {}, [f"# query plans, {connection.vendor}, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC\n"]
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET statement_timeout = {int(statement_timeout * 1000)}")
    for key, label, path in pages:
        if key == "trivial":
            continue
        runs = []
        for attempt in range(6):
            queries = []

            def wrapper(execute, sql, params, many, context, queries=queries):
                t0 = time.perf_counter()
                try:
                    return execute(sql, params, many, context)
                finally:
                    queries.append((time.perf_counter() - t0, sql, params))

            if connection.vendor == "sqlite":
                deadline = time.monotonic() + statement_timeout
                connection.connection.set_progress_handler(lambda deadline=deadline: time.monotonic() > deadline,
                                                           100_000)
            t0 = time.perf_counter()
            try:
                with connection.execute_wrapper(wrapper):
                    status = client.get(path).status_code
            except Exception as exc:  # noqa: BLE001 - a stopped query: reported, not fatal
                status = f"stopped after {statement_timeout:.0f} s ({type(exc).__name__})"
            elapsed = time.perf_counter() - t0
            if connection.vendor == "sqlite":
                connection.connection.set_progress_handler(None, 0)
            # The first run warms caches (templates, URL resolvers) and is dropped, unless it is so slow that
            # repeating it would only cost time; a page slower than a second is not repeated either.
            if attempt > 0 or elapsed > statement_timeout / 2:
                runs.append((elapsed, queries, status))
            if runs and elapsed > 1:
                break
        runs.sort(key=lambda r: r[0])
        total, queries, status = runs[len(runs) // 2]
        db_ms = sum(q[0] for q in queries) * 1000
        profile[key] = {"status": status, "ms": round(total * 1000, 2), "queries": len(queries),
                        "db_ms": round(db_ms, 2)}
        lines.append(f"\n## {label}  {path}\nHTTP {status}; {total * 1000:.1f} ms in-process; "
                     f"{len(queries)} queries, {db_ms:.1f} ms in the database\n")
        for seconds, sql, params in sorted(queries, key=lambda q: -q[0]):
            lines.append(f"\n### {seconds * 1000:.2f} ms: {sql}\n    params: {params!r}\n")
            if seconds < 0.001 or not sql.lstrip().upper().startswith("SELECT"):
                continue
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    analyze = "ANALYZE, BUFFERS" if seconds < statement_timeout / 2 else "COSTS"
                    cursor.execute(f"EXPLAIN ({analyze}) " + sql, params)
                else:
                    cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
                for row in cursor.fetchall():
                    lines.append("    " + " | ".join(str(c) for c in row) + "\n")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("RESET statement_timeout")
    plans_file.write_text("".join(lines))
    return profile


# ---------------------------------------------------------------------------------------------------------------
# Serving and measuring
# ---------------------------------------------------------------------------------------------------------------

LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH {\\"requests\\": %d, \\"duration_us\\": %d, \\"p50\\": %d, \\"p75\\": %d, \\"p90\\": %d, \\"p95\\": %d, "
    .. "\\"p99\\": %d, \\"max\\": %d, \\"connect\\": %d, \\"read\\": %d, \\"write\\": %d, \\"status\\": %d, "
    .. "\\"timeout\\": %d}\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(75), latency:percentile(90),
    latency:percentile(95), latency:percentile(99), latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(db: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": PG_URL if db == "postgres" else f"sqlite:///{SQLITE_PATH}",
        "GONGKAI_VAR_DIR": str(WORK / "var"),
        "GONGKAI_BENCH_STATIC_ROOT": str(WORK / "static"),
        "PYTHONPATH": str(ROOT),
        "DEBUG": "0",
        "LOG_LEVEL": "WARNING",
    })
    env.pop("CONN_MAX_AGE", None)  # the project's default (600 s): persistent connections
    return env


class Server:
    def __init__(self, db: str, workers: int, blocking_threads: int | None = None):
        self.port = free_port()
        self.log = open(OUT / f"granian-{db}.log", "a")  # noqa: SIM115 - closed in stop()
        threads = ["--blocking-threads", str(blocking_threads)] if blocking_threads else []
        self.proc = subprocess.Popen(
            [str(GRANIAN), "--interface", "wsgi", "--workers", str(workers), *threads, "--no-ws", "--host",
             "127.0.0.1", "--port", str(self.port), "gongkai.wsgi:application"],
            cwd=ROOT, env=server_env(db), stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.base + "/bench/trivial/", timeout=2).read()  # noqa: S310
                return
            except (urllib.error.URLError, ConnectionError, OSError):
                if self.proc.poll() is not None:
                    raise RuntimeError(f"granian exited; see {self.log.name}") from None
                time.sleep(0.3)
        self.stop()
        raise RuntimeError("granian did not answer within 60 s")

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, 15)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, 9)
                self.proc.wait()
        self.log.close()


def fetch(url: str, timeout: float) -> tuple[int | None, bytes, float]:
    """(status, body, seconds) of one request; status None when it did not answer within `timeout`."""
    t0 = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - loopback only
            return response.status, response.read(), time.monotonic() - t0
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), time.monotonic() - t0
    except (TimeoutError, urllib.error.URLError):
        return None, b"", time.monotonic() - t0


def wrk(url: str, seconds: int, connections: int, script: Path | None = None) -> dict:
    cmd = [WRK, "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency"]
    if script:
        cmd += ["-s", str(script)]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    if script is None:
        return {}
    for line in out.splitlines():
        if line.startswith("BENCH "):
            result = json.loads(line[6:])
            result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
            return result
    raise RuntimeError(f"no summary from wrk:\n{out}")


def server_connections() -> int | None:
    """PostgreSQL connections the server holds open (persistent: one per granian thread that served a request)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> "
                       "pg_backend_pid()")
        return cursor.fetchone()[0]


def measure(db: str, pages, args, items: int) -> list[dict]:
    """wrk on each page, after one plain request (which must answer 200) and a warm-up run. A page whose single
    request takes longer than --slow seconds is not loaded with wrk: its single-request time is reported instead
    (and the server is restarted if the request had to be abandoned). After a page whose requests took over a second
    or timed out, the server is restarted too, so its backlog does not land on the next page."""
    script = WORK / "stats.lua"
    script.write_text(LUA)
    server = Server(db, args.workers, args.blocking_threads)
    results = []
    try:
        for key, label, path in pages:
            url = server.base + path
            status, body, seconds = fetch(url, timeout=args.page_timeout)
            row = {"key": key, "page": label, "path": path, "items": items, "bytes": len(body),
                   "load1": round(os.getloadavg()[0], 2), "single_ms": round(seconds * 1000, 1)}
            if status is None or seconds > args.slow:
                row.update({"rps": None, "p50_ms": None, "p95_ms": None, "p99_ms": None, "errors": 0,
                            "note": (f"no answer within {args.page_timeout:.0f} s" if status is None else
                                     f"one request took {seconds:.1f} s; not loaded with wrk")})
                results.append(row)
                log(f"  {label:<34} {row['note']}")
                if status is None:
                    server.stop()
                    server = Server(db, args.workers, args.blocking_threads)
                continue
            if status != 200:
                raise RuntimeError(f"{url} answered HTTP {status}: {body[:300]!r}")
            wrk(url, args.warmup, args.connections)
            row["load1"] = round(os.getloadavg()[0], 2)
            r = wrk(url, args.duration, args.connections, script)
            errors = r["connect"] + r["read"] + r["write"] + r["status"] + r["timeout"]
            row.update({"rps": round(r["rps"], 1), "p50_ms": r["p50"] / 1000, "p95_ms": r["p95"] / 1000,
                        "p99_ms": r["p99"] / 1000, "errors": errors, "server_db_connections": server_connections()})
            results.append(row)
            log(f"  {label:<34} {r['rps']:8.1f} req/s  p50 {r['p50'] / 1000:7.2f} ms  p95 {r['p95'] / 1000:7.2f} ms"
                f"{'  ERRORS ' + str(errors) if errors else ''}")
            if r["requests"] == 0 or r["timeout"] or r["p99"] > 1_000_000:
                # Requests wrk gave up on are still queued in the server: start afresh so that the backlog of a
                # slow page does not land on the next one.
                server.stop()
                server = Server(db, args.workers, args.blocking_threads)
    finally:
        server.stop()
    trivial = next(r["rps"] for r in results if r["key"] == "trivial")
    for r in results:
        r["ratio"] = round(trivial / r["rps"], 2) if r["rps"] else None
    return results


# ---------------------------------------------------------------------------------------------------------------
# One database, in its own process
# ---------------------------------------------------------------------------------------------------------------


def psql(sql: str, database: str = "postgres") -> None:
    subprocess.run(["psql", "-h", PG_HOST, "-p", str(PG_PORT), "-U", PG_USER, "-d", database, "-v",
                    "ON_ERROR_STOP=1", "-q", "-c", sql], check=True)


def recreate_database(db: str) -> None:
    if db == "postgres":
        psql(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
        psql(f"CREATE DATABASE {PG_DB} ENCODING 'UTF8' TEMPLATE template0")
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
    (OUT / f"dropped-indexes-{db}.json").unlink(missing_ok=True)


def run_one(db: str, args) -> dict:
    WORK.mkdir(parents=True, exist_ok=True)
    OUT.mkdir(parents=True, exist_ok=True)
    if not args.reuse:
        recreate_database(db)
    os.environ.update(server_env(db))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from agencies.models import User

    started = time.monotonic()
    log(f"{db}: migrate")
    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    build_agencies()
    infos = agency_infos()
    gen = Generator(infos, User.objects.get(username="bench-admin").pk, current_serials())
    state_file = OUT / f"dropped-indexes-{db}.json"
    report = {"db": db, "phases": [], "machine": machine()}
    from catalog.models import Item

    for target in (args.small, args.large):
        have = Item.objects.count()
        if have > target:
            log(f"{db}: the database already holds {have:,} items, more than {target:,}: that size is skipped")
            continue
        t0 = time.monotonic()
        load_items(target, gen, state_file)
        finish_load(state_file)
        load_s = time.monotonic() - t0
        size = database_size()
        log(f"{db}: {target:,} items ({size}); load {load_s:.0f} s")
        pages = pick_pages(args.deep_row)
        profile = profile_pages(pages, OUT / f"plans-{db}-{target}.txt", args.page_timeout)
        log(f"{db}: serving with granian ({args.workers} workers), wrk -t1 -c{args.connections} "
            f"-d{args.duration}s after {args.warmup}s warm-up")
        uptime_before = uptime()
        results = measure(db, pages, args, target)
        for r in results:
            r.update({f"inproc_{k}": v for k, v in profile.get(r["key"], {}).items()})
        server = f"granian --interface wsgi --workers {args.workers}" + (
            f" --blocking-threads {args.blocking_threads}" if args.blocking_threads else "")
        report["phases"].append({"items": target, "size": size, "load_s": round(load_s), "uptime": uptime_before,
                                 "server": server, "results": results})
        (OUT / f"results-{db}.json").write_text(json.dumps(report, ensure_ascii=False, indent=1))
    report["total_s"] = round(time.monotonic() - started)
    (OUT / f"results-{db}.json").write_text(json.dumps(report, ensure_ascii=False, indent=1))
    print()
    print_report(report)
    return report


# ---------------------------------------------------------------------------------------------------------------
# Reporting
# ---------------------------------------------------------------------------------------------------------------


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def machine() -> dict:
    mem = next((line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")), "0")
    return {"nproc": os.cpu_count(), "mem_gib": round(int(mem) / 2**20, 1), "uptime": uptime()}


def print_report(report: dict) -> None:
    name = {"postgres": "PostgreSQL", "sqlite": "SQLite"}[report["db"]]
    print(f"### {name}")
    print()
    print("| page | items | req/s | p50 ms | p95 ms | ratio to trivial | queries | db ms |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for phase in report["phases"]:
        for r in phase["results"]:
            queries = r.get("inproc_queries", "")
            db_ms = f"{r['inproc_db_ms']:.1f}" if "inproc_db_ms" in r else ""
            if not r["rps"]:
                note = "timed out" if r.get("note", "").startswith("no answer") else "1 request"
                print(f"| {r['page']} | {r['items']:,} | — | {r['single_ms']:,.0f} ({note}) | — | — "
                      f"| {queries} | {db_ms} |")
                continue
            err = f" ({r['errors']} errors)" if r["errors"] else ""
            print(f"| {r['page']} | {r['items']:,} | {r['rps']:,.0f}{err} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} "
                  f"| {r['ratio']:.1f}× | {queries} | {db_ms} |")
    print()
    for phase in report["phases"]:
        conns = [r["server_db_connections"] for r in phase["results"] if r.get("server_db_connections")]
        held = f"; the server held up to {max(conns)} PostgreSQL connections" if conns else ""
        print(f"- {phase['items']:,} items: {phase['size']}, loaded in {phase['load_s']} s; "
              f"{phase.get('server', 'granian')}{held}; during the run: {phase['uptime']}")
    if len(report["phases"]) == 2:
        small, large = report["phases"]
        by_key = {r["key"]: r for r in small["results"]}
        growth = []
        for r in large["results"]:
            before = by_key.get(r["key"])
            if before and not before["rps"] and not r["rps"]:
                growth.append(f"{r['key']} too slow at both sizes ({before['single_ms'] / 1000:.1f} s → "
                              f"{'over ' if r.get('note', '').startswith('no answer') else ''}"
                              f"{r['single_ms'] / 1000:.1f} s per request) — NOT FLAT")
            elif before and before["rps"] and not r["rps"]:
                growth.append(f"{r['key']} NOT FLAT (too slow to load)")
            elif before and before["rps"]:
                change = r["rps"] / before["rps"]
                flag = "" if change >= 0.67 else " — NOT FLAT"
                growth.append(f"{r['key']} {change:.2f}{flag}")
        print(f"- req/s at {large['items']:,} ÷ req/s at {small['items']:,}: " + ", ".join(growth))
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["postgres", "sqlite", "both"], default="both")
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=1_000_000)
    parser.add_argument("--duration", type=int, default=5, help="seconds of each measured wrk run")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of wrk before each measured run")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="granian worker processes")
    parser.add_argument("--slow", type=float, default=3.0,
                        help="a page whose single request takes longer (seconds) is reported, not loaded with wrk")
    parser.add_argument("--page-timeout", type=float, default=30.0,
                        help="seconds to wait for one request (and for one query in the in-process profile)")
    parser.add_argument("--blocking-threads", type=int, default=None,
                        help="granian --blocking-threads per worker (default: granian's own default)")
    parser.add_argument("--deep-row", type=int, default=DEEP_ROW, help="row of the category reached by cursor")
    parser.add_argument("--reuse", action="store_true",
                        help="keep the existing benchmark database and load only the missing rows (resume)")
    args = parser.parse_args()
    if args.db != "both":
        run_one(args.db, args)
        return
    # Each database in its own process: Django's settings are read once per process.
    reports = []
    for db in ("postgres", "sqlite"):
        cmd = [sys.executable, __file__, "--db", db, "--small", str(args.small), "--large", str(args.large),
               "--duration", str(args.duration), "--warmup", str(args.warmup), "--connections", str(args.connections),
               "--workers", str(args.workers), "--deep-row", str(args.deep_row), "--slow", str(args.slow),
               "--page-timeout", str(args.page_timeout), *(["--reuse"] if args.reuse else []),
               *(["--blocking-threads", str(args.blocking_threads)] if args.blocking_threads else [])]
        subprocess.run(cmd, check=True)
        reports.append(json.loads((OUT / f"results-{db}.json").read_text()))
    machine_info = reports[0]["machine"]
    print(f"\n## Portal benchmark ({machine_info['nproc']} cores, {machine_info['mem_gib']} GiB)\n")
    for report in reports:
        print_report(report)


if __name__ == "__main__":
    main()

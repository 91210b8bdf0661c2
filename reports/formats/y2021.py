"""《中华人民共和国政府信息公开工作年度报告格式》(国办公开办函〔2021〕30号): reports for 2021 onwards.

Every label below is exact (domain.md §2.2–2.5): full-width brackets, the curly quotes in “三安全一稳定”, the T3-1 note
in the header cell. Tests compare them with a hand-typed copy; change them only against the official text.
"""

from .base import (
    TABLE2,
    TABLE3,
    TABLE4,
    Block,
    Column,
    Part,
    ReportFormat,
    Row,
    Section,
    Source,
    Table3Layout,
    Table4Layout,
    Unit,
)

SECTION_TITLES = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)

OVERVIEW_PARTS = (
    Part("overview_proactive", "（一）主动公开"),
    Part("overview_on_request", "（二）依申请公开"),
    Part("overview_management", "（三）政府信息管理"),
    Part("overview_platform", "（四）政府信息公开平台建设"),
    Part("overview_supervision", "（五）监督保障"),
)

# Section 六 as published reports following the 2021 format fill it (domain.md §2.2, [S+R]).
OTHER_PARTS = (
    Part("other_fees", "（一）收取信息处理费情况"),
    Part("other_work_plan", "（二）落实上级年度政务公开工作要点情况"),
    Part("other_suggestions", "（三）人大代表建议和政协提案办理结果公开情况"),
    Part("other_innovation", "（四）年度政务公开工作创新情况"),
)

SECTIONS = (
    Section("overview", SECTION_TITLES[0], (Part("preamble"), *OVERVIEW_PARTS)),
    Section("proactive", SECTION_TITLES[1], table=TABLE2),
    Section("requests", SECTION_TITLES[2], table=TABLE3),
    Section("review", SECTION_TITLES[3], table=TABLE4),
    Section("problems", SECTION_TITLES[4], (Part("problems"),)),
    Section("other", SECTION_TITLES[5], OTHER_PARTS),
)

# --- table 二 (domain.md §2.3) ------------------------------------------------------------------------------------
MADE = Column("made", "本年制发件数")
ABOLISHED = Column("abolished", "本年废止件数")
IN_FORCE = Column("in_force", "现行有效件数")
DECISIONS = Column("decisions", "本年处理决定数量", source=Source.ENTERED)
FEE_AMOUNT = Column("amount", "本年收费金额（单位：万元）", unit=Unit.MONEY, source=Source.ENTERED)

TABLE2_BLOCKS = (
    Block("20.1", "第二十条第（一）项", (MADE, ABOLISHED, IN_FORCE),
          (Row("regulation", "规章"), Row("normative", "行政规范性文件"))),
    Block("20.5", "第二十条第（五）项", (DECISIONS,), (Row("licensing", "行政许可"),)),
    Block("20.6", "第二十条第（六）项", (DECISIONS,), (Row("penalty", "行政处罚"), Row("coercion", "行政强制"))),
    Block("20.8", "第二十条第（八）项", (FEE_AMOUNT,), (Row("fees", "行政事业性收费"),)),
)

# --- table 三 (domain.md §2.4) ------------------------------------------------------------------------------------
TABLE3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
APPLICANT_GROUP = "申请人情况"
ORG_GROUP = "法人或其他组织"
TABLE3_COLUMNS = (
    Column("natural_person", "自然人"),
    Column("business", "商业企业", group=ORG_GROUP),
    Column("research", "科研机构", group=ORG_GROUP),
    Column("public_interest", "社会公益组织", group=ORG_GROUP),
    Column("legal_services", "法律服务机构", group=ORG_GROUP),
    Column("other_org", "其他", group=ORG_GROUP),
    Column("total", "总计"),
)

RESULTS = "三、本年度办理结果"
WITHHELD = "（三）不予公开"
UNABLE = "（四）无法提供"
REJECTED = "（五）不予处理"
OTHER = "（六）其他处理"

ROWS_HEAD = (
    Row("received", "一、本年新收政府信息公开申请数量"),
    Row("carried_in", "二、上年结转政府信息公开申请数量"),
    Row("granted", "（一）予以公开", (RESULTS,)),
    Row("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", (RESULTS,)),
    Row("withheld_1", "1.属于国家秘密", (RESULTS, WITHHELD)),
    Row("withheld_2", "2.其他法律行政法规禁止公开", (RESULTS, WITHHELD)),
    Row("withheld_3", "3.危及“三安全一稳定”", (RESULTS, WITHHELD)),
    Row("withheld_4", "4.保护第三方合法权益", (RESULTS, WITHHELD)),
    Row("withheld_5", "5.属于三类内部事务信息", (RESULTS, WITHHELD)),
    Row("withheld_6", "6.属于四类过程性信息", (RESULTS, WITHHELD)),
    Row("withheld_7", "7.属于行政执法案卷", (RESULTS, WITHHELD)),
    Row("withheld_8", "8.属于行政查询事项", (RESULTS, WITHHELD)),
    Row("unable_1", "1.本机关不掌握相关政府信息", (RESULTS, UNABLE)),
    Row("unable_2", "2.没有现成信息需要另行制作", (RESULTS, UNABLE)),
    Row("unable_3", "3.补正后申请内容仍不明确", (RESULTS, UNABLE)),
    Row("rejected_1", "1.信访举报投诉类申请", (RESULTS, REJECTED)),
    Row("rejected_2", "2.重复申请", (RESULTS, REJECTED)),
    Row("rejected_3", "3.要求提供公开出版物", (RESULTS, REJECTED)),
    Row("rejected_4", "4.无正当理由大量反复申请", (RESULTS, REJECTED)),
    Row("rejected_5", "5.要求行政机关确认或重新出具已获取信息", (RESULTS, REJECTED)),
)
OTHER_ROWS = (
    Row("other_1", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", (RESULTS, OTHER)),
    Row("other_2", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", (RESULTS, OTHER)),
    Row("other_3", "3.其他", (RESULTS, OTHER)),
)
ROWS_TAIL = (
    Row("total", "（七）总计", (RESULTS,)),
    Row("carried_out", "四、结转下年度继续办理"),
)
TABLE3_ROWS = (*ROWS_HEAD, *OTHER_ROWS, *ROWS_TAIL)

# --- table 四 (domain.md §2.5) ------------------------------------------------------------------------------------
RECONSIDERATION = "行政复议"
LITIGATION = "行政诉讼"
TABLE4_GROUPS = (
    ("reconsideration", RECONSIDERATION, ""),
    ("litigation_direct", LITIGATION, "未经复议直接起诉"),
    ("litigation_after_reconsideration", LITIGATION, "复议后起诉"),
)
TABLE4_COLUMNS = (
    Column("upheld", "结果维持"),
    Column("corrected", "结果纠正"),
    Column("other", "其他结果"),
    Column("pending", "尚未审结"),
    Column("total", "总计"),
)

FORMAT = ReportFormat(
    version="2021",
    label="2021年格式（国办公开办函〔2021〕30号）",
    first_year=2021,
    name="中华人民共和国政府信息公开工作年度报告格式",
    basis="国办公开办函〔2021〕30号",
    title="{agency}{year}年政府信息公开工作年度报告",
    sections=SECTIONS,
    table2=TABLE2_BLOCKS,
    table3=Table3Layout(TABLE3_NOTE, APPLICANT_GROUP, TABLE3_COLUMNS, TABLE3_ROWS),
    table4=Table4Layout(TABLE4_GROUPS, TABLE4_COLUMNS),
    rules=("T2-1", "T2-2", "T2-3", "T3-1", "T3-2", "T3-3", "T3-4", "T4-1"),
)

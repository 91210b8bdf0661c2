"""The pre-2019 layout (reports for 2008–2018 under the 2007 regulation, 国务院令第492号), as the seed's
《2017年东升乡政府信息公开年度报告》 has it: four sections, the second with five numbered sub-sections, the fifth
being 政府信息公开的收费及减免情况 (Art.32(三) of the 2007 regulation). The seed has no tables; the figures the text
cites are kept as cells (so they are computed, checked and drilled into like the later formats) and printed as an
appended statistics table.

Per V-1 (domain.md §0.2) such reports are not validated against the 2019+ balance rules.
"""

from .base import Part, ReportFormat, Row, Section

SECTIONS = (
    Section("overview", "一、{short_name}基本概述", (Part("overview"),)),
    Section("disclosure", "二、政府信息公开情况", (
        Part("proactive", "1、主动公开政府信息情况"),
        Part("on_request", "2、依申请公开政府信息和不予公开政府信息情况"),
        Part("review", "3、因政府信息公开申请行政复议、提起行政诉讼的情况"),
        Part("suggestions", "4、人大代表建议和政协委员提案办理情况"),
        Part("fees", "5、政府信息公开的收费及减免情况"),
    )),
    Section("problems", "三、存在的主要问题", (Part("problems"),)),
    Section("plans", "四、{next_year}年工作安排", (Part("plans"),)),
)

FIGURE_ROWS = (
    Row("items_published", "主动公开政府信息数（条）"),
    Row("categories", "主动公开信息类别数（类）"),
    Row("applications_received", "收到政府信息公开申请数（件）"),
    Row("applications_carried_in", "上年结转申请数（件）"),
    Row("applications_granted", "同意公开（件）"),
    Row("applications_partial", "同意部分公开（件）"),
    Row("applications_withheld", "不予公开（件）"),
    Row("applications_other", "其他答复（件）"),
    Row("applications_pending", "结转下年度办理（件）"),
    Row("reconsideration", "行政复议（件）"),
    Row("litigation", "行政诉讼（件）"),
    Row("npc_suggestions", "人大代表建议（条）"),
    Row("cppcc_proposals", "政协委员提案（条）"),
    # Both from the fee notices (applications.selectors.fee_totals): paid in the year, and 减免 (2007 Art.28) granted
    # in the year as the standard's amount minus the amount asked.
    Row("fees_charged", "依申请公开收取费用（元）"),
    Row("fees_waived", "减免费用（元）"),
)

FORMAT = ReportFormat(
    version="legacy",
    label="2019年以前格式",
    # The 2007 regulation took effect on 2008-05-01: the first annual report covers 2008.
    first_year=2008,
    name="政府信息公开工作年度报告（2019年以前格式）",
    basis="《中华人民共和国政府信息公开条例》（国务院令第492号）第三十一条、第三十二条",
    title="{year}年{short_name}政府信息公开年度报告",
    sections=SECTIONS,
    figures=FIGURE_ROWS,
    figures_title="附：{year}年政府信息公开情况统计表",
    preamble=False,
    rules=("L-1",),
)

"""《中华人民共和国政府信息公开工作年度报告格式（试行）》(国办公开办函〔2019〕60号): reports for 2019 and 2020.

Differences from the 2021 format (domain.md §2.7): table 二 has other columns and two more rows/blocks, and table 三's
（六）其他处理 is a single row without sub-items. Sections and table 四 are the same.
"""

from . import y2021
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

SECTION_TITLES = y2021.SECTION_TITLES

# In the trial format section 六 is free text; reports of 2019/2020 used it for fees and suggestions as well.
OTHER_PARTS = (
    Part("other_fees", "（一）收取信息处理费情况"),
    Part("other_suggestions", "（二）人大代表建议和政协提案办理结果公开情况"),
    Part("other_work_plan", "（三）落实上级年度政务公开工作要点情况"),
)

SECTIONS = (
    Section("overview", SECTION_TITLES[0], (Part("preamble"), *y2021.OVERVIEW_PARTS)),
    Section("proactive", SECTION_TITLES[1], table=TABLE2),
    Section("requests", SECTION_TITLES[2], table=TABLE3),
    Section("review", SECTION_TITLES[3], table=TABLE4),
    Section("problems", SECTION_TITLES[4], (Part("problems"),)),
    Section("other", SECTION_TITLES[5], OTHER_PARTS),
)

NEW_MADE = Column("new_made", "本年新制作数量")
NEW_PUBLISHED = Column("new_published", "本年新公开数量")
PUBLIC_TOTAL = Column("public_total", "对外公开总数量")
PREVIOUS = Column("previous_items", "上一年项目数量", source=Source.ENTERED)
CHANGE = Column("change", "本年增/减", unit=Unit.SIGNED, source=Source.ENTERED)
DECISIONS = Column("decisions", "处理决定数量", source=Source.ENTERED)
PROCUREMENT_COUNT = Column("projects", "采购项目数量", source=Source.ENTERED)
PROCUREMENT_AMOUNT = Column("amount", "采购总金额", unit=Unit.MONEY, source=Source.ENTERED)

TABLE2_BLOCKS = (
    Block("20.1", "第二十条第（一）项", (NEW_MADE, NEW_PUBLISHED, PUBLIC_TOTAL),
          (Row("regulation", "规章"), Row("normative", "规范性文件"))),
    Block("20.5", "第二十条第（五）项", (PREVIOUS, CHANGE, DECISIONS),
          (Row("licensing", "行政许可"), Row("other_services", "其他对外管理服务事项"))),
    Block("20.6", "第二十条第（六）项", (PREVIOUS, CHANGE, DECISIONS),
          (Row("penalty", "行政处罚"), Row("coercion", "行政强制"))),
    Block("20.8", "第二十条第（八）项", (PREVIOUS, CHANGE), (Row("fees", "行政事业性收费"),)),
    Block("20.9", "第二十条第（九）项", (PROCUREMENT_COUNT, PROCUREMENT_AMOUNT), (Row("procurement", "政府集中采购"),)),
)

TABLE3_ROWS = (*y2021.ROWS_HEAD, Row("other", "（六）其他处理", (y2021.RESULTS,)), *y2021.ROWS_TAIL)
# The trial format's single 其他处理 row counts what the 2021 format splits into three.
FOLDED_ROWS = {"other": ("other_1", "other_2", "other_3")}

FORMAT = ReportFormat(
    version="2019",
    label="2019年试行格式（国办公开办函〔2019〕60号）",
    first_year=2019,
    folded_rows=FOLDED_ROWS,
    name="中华人民共和国政府信息公开工作年度报告格式（试行）",
    basis="国办公开办函〔2019〕60号",
    title="{agency}{year}年政府信息公开工作年度报告",
    sections=SECTIONS,
    table2=TABLE2_BLOCKS,
    table3=Table3Layout(y2021.TABLE3_NOTE, y2021.APPLICANT_GROUP, y2021.TABLE3_COLUMNS, TABLE3_ROWS),
    table4=Table4Layout(y2021.TABLE4_GROUPS, y2021.TABLE4_COLUMNS),
    rules=("T2-1", "T2-3", "T3-1", "T3-2", "T3-3", "T3-4", "T4-1"),
)

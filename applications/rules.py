"""Rules of disclosure on application (依申请公开) that other apps also rely on: the statutory reply codes, each mapped to
exactly one row of table 三 of the annual report, and the applicant types, each mapped to one column.

Row and column keys are shared with `reports` (which owns the labels and layout of each report format).
"""

from dataclasses import dataclass

# --- table 三 row keys (2021 format; the 2019 trial format folds other_1..3 into one 其他处理 row) -------------------
ROW_RECEIVED = "received"  # 一、本年新收政府信息公开申请数量
ROW_CARRIED_IN = "carried_in"  # 二、上年结转政府信息公开申请数量
ROW_TOTAL = "total"  # 三、（七）总计
ROW_CARRIED_OUT = "carried_out"  # 四、结转下年度继续办理
OUTCOME_ROWS = (
    "granted",  # （一）予以公开
    "partial",  # （二）部分公开
    "withheld_1", "withheld_2", "withheld_3", "withheld_4", "withheld_5", "withheld_6", "withheld_7", "withheld_8",
    "unable_1", "unable_2", "unable_3",  # （四）无法提供
    "rejected_1", "rejected_2", "rejected_3", "rejected_4", "rejected_5",  # （五）不予处理
    "other_1", "other_2", "other_3",  # （六）其他处理
)

# --- table 三 column keys (申请人情况) ---------------------------------------------------------------------------
COLUMNS = ("natural_person", "business", "research", "public_interest", "legal_services", "other_org", "total")


@dataclass(frozen=True)
class ApplicantType:
    code: str
    label: str
    column: str
    is_organisation: bool


APPLICANT_TYPES = [
    ApplicantType("natural_person", "公民（自然人）", "natural_person", False),
    ApplicantType("business", "法人或者其他组织：商业企业", "business", True),
    ApplicantType("research", "法人或者其他组织：科研机构", "research", True),
    ApplicantType("public_interest", "法人或者其他组织：社会公益组织", "public_interest", True),
    ApplicantType("legal_services", "法人或者其他组织：法律服务机构", "legal_services", True),
    ApplicantType("other_org", "法人或者其他组织：其他", "other_org", True),
]
APPLICANT_TYPE_BY_CODE = {t.code: t for t in APPLICANT_TYPES}


@dataclass(frozen=True)
class ReplyCode:
    code: str
    basis: str  # the article of the 2019 regulation
    label: str  # the reply, shortened (domain.md §1.6.6)
    row: str  # the table 三 row it counts under


# domain.md §1.6.6. A1, A11, A12, A13 follow common practice ([I] there): the format has no separate rows for them.
REPLY_CODES = [
    ReplyCode("A1", "第三十六条第（一）项", "所申请公开信息已经主动公开，告知获取的方式和途径", "granted"),
    ReplyCode("A2", "第三十六条第（二）项", "所申请公开信息可以公开，予以提供或告知获取的方式、途径和时间", "granted"),
    ReplyCode("A3", "第三十七条", "部分公开：提供可以公开的部分，并对不予公开的内容说明理由", "partial"),
    ReplyCode("A4", "第三十六条第（三）项、第十四条", "不予公开：属于国家秘密", "withheld_1"),
    ReplyCode("A5", "第三十六条第（三）项、第十四条", "不予公开：其他法律行政法规禁止公开", "withheld_2"),
    ReplyCode("A6", "第三十六条第（三）项、第十四条", "不予公开：危及国家安全、公共安全、经济安全、社会稳定", "withheld_3"),
    ReplyCode("A7", "第三十六条第（三）项、第十五条", "不予公开：保护第三方合法权益", "withheld_4"),
    ReplyCode("A8", "第三十六条第（三）项、第十六条第一款", "不予公开：属于人事管理、后勤管理、内部工作流程等内部事务信息",
              "withheld_5"),
    ReplyCode("A9", "第三十六条第（三）项、第十六条第二款", "不予公开：属于讨论记录、过程稿、磋商信函、请示报告等过程性信息",
              "withheld_6"),
    ReplyCode("A10", "第三十六条第（三）项、第十六条第二款", "不予公开：属于行政执法案卷信息", "withheld_7"),
    ReplyCode("A11", "第三十六条第（七）项", "属于工商、不动产登记资料等行政查询事项，告知依照有关规定办理", "withheld_8"),
    ReplyCode("A12", "第三十六条第（四）项", "经检索没有所申请公开信息，告知该政府信息不存在", "unable_1"),
    ReplyCode("A13", "第三十六条第（五）项", "所申请公开信息不属于本机关负责公开，告知负责公开的机关", "unable_1"),
    ReplyCode("A14", "第三十八条", "需要对现有信息进行加工、分析，不予提供（没有现成信息需要另行制作）", "unable_2"),
    ReplyCode("A15", "第三十条", "补正后申请内容仍不明确", "unable_3"),
    ReplyCode("A16", "第三十九条第一款", "以政府信息公开申请形式进行信访、投诉、举报，不作为政府信息公开申请处理", "rejected_1"),
    ReplyCode("A17", "第三十六条第（六）项", "已就申请人提出的政府信息公开申请作出答复、申请人重复申请公开相同政府信息，告知不予重复处理",
              "rejected_2"),
    ReplyCode("A18", "第三十九条第二款", "要求提供政府公报、报刊、书籍等公开出版物，告知获取的途径", "rejected_3"),
    ReplyCode("A19", "第三十五条", "申请公开政府信息的数量、频次明显超过合理范围且理由不合理，不予处理", "rejected_4"),
    ReplyCode("A20", "—", "要求行政机关确认或重新出具申请人已获取的信息", "rejected_5"),
    ReplyCode("A21", "第三十条", "申请人无正当理由逾期不补正，视为放弃申请", "other_1"),
    ReplyCode("A22", "《政府信息公开信息处理费管理办法》", "申请人逾期未按收费通知要求缴纳费用，视为放弃申请", "other_2"),
    ReplyCode("A23", "—", "其他处理", "other_3"),
]
REPLY_CODE_BY_CODE = {c.code: c for c in REPLY_CODES}

assert all(c.row in OUTCOME_ROWS for c in REPLY_CODES)

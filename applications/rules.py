"""Rules of disclosure on application (依申请公开) that other apps also rely on: the statutory reply codes, each mapped to
exactly one row of table 三 of the annual report, and the applicant types, each mapped to one column; and the two rule
sets (2007 and 2019 regulations) with their periods.

Row and column keys and the reply codes are shared with `reports` (which owns the labels and layout of each report
format): keep them stable.
"""

from dataclasses import dataclass
from datetime import date

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

# Exact labels of the outcome rows (2021 format, domain.md §2.4), with their group, for the code lists of the API.
OUTCOME_ROW_LABELS = {
    "granted": "（一）予以公开",
    "partial": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "withheld_1": "（三）不予公开 1.属于国家秘密",
    "withheld_2": "（三）不予公开 2.其他法律行政法规禁止公开",
    "withheld_3": "（三）不予公开 3.危及“三安全一稳定”",
    "withheld_4": "（三）不予公开 4.保护第三方合法权益",
    "withheld_5": "（三）不予公开 5.属于三类内部事务信息",
    "withheld_6": "（三）不予公开 6.属于四类过程性信息",
    "withheld_7": "（三）不予公开 7.属于行政执法案卷",
    "withheld_8": "（三）不予公开 8.属于行政查询事项",
    "unable_1": "（四）无法提供 1.本机关不掌握相关政府信息",
    "unable_2": "（四）无法提供 2.没有现成信息需要另行制作",
    "unable_3": "（四）无法提供 3.补正后申请内容仍不明确",
    "rejected_1": "（五）不予处理 1.信访举报投诉类申请",
    "rejected_2": "（五）不予处理 2.重复申请",
    "rejected_3": "（五）不予处理 3.要求提供公开出版物",
    "rejected_4": "（五）不予处理 4.无正当理由大量反复申请",
    "rejected_5": "（五）不予处理 5.要求行政机关确认或重新出具已获取信息",
    "other_1": "（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "other_2": "（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "other_3": "（六）其他处理 3.其他",
}

# --- table 三 column keys (申请人情况) ---------------------------------------------------------------------------
COLUMNS = ("natural_person", "business", "research", "public_interest", "legal_services", "other_org", "total")
COLUMN_LABELS = {"natural_person": "自然人", "business": "法人或其他组织：商业企业", "research": "法人或其他组织：科研机构",
                 "public_interest": "法人或其他组织：社会公益组织", "legal_services": "法人或其他组织：法律服务机构",
                 "other_org": "法人或其他组织：其他", "total": "总计"}


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
    # The basis under the 2007 regulation (国务院令第492号) for applications received before 2019-05-15, or "" when the
    # reply type did not exist then ([I]: 2007 Art.21 had four reply types, completed by 国办发〔2010〕5号).
    basis_2007: str = ""

    @property
    def concludes_without_reply(self) -> bool:
        """视为放弃申请 (A21 逾期不补正, A22 逾期未缴费): the agency stops handling; counted under 三（六）."""
        return self.code in ABANDONMENT_CODES

    def basis_for(self, rule_set: str) -> str:
        return self.basis_2007 if rule_set == RULE_SET_2007 else self.basis


# domain.md §1.6.6. A1, A11, A12, A13 follow common practice ([I] there): the format has no separate rows for them.
REPLY_CODES = [
    ReplyCode("A1", "第三十六条第（一）项", "所申请公开信息已经主动公开，告知获取的方式和途径", "granted", basis_2007="第二十一条第（一）项"),
    ReplyCode("A2", "第三十六条第（二）项", "所申请公开信息可以公开，予以提供或告知获取的方式、途径和时间", "granted", basis_2007="第二十一条第（一）项"),
    ReplyCode("A3", "第三十七条", "部分公开：提供可以公开的部分，并对不予公开的内容说明理由", "partial", basis_2007="第二十二条"),
    ReplyCode("A4", "第三十六条第（三）项、第十四条", "不予公开：属于国家秘密", "withheld_1", basis_2007="第二十一条第（二）项、第十四条第四款"),
    ReplyCode("A5", "第三十六条第（三）项、第十四条", "不予公开：其他法律行政法规禁止公开", "withheld_2", basis_2007="第二十一条第（二）项"),
    ReplyCode("A6", "第三十六条第（三）项、第十四条", "不予公开：危及国家安全、公共安全、经济安全、社会稳定", "withheld_3", basis_2007="第二十一条第（二）项、第八条"),
    ReplyCode("A7", "第三十六条第（三）项、第十五条", "不予公开：保护第三方合法权益", "withheld_4", basis_2007="第二十一条第（二）项、第十四条第四款"),
    ReplyCode("A8", "第三十六条第（三）项、第十六条第一款", "不予公开：属于人事管理、后勤管理、内部工作流程等内部事务信息",
              "withheld_5", basis_2007="第二十一条第（二）项、国办发〔2010〕5号"),
    ReplyCode("A9", "第三十六条第（三）项、第十六条第二款", "不予公开：属于讨论记录、过程稿、磋商信函、请示报告等过程性信息",
              "withheld_6", basis_2007="第二十一条第（二）项、国办发〔2010〕5号"),
    ReplyCode("A10", "第三十六条第（三）项、第十六条第二款", "不予公开：属于行政执法案卷信息", "withheld_7"),
    ReplyCode("A11", "第三十六条第（七）项", "属于工商、不动产登记资料等行政查询事项，告知依照有关规定办理", "withheld_8"),
    ReplyCode("A12", "第三十六条第（四）项", "经检索没有所申请公开信息，告知该政府信息不存在", "unable_1", basis_2007="第二十一条第（三）项"),
    ReplyCode("A13", "第三十六条第（五）项", "所申请公开信息不属于本机关负责公开，告知负责公开的机关", "unable_1", basis_2007="第二十一条第（三）项"),
    ReplyCode("A14", "第三十八条", "需要对现有信息进行加工、分析，不予提供（没有现成信息需要另行制作）", "unable_2", basis_2007="国办发〔2010〕5号"),
    ReplyCode("A15", "第三十条", "补正后申请内容仍不明确", "unable_3"),
    ReplyCode("A16", "第三十九条第一款", "以政府信息公开申请形式进行信访、投诉、举报，不作为政府信息公开申请处理", "rejected_1", basis_2007="国办发〔2010〕5号"),
    ReplyCode("A17", "第三十六条第（六）项", "已就申请人提出的政府信息公开申请作出答复、申请人重复申请公开相同政府信息，告知不予重复处理",
              "rejected_2", basis_2007="国办发〔2010〕5号"),
    ReplyCode("A18", "第三十九条第二款", "要求提供政府公报、报刊、书籍等公开出版物，告知获取的途径", "rejected_3"),
    ReplyCode("A19", "第三十五条", "申请公开政府信息的数量、频次明显超过合理范围且理由不合理，不予处理", "rejected_4"),
    ReplyCode("A20", "—", "要求行政机关确认或重新出具申请人已获取的信息", "rejected_5"),
    ReplyCode("A21", "第三十条", "申请人无正当理由逾期不补正，视为放弃申请", "other_1", basis_2007="第二十一条第（四）项"),
    # [I] Under 2007 an unpaid cost fee (检索、复制、邮寄, Art.27) ends the same way: the texts are silent, the notice
    # states the period and the consequence (applications.services.cost_fees).
    ReplyCode("A22", "《政府信息公开信息处理费管理办法》", "申请人逾期未按收费通知要求缴纳费用，视为放弃申请", "other_2",
              basis_2007="第二十七条"),
    ReplyCode("A23", "—", "其他处理", "other_3", basis_2007="—"),
]
REPLY_CODE_BY_CODE = {c.code: c for c in REPLY_CODES}

ABANDONMENT_CODES = frozenset({"A21", "A22"})
PARTIAL_DISCLOSURE_CODE = "A3"  # RT-1: counted only under 三（二）
PETITION_CODE = "A16"  # Art.39¶1: 信访、投诉、举报 sent as applications
UNCLEAR_AFTER_CORRECTION_CODE = "A15"
# Replies of general interest that may become proactive disclosure (Art.44): the information was provided.
DISCLOSING_CODES = frozenset({"A2", "A3"})

assert all(c.row in OUTCOME_ROWS for c in REPLY_CODES)
assert set(OUTCOME_ROW_LABELS) == set(OUTCOME_ROWS)
assert {c.code for c in REPLY_CODES} == {f"A{n}" for n in range(1, 24)}


def reply_codes_for(rule_set: str) -> list[ReplyCode]:
    """The reply codes available to an application handled under `rule_set`."""
    return [c for c in REPLY_CODES if c.basis_for(rule_set)]


def column_for(applicant_type: str) -> str:
    return APPLICANT_TYPE_BY_CODE[applicant_type].column


def row_for(reply_code: str) -> str:
    return REPLY_CODE_BY_CODE[reply_code].row


# --- rule sets (domain.md §0.2, §1.8) ---------------------------------------------------------------------------
RULE_SET_2007 = "2007"
RULE_SET_2019 = "2019"
REGULATION_2019_IN_FORCE = date(2019, 5, 15)  # 国务院令第711号
# 信息处理费 (国办函〔2020〕109号) may be charged from this date on (§3.1).
FEES_FROM = date(2021, 1, 1)


@dataclass(frozen=True)
class RuleSet:
    code: str
    regulation: str
    reply_days: int  # 2007 Art.24 / 2019 Art.33: working days from receipt
    max_extension_days: int  # with the consent of the 工作机构负责人
    reply_article: str
    extension_article: str
    # 2019 Art.30: the correction notice is due within 7 working days of receipt; the 2007 text sets no period.
    correction_notice_days: int | None
    correction_article: str
    # 2019 Art.32/34: third parties and co-authoring agencies answer within 15 working days of receiving the letter;
    # the 2007 text sets no period for third parties, 15 is kept as the agency's default.
    consultation_days: int
    # Parties whose consultation time is not counted: 2019 Art.33¶3 third parties and other agencies; 2007 Art.24
    # third parties only.
    suspending_parties: frozenset[str]

    @property
    def label(self) -> str:
        return f"{self.code}年条例"


RULE_SETS = {
    RULE_SET_2007: RuleSet(
        RULE_SET_2007, "《中华人民共和国政府信息公开条例》（国务院令第492号）", 15, 15, "第二十四条第二款",
        "第二十四条第二款", None, "第二十一条第（四）项", 15, frozenset({"third_party"})),
    RULE_SET_2019: RuleSet(
        RULE_SET_2019, "《中华人民共和国政府信息公开条例》（国务院令第711号）", 20, 20, "第三十三条第二款",
        "第三十三条第二款", 7, "第三十条", 15, frozenset({"third_party", "agency"})),
}


def rule_set_for(received_on: date) -> RuleSet:
    """V-1: an application follows the regulation in force on its (legal) receipt date."""
    return RULE_SETS[RULE_SET_2007 if received_on < REGULATION_2019_IN_FORCE else RULE_SET_2019]


# Remedies stated in every reply (行政复议法 2023 Art.20: 60 days; 行政诉讼法 Art.46: 6 months). Before the 2014
# amendment of the 行政诉讼法 took effect (2015-05-01) a suit had to be brought within three months (1989 text Art.39):
# a historical reply registered now states the period that applied on its date.
REMEDIES = ("申请人如对本答复不服，可以自收到本答复之日起六十日内依法向{review_body}申请行政复议，"
            "或者自收到本答复之日起{litigation_period}内依法向人民法院提起行政诉讼。")
LITIGATION_SIX_MONTHS_FROM = date(2015, 5, 1)


def litigation_period(replied_on: date | None) -> str:
    return "三个月" if replied_on is not None and replied_on < LITIGATION_SIX_MONTHS_FROM else "六个月"

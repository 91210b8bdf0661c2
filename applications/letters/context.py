"""The values a letter template may use: plain strings computed from the application, never model objects."""

import re

from workdays.explanations import cn_date

from .. import fees as fee_rules
from .. import rules
from ..models import Application, Channel, Consultation, FeeNotice, FormOfProvision, Route
from .defaults import DEFAULT_REPLY_TEXT, PLACEHOLDERS

_PLACEHOLDER_RE = re.compile(r"\{\{\s*([^{}\s]+)\s*\}\}")
REGULATION_NAME = "《中华人民共和国政府信息公开条例》"
_GUOBAN_2010 = "《国务院办公厅关于做好政府信息依申请公开工作的意见》（国办发〔2010〕5号）"
_FEE_MEASURES = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"


def fill(template: str, values: dict[str, str]) -> str:
    """Replace every {{ name }} with its value; unknown names become empty."""
    return _PLACEHOLDER_RE.sub(lambda m: values.get(m.group(1), ""), template)


def unknown_placeholders(template: str) -> list[str]:
    return sorted({m.group(1) for m in _PLACEHOLDER_RE.finditer(template)} - set(PLACEHOLDERS))


# A period ending beyond the loaded calendar reads “待定” where its date would stand (no brackets of its own, so that
# “（截止日期：待定）” or an agency's “（即{{ answer_due }}前）” never nests them); the letter then ends with
# PROVISIONAL_NOTE saying how and when the date will be known.
PROVISIONAL_DUE = "待定"
PROVISIONAL_NOTE = ("注：上述标明“待定”的期限跨入国务院办公厅尚未公布节假日安排的年度，须按相应年度的节假日安排计算，"
                    "本机关确定后另行告知。")
# The placeholders that may hold PROVISIONAL_DUE.
PROVISIONAL_PLACEHOLDERS = ("due_date", "answer_due", "fee_payment_due", "correction_deadline")


def d(day) -> str:
    return cn_date(day, with_year=True) if day else "（未定）"


def uses_provisional(template: str, values: dict[str, str]) -> bool:
    """Does the filled letter show a 待定 date (a provisional placeholder the template uses)?"""
    used = {m.group(1) for m in _PLACEHOLDER_RE.finditer(template)}
    return any(values.get(name) == PROVISIONAL_DUE for name in PROVISIONAL_PLACEHOLDERS if name in used)


def regulation(rule_set: str) -> str:
    return REGULATION_NAME + ("（国务院令第492号）" if rule_set == rules.RULE_SET_2007 else "")


def legal_basis(reply: rules.ReplyCode, rule_set: str) -> str:
    """The full citation of a reply code: 《中华人民共和国政府信息公开条例》第三十六条第（二）项."""
    basis = reply.basis_for(rule_set)
    if reply.code == "A22":
        # [I] under 2007: the article allowing cost fees, and the notice that set the period and its consequence
        return regulation(rule_set) + "第二十七条和本机关收费通知" if rule_set == rules.RULE_SET_2007 else _FEE_MEASURES
    parts = []
    articles = [p for p in basis.split("、") if p.startswith("第")]
    if articles:
        parts.append(regulation(rule_set) + "、".join(articles))
    if "国办发〔2010〕5号" in basis:
        parts.append(_GUOBAN_2010)
    return "和".join(parts) or regulation(rule_set)


COST_STANDARD_DEFAULT = "本地价格主管部门会同财政部门制定的收费标准"
# The ground of a 2007 waiver as the notice states it.
WAIVER_GROUND_TEXT = {
    FeeNotice.WaiverGround.HARDSHIP: "申请人确有经济困难，经本人申请，依据《中华人民共和国政府信息公开条例》（国务院令第492号）第二十八条",
    FeeNotice.WaiverGround.EXEMPT_GROUP: ("申请人为农村五保供养对象、城乡居民最低生活保障对象或领取国家抚恤补助的优抚对象"
                                          "，依据《财政部 国家发展改革委关于提供政府公开信息收取费用等有关问题的通知》（财综〔2008〕44号）"),
}


def review_body(application: Application) -> str:
    settings = getattr(application.agency, "letter_settings", None)
    if settings is not None and settings.review_body:
        return settings.review_body
    parent = application.agency.parent
    return parent.name if parent is not None else "上一级人民政府"


def remedies(application: Application) -> str:
    return rules.REMEDIES.format(review_body=review_body(application),
                                 litigation_period=rules.litigation_period(application.replied_on))


def letter_values(application: Application, *, correction=None, consultation: Consultation | None = None,
                  extension=None, fee: FeeNotice | None = None, reasonable_period=None) -> dict[str, str]:
    rule_set = rules.RULE_SETS[application.rule_set]
    agency = application.agency
    description = application.description if len(application.description) <= 300 else \
        application.description[:300] + "……"
    values = {
        "applicant_name": application.applicant_name,
        "number": application.number,
        "tracking_code": application.tracking_code,
        "channel": Channel(application.channel).label,
        "arrived_date": d(application.arrived_on),
        "received_date": d(application.received_on),
        "description": description,
        "provision": f"{FormOfProvision(application.form_of_provision).label}，{Route(application.route).label}",
        "due_date": PROVISIONAL_DUE if application.due_is_provisional else d(application.due_date),
        "reply_days": str(rule_set.reply_days),
        "legal_reply": regulation(rule_set.code) + rule_set.reply_article,
        "regulation": regulation(rule_set.code),
        "office_name": agency.office_name or agency.name,
        "office_phone": agency.office_phone or "（见本机关政府信息公开指南）",
        "office_address": agency.office_address or "（见本机关政府信息公开指南）",
        "legal_correction": regulation(rule_set.code) + rule_set.correction_article,
        "legal_extension": regulation(rule_set.code) + rule_set.extension_article,
        "consultation_days": str(rule_set.consultation_days),
    }
    procedure = []
    if correction is not None:
        values.update(correction_items=correction.items,
                      correction_deadline=d(correction.deadline) if correction.deadline else PROVISIONAL_DUE,
                      correction_notified=d(correction.notified_on), correction_received=d(correction.received_on))
        if correction.received_on:
            procedure.append(f"本机关于{d(correction.notified_on)}告知您补正，于{d(correction.received_on)}收到您补正后的申请。")
    if consultation is not None:
        article = ("第二十三条" if rule_set.code == rules.RULE_SET_2007 else
                   ("第三十二条" if consultation.party == Consultation.Party.THIRD_PARTY else "第三十四条"))
        values.update(party_name=consultation.party_name,
                      answer_due=d(consultation.answer_due) if consultation.answer_due else PROVISIONAL_DUE,
                      legal_consultation=regulation(rule_set.code) + article)
    if extension is not None:
        values.update(extension_days=str(extension.days), extension_reason=extension.reason.rstrip("。"))
        procedure.append(f"经本机关政府信息公开工作机构负责人同意，答复期限延长{extension.days}个工作日。")
    if reasonable_period is not None:
        values.update(reasonable_period_reason=reasonable_period.reason.rstrip("。"),
                      reasonable_period_original_due=d(reasonable_period.original_due))
        procedure.append("依据《中华人民共和国政府信息公开条例》第三十五条，本机关确定了延迟答复的合理期限并已告知您。")
    if fee is not None:
        reduction = ""
        if fee.amount < fee.computed_amount:
            reduction = (f"按规定应收{fee_rules.yuan(fee.computed_amount)}元，经批准减收，"
                         f"实际应缴{fee_rules.yuan(fee.amount)}元。")
        values.update(fee_method=FeeNotice.Method(fee.method).label, fee_explanation=fee.explanation,
                      fee_amount=fee_rules.yuan(fee.amount), fee_total=fee_rules.yuan(fee.computed_amount),
                      fee_name=fee.fee_name, fee_reduction=reduction,
                      fee_payment_due=d(fee.payment_due) if fee.payment_due else PROVISIONAL_DUE,
                      fee_notified=d(fee.notified_on))
        if fee.is_cost_based:
            items = [fee_rules.CostItem(i.kind, i.quantity, i.unit_price, unit=i.unit, description=i.description)
                     for i in fee.items.all()]
            values.update(fee_items="\n".join(fee_rules.cost_item_line(n, item) for n, item in enumerate(items, 1)),
                          fee_standard=fee.standard or COST_STANDARD_DEFAULT)
            if reduction and fee.waiver_ground:
                values["fee_reduction"] = f"{reduction}减免依据：{WAIVER_GROUND_TEXT[fee.waiver_ground]}。"
    consulted = list(application.consultations.all()) if application.pk else []
    if consulted:
        parties = "、".join(sorted({"第三方" if c.party == Consultation.Party.THIRD_PARTY else "相关机关"
                                   for c in consulted}))
        procedure.append(f"本机关依法征求了{parties}的意见，征求意见的时间不计算在答复期限内。")
    values["procedure"] = "".join(procedure)
    reply = application.reply
    if reply is not None:
        values["legal_basis"] = legal_basis(reply, rule_set.code)
        values["reply_text"] = application.reply_text or DEFAULT_REPLY_TEXT.get(reply.code, "")
    return values

"""The default wording of every letter. An agency may replace any of them (LetterTemplate rows); placeholders are
`{{ name }}` and are filled with plain strings only (never model objects), so an edited template cannot reach personal
data or code. `PLACEHOLDERS` lists what each placeholder means (shown on the template editor).

Reply letters (答复书) cite the article the reply rests on and state the applicant's remedies (行政复议 within 60
days, 行政诉讼 within 6 months) — `{{ remedies }}` is appended by the issuing code, whatever the template says.
"""

PLACEHOLDERS = {
    "applicant_name": "申请人姓名或名称",
    "number": "申请编号",
    "tracking_code": "查询码",
    "channel": "提交渠道",
    "arrived_date": "申请到达日期",
    "received_date": "收到申请日期（法定）",
    "description": "所需信息的描述",
    "provision": "获取方式和途径",
    "due_date": "答复期限",
    "reply_days": "答复期限工作日数",
    "legal_reply": "答复期限的法律依据",
    "regulation": "适用的条例名称",
    "office_name": "政府信息公开工作机构",
    "office_phone": "联系电话",
    "office_address": "办公地址",
    "correction_items": "需要补正的事项",
    "correction_deadline": "补正期限",
    "correction_notified": "告知补正日期",
    "correction_received": "收到补正日期",
    "legal_correction": "补正的法律依据",
    "party_name": "征求意见对象",
    "answer_due": "对方答复期限",
    "consultation_days": "对方答复的工作日数",
    "legal_consultation": "征求意见的法律依据",
    "extension_days": "延长的工作日数",
    "extension_reason": "延期理由",
    "legal_extension": "延期的法律依据",
    "reasonable_period_reason": "延迟答复的理由（条例第三十五条）",
    "reasonable_period_original_due": "原答复期限",
    "fee_method": "计费方式",
    "fee_explanation": "计费依据",
    "fee_amount": "应缴金额（元）",
    "fee_reduction": "减免说明",
    "fee_payment_due": "缴费期限",
    "fee_name": "收取的费用（信息处理费，或检索、复制、邮寄等成本费用）",
    "fee_total": "按标准应收金额（元）",
    "fee_items": "收费项目明细（2007年条例成本费用，每项一行）",
    "fee_standard": "收费标准依据（2007年条例成本费用）",
    "fee_notified": "发出收费通知日期",
    "legal_basis": "答复依据（条例条款）",
    "reply_text": "承办人填写的答复内容",
    "procedure": "办理经过（补正、征求意见、延期）",
}

RECEIPT = ("政府信息公开申请登记回执", """{{ applicant_name }}：

本机关于{{ received_date }}收到您提出的政府信息公开申请（申请编号：{{ number }}，提交方式：{{ channel }}），您申请获取的信息为：“{{ description }}”，获取方式为{{ provision }}。

根据{{ legal_reply }}的规定，本机关将自收到申请之日起{{ reply_days }}个工作日内予以答复，答复截止日期：{{ due_date }}。需要补正、征求第三方或者其他机关意见、延期答复或者收取信息处理费的，本机关将另行书面告知，答复期限依法另行计算。

您可以凭查询码 {{ tracking_code }} 在本机关政府信息公开平台“办理查询”栏目查询办理进度。如有疑问，请联系{{ office_name }}（电话：{{ office_phone }}）。""")

CORRECTION = ("政府信息公开申请补正告知书", """{{ applicant_name }}：

本机关于{{ received_date }}收到您提出的政府信息公开申请（申请编号：{{ number }}），您申请获取的信息为：“{{ description }}”。经审查，您的申请内容不明确，本机关无法据此确定您所需要的政府信息。根据{{ legal_correction }}的规定，现一次性告知您需要补正的事项如下：

{{ correction_items }}

补正期限截止日期：{{ correction_deadline }}。请您在补正期限内向本机关提交补正后的申请（可当面提交、邮寄或者通过本机关政府信息公开平台提交）。答复期限自本机关收到补正后的申请之日起计算。您无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。

如需帮助，请联系{{ office_name }}（电话：{{ office_phone }}，地址：{{ office_address }}）。""")

EXTENSION = ("政府信息公开申请延期答复告知书", """{{ applicant_name }}：

本机关于{{ received_date }}收到您提出的政府信息公开申请（申请编号：{{ number }}），您申请获取的信息为：“{{ description }}”。因{{ extension_reason }}，本机关不能在规定的期限内作出答复。

根据{{ legal_extension }}的规定，经本机关政府信息公开工作机构负责人同意，答复期限延长{{ extension_days }}个工作日，延长后的答复截止日期：{{ due_date }}。

特此告知。""")

LONGER_PERIOD = ("政府信息公开申请延迟答复告知书", """{{ applicant_name }}：

本机关于{{ received_date }}收到您提出的政府信息公开申请（申请编号：{{ number }}），您申请获取的信息为：“{{ description }}”。经审查，您申请公开政府信息的数量、频次明显超过合理范围，您说明的理由合理，但因{{ reasonable_period_reason }}，本机关无法在{{ reasonable_period_original_due }}前作出答复。

依据《中华人民共和国政府信息公开条例》第三十五条的规定，本机关确定延迟答复的合理期限，将于{{ due_date }}前作出答复。

特此告知。""")

CONSULTATION_THIRD_PARTY = ("政府信息公开征求意见函", """{{ party_name }}：

本机关于{{ received_date }}收到政府信息公开申请，申请公开“{{ description }}”。经审查，公开该政府信息可能损害你方合法权益。根据{{ legal_consultation }}的规定，现书面征求你方意见。

请你方自收到本函之日起{{ consultation_days }}个工作日内（截止日期：{{ answer_due }}）书面提出意见；不同意公开的，请说明理由。逾期未提出意见的，由本机关依照条例的规定决定是否公开。第三方不同意公开且有合理理由的，本机关不予公开；本机关认为不公开可能对公共利益造成重大影响的，可以决定予以公开，并将决定公开的政府信息内容和理由书面告知你方。

联系人：{{ office_name }}，电话：{{ office_phone }}，地址：{{ office_address }}。""")

CONSULTATION_AGENCY = ("政府信息公开征求意见函", """{{ party_name }}：

本机关于{{ received_date }}收到政府信息公开申请，申请公开“{{ description }}”。该政府信息由本机关牵头，与贵机关共同制作。根据{{ legal_consultation }}的规定，现征求贵机关意见。

请贵机关自收到本函之日起{{ consultation_days }}个工作日内（截止日期：{{ answer_due }}）提出意见。逾期未提出意见的，视为同意公开。

联系人：{{ office_name }}，电话：{{ office_phone }}。""")

FEE = ("政府信息公开信息处理费收费通知书", """{{ applicant_name }}：

本机关于{{ received_date }}收到您提出的政府信息公开申请（申请编号：{{ number }}）。根据《中华人民共和国政府信息公开条例》第四十二条和《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）的规定，本机关决定对该申请收取信息处理费，现通知如下：

计费方式：{{ fee_method }}。计费依据：{{ fee_explanation }}。应缴金额：人民币{{ fee_amount }}元。{{ fee_reduction }}

请您自收到本通知次日起20个工作日内（截止日期：{{ fee_payment_due }}）到{{ office_name }}（地址：{{ office_address }}）办理缴费手续，费用按规定缴入国库并出具财政票据。自发出本通知至您缴费之日，不计算在答复期限内。您逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。""")

# 2007 regulation (国务院令第492号) Art.27–28; 财综〔2008〕44号 [S] for the three fees and the exempt groups. [I] the
# payment period and its consequence follow the 2019 notices (applications.services.cost_fees).
FEE_COST = ("政府信息公开收费通知书", """{{ applicant_name }}：

本机关于{{ received_date }}收到您提出的政府信息公开申请（申请编号：{{ number }}）。根据{{ regulation }}第二十七条的规定，行政机关依申请提供政府信息，可以收取检索、复制、邮寄等成本费用。本机关按照您要求的方式（{{ provision }}）提供所申请的政府信息，需收取以下费用：

{{ fee_items }}

以上合计人民币{{ fee_total }}元。收费标准：{{ fee_standard }}。{{ fee_reduction }}应缴金额：人民币{{ fee_amount }}元。

请您自收到本通知次日起20个工作日内（截止日期：{{ fee_payment_due }}）到{{ office_name }}（地址：{{ office_address }}）办理缴费手续，本机关出具财政票据。自发出本通知至您缴费之日，不计算在答复期限内。您逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。

您确有经济困难的，可以向本机关申请减免费用，经本机关政府信息公开工作机构负责人审核同意，可以减免（条例第二十八条）；农村五保供养对象、城乡居民最低生活保障对象以及领取国家抚恤补助的优抚对象，凭所在地乡镇人民政府或者街道办事处出具的有效证明，可以申请免收。""")

_REPLY_OPENING = """{{ applicant_name }}：

本机关于{{ received_date }}收到您提出的政府信息公开申请（申请编号：{{ number }}），您申请获取的信息为：“{{ description }}”。{{ procedure }}现答复如下：

"""

_REPLY_BODIES = {
    "A1": "经审查，您申请获取的政府信息本机关已经主动公开。根据{{ legal_basis }}的规定，现告知您获取该政府信息的方式和途径：{{ reply_text }}",
    "A2": "经审查，您申请获取的政府信息属于可以公开的政府信息。根据{{ legal_basis }}的规定，本机关予以公开，并按照您要求的方式（{{ provision }}）向您提供。{{ reply_text }}",
    "A3": "经审查，您申请获取的政府信息中含有不应当公开的内容，但是能够作区分处理。根据{{ legal_basis }}的规定，本机关向您提供可以公开的部分（{{ provision }}），对不予公开的部分说明理由如下：{{ reply_text }}",
    "A4": "经审查，您申请获取的政府信息属于国家秘密。根据{{ legal_basis }}的规定，本机关决定不予公开。{{ reply_text }}",
    "A5": "经审查，您申请获取的政府信息属于法律、行政法规禁止公开的政府信息。根据{{ legal_basis }}的规定，本机关决定不予公开。{{ reply_text }}",
    "A6": "经审查，您申请获取的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定。根据{{ legal_basis }}的规定，本机关决定不予公开。{{ reply_text }}",
    "A7": "经审查，您申请获取的政府信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害。根据{{ legal_basis }}的规定，本机关决定不予公开。{{ reply_text }}",
    "A8": "经审查，您申请获取的政府信息属于人事管理、后勤管理、内部工作流程等方面的内部事务信息。根据{{ legal_basis }}的规定，本机关决定不予公开。{{ reply_text }}",
    "A9": "经审查，您申请获取的政府信息属于本机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、请示报告等过程性信息。根据{{ legal_basis }}的规定，本机关决定不予公开。{{ reply_text }}",
    "A10": "经审查，您申请获取的政府信息属于行政执法案卷信息。根据{{ legal_basis }}的规定，本机关决定不予公开。{{ reply_text }}",
    "A11": "经审查，您申请获取的信息属于工商、不动产登记资料等信息，有关法律、行政法规对信息的获取有特别规定。根据{{ legal_basis }}的规定，请您依照有关法律、行政法规的规定办理。{{ reply_text }}",
    "A12": "经检索，本机关没有制作或者获取您申请公开的政府信息。根据{{ legal_basis }}的规定，现告知您该政府信息不存在。{{ reply_text }}",
    "A13": "经审查，您申请获取的政府信息不属于本机关负责公开。根据{{ legal_basis }}的规定，现告知您：{{ reply_text }}",
    "A14": "经审查，提供您申请获取的政府信息需要本机关对现有政府信息进行加工、分析。根据{{ legal_basis }}的规定，本机关不予提供。{{ reply_text }}",
    "A15": "本机关于{{ correction_notified }}告知您补正申请，并于{{ correction_received }}收到您补正后的申请。经审查，补正后的申请内容仍不明确，本机关无法确定您所需要的政府信息。根据{{ legal_basis }}的规定，本机关无法提供。{{ reply_text }}",
    "A16": "经审查，您以政府信息公开申请的形式提出的是信访、投诉、举报等诉求。根据{{ legal_basis }}的规定，本机关不作为政府信息公开申请处理。您可以通过信访、投诉、举报等相应渠道提出。{{ reply_text }}",
    "A17": "经审查，本机关已就您提出的政府信息公开申请作出答复，您重复申请公开相同的政府信息。根据{{ legal_basis }}的规定，本机关不予重复处理。{{ reply_text }}",
    "A18": "经审查，您要求提供的是政府公报、报刊、书籍等公开出版物。根据{{ legal_basis }}的规定，现告知您获取的途径：{{ reply_text }}",
    "A19": "您申请公开政府信息的数量、频次明显超过合理范围，本机关已要求您说明理由。经审查，您说明的理由不合理。根据{{ legal_basis }}的规定，本机关不予处理。{{ reply_text }}",
    "A20": "经审查，您要求本机关确认或者重新出具您已经获取的信息，不属于政府信息公开申请的处理范围，本机关不予处理。{{ reply_text }}",
    "A21": "本机关于{{ correction_notified }}告知您补正申请，补正期限至{{ correction_deadline }}。您无正当理由逾期未补正。根据{{ legal_basis }}的规定，视为您放弃申请，本机关不再处理该政府信息公开申请。{{ reply_text }}",
    "A22": "本机关于{{ fee_notified }}向您发出收费通知，缴费期限至{{ fee_payment_due }}。您逾期未缴纳{{ fee_name }}。根据{{ legal_basis }}的规定，视为您放弃申请，本机关不再处理该政府信息公开申请。{{ reply_text }}",
    "A23": "经审查，{{ reply_text }}",
}

# What the letter says when the handler leaves the reply text empty.
DEFAULT_REPLY_TEXT = {
    "A1": "请登录本机关政府信息公开平台，在政府信息公开目录中检索查阅，或者到本机关政府信息公开查阅点查阅。",
    "A2": "所需信息随本答复书一并提供。",
    "A3": "不予公开的部分涉及依法不应当公开的内容。",
    "A13": "请向负责公开该政府信息的行政机关提出申请。",
    "A18": "请通过公开发行渠道或者公共图书馆、档案馆查阅获取。",
    "A23": "本机关已依法作出处理。",
}

DEFAULTS: dict[str, tuple[str, str]] = {
    "receipt": RECEIPT,
    "correction": CORRECTION,
    "extension": EXTENSION,
    "longer_period": LONGER_PERIOD,
    "consultation_third_party": CONSULTATION_THIRD_PARTY,
    "consultation_agency": CONSULTATION_AGENCY,
    "fee": FEE,
    "fee_cost": FEE_COST,
    **{f"reply_{code}": ("政府信息公开申请答复书", _REPLY_OPENING + body) for code, body in _REPLY_BODIES.items()},
}
DEFAULTS["reply_A21"] = ("政府信息公开申请终止处理告知书", DEFAULTS["reply_A21"][1])
DEFAULTS["reply_A22"] = ("政府信息公开申请终止处理告知书", DEFAULTS["reply_A22"][1])

TEMPLATE_LABELS = {
    "receipt": "登记回执",
    "correction": "补正告知书",
    "extension": "延期答复告知书",
    "longer_period": "延迟答复告知书（第三十五条）",
    "consultation_third_party": "征求意见函（第三方）",
    "consultation_agency": "征求意见函（其他机关）",
    "fee": "收费通知书（信息处理费）",
    "fee_cost": "收费通知书（2007年条例：检索、复制、邮寄等成本费用）",
    **{f"reply_{code}": f"答复书 {code}" for code in _REPLY_BODIES},
}

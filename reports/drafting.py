"""Pre-drafted text for the sections a person writes (一, 五, 六; the pre-2019 layout's narrative): sentences built
from the report's cells and facts, in the register of published reports. The 信息公开办 edits them; what the
platform cannot know (考核与责任追究结果, 创新情况) is left as a visible placeholder, and a report with a placeholder
left in it cannot be submitted (rule TXT-1).
"""

from .figures import Facts
from .formats.base import FIGURES, TABLE2, TABLE3, TABLE4, ReportFormat, format_money_yuan

PLACEHOLDER_OPEN = "【待填写："
PLACEHOLDER_CLOSE = "】"


def placeholder(what: str) -> str:
    return f"{PLACEHOLDER_OPEN}{what}{PLACEHOLDER_CLOSE}"


def has_placeholder(text: str) -> bool:
    return PLACEHOLDER_OPEN in (text or "")


def self_name(agency_name: str, kind: str) -> str:
    """How a township's report refers to itself: 我乡 / 我镇 / 本街道 / 本机关 (the seed writes 我乡)."""
    if kind == "township":
        if agency_name.endswith("镇人民政府"):
            return "我镇"
        if agency_name.endswith("乡人民政府"):
            return "我乡"
    if kind == "subdistrict":
        return "本街道"
    if kind == "county_government":
        return "本级政府"
    return "本机关"


def _join(names: list[str]) -> str:
    return "、".join(names)


def _percent(part: int, whole: int) -> str:
    if not whole:
        return "100%"
    return f"{part * 100 / whole:.1f}%".replace(".0%", "%")


def draft_texts(fmt: ReportFormat, *, values: dict, facts: Facts, agency_name: str, short_name: str, kind: str,
                site_name: str = "", office_name: str = "", office_phone: str = "", office_address: str = "") -> dict:
    if not fmt.has_tables:
        return _draft_legacy(values, facts, agency_name, short_name, kind)
    return _draft_national(fmt, values, facts, agency_name, short_name, kind, site_name, office_name, office_phone,
                           office_address)


# --- 2019 / 2021 formats --------------------------------------------------------------------------------------------

def _draft_national(fmt, values, facts, agency_name, short_name, kind, site_name, office_name, office_phone,
                    office_address) -> dict:
    y = facts.year
    me = short_name or agency_name

    def t3(row, col="total"):
        return int(values.get((TABLE3, row, col), 0))

    def t2(row, col):
        return int(values.get((TABLE2, row, col), 0))

    texts = {}
    contact = "；".join(p for p in (f"地址：{office_address}" if office_address else "",
                                   f"电话：{office_phone}" if office_phone else "") if p)
    texts["preamble"] = (
        f"本报告由{agency_name}根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《{fmt.name}》"
        f"（{fmt.basis}）要求编制。全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、"
        f"政府信息公开行政复议、行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。"
        f"本报告中所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。"
        f"本报告电子版可在{('“' + site_name + '”') if site_name else '本平台'}{me}政府信息公开专栏“政府信息公开年报”栏目查阅或下载。"
        + (f"如对本报告有疑问，请与{office_name}联系（{contact}）。" if office_name and contact else ""))

    # 一（一） 主动公开
    names = facts.category_names
    if facts.items_published:
        on_time = facts.items_published - facts.items_late
        sentence = (f"{y}年，{me}主动公开政府信息{facts.items_published}条，分{len(names)}类（{_join(names)}）。"
                    f"其中按《条例》规定时限公开{on_time}条，按时公开率{_percent(on_time, facts.items_published)}")
        sentence += f"，逾期公开{facts.items_late}条。" if facts.items_late else "。"
    else:
        sentence = f"{y}年，{me}未在本平台主动公开政府信息。"
    norm = facts.documents.get("normative")
    if norm and (norm.made or norm.abolished or norm.in_force):
        sentence += (f"本年制发行政规范性文件{norm.made}件，废止{norm.abolished}件，"
                     f"现行有效{norm.in_force}件，均按规定在政府信息公开专栏集中公开。")
    texts["overview_proactive"] = sentence

    # 一（二） 依申请公开
    received, carried_in, concluded, carried_out = t3("received"), t3("carried_in"), t3("total"), t3("carried_out")
    if received or carried_in:
        withheld = sum(t3(f"withheld_{i}") for i in range(1, 9))
        unable = sum(t3(f"unable_{i}") for i in range(1, 4))
        rejected = sum(t3(f"rejected_{i}") for i in range(1, 6))
        # 其他处理: one row in the 2019 trial format, three (other_1..3) in the 2021 format
        other = sum(t3(row.key) for row in fmt.table3.rows if row.key == "other" or row.key.startswith("other_"))
        texts["overview_on_request"] = (
            f"{y}年，{me}新收政府信息公开申请{received}件，上年结转{carried_in}件。本年度办结{concluded}件，"
            f"其中予以公开{t3('granted')}件，部分公开{t3('partial')}件，不予公开{withheld}件，无法提供{unable}件，"
            f"不予处理{rejected}件，其他处理{other}件；结转下年度继续办理{carried_out}件。"
            # What the register shows, nothing more: whether each reply came in time is not part of these figures,
            # and a draft must not assert it for the office (the county's comparison shows on-time replies).
            "以上申请均已在本平台登记，答复文书随案归档。")
    else:
        texts["overview_on_request"] = f"{y}年，{me}未收到政府信息公开申请，无上年结转申请。"

    # 一（三） 政府信息管理
    texts["overview_management"] = (
        "严格落实政府信息公开属性源头认定和公开前保密审查制度，拟公开信息经保密审查、分管领导和主要领导审批后发布；"
        f"动态更新政府信息公开目录和政府信息公开指南。本年度现行有效行政规范性文件{t2('normative', 'in_force') if fmt.cell(TABLE2, 'normative', 'in_force') else (norm.in_force if norm else 0)}件，"
        "文件有效性标注及时准确。")

    # 一（四） 平台建设
    texts["overview_platform"] = (
        f"依托{('“' + site_name + '”') if site_name else '政府信息公开平台'}建设{me}政府信息公开专栏，"
        "统一设置政府信息公开指南、政府信息公开制度、法定主动公开内容、政府信息公开年报等栏目，"
        "提供全文检索、长辈版大字浏览和信息订阅服务，并设立政府信息公开查阅点，方便群众获取政府信息。")

    # 一（五） 监督保障 (for a 人民政府: 考核、社会评议和责任追究结果)
    parts = []
    rec = int(values.get((TABLE4, "reconsideration", "total"), 0))
    lit = int(values.get((TABLE4, "litigation_direct", "total"), 0)) + int(
        values.get((TABLE4, "litigation_after_reconsideration", "total"), 0))
    corrected = sum(int(values.get((TABLE4, g, "corrected"), 0)) for g in
                    ("reconsideration", "litigation_direct", "litigation_after_reconsideration"))
    if rec or lit:
        parts.append(f"本年度因政府信息公开工作被申请行政复议{rec}件、提起行政诉讼{lit}件，其中被依法纠正{corrected}件，"
                     "已逐件分析原因并整改。")
    else:
        parts.append("本年度未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。")
    complaints = int(facts.complaints.get("about_disclosure", 0) or 0)
    if complaints:
        closed = int(facts.complaints.get("closed_about_disclosure", 0) or 0)
        parts.append(f"收到涉及政府信息公开工作的投诉举报{complaints}件，本年办结{closed}件。")
    else:
        parts.append("本年度未收到涉及政府信息公开工作的投诉举报。")
    ratings = facts.ratings or {}
    rated = int(ratings.get("total", 0) or 0)
    if rated:
        good = int(ratings.get("satisfied", 0) or 0) + int(ratings.get("basically", 0) or 0)
        parts.append(f"社会评议方面，通过网站开展政府信息和依申请公开服务评价，共收到评价{rated}次，其中满意"
                     f"{ratings.get('satisfied', 0)}次、基本满意{ratings.get('basically', 0)}次、不满意"
                     f"{ratings.get('unsatisfied', 0)}次，满意和基本满意率{_percent(good, rated)}。")
    else:
        parts.append("社会评议方面，通过网站开展政府信息和依申请公开服务评价，本年度未收到评价。")
    parts.append(placeholder("政府信息公开工作考核和责任追究结果情况"))
    texts["overview_supervision"] = "".join(parts)

    # 五
    problems = []
    if facts.items_late:
        problems.append(f"部分信息未在《条例》规定的20个工作日内公开（本年逾期公开{facts.items_late}条）")
    texts["problems"] = (
        ("存在的主要问题：一是" + "；二是".join(problems) + "。" if problems else placeholder("存在的主要问题")) + "\n"
        + "改进情况：" + placeholder("针对上述问题采取的改进措施"))

    # 六
    processing = facts.fees_cents - facts.fees_cost_cents
    if processing:
        texts["other_fees"] = (f"{y}年，{me}依据《政府信息公开信息处理费管理办法》收取信息处理费"
                               f"{format_money_yuan(processing)}元。")
    else:
        texts["other_fees"] = f"{y}年，{me}未收取信息处理费。"
    if facts.fees_cost_cents:  # applications received under the 2007 rules, concluded in this year
        texts["other_fees"] += (f"对2019年5月15日前收到、适用2007年条例的申请，收取检索、复制、邮寄等成本费用"
                                f"{format_money_yuan(facts.fees_cost_cents)}元。")
    if facts.fees_waived_cents:
        texts["other_fees"] += f"减免费用{format_money_yuan(facts.fees_waived_cents)}元。"
    plan = facts.work_plan or {}
    if plan.get("tasks"):
        tasks, done = int(plan["tasks"]), int(plan.get("done", 0) or 0)
        texts["other_work_plan"] = (f"认真落实上级{y}年政务公开工作要点，{me}年度政务公开工作任务{tasks}项，"
                                    f"已完成{done}项，完成率{_percent(done, tasks)}。")
    else:
        texts["other_work_plan"] = placeholder(f"落实上级{y}年政务公开工作要点情况")
    s = facts.suggestions
    if s.total:
        texts["other_suggestions"] = (f"{y}年，{me}承办人大代表建议{s.npc}件、政协提案{s.cppcc}件，已答复{s.replied}件，"
                                      f"办理结果公开{s.made_public}件。")
    else:
        texts["other_suggestions"] = f"{y}年，{me}未承办人大代表建议和政协提案。"
    texts["other_innovation"] = placeholder("年度政务公开工作创新情况")
    return texts


# --- the pre-2019 layout (reads like the seed) ---------------------------------------------------------------------

def _draft_legacy(values, facts, agency_name, short_name, kind) -> dict:
    y = facts.year
    me = self_name(agency_name, kind)

    def f(key):
        return int(values.get((FIGURES, key, "value"), 0))

    texts = {}
    texts["overview"] = (
        f"{y}年，根据上级政府信息公开工作要点精神，{me}政府信息公开工作秉承“以公开为原则、不公开为例外”的总体要求，"
        "妥善处理公开与保密的关系，积极完善信息公开制度规范、深化公开内容、拓展公开形式，努力提高各项政务活动的透明度。\n"
        "规范信息公开内部流转程序，按照“谁制定、谁梳理”“谁公开、谁负责”的原则，把新增信息与保密审核结果呈报分管领导和"
        "主要领导审批，增强新增公开信息的严谨性。认真执行信息公开统计制度，按时、准确地上报季度统计表。")
    names = facts.category_names
    if f("items_published"):
        texts["proactive"] = (
            f"一是主动公开政府信息的数量：{y}年，为进一步方便群众查询信息，在政府信息公开网站主动公开政府信息"
            f"{f('items_published')}条，为群众了解或查询政府相关政策提供了一个有利的平台。"
            f"二是主动公开政府信息的主要类别情况：经过梳理工作职能，确定信息公开内容，将信息划分为{_join(names)}等"
            f"{f('categories')}个类别。"
            f"三是主动公开政府信息的途径：{me}政府信息在政府信息公开网站上公开发布，并设立了政府信息公开查阅点，"
            "方便群众查阅政府信息，保障了广大群众知情权。")
    else:
        texts["proactive"] = f"{y}年，{me}未在政府信息公开网站主动公开政府信息。"
    if f("applications_received") or f("applications_carried_in"):
        texts["on_request"] = (
            f"{y}年，共收到公民、法人和其他组织提出的政府信息公开申请{f('applications_received')}件"
            + (f"，上年结转{f('applications_carried_in')}件" if f("applications_carried_in") else "")
            + f"。其中同意公开{f('applications_granted')}件，同意部分公开{f('applications_partial')}件，"
            f"不予公开{f('applications_withheld')}件，其他答复{f('applications_other')}件"
            + (f"，结转下年度办理{f('applications_pending')}件" if f("applications_pending") else "") + "。")
    else:
        texts["on_request"] = f"{y}年没有接到公民、法人和其他组织提出的需要获取公开政府信息的申请。"
    if f("reconsideration") or f("litigation"):
        texts["review"] = (f"{y}年度因政府信息公开申请行政复议{f('reconsideration')}件、提起行政诉讼"
                           f"{f('litigation')}件。")
    else:
        texts["review"] = f"{y}年度没有发生因政府信息公开申请行政复议、提起行政诉讼的情况。"
    s = facts.suggestions
    if s.npc or s.cppcc:
        topics = f"（其中包括{_join(s.topics)}等内容）" if s.topics else ""
        parts = []
        if s.npc:
            parts.append(f"代表共提建议{s.npc}条{topics}")
        if s.cppcc:
            parts.append(f"委员共提提案{s.cppcc}件{'' if s.npc else topics}")
        if s.replied >= s.total:
            done = "均已按时办理答复" if s.replied_on_time >= s.total else "均已办理答复"
        else:
            done = f"已办理答复{s.replied}件"
        texts["suggestions"] = f"{y}年" + "，".join(parts) + f"，{done}。"
    else:
        texts["suggestions"] = f"{y}年未承办人大代表建议和政协委员提案。"
    if f("fees_charged") or f("fees_waived"):
        texts["fees"] = (f"{y}年度{me}收取政府信息公开检索、复制、邮寄等成本费用{format_money_yuan(f('fees_charged'))}元，"
                         f"减免{format_money_yuan(f('fees_waived'))}元。")
    else:
        texts["fees"] = f"{y}年度{me}尚未发生有关收费产生的问题。"
    texts["problems"] = placeholder("存在的主要问题")
    texts["plans"] = (f"{y + 1}年{me}将继续贯彻落实《中华人民共和国政府信息公开条例》，进一步完善工作机制、健全各项制度、"
                      "梳理政府信息、开展宣传培训、加强政府网站建设，严格按照“公开为原则，不公开为例外”的原则，"
                      "做好政府信息公开发布工作。")
    return texts

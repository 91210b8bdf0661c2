"""The county of the seed: 望奎县人民政府 with 东升乡人民政府 under it (and a few more agencies, so that the county's
views have something to compare), the township's offices, its leaders and staff (附件2), the site footer."""

from agencies import services
from agencies.models import Agency, Membership, Office, Role, StaffRegistryEntry, User
from catalog.services import create_default_categories

from .context import DEMO_PASSWORD, Account, DemoContext

# (key, name, short name, kind, parent key, 统一社会信用代码) — codes are made up, with valid check characters.
AGENCIES = [
    ("county", "望奎县人民政府", "望奎县", Agency.Kind.COUNTY_GOVERNMENT, None, "11231221001100003U"),
    ("dongsheng", "东升乡人民政府", "东升乡", Agency.Kind.TOWNSHIP, "county", "112312210111000155"),
    ("huiqi", "惠七镇人民政府", "惠七镇", Agency.Kind.TOWNSHIP, "county", "112312210111000230"),
    ("finance", "望奎县财政局", "县财政局", Agency.Kind.DEPARTMENT, "county", "11231221001100038E"),
]

DONGSHENG_OFFICES = ["党政办公室", "经济发展办公室", "社会事务办公室", "财政所", "农业综合服务站", "综合治理办公室",
                     "文化站", "司法所"]

# 附件2 of the seed: 政务公开分管领导及工作机构工作人员登记表 (东升乡政府, 2018年3月14日).
REGISTRY = [("李天涛", "乡长", "18746567000", ""), ("闫宝武", "副书记", "15636938080", ""),
            ("王乐", "秘书", "15546565866", "政府信息公开办公室主任")]

# username, full name, agency key, roles, office name, title
PEOPLE = [
    ("admin", "平台管理员", "county", [Role.PLATFORM_ADMIN], None, "系统管理员"),
    ("zwgk", "周明", "county", [Role.COUNTY_SUPERVISOR], None, "县政务公开办主任"),
    # 等保 2.0 三权分立: the security and the audit administrators beside the platform administrator.
    ("anquan", "韩立安", "county", [Role.SECURITY_ADMIN], None, "网络安全管理员"),
    ("shenji", "唐文审", "county", [Role.AUDIT_ADMIN], None, "安全审计员"),
    ("wangle", "王乐", "dongsheng", [Role.OFFICE_ADMIN, Role.CLERK], "党政办公室", "秘书"),
    ("zhangming", "张明", "dongsheng", [Role.CLERK], "农业综合服务站", "农业站站长"),
    ("liuwenjing", "刘文静", "dongsheng", [Role.SECRECY_REVIEWER], None, "保密员"),
    ("yanbaowu", "闫宝武", "dongsheng", [Role.DEPUTY_LEADER], None, "党委副书记"),
    ("litiantao", "李天涛", "dongsheng", [Role.PRINCIPAL_LEADER], None, "乡长"),
    ("huiqi_office", "陈静", "huiqi", [Role.OFFICE_ADMIN, Role.CLERK], None, "党政办主任"),
    ("huiqi_leader", "赵刚", "huiqi", [Role.DEPUTY_LEADER], None, "副镇长"),
    ("huiqi_head", "孙立", "huiqi", [Role.PRINCIPAL_LEADER], None, "镇长"),
    ("huiqi_secrecy", "吴慧", "huiqi", [Role.SECRECY_REVIEWER], None, "保密员"),
    ("finance_office", "郑洁", "finance", [Role.OFFICE_ADMIN, Role.CLERK], None, "办公室主任"),
    ("finance_leader", "冯军", "finance", [Role.DEPUTY_LEADER], None, "副局长"),
    ("finance_head", "何平", "finance", [Role.PRINCIPAL_LEADER], None, "局长"),
    ("finance_secrecy", "许宁", "finance", [Role.SECRECY_REVIEWER], None, "保密员"),
]

OFFICE_PROFILE = {
    "county": {"office_name": "望奎县人民政府办公室（县政务公开办）", "office_address": "黑龙江省绥化市望奎县文明路48号",
               "office_phone": "0455-6711168", "office_fax": "0455-6711168",
               "office_internet": "http://www.wangkui.gov.cn（网上申请）", "office_postcode": "152100"},
    "dongsheng": {"office_name": "东升乡政府信息公开办公室", "office_address": "黑龙江省绥化市望奎县东升乡政府院内党政办公室",
                  "office_phone": "0455-6711168", "office_fax": "0455-6711168",
                  "office_internet": "http://www.wangkui.gov.cn 东升乡政府信息公开专栏", "office_postcode": "152100",
                  "guide_intro": "本乡政府信息按栏目分类编排，每条信息标注索引号、名称、内容概述、生成日期等要素。"
                                 "公民、法人和其他组织可以通过本平台检索、查阅、下载主动公开的政府信息，也可以到乡政府党政办公室"
                                 "设立的政府信息公开查阅点查阅。"},
    "huiqi": {"office_name": "惠七镇党政办公室", "office_address": "黑龙江省绥化市望奎县惠七镇政府院内",
              "office_phone": "0455-6711170", "office_fax": "0455-6711170",
              "office_internet": "http://www.wangkui.gov.cn 惠七镇政府信息公开专栏", "office_postcode": "152100"},
    "finance": {"office_name": "望奎县财政局办公室", "office_address": "黑龙江省绥化市望奎县文明路12号",
                "office_phone": "0455-6711180", "office_fax": "0455-6711181",
                "office_internet": "http://www.wangkui.gov.cn 县财政局政府信息公开专栏", "office_postcode": "152100"},
}
HOURS = "工作日上午8:30—11:30，下午13:30—17:00（法定节假日除外）"


def build(ctx: DemoContext) -> None:
    admin = User.objects.filter(username="admin").first()
    if admin is None:
        admin = User.objects.create_superuser("admin", email="", password=DEMO_PASSWORD, full_name="平台管理员")
    ctx.system_user = admin
    for key, name, short, kind, parent_key, uscc in AGENCIES:
        agency = Agency.objects.filter(name=name).first()
        if agency is None:
            agency = services.create_agency(
                acting_user=admin, code=uscc[8:17], name=name, short_name=short, kind=kind,
                parent=ctx.agencies.get(parent_key), uscc=uscc, office_hours=HOURS, **OFFICE_PROFILE[key])
        ctx.agencies[key] = agency
    services.update_site_settings(
        acting_user=admin, site_name="望奎县人民政府 政府信息公开平台", host_org="望奎县人民政府",
        address="黑龙江省绥化市望奎县文明路48号", phone="0455-6711168", site_code="2312210001",
        icp_no="黑ICP备13005961号-1", psb_no="23122102000101", copyright_since=2019)
    for name in DONGSHENG_OFFICES:
        office = Office.objects.filter(agency=ctx.agencies["dongsheng"], name=name).first() or services.add_office(
            ctx.agencies["dongsheng"], acting_user=admin, name=name,
            kind=Office.Kind.STATION if name.endswith(("站", "所")) else Office.Kind.OFFICE)
        ctx.offices[("dongsheng", name)] = office
    for username, full_name, agency_key, roles, office_name, title in PEOPLE:
        agency = ctx.agencies[agency_key]
        # The demo's accounts log in with the documented demo password, without the first-login change.
        user = User.objects.filter(username=username).first() or services.create_user(
            acting_user=admin, username=username, full_name=full_name, password=DEMO_PASSWORD,
            must_change_password=False)
        ctx.users[username] = user
        for role in roles:
            if not Membership.objects.filter(user=user, agency=agency, role=role).exists():
                # The 审计管理员 is granted from the console only (no back-office account may grant it).
                services.grant_role(user, agency, role, acting_user=None if role == Role.AUDIT_ADMIN else admin,
                                    title=title,
                                    office=ctx.offices.get((agency_key, office_name)) if role == Role.CLERK else None)
            ctx.accounts.append(Account(username, Role(role).label, agency.name))
    township = ctx.agencies["dongsheng"]
    if not StaffRegistryEntry.objects.filter(agency=township).exists():
        for order, (name, position, contact, remarks) in enumerate(REGISTRY):
            services.save_registry_entry(township, acting_user=admin, name=name, position=position, contact=contact,
                                         remarks=remarks, sort_order=order)
    for agency in ctx.agencies.values():
        create_default_categories(agency, acting_user=admin)

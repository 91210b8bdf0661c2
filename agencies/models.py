"""Agencies (tenants), their offices, people and roles, the staff registry, numbering sequences and site settings."""

import re

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models

from privacy.identifiers import is_valid_org_code, is_valid_uscc, org_code_from_uscc


class User(AbstractUser):
    full_name = models.CharField("姓名", max_length=50, blank=True)
    # Set for an account an administrator created or whose password they reset: the person chooses their own
    # password at their next login before anything else (等保 2.0, 身份鉴别).
    password_change_required = models.BooleanField("下次登录须修改密码", default=False)
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.full_name or self.username


class Agency(models.Model):
    """A government body hosted on the county platform (县政府, its departments, its townships)."""

    class Kind(models.TextChoices):
        COUNTY_GOVERNMENT = "county_government", "县级人民政府"
        DEPARTMENT = "department", "县级人民政府部门"
        TOWNSHIP = "township", "乡（镇）人民政府"
        SUBDISTRICT = "subdistrict", "街道办事处"

    code = models.CharField(
        "机关代码", max_length=18, unique=True, help_text="平台内使用的代码，默认为组织机构代码，用于网址和接口。"
    )
    name = models.CharField("机关名称", max_length=100, unique=True)
    short_name = models.CharField("简称", max_length=30, blank=True)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    parent = models.ForeignKey("self", verbose_name="上级机关", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children")
    # Materialised path of ids ("1/5/") so "this agency and everything under it" is one indexed prefix query.
    path = models.CharField(max_length=255, editable=False, db_index=True)
    uscc = models.CharField("统一社会信用代码", max_length=18, blank=True)
    org_code = models.CharField("组织机构代码", max_length=9, blank=True)
    established_on = models.DateField("成立日期", null=True, blank=True)
    sort_order = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    # Art.12: the disclosure office (政府信息公开工作机构) as shown in the 政府信息公开指南.
    office_name = models.CharField("政府信息公开工作机构名称", max_length=100, blank=True)
    office_address = models.CharField("办公地址", max_length=200, blank=True)
    office_hours = models.CharField("办公时间", max_length=200, blank=True)
    office_phone = models.CharField("联系电话", max_length=50, blank=True)
    office_fax = models.CharField("传真号码", max_length=50, blank=True)
    office_internet = models.CharField("互联网联系方式", max_length=200, blank=True)
    office_postcode = models.CharField("邮政编码", max_length=6, blank=True)
    guide_intro = models.TextField("指南说明", blank=True, help_text="政府信息公开指南中关于编排体系、获取方式的补充说明。")
    # Annual report deadline (Art.49): departments 1月31日, the county government 3月31日, townships set locally.
    report_due_month = models.PositiveSmallIntegerField("年报发布期限（月）", null=True, blank=True)
    report_due_day = models.PositiveSmallIntegerField("年报发布期限（日）", null=True, blank=True)
    # 等保 身份鉴别: MFA is always required of the roles in agencies.access.MFA_REQUIRED_ROLES; an agency may require
    # it of all its staff.
    require_mfa = models.BooleanField("全体工作人员须启用多因素认证", default=False)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["path"]
        verbose_name = "机关"
        verbose_name_plural = "机关"

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        if self.uscc and not is_valid_uscc(self.uscc):
            errors["uscc"] = "统一社会信用代码格式或校验位不正确。"
        if self.org_code and not is_valid_org_code(self.org_code):
            errors["org_code"] = "组织机构代码格式或校验位不正确。"
        if self.uscc and self.org_code and org_code_from_uscc(self.uscc) != self.org_code.upper():
            errors["org_code"] = "组织机构代码与统一社会信用代码第9至17位不一致。"
        if not re.fullmatch(r"[0-9A-Za-z-]{2,18}", self.code or ""):
            errors["code"] = "机关代码只能包含字母、数字和连字符（2至18位）。"
        if self.office_postcode and not re.fullmatch(r"\d{6}", self.office_postcode):
            errors["office_postcode"] = "邮政编码应为6位数字。"
        if (self.report_due_month is None) != (self.report_due_day is None):
            errors["report_due_day"] = "年报发布期限的月和日需同时填写。"
        if errors:
            raise ValidationError(errors)

    @property
    def catalogue_code(self) -> str:
        """The 前段码 of this agency's 索引号: its 组织机构代码 (MD-1), derived from the 统一社会信用代码 if needed."""
        if self.org_code:
            return self.org_code.upper()
        if self.uscc:
            return org_code_from_uscc(self.uscc)
        return self.code.upper()

    @property
    def guide_fields(self) -> dict[str, str]:
        """The Art.12 contact fields of the disclosure office, labelled as the regulation names them."""
        return {
            "名称": self.office_name,
            "办公地址": self.office_address,
            "办公时间": self.office_hours,
            "联系电话": self.office_phone,
            "传真号码": self.office_fax,
            "互联网联系方式": self.office_internet,
        }


class Office(models.Model):
    """An office of an agency (办所/站所): where drafts come from (谁制定、谁梳理)."""

    class Kind(models.TextChoices):
        OFFICE = "office", "办（所）"
        STATION = "station", "站（所）"
        DEPARTMENT = "department", "内设机构"

    agency = models.ForeignKey(Agency, verbose_name="机关", on_delete=models.PROTECT, related_name="offices")
    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices, default=Kind.OFFICE)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        ordering = ["agency", "sort_order", "id"]
        verbose_name = "办所/站所"
        verbose_name_plural = "办所/站所"
        constraints = [models.UniqueConstraint(fields=["agency", "name"], name="office_unique_name_per_agency")]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    CLERK = "clerk", "信息员"
    SECRECY_REVIEWER = "secrecy_reviewer", "保密审查员"
    DEPUTY_LEADER = "deputy_leader", "分管领导"
    PRINCIPAL_LEADER = "principal_leader", "主要领导"
    OFFICE_ADMIN = "office_admin", "信息公开办"
    COUNTY_SUPERVISOR = "county_supervisor", "政务公开办"
    PLATFORM_ADMIN = "platform_admin", "平台管理员"
    # 等保 2.0 三权分立: the platform administrator (系统管理员) manages accounts and configuration, the 安全管理员
    # the security settings (lockouts, MFA resets, tokens), the 审计管理员 reads the audit trail and nothing else.
    SECURITY_ADMIN = "security_admin", "安全管理员"
    AUDIT_ADMIN = "audit_admin", "审计管理员"


class Membership(models.Model):
    """A person holding a role in an agency. One person may hold several roles (a 秘书 is often both 信息员 and
    信息公开办). A 信息员 may be tied to an office: then they draft for that office only."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField("角色", max_length=30, choices=Role.choices)
    office = models.ForeignKey(Office, verbose_name="办所", null=True, blank=True, on_delete=models.PROTECT)
    title = models.CharField("职务", max_length=50, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agency", "role", "user"]
        verbose_name = "角色分配"
        verbose_name_plural = "角色分配"
        constraints = [
            models.UniqueConstraint(fields=["user", "agency", "role"], name="membership_unique_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.agency} · {self.get_role_display()}"


class StaffRegistryEntry(models.Model):
    """附件2 政务公开分管领导及工作机构工作人员登记表: 姓名、职务、联系方式、备注, kept per agency."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="registry_entries")
    name = models.CharField("姓名", max_length=50)
    position = models.CharField("职务", max_length=50)
    contact = models.CharField("联系方式", max_length=50, blank=True)
    remarks = models.CharField("备注", max_length=200, blank=True)
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    sort_order = models.PositiveIntegerField("排序", default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["agency", "sort_order", "id"]
        verbose_name = "工作人员登记"
        verbose_name_plural = "工作人员登记"

    def __str__(self) -> str:
        return f"{self.name}（{self.position}）"


class NumberSequence(models.Model):
    """Per-agency, per-year counters (索引号 serials, letter numbers, application numbers). Never reused."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    key = models.CharField(max_length=40)
    year = models.PositiveSmallIntegerField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "key", "year"], name="sequence_unique_key_year")]


class SiteSettings(models.Model):
    """The portal footer (政府网站发展指引): one row."""

    site_name = models.CharField("网站名称", max_length=100, default="政府信息公开平台")
    host_org = models.CharField("主办单位", max_length=100, blank=True)
    address = models.CharField("地址", max_length=200, blank=True)
    phone = models.CharField("联系电话", max_length=50, blank=True)
    site_code = models.CharField("网站标识码", max_length=10, blank=True)
    icp_no = models.CharField("ICP备案号", max_length=40, blank=True)
    psb_no = models.CharField("公安机关备案号", max_length=40, blank=True)
    copyright_since = models.PositiveSmallIntegerField("版权起始年份", null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "网站设置"
        verbose_name_plural = "网站设置"

    def __str__(self) -> str:
        return self.site_name

    def clean(self) -> None:
        errors = {}
        if self.site_code and not SITE_CODE_RE.fullmatch(self.site_code):
            errors["site_code"] = "网站标识码应为10位数字（6位行政区划代码加4位顺序号），例如 2312210001。"
        if self.icp_no and not ICP_RE.fullmatch(self.icp_no):
            errors["icp_no"] = "ICP备案号格式应为“省份简称ICP备8位数字号”，可带“-序号”，例如 黑ICP备13005961号-1。"
        if self.psb_no and not PSB_RE.fullmatch(self.psb_no):
            errors["psb_no"] = "公安机关备案号应为14位数字，可带省份简称与“公网安备”字样，例如 黑公网安备 23122102000101号。"
        if errors:
            raise ValidationError(errors)


_PROVINCES = "京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川蜀贵黔云滇藏陕秦甘陇青宁新港澳台"
SITE_CODE_RE = re.compile(r"\d{10}")
ICP_RE = re.compile(rf"[{_PROVINCES}]ICP备\d{{8}}号(-\d+)?")
PSB_RE = re.compile(rf"(?:[{_PROVINCES}](?:公网安备|公安备案)\s?)?\d{{14}}号?")

"""The back office's navigation: each entry appears when its route exists and the person holds its permission
somewhere. Domains add views under these route names (backoffice/routes/<domain>.py)."""

from django.urls import NoReverseMatch, reverse

from agencies.access import Perm, grants_for

# (label, route name, any of these permissions)
ENTRIES = [
    ("工作台", "backoffice:workbench", None),
    ("目录信息", "backoffice:items", [Perm.CATALOG_VIEW]),
    ("依申请公开", "backoffice:applications", [Perm.APPLICATIONS_VIEW]),
    ("监督保障", "backoffice:oversight", [Perm.OVERSIGHT_VIEW]),
    ("标准目录覆盖", "backoffice:coverage", [Perm.CATALOG_VIEW]),
    ("统计与年报", "backoffice:reports", [Perm.REPORTS_VIEW]),
    ("栏目与流程", "backoffice:categories", [Perm.CATALOG_MANAGE]),
    ("导入", "backoffice:imports", [Perm.CATALOG_MANAGE]),
    ("机关与人员", "backoffice:agency", [Perm.AGENCIES_VIEW]),
    ("人员账号", "backoffice:accounts", [Perm.ACCOUNTS_MANAGE]),
    ("工作日历", "backoffice:calendar", [Perm.WORKDAYS_MANAGE]),
    ("网站设置", "backoffice:site_settings", [Perm.SITE_MANAGE]),
    ("接口令牌", "backoffice:tokens", None),
    ("审计记录", "backoffice:audit", [Perm.AUDIT_VIEW]),
    ("登录锁定", "backoffice:lockouts", [Perm.SECURITY_MANAGE]),
    ("多因素认证要求", "backoffice:mfa_policy", [Perm.SECURITY_MANAGE]),
    ("账号安全", "backoffice:account_security", None),
    ("通知发送记录", "backoffice:deliveries", [Perm.APPLICATIONS_HANDLE, Perm.OVERSIGHT_MANAGE]),
    ("通知设置", "backoffice:notification_settings", None),
]


def nav_for(request) -> list[dict]:
    grants = grants_for(request.user)
    out = []
    for label, name, perms in ENTRIES:
        if perms and not any(grants.agency_ids(p) for p in perms):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        out.append({"label": label, "url": url, "active": False})
    # The one active entry is the longest URL the page is under (账号安全 /manage/security/ holds 登录锁定's
    # /manage/security/lockouts/); the 工作台 only on itself.
    workbench = reverse("backoffice:workbench")
    matching = [entry for entry in out if request.path.startswith(entry["url"])
                and (entry["url"] != workbench or request.path == workbench)]
    if matching:
        max(matching, key=lambda entry: len(entry["url"]))["active"] = True
    return out

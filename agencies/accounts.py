"""Every write to staff accounts and their roles (等保 2.0 level 3, 访问控制): creating an account with an initial
password, deactivating and re-activating it, resetting its password or its second factors, granting and revoking
roles. Each function takes the acting user and writes its audit event in the same transaction.

The rules live here, not in the views:
- the actor manages accounts (Perm.ACCOUNTS_MANAGE) in the agency concerned; an action on a whole account needs it in
  every agency where the person has a role (agencies.access.may_manage_account); a superuser is managed only by a
  superuser;
- nobody grants or revokes a role whose permissions they do not hold there (agencies.access.may_grant_role), so the
  审计管理员 role is granted only from the console (`manage.py grant_role`, acting_user None = 系统);
- 三权分立: an 审计管理员 holds no role that manages accounts or security (AUDIT_INCOMPATIBLE_ROLES), and vice versa;
- nobody locks themselves (and so their agency) out: no deactivating oneself, no revoking one's own account-managing
  role.

`acting_user=None` is the system (the console, the demo loader): the permission rules are skipped, the others apply.
"""

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.module_loading import import_string

from audit.services import record
from gongkai.errors import InvalidTransition, PermissionDenied
from security.services import reset_mfa

from .access import (
    AUDIT_INCOMPATIBLE_ROLES,
    PERM_LABELS,
    ROLE_PERMISSIONS,
    Perm,
    forget_grants,
    has_perm,
    may_manage_account,
    perms_lacking_to_grant,
    require,
)
from .errors import AgencyError, full_clean_or_raise
from .models import Agency, Membership, Office, Role, User

# Letters and digits without the look-alikes (0/O, 1/l/I): the administrator reads the password out or copies it.
INITIAL_PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def generate_initial_password() -> str:
    """A random initial password such as "k7Pq-Xm3d-RtA9" (12 characters of 55: about 69 bits)."""
    while True:  # drawn again until it has lower case, upper case and digits (security.passwords: 3 classes)
        password = "-".join(get_random_string(4, INITIAL_PASSWORD_ALPHABET) for _ in range(3))
        if any(c.islower() for c in password) and any(c.isupper() for c in password) and any(
                c.isdigit() for c in password):
            return password


def _checked_password(password: str, user: User) -> str:
    try:
        validate_password(password or "", user)
    except ValidationError as exc:
        raise AgencyError("初始密码不符合要求：" + "".join(exc.messages), field="password") from None
    return password


def _require_superuser_for_superuser(acting_user, user: User) -> None:
    if acting_user is not None and user.is_superuser and not acting_user.is_superuser:
        raise PermissionDenied("只有超级管理员可以管理超级管理员的账号。", code="superuser_only")


def _require_may_manage_account(acting_user, user: User, what: str) -> None:
    if acting_user is None:
        return
    _require_superuser_for_superuser(acting_user, user)
    if not may_manage_account(acting_user, user):
        raise PermissionDenied(f"您没有{what}的权限：须在其担任角色的每个机关都有"
                               f"管理工作人员账号的权限。", code="account_not_managed")


def _new_user(*, username: str, full_name: str, password: str, email: str, must_change_password: bool) -> User:
    username, full_name, email = (username or "").strip(), (full_name or "").strip(), (email or "").strip()
    if not username:
        raise AgencyError("请填写用户名。", field="username")
    if not full_name:
        raise AgencyError("请填写姓名。", field="full_name")
    # Case-insensitive: "WangLe" and "wangle" would be two people the staff cannot tell apart at the login page.
    if User.objects.filter(username__iexact=username).exists():
        raise AgencyError(f"用户名“{username}”已被使用。", field="username", code="username_taken")
    user = User(username=username, full_name=full_name, email=email, password_change_required=must_change_password)
    user.set_password(_checked_password(password, user))
    full_clean_or_raise(user)
    user.save()
    return user


def create_user(*, acting_user, username: str, full_name: str, password: str, email: str = "",
                must_change_password: bool = True) -> User:
    """An account without roles (the console, the demo loader, the platform administrator): such an account is
    administered at the platform root. The person must choose their own password at their first login unless
    `must_change_password` is False (the demo's documented accounts)."""
    if acting_user is not None:
        root = Agency.objects.filter(parent__isnull=True).first()
        if root is None or not has_perm(acting_user, Perm.ACCOUNTS_MANAGE, root):
            raise PermissionDenied("只有平台管理员可以创建不属于任何机关的账号；请在机关的“人员账号”页面创建。")
    with transaction.atomic():
        user = _new_user(username=username, full_name=full_name, password=password, email=email,
                         must_change_password=must_change_password)
        record(user, "agencies.user.created", actor=acting_user,
               data={"username": user.username, "full_name": user.full_name})
    return user


def create_account(agency: Agency, *, acting_user, username: str, full_name: str, role: str = "",
                   password: str = "", email: str = "", office: Office | None = None,
                   title: str = "") -> tuple[User, str]:
    """A staff account of `agency` holding `role` there, with an initial password the administrator hands over (a
    generated one when `password` is empty). The person changes it at their first login. Returns the account and
    the initial password (shown once, never stored in clear).

    Without a role the account belongs to the platform root (only there, and only for who manages accounts there):
    the way to prepare an 审计管理员's account before the operator grants the role from the console."""
    if role:
        _check_grant(acting_user, None, agency, role, office, title)
    elif agency.parent_id is not None:
        raise AgencyError("请选择角色。", field="role")
    elif acting_user is not None:
        require(acting_user, Perm.ACCOUNTS_MANAGE, agency)
    password = password or generate_initial_password()
    with transaction.atomic():
        user = _new_user(username=username, full_name=full_name, password=password, email=email,
                         must_change_password=True)
        record(user, "agencies.user.created", actor=acting_user, agency=agency,
               data={"username": user.username, "full_name": user.full_name, "agency": agency.name, "role": role})
        if role:
            _save_grant(acting_user, user, agency, role, office, title)
    return user, password


def _check_grant(acting_user, user: User | None, agency: Agency, role: str, office: Office | None,
                 title: str) -> None:
    """The rules of granting `role` in `agency` to `user` (None: an account about to be created) that need no lock;
    the separation of duties is checked with the account locked."""
    if role not in Role.values:
        raise AgencyError("未知的角色。", field="role")
    label = Role(role).label
    if acting_user is not None:
        if user is not None:
            _require_superuser_for_superuser(acting_user, user)
        require(acting_user, Perm.ACCOUNTS_MANAGE, agency)
        if role == Role.AUDIT_ADMIN:
            raise PermissionDenied("审计管理员角色只能由运维人员在服务器控制台授予（manage.py grant_role）。",
                                   code="audit_admin_console_only")
        lacking = perms_lacking_to_grant(acting_user, agency, role)
        if lacking:
            raise PermissionDenied(
                f"您不能授予“{label}”角色：该角色的权限（{'、'.join(sorted(PERM_LABELS[p] for p in lacking))}）"
                f"您在“{agency.name}”并不具有。", code="grant_exceeds_own")
    if office is not None and office.agency_id != agency.pk:
        raise AgencyError("办所不属于该机关。", field="office")
    if len((title or "").strip()) > 50:
        raise AgencyError("职务不能超过50个字。", field="title")


def _check_separation_of_duties(user: User, role: str) -> None:
    held = set(Membership.objects.filter(user=user).values_list("role", flat=True))
    if role == Role.AUDIT_ADMIN:
        conflicting = sorted(Role(r).label for r in held & AUDIT_INCOMPATIBLE_ROLES)
        if user.is_superuser:
            conflicting.insert(0, "超级管理员")
        if conflicting:
            raise AgencyError(f"“{user.display_name}”担任{'、'.join(conflicting)}，不能同时担任审计管理员"
                              f"（三权分立：管理账号或安全的人员不能查看审计记录）。",
                              code="separation_of_duties", field="role", status=409)
    elif role in AUDIT_INCOMPATIBLE_ROLES and Role.AUDIT_ADMIN in held:
        raise AgencyError(f"“{user.display_name}”是审计管理员，不能同时担任“{Role(role).label}”"
                          f"（三权分立：查看审计记录的人员不能管理账号或安全）。",
                          code="separation_of_duties", field="role", status=409)


def _save_grant(acting_user, user: User, agency: Agency, role: str, office: Office | None,
                title: str) -> Membership:
    title = (title or "").strip()
    membership, created = Membership.objects.get_or_create(
        user=user, agency=agency, role=role, defaults={"office": office, "title": title})
    data = {"user": user.username, "role": role, "office": office.name if office else "", "title": title}
    if created:
        record(membership, "agencies.role.granted", actor=acting_user, agency=agency, data=data)
    elif membership.office_id != (office.pk if office else None) or membership.title != title:
        membership.office, membership.title = office, title
        membership.save(update_fields=["office", "title"])
        record(membership, "agencies.role.changed", actor=acting_user, agency=agency, data=data)
    return membership


def grant_role(user: User, agency: Agency, role: str, *, acting_user, office: Office | None = None,
               title: str = "") -> Membership:
    """Give `user` `role` in `agency` (again: change its office and title). The actor manages the agency's accounts
    and holds every permission of the role there; an 审计管理员 holds no account- or security-managing role."""
    _check_grant(acting_user, user, agency, role, office, title)
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()  # two grants at once: one waits for the other
        _check_separation_of_duties(user, role)
        membership = _save_grant(acting_user, user, agency, role, office, title)
    forget_grants(user)
    return membership


def revoke_role(membership: Membership, *, acting_user) -> None:
    """Take a role away: whoever may grant it may revoke it, except their own account-managing role (the last
    信息公开办 of a township would lock the agency out of its own administration)."""
    label = membership.get_role_display()
    if acting_user is not None:
        _require_superuser_for_superuser(acting_user, membership.user)
        require(acting_user, Perm.ACCOUNTS_MANAGE, membership.agency)
        if membership.role == Role.AUDIT_ADMIN:
            raise PermissionDenied("审计管理员角色只能由运维人员在服务器控制台撤销（manage.py revoke_role）。",
                                   code="audit_admin_console_only")
        lacking = perms_lacking_to_grant(acting_user, membership.agency, membership.role)
        if lacking:
            raise PermissionDenied(
                f"您不能撤销“{label}”角色：该角色的权限（{'、'.join(sorted(PERM_LABELS[p] for p in lacking))}）"
                f"您在“{membership.agency.name}”并不具有。", code="grant_exceeds_own")
        if membership.user_id == acting_user.pk and Perm.ACCOUNTS_MANAGE in ROLE_PERMISSIONS[membership.role]:
            raise AgencyError(f"不能撤销本人的{label}角色，请由其他管理员操作。", code="revoke_own_admin")
    with transaction.atomic():
        record(membership, "agencies.role.revoked", actor=acting_user, agency=membership.agency,
               data={"user": membership.user.username, "role": membership.role})
        membership.delete()
    forget_grants(membership.user)


def deactivate_user(user: User, *, acting_user, reason: str = "") -> int:
    """Stop the account: the person can no longer log in (Django's ModelBackend refuses inactive accounts), their
    open sessions are ended and their API tokens refused. Nothing they did is removed. Returns the sessions ended."""
    if acting_user is not None and acting_user.pk == user.pk:
        raise AgencyError("不能停用本人的账号，请由其他管理员操作。", code="deactivate_self")
    _require_may_manage_account(acting_user, user, f"停用“{user.display_name}”账号")
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if not locked.is_active:
            raise InvalidTransition("该账号已停用。", code="already_inactive")
        user.is_active = False
        user.save(update_fields=["is_active"])
        ended = _end_sessions(user)
        record(user, "agencies.user.deactivated", actor=acting_user, from_state="active", to_state="inactive",
               comment=(reason or "").strip()[:200], data={"username": user.username, "sessions_ended": ended})
    forget_grants(user)
    return ended


def reactivate_user(user: User, *, acting_user, reason: str = "") -> User:
    """Let a deactivated account log in again, with the roles it still holds."""
    _require_may_manage_account(acting_user, user, f"启用“{user.display_name}”账号")
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if locked.is_active:
            raise InvalidTransition("该账号已是启用状态。", code="already_active")
        user.is_active = True
        user.save(update_fields=["is_active"])
        record(user, "agencies.user.reactivated", actor=acting_user, from_state="inactive", to_state="active",
               comment=(reason or "").strip()[:200], data={"username": user.username})
    forget_grants(user)
    return user


def reset_password(user: User, *, acting_user, password: str = "") -> str:
    """Give the account a new initial password (a generated one when `password` is empty) that the administrator
    hands over; the person must change it at their next login. The new password hash also ends the person's open
    sessions (Django checks a hash of the password on every request). Returns the new password, to show once."""
    if acting_user is not None and acting_user.pk == user.pk:
        raise AgencyError("不能重置本人的密码，请登录后自行修改密码。", code="reset_own_password")
    _require_may_manage_account(acting_user, user, f"重置“{user.display_name}”的密码")
    password = _checked_password(password or generate_initial_password(), user)
    with transaction.atomic():
        user.set_password(password)
        user.password_change_required = True
        user.save(update_fields=["password", "password_change_required"])
        record(user, "agencies.user.password_reset", actor=acting_user, data={"username": user.username})
    return password


def reset_account_mfa(user: User, *, acting_user, reason: str) -> int:
    """Remove the person's second factors (a lost phone or key) through security.services.reset_mfa, which checks
    the actor and writes the audit event; the reason is required here because the audit trail must say why."""
    reason = (reason or "").strip()
    if not reason:
        raise AgencyError("请填写重置多因素认证的原因（例如：手机遗失）。", field="reason")
    return reset_mfa(user, acting_user=acting_user, reason=reason)


def _end_sessions(user: User) -> int:
    """Delete the person's stored sessions, so that re-activating the account later does not revive them.

    Django's session table has no user column: this reads the unexpired sessions and decodes each (deactivation is
    rare, and the staff's sessions are a few hundred). Engines that keep no table (cache, signed cookies) are left
    alone: the inactive account is refused on its next request anyway."""
    store_class = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    if not hasattr(store_class, "get_model_class"):
        return 0
    ended = 0
    model = store_class.get_model_class()
    for session in model.objects.filter(expire_date__gt=timezone.now()).iterator():
        store = store_class(session_key=session.session_key)
        if store.decode(session.session_data).get(SESSION_KEY) == str(user.pk):
            store.delete()
            ended += 1
    return ended

"""Writes of the staff security controls (等保 2.0 level 3): second factors, passwords, lockouts, login events.

Every function takes the acting user and writes its audit event in the same transaction.
"""

from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from agencies.access import Perm, agency_ids, may_manage_account, require
from agencies.models import Agency, User
from audit.services import record
from gongkai import clock
from gongkai.errors import PermissionDenied

from .errors import SecurityError

RECOVERY_DEVICE_NAME = "恢复码"
TOTP_DEVICE_NAME = "动态验证码"

# How a login passed (the audit event's data["factor"]).
FACTOR_LABELS = {"password": "密码", "totp": "密码 + 动态验证码", "recovery_code": "密码 + 恢复码",
                 "enrolment": "密码 + 新绑定的动态验证码"}
LOGIN_EVENTS = {"security.login.succeeded", "security.login.password_failed", "security.login.account_inactive",
                "security.login.second_factor_failed",
                "security.login.locked_out", "security.logout", "security.session.expired"}


def reset_mfa(user: User, *, acting_user, reason: str = "") -> int:
    """Remove every second factor of `user` (a lost phone or security key): they enrol again at their next login.

    Only an administrator of all of the person's agencies (ACCOUNTS_MANAGE) or a 安全管理员 (SECURITY_MANAGE) may
    do it, never for themselves; the reset is an audit event on the person's account. Returns the devices removed.
    """
    if acting_user is not None and acting_user.pk == user.pk:
        raise PermissionDenied("不能重置本人的多因素认证，请由其他管理员操作。", code="reset_own_mfa")
    if acting_user is not None and not (may_manage_account(acting_user, user, Perm.ACCOUNTS_MANAGE)
                                        or may_manage_account(acting_user, user, Perm.SECURITY_MANAGE)):
        raise PermissionDenied(f"您没有重置“{user.display_name}”多因素认证的权限。")
    with transaction.atomic():
        devices = list(devices_for_user(user, confirmed=None))
        kinds = sorted({type(device).__name__ for device in devices})
        for device in devices:
            device.delete()
        record(user, "security.mfa.reset", actor=acting_user, comment=(reason or "").strip()[:200],
               data={"user": user.username, "devices": len(devices), "kinds": kinds})
    return len(devices)


def _platform_root() -> Agency | None:
    return Agency.objects.filter(parent__isnull=True).order_by("pk").first()


def record_login_event(action: str, *, username: str, user: User | None, ip_address: str | None,
                       **data) -> None:
    """One login event in the audit trail: on the account when it exists, else on the platform (the root agency).

    Failures and lockouts have no actor (whoever typed the username is not known to be its holder); a login, a
    logout and an expired session are the account holder's own.
    """
    assert action in LOGIN_EVENTS, action
    target = user if user is not None else _platform_root()
    if target is None:  # an installation without any agency has nobody to log in
        return
    actor = user if action in {"security.login.succeeded", "security.logout", "security.session.expired"} else None
    if "factor" in data:
        data["factor_label"] = FACTOR_LABELS.get(data["factor"], data["factor"])
    record(target, action, actor=actor, data={"username": (username or "")[:150], "ip_address": ip_address or "", **data})


def start_totp_enrolment(user: User, *, acting_user) -> TOTPDevice:
    """The unconfirmed TOTP device whose secret the person is shown (the same one until they confirm it, so a reload
    does not change the QR code). A confirmed device stays in use until the new one is confirmed."""
    _require_self(user, acting_user)
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def confirm_totp_enrolment(device: TOTPDevice, code: str, *, acting_user) -> list[str]:
    """Confirm the new TOTP device with a code from the person's app: it replaces any earlier one, and a fresh set
    of recovery codes is issued. Returns the recovery codes (shown once)."""
    user = device.user
    _require_self(user, acting_user)
    code = (code or "").strip().replace(" ", "")
    if device.confirmed:
        raise SecurityError("该动态验证码设备已经启用。", code="device_already_confirmed")
    if not (code.isascii() and code.isdigit() and len(code) == device.digits):
        raise SecurityError(f"请输入验证器应用显示的 {device.digits} 位数字验证码。", code="code_format", field="code")
    with transaction.atomic():
        if not device.verify_token(code):
            raise SecurityError("验证码不正确或已过期，请输入验证器应用当前显示的验证码。", code="code_wrong",
                                field="code")
        replaced = TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).count()
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _issue_recovery_codes(user)
        record(user, "security.mfa.enrolled", actor=acting_user,
               data={"user": user.username, "kind": "totp", "replaced": replaced, "recovery_codes": len(codes)})
    return codes


def regenerate_recovery_codes(user: User, *, acting_user) -> list[str]:
    """Replace the person's recovery codes with a new set (the old ones stop working). Returns them (shown once)."""
    _require_self(user, acting_user)
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise SecurityError("请先绑定动态验证码，再生成恢复码。", code="no_totp_device")
    with transaction.atomic():
        codes = _issue_recovery_codes(user)
        record(user, "security.mfa.recovery_codes_regenerated", actor=acting_user,
               data={"user": user.username, "recovery_codes": len(codes)})
    return codes


def _issue_recovery_codes(user: User) -> list[str]:
    from django.conf import settings

    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(settings.RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def change_password(user: User, *, acting_user, old_password: str, new_password: str) -> User:
    """The person changes their own password: the current one must be right, the new one must follow the rules
    (AUTH_PASSWORD_VALIDATORS) and differ from it. Clears `password_change_required`."""
    _require_self(user, acting_user)
    if not user.check_password(old_password or ""):
        raise SecurityError("原密码不正确。", code="old_password_wrong", field="old_password")
    if (new_password or "") == (old_password or ""):
        raise SecurityError("新密码不能与原密码相同。", code="password_unchanged", field="new_password")
    try:
        validate_password(new_password or "", user)
    except ValidationError as exc:
        raise SecurityError("新密码不符合要求：" + "".join(exc.messages), code="password_invalid",
                            field="new_password") from None
    with transaction.atomic():
        was_required = user.password_change_required
        user.set_password(new_password)
        user.password_change_required = False
        user.password_changed_at = clock.now()
        user.save(update_fields=["password", "password_change_required", "password_changed_at"])
        record(user, "security.password.changed", actor=acting_user,
               data={"user": user.username, "was_required": was_required})
    return user


def _require_self(user: User, acting_user) -> None:
    if acting_user is None or acting_user.pk != user.pk:
        raise PermissionDenied("只能由本人设置自己的登录凭据。", code="not_own_account")


def _may_unlock_address(acting_user) -> bool:
    root = _platform_root()
    return root is not None and root.pk in agency_ids(acting_user, Perm.SECURITY_MANAGE)


def may_unlock(acting_user, *, username: str = "", ip_address: str = "") -> bool:
    """An account's lockout: whoever may administer its security (SECURITY_MANAGE in all its agencies); an address's
    lockout, or a username that names no account: SECURITY_MANAGE over the whole platform."""
    if ip_address:
        return _may_unlock_address(acting_user)
    user = User.objects.filter(username=username).first()
    if user is None:
        return _may_unlock_address(acting_user)
    return may_manage_account(acting_user, user, Perm.SECURITY_MANAGE)


def unlock_login(*, acting_user, username: str = "", ip_address: str = "", reason: str = "") -> int:
    """Lift the lockout of an account (`username`) or of an address (`ip_address`) before it expires: its counted
    failures are forgotten. Returns the attempt records removed."""
    username, ip_address = (username or "").strip(), (ip_address or "").strip()
    if bool(username) == bool(ip_address):
        raise SecurityError("请指定要解锁的账号或地址（二选一）。", code="unlock_target")
    if not may_unlock(acting_user, username=username, ip_address=ip_address):
        raise PermissionDenied("您没有解除该登录锁定的权限。")
    user = User.objects.filter(username=username).first() if username else None
    target = user or _platform_root()
    with transaction.atomic():
        attempts = AccessAttempt.objects.filter(username=username) if username else AccessAttempt.objects.filter(
            ip_address=ip_address)
        failures = sum(attempts.values_list("failures_since_start", flat=True))
        removed, _ = attempts.delete()
        if target is not None:
            record(target, "security.login.unlocked", actor=acting_user, comment=(reason or "").strip()[:200],
                   data={"username": username, "ip_address": ip_address, "failures": failures, "records": removed})
    return removed


def set_agency_mfa_requirement(agency: Agency, required: bool, *, acting_user) -> Agency:
    """Require (or stop requiring) a second factor of every member of `agency`, beyond the roles that always need one
    (agencies.access.MFA_REQUIRED_ROLES). A security setting: the 安全管理员 (or the platform administrator) of the
    agency decides it; audited."""
    require(acting_user, Perm.SECURITY_MANAGE, agency)
    with transaction.atomic():
        locked = Agency.objects.select_for_update().get(pk=agency.pk)
        if locked.require_mfa == required:
            return locked
        Agency.objects.filter(pk=agency.pk).update(require_mfa=required)
        record(locked, "security.mfa.policy_changed", actor=acting_user,
               comment="要求全体工作人员启用多因素认证" if required else "不再要求全体工作人员启用多因素认证",
               data={"agency": locked.name, "require_mfa": required})
    agency.require_mfa = required
    return agency

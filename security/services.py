"""Writes of the staff security controls (等保 2.0 level 3): second factors, lockouts, sessions.

Every function takes the acting user and writes its audit event in the same transaction.
"""

from django.db import transaction
from django_otp import devices_for_user

from agencies.access import Perm, may_manage_account
from agencies.models import User
from audit.services import record
from gongkai.errors import PermissionDenied


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

"""Reads of the staff security controls: API tokens."""

from django.db.models import QuerySet

from agencies.access import Perm, agency_ids
from agencies.models import Agency, Membership, Role, User
from gongkai.errors import NotFound

from .models import ApiToken


def tokens_of(user: User) -> QuerySet[ApiToken]:
    """The person's own tokens, newest first (revoked and expired ones too, for the record)."""
    return ApiToken.objects.filter(owner=user).select_related("created_by", "revoked_by")


def may_see_others_tokens(user: User) -> bool:
    return bool(agency_ids(user, Perm.SECURITY_MANAGE))


def managed_tokens(user: User) -> QuerySet[ApiToken]:
    """Other people's tokens that a 安全管理员 may revoke: the set form of `may_manage_account(user, owner,
    SECURITY_MANAGE)` — owners all of whose agencies they secure (owners without roles: when they secure the root),
    superusers only for a superuser, 审计管理员 never (their accounts are administered from the console)."""
    held = agency_ids(user, Perm.SECURITY_MANAGE)
    if not held:
        return ApiToken.objects.none()
    outside = Membership.objects.exclude(agency_id__in=held).values("user_id")
    inside = Membership.objects.filter(agency_id__in=held).values("user_id")
    owners = User.objects.filter(pk__in=inside)
    roots = set(Agency.objects.filter(parent__isnull=True).values_list("pk", flat=True))
    if roots and roots <= held:
        owners = owners | User.objects.exclude(pk__in=Membership.objects.values("user_id"))
    owners = owners.exclude(pk__in=outside).exclude(pk__in=Membership.objects.filter(role=Role.AUDIT_ADMIN)
                                                    .values("user_id"))
    if not user.is_superuser:
        owners = owners.exclude(is_superuser=True)
    return (ApiToken.objects.filter(owner__in=owners).exclude(owner=user)
            .select_related("owner", "created_by", "revoked_by"))


def get_token_for(user: User, pk: int) -> ApiToken:
    """One of the person's own tokens or of those they may manage (404 otherwise: others' tokens stay unseen)."""
    token = tokens_of(user).select_related("owner").filter(pk=pk).first() or managed_tokens(user).filter(pk=pk).first()
    if token is None:
        raise NotFound("未找到该接口令牌。", code="token_not_found")
    return token

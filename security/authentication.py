"""The staff API's token authentication: ``Authorization: Token <key>`` (or ``Bearer <key>``) against ApiToken.

Unknown, revoked and expired keys and inactive owners get 401 with a stable code and a Chinese sentence; a read-only
token gets 403 ``token_read_only`` on any method that writes, whatever the view.
"""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import SAFE_METHODS

from .lockout import client_ip_address
from .models import ApiToken
from .tokens import TokenRefused, authenticate_key

KEYWORDS = (b"token", b"bearer")


def carries_api_token(request) -> bool:
    """Whether the request authenticates with an API token (``Token``/``Bearer``); any other Authorization header
    (``Basic …``) leaves the session to decide, and with it the session's MFA and password-change rules."""
    parts = get_authorization_header(request).split()
    return bool(parts) and parts[0].lower() in KEYWORDS


class ApiTokenAuthentication(BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request):
        if not carries_api_token(request):
            return None  # no token: the session (or anonymity) decides
        parts = get_authorization_header(request).split()
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed("令牌格式不正确，应为“Authorization: Token <令牌>”。",
                                                  code="token_malformed")
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("令牌格式不正确，令牌只含字母、数字、“_”和“-”。",
                                                  code="token_malformed") from None
        try:
            token = authenticate_key(key, address=client_ip_address(request))
        except TokenRefused as refused:
            raise exceptions.AuthenticationFailed(refused.message, code=refused.code) from None
        if token.scope == ApiToken.Scope.READ and request.method not in SAFE_METHODS:
            raise exceptions.PermissionDenied("该令牌为只读令牌，只能查询，不能新增、修改或删除。如需办理，请使用读写令牌。",
                                              code="token_read_only")
        return token.owner, token

    def authenticate_header(self, request):
        return self.keyword


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """/api/docs/ documents the header the clients send."""

    target_class = "security.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "接口令牌：在后台“接口令牌”页面或用 `manage.py create_api_token` 创建，"
                           "请求时发送 `Authorization: Token gk_…`（也接受 `Bearer gk_…`）。"
                           "只读令牌只能使用 GET/HEAD/OPTIONS。",
        }

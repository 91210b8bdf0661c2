"""API tokens for tests, issued through the real service (the key is only known at creation)."""

import itertools
from datetime import date, timedelta

from gongkai import clock
from security.models import ApiToken
from security.tokens import create_api_token

_names = itertools.count(1)


def issue_token(owner, *, scope: str = ApiToken.Scope.WRITE, expires_on: date | None = None,
                name: str | None = None, acting_user=None) -> tuple[ApiToken, str]:
    """A live token of `owner` (write scope, 30 days, a fresh name unless given) and its key."""
    return create_api_token(owner, acting_user=acting_user, name=name or f"测试令牌{next(_names)}", scope=scope,
                            expires_on=expires_on or clock.today() + timedelta(days=30))


def api_key_for(owner, **options) -> str:
    return issue_token(owner, **options)[1]

"""The 安全管理员 and 审计管理员 personas come from the root conftest.py."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """The per-address login rate limit counts in the cache, which outlives a test's database transaction."""
    cache.clear()
    yield
    cache.clear()


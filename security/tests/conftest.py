import pytest
from django.core.cache import cache

from agencies.models import Role
from agencies.tests.factories import person


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """The per-address login rate limit counts in the cache, which outlives a test's database transaction."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def security_admin(county):
    return person(county, Role.SECURITY_ADMIN, "secadmin", full_name="吴安全")


@pytest.fixture
def audit_admin(county):
    return person(county, Role.AUDIT_ADMIN, "auditor", full_name="郑审计")

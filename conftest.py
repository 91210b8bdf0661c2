"""Personas shared by every test: a county with a township (东升乡) and a second township, and one person per role.

    county           望奎县人民政府 (the platform root)       supervisor (政务公开办), admin (平台管理员),
                                                               security (安全管理员), auditor (审计管理员)
    township         东升乡人民政府 (offices 党政办, 农业站)   clerk (信息员 of 党政办), reviewer (保密审查员),
                                                               deputy (分管领导), principal (主要领导),
                                                               office (信息公开办)
    other_township   先锋镇人民政府                          outsider (its 信息公开办)
"""

import pytest

from agencies.models import Agency, Role
from agencies.tests.factories import AgencyFactory, OfficeFactory, make_codes, person
from catalog.tests.factories import CategoryFactory


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    from workdays.loading import invalidate

    invalidate()
    yield
    invalidate()


@pytest.fixture(autouse=True)
def _empty_publish_root():
    """Files published by one test (an eager drain after commit) are never served to the next one."""
    yield
    from publication.testing import empty_publish_root

    empty_publish_root()


@pytest.fixture
def county(db):
    uscc, org = make_codes(1, "231221")
    return AgencyFactory(name="望奎县人民政府", short_name="望奎县", kind=Agency.Kind.COUNTY_GOVERNMENT, uscc=uscc,
                         org_code=org, code=org)


@pytest.fixture
def township(county):
    uscc, org = make_codes(2, "231221")
    return AgencyFactory(name="东升乡人民政府", short_name="东升乡", parent=county, uscc=uscc, org_code=org, code=org)


@pytest.fixture
def other_township(county):
    uscc, org = make_codes(3, "231221")
    return AgencyFactory(name="先锋镇人民政府", short_name="先锋镇", parent=county, uscc=uscc, org_code=org, code=org)


@pytest.fixture
def party_office(township):
    return OfficeFactory(agency=township, name="党政办公室")


@pytest.fixture
def farm_station(township):
    return OfficeFactory(agency=township, name="农业综合服务站")


@pytest.fixture
def category(township):
    return CategoryFactory(agency=township, name="公告公示", statutory_items=["20.15"])


@pytest.fixture
def clerk(township, party_office):
    return person(township, Role.CLERK, "clerk", office=party_office, full_name="王乐")


@pytest.fixture
def reviewer(township):
    return person(township, Role.SECRECY_REVIEWER, "reviewer", full_name="赵保密")


@pytest.fixture
def deputy(township):
    return person(township, Role.DEPUTY_LEADER, "deputy", full_name="闫宝武")


@pytest.fixture
def principal(township):
    return person(township, Role.PRINCIPAL_LEADER, "principal", full_name="李天涛")


@pytest.fixture
def office_admin(township):
    return person(township, Role.OFFICE_ADMIN, "office", full_name="孙公开")


@pytest.fixture
def supervisor(county):
    return person(county, Role.COUNTY_SUPERVISOR, "supervisor", full_name="周督查")


@pytest.fixture
def platform_admin(county):
    return person(county, Role.PLATFORM_ADMIN, "admin", full_name="平台管理员")


@pytest.fixture
def outsider(other_township):
    return person(other_township, Role.OFFICE_ADMIN, "outsider", full_name="钱外人")


@pytest.fixture
def security_admin(county):
    return person(county, Role.SECURITY_ADMIN, "security", full_name="吴安全")


@pytest.fixture
def audit_admin(county):
    return person(county, Role.AUDIT_ADMIN, "auditor", full_name="郑审计")

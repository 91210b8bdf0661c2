"""An agency may require a second factor of all its staff (等保 2.0 身份鉴别), set by whoever secures it."""

import pytest
from django.test import Client

from agencies.access import requires_mfa
from audit.models import AuditEvent
from gongkai.errors import PermissionDenied
from security import services
from security.tests.helpers import log_in

pytestmark = pytest.mark.django_db


def test_requiring_mfa_of_an_agency_takes_its_clerks_through_enrolment_and_is_audited(township, other_township,
                                                                                       clerk, outsider,
                                                                                       security_admin):
    assert not requires_mfa(clerk)
    services.set_agency_mfa_requirement(township, True, acting_user=security_admin)
    assert requires_mfa(clerk)
    event = AuditEvent.objects.get(action="security.mfa.policy_changed")
    assert (event.actor, event.agency, event.comment) == (security_admin, township, "要求全体工作人员启用多因素认证")
    response = Client().post("/manage/login/", {"username": "clerk", "password": "correct-horse-battery"})
    assert response.status_code == 302 and response["Location"].startswith("/manage/login/enrol/")
    # Setting it again changes nothing and records nothing; lifting it is recorded.
    services.set_agency_mfa_requirement(township, True, acting_user=security_admin)
    assert AuditEvent.objects.filter(action="security.mfa.policy_changed").count() == 1
    services.set_agency_mfa_requirement(township, False, acting_user=security_admin)
    assert not requires_mfa(clerk)
    assert AuditEvent.objects.filter(action="security.mfa.policy_changed").count() == 2


def test_only_who_secures_the_agency_sets_its_requirement(township, office_admin, audit_admin):
    for actor in (office_admin, audit_admin):
        with pytest.raises(PermissionDenied):
            services.set_agency_mfa_requirement(township, True, acting_user=actor)
    township.refresh_from_db()
    assert not township.require_mfa


def test_the_policy_page_lists_the_agencies_and_refuses_an_unknown_code(township, security_admin):
    client = log_in(Client(), security_admin)
    page = client.get("/manage/security/mfa-policy/").content.decode()
    assert "东升乡人民政府" in page and "信息公开办" in page
    response = client.post("/manage/security/mfa-policy/", {"agency": "no-such-code", "require_mfa": "1"})
    assert response.status_code == 404 and "机关代码“no-such-code”不存在" in response.content.decode()


def test_only_the_page_under_the_longest_menu_address_is_highlighted(security_admin):
    from django.test import RequestFactory

    from backoffice.navigation import nav_for

    request = RequestFactory().get("/manage/security/mfa-policy/")
    request.user = security_admin
    assert [entry["label"] for entry in nav_for(request) if entry["active"]] == ["多因素认证要求"]
    request = RequestFactory().get("/manage/security/")
    request.user = security_admin
    assert [entry["label"] for entry in nav_for(request) if entry["active"]] == ["账号安全"]

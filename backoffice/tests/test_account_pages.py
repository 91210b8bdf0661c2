"""The 人员账号 pages as an agency's 信息公开办 and the platform administrator use them: the staff list, creating an
account (the initial password shown once), granting and revoking roles, deactivating and re-activating, resetting the
password and the second factor; refusals are the service's reason with its 4xx."""

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from agencies.models import Membership, Role, User
from agencies.tests.factories import UserFactory, person
from audit.models import AuditEvent
from security.tests.helpers import log_in

pytestmark = pytest.mark.django_db
OLD_PASSWORD = "correct-horse-battery"


def as_user(user) -> Client:
    return log_in(Client(raise_request_exception=False), user)


def logs_in(username: str, password: str) -> bool:
    response = Client().post("/manage/login/", {"username": username, "password": password})
    return response.status_code == 302


def test_the_staff_list_shows_roles_state_second_factor_and_last_login(township, office_admin, clerk, deputy):
    TOTPDevice.objects.create(user=clerk, name="手机", confirmed=True)
    User.objects.filter(pk=deputy.pk).update(is_active=False)
    page = as_user(office_admin).get(f"/manage/accounts/?agency={township.code}").content.decode()
    clerk_row = page[page.index("王乐"):page.index("</tr>", page.index("王乐"))]
    assert "clerk" in clerk_row and "信息员" in clerk_row and "启用" in clerk_row and "已绑定" in clerk_row
    assert "从未登录" in clerk_row
    deputy_row = page[page.index("闫宝武"):page.index("</tr>", page.index("闫宝武"))]
    assert "已停用" in deputy_row and "未绑定" in deputy_row
    assert 'name="agency"' not in page  # one agency: no picker


def test_the_staff_list_costs_the_same_queries_for_ten_more_people(township, office_admin, clerk,
                                                                  django_assert_max_num_queries):
    client = as_user(office_admin)
    url = f"/manage/accounts/?agency={township.code}"
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(10):
        user = person(township, Role.CLERK, f"more{n}")
        TOTPDevice.objects.create(user=user, name="手机", confirmed=True)
    with django_assert_max_num_queries(len(few)):
        client.get(url)


def test_the_platform_administrator_picks_the_agency_and_sees_accounts_without_roles(county, township,
                                                                                    platform_admin, clerk):
    UserFactory(username="loose", full_name="无角色者")
    page = as_user(platform_admin).get(f"/manage/accounts/?agency={county.code}").content.decode()
    assert 'id="pick-agency"' in page and "东升乡人民政府" in page and "无角色者" in page and "（无角色）" in page
    township_page = as_user(platform_admin).get(f"/manage/accounts/?agency={township.code}").content.decode()
    assert "王乐" in township_page and "无角色者" not in township_page


def test_an_account_is_created_and_its_initial_password_shown_once(township, party_office, office_admin):
    client = as_user(office_admin)
    form = client.get(f"/manage/accounts/new/?agency={township.code}").content.decode()
    assert 'value="clerk"' in form and 'value="secrecy_reviewer"' not in form
    response = client.post("/manage/accounts/new/", {
        "agency": township.code, "username": "newclerk", "full_name": "新信息员", "role": Role.CLERK,
        "office": party_office.pk, "title": "干事"})
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    user = User.objects.get(username="newclerk")
    password = response.context["password"]
    assert f'<code id="initial-password">{password}</code>' in response.content.decode()
    assert user.check_password(password) and user.password_change_required
    assert Membership.objects.get(user=user).office == party_office
    assert password not in client.get(f"/manage/accounts/{user.pk}/").content.decode()


def test_a_weak_initial_password_is_refused_next_to_its_field(township, office_admin):
    response = as_user(office_admin).post("/manage/accounts/new/", {
        "agency": township.code, "username": "newclerk", "full_name": "新人", "password": "1234567890",
        "role": Role.CLERK})
    assert response.status_code == 400 and "初始密码不符合要求" in response.content.decode()
    assert 'id="id_password_error"' in response.content.decode()
    assert not User.objects.filter(username="newclerk").exists()


def test_creating_an_account_with_a_role_one_does_not_hold_is_a_403_with_the_reason(township, office_admin):
    response = as_user(office_admin).post("/manage/accounts/new/", {
        "agency": township.code, "username": "newboss", "full_name": "新领导", "role": Role.PRINCIPAL_LEADER})
    assert response.status_code == 403 and "您不能授予“主要领导”角色" in response.content.decode()
    assert not User.objects.filter(username="newboss").exists()


def test_the_grant_form_offers_only_the_roles_the_actor_may_grant(county, township, office_admin, platform_admin,
                                                                  clerk):
    page = as_user(office_admin).get(f"/manage/accounts/{clerk.pk}/").content.decode()
    assert 'value="office_admin"' in page and 'value="deputy_leader"' not in page
    page = as_user(platform_admin).get(f"/manage/accounts/{clerk.pk}/?agency={county.code}").content.decode()
    assert 'value="security_admin"' in page and 'value="audit_admin"' not in page


def test_a_role_is_granted_and_revoked_on_the_account_page(township, office_admin, clerk):
    client = as_user(office_admin)
    response = client.post(f"/manage/accounts/{clerk.pk}/roles/", {"agency": township.code,
                                                                   "role": Role.OFFICE_ADMIN, "title": "秘书"})
    assert response.status_code == 302
    membership = Membership.objects.get(user=clerk, role=Role.OFFICE_ADMIN)
    assert membership.title == "秘书"
    page = client.get(response["Location"]).content.decode()
    assert "已在“东升乡人民政府”为王乐授予“信息公开办”角色。" in page
    response = client.post(f"/manage/accounts/{clerk.pk}/roles/{membership.pk}/delete/", follow=True)
    assert "已撤销王乐在“东升乡人民政府”的“信息公开办”角色。" in response.content.decode()
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_a_refused_grant_or_revocation_shows_the_reason_with_its_status(township, office_admin, deputy):
    client = as_user(office_admin)
    response = client.post(f"/manage/accounts/{deputy.pk}/roles/", {"agency": township.code,
                                                                    "role": Role.SECRECY_REVIEWER})
    assert response.status_code == 403 and "您不能授予“保密审查员”角色" in response.content.decode()
    own = Membership.objects.get(user__username="office")
    response = client.post(f"/manage/accounts/{own.user_id}/roles/{own.pk}/delete/")
    assert response.status_code == 400 and "不能撤销本人的信息公开办角色" in response.content.decode()
    assert Membership.objects.filter(pk=own.pk).exists()


def test_revoking_a_role_of_another_agency_is_not_found(township, other_township, office_admin, outsider, clerk):
    foreign = Membership.objects.get(user=outsider)
    client = as_user(office_admin)
    assert client.post(f"/manage/accounts/{outsider.pk}/roles/{foreign.pk}/delete/").status_code == 404
    assert client.post(f"/manage/accounts/{clerk.pk}/roles/{foreign.pk}/delete/").status_code == 404
    assert Membership.objects.filter(pk=foreign.pk).exists()


def test_a_deactivated_person_cannot_log_in_until_reactivated(township, office_admin, clerk):
    assert logs_in("clerk", OLD_PASSWORD)
    their_session = as_user(clerk)
    client = as_user(office_admin)
    response = client.post(f"/manage/accounts/{clerk.pk}/deactivate/", {"reason": "调离"}, follow=True)
    assert "王乐的账号已停用，不能再登录。" in response.content.decode() and "已停用" in response.content.decode()
    assert not logs_in("clerk", OLD_PASSWORD)
    assert their_session.get("/manage/").status_code == 302
    response = client.post(f"/manage/accounts/{clerk.pk}/reactivate/", follow=True)
    assert "王乐的账号已启用。" in response.content.decode()
    assert logs_in("clerk", OLD_PASSWORD)
    assert their_session.get("/manage/").status_code == 302  # the old session stays ended
    # Every login attempt is an event too (security.login.*), the one refused while the account was stopped named so.
    assert [e.action for e in AuditEvent.objects.filter(target_id=str(clerk.pk)).order_by("pk")] == [
        "security.login.succeeded", "agencies.user.deactivated", "security.login.account_inactive",
        "agencies.user.reactivated", "security.login.succeeded"]


def test_the_own_account_page_offers_no_deactivation_and_a_forged_post_is_refused(township, office_admin):
    client = as_user(office_admin)
    page = client.get(f"/manage/accounts/{office_admin.pk}/").content.decode()
    assert "这是您本人的账号" in page and "停用账号</button>" not in page
    response = client.post(f"/manage/accounts/{office_admin.pk}/deactivate/")
    assert response.status_code == 400 and "不能停用本人的账号" in response.content.decode()


def test_a_password_reset_shows_the_new_initial_password_once(township, office_admin, clerk):
    response = as_user(office_admin).post(f"/manage/accounts/{clerk.pk}/password/")
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    password = response.context["password"]
    assert password in response.content.decode() and "初始密码只显示这一次" in response.content.decode()
    assert logs_in("clerk", password) and not logs_in("clerk", OLD_PASSWORD)


def test_an_mfa_reset_removes_the_devices_and_is_audited(township, office_admin, clerk):
    TOTPDevice.objects.create(user=clerk, name="手机", confirmed=True)
    client = as_user(office_admin)
    response = client.post(f"/manage/accounts/{clerk.pk}/mfa/reset/", {"reason": ""})
    assert response.status_code == 400 and "请填写重置多因素认证的原因" in response.content.decode()
    assert TOTPDevice.objects.filter(user=clerk).exists()
    response = client.post(f"/manage/accounts/{clerk.pk}/mfa/reset/", {"reason": "手机遗失"}, follow=True)
    assert "已重置王乐的多因素认证（删除1个认证设备）" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=clerk).exists()
    event = AuditEvent.objects.get(action="security.mfa.reset", target_id=str(clerk.pk))
    assert (event.actor, event.comment) == (office_admin, "手机遗失")


def test_the_agency_page_lists_people_and_links_to_the_account_pages(township, office_admin, clerk):
    page = as_user(office_admin).get(f"/manage/agency/?agency={township.code}").content.decode()
    assert "管理人员账号与角色" in page and f"/manage/accounts/{clerk.pk}/" in page and "分配角色" not in page
    assert ">人员账号</a>" in page
    clerk_page = as_user(clerk).get(f"/manage/agency/?agency={township.code}").content.decode()
    assert "孙公开" in clerk_page and "管理人员账号与角色" not in clerk_page and ">人员账号</a>" not in clerk_page

"""The account services (agencies/accounts.py): who may create, deactivate, re-activate, reset and grant what, and
the audit event each writes. Every refusal is checked with its message and leaves the database as it was."""

import pytest
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from agencies import accounts
from agencies.access import Perm, grantable_roles, has_perm
from agencies.errors import AgencyError
from agencies.models import Membership, Role, User
from agencies.tests.factories import UserFactory, person
from audit.models import AuditEvent
from gongkai.errors import InvalidTransition, PermissionDenied

pytestmark = pytest.mark.django_db

STRONG = "Gongkai-strong-pass"


def logs_in(username: str, password: str) -> bool:
    """The password step of the back-office login accepts the account (a 信息员 needs no second factor)."""
    return Client().post("/manage/login/", {"username": username, "password": password}).status_code == 302


def events(action: str, target) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action, target_id=str(target.pk)))


# --- creating accounts ------------------------------------------------------------------------------------------

def test_an_office_admin_creates_a_clerk_who_must_change_the_initial_password(township, party_office, office_admin):
    user, password = accounts.create_account(township, acting_user=office_admin, username="newclerk",
                                             full_name="新信息员", email="new@example.cn", password=STRONG,
                                             role=Role.CLERK, office=party_office, title="干事")
    assert password == STRONG and user.check_password(STRONG)
    assert user.password_change_required and user.is_active and user.email == "new@example.cn"
    membership = Membership.objects.get(user=user)
    assert (membership.agency, membership.role, membership.office, membership.title) == (
        township, Role.CLERK, party_office, "干事")
    assert has_perm(user, Perm.CATALOG_DRAFT, township)
    created = events("agencies.user.created", user)
    assert len(created) == 1 and created[0].actor == office_admin and created[0].agency == township
    assert STRONG not in str(created[0].data)
    assert len(events("agencies.role.granted", membership)) == 1


def test_an_empty_initial_password_is_generated_and_passes_the_validators(township, office_admin):
    user, password = accounts.create_account(township, acting_user=office_admin, username="gen", full_name="生成",
                                             role=Role.CLERK)
    assert len(password) == 14 and user.check_password(password)
    assert accounts.generate_initial_password() != accounts.generate_initial_password()


@pytest.mark.parametrize("values, field, message", [
    ({"password": "1234567890"}, "password", "初始密码不符合要求"),
    ({"password": "short"}, "password", "初始密码不符合要求"),
    ({"full_name": " "}, "full_name", "请填写姓名。"),
    ({"username": "Clerk"}, "username", "用户名“Clerk”已被使用。"),
    ({"username": "bad name!"}, "username", ""),
    ({"title": "长" * 51}, "title", "职务不能超过50个字。"),
])
def test_bad_account_input_is_refused_with_the_field_and_nothing_is_saved(township, office_admin, clerk, values,
                                                                           field, message):
    before = User.objects.count()
    data = {"username": "someone", "full_name": "某人", "password": STRONG, "role": Role.CLERK, **values}
    with pytest.raises(AgencyError) as exc:
        accounts.create_account(township, acting_user=office_admin, **data)
    assert exc.value.field == field and message in exc.value.message
    assert User.objects.count() == before and not AuditEvent.objects.filter(action="agencies.user.created").exists()


def test_accounts_are_created_only_where_the_actor_manages_accounts(township, other_township, office_admin, clerk,
                                                                    supervisor):
    with pytest.raises(PermissionDenied) as exc:
        accounts.create_account(other_township, acting_user=office_admin, username="x1", full_name="某",
                                role=Role.CLERK)
    assert exc.value.message == "您没有在“先锋镇人民政府”管理工作人员账号与角色的权限。"
    for actor in (clerk, supervisor):
        with pytest.raises(PermissionDenied):
            accounts.create_account(township, acting_user=actor, username="x2", full_name="某", role=Role.CLERK)
    assert not User.objects.filter(username__in=["x1", "x2"]).exists()


def test_an_account_without_roles_is_created_by_the_platform_administrator_or_the_console(county, township,
                                                                                          office_admin,
                                                                                          platform_admin):
    with pytest.raises(PermissionDenied) as exc:
        accounts.create_user(acting_user=office_admin, username="loose", full_name="无角色", password=STRONG)
    assert "只有平台管理员可以创建不属于任何机关的账号" in exc.value.message
    user = accounts.create_user(acting_user=platform_admin, username="loose", full_name="无角色", password=STRONG)
    assert user.password_change_required and not user.memberships.exists()
    console = accounts.create_user(acting_user=None, username="console", full_name="控制台", password=STRONG,
                                   must_change_password=False)
    assert not console.password_change_required
    assert events("agencies.user.created", console)[0].actor_name == "系统"


def test_an_account_without_a_role_is_created_only_at_the_platform_root(county, township, office_admin,
                                                                         platform_admin):
    with pytest.raises(AgencyError) as exc:
        accounts.create_account(township, acting_user=office_admin, username="norole", full_name="某", role="")
    assert (exc.value.field, exc.value.message) == ("role", "请选择角色。")
    with pytest.raises(PermissionDenied, match="望奎县人民政府"):
        accounts.create_account(county, acting_user=office_admin, username="norole", full_name="某")
    user, _ = accounts.create_account(county, acting_user=platform_admin, username="norole", full_name="将任审计")
    assert not user.memberships.exists() and user.password_change_required
    call_command("grant_role", "norole", county.code, Role.AUDIT_ADMIN)
    assert has_perm(user, Perm.AUDIT_VIEW, township)


# --- granting roles: nobody grants what they do not hold ---------------------------------------------------------

def test_an_office_admin_grants_the_roles_they_hold_and_no_other(township, office_admin):
    assert grantable_roles(office_admin, township) == [Role.CLERK, Role.OFFICE_ADMIN]
    user = UserFactory()
    accounts.grant_role(user, township, Role.CLERK, acting_user=office_admin)
    accounts.grant_role(user, township, Role.OFFICE_ADMIN, acting_user=office_admin)
    for role, label in [(Role.SECRECY_REVIEWER, "保密审查员"), (Role.DEPUTY_LEADER, "分管领导"),
                        (Role.PRINCIPAL_LEADER, "主要领导"), (Role.SECURITY_ADMIN, "安全管理员")]:
        with pytest.raises(PermissionDenied) as exc:
            accounts.grant_role(user, township, role, acting_user=office_admin)
        assert exc.value.code == "grant_exceeds_own"
        assert exc.value.message.startswith(f"您不能授予“{label}”角色：该角色的权限（")
        assert exc.value.message.endswith("）您在“东升乡人民政府”并不具有。")
    assert set(user.memberships.values_list("role", flat=True)) == {Role.CLERK, Role.OFFICE_ADMIN}


def test_the_platform_administrator_grants_every_role_but_the_audit_administrator(county, township, platform_admin):
    assert Role.AUDIT_ADMIN not in grantable_roles(platform_admin, county)
    user = UserFactory()
    accounts.grant_role(user, township, Role.PRINCIPAL_LEADER, acting_user=platform_admin)
    accounts.grant_role(UserFactory(), county, Role.SECURITY_ADMIN, acting_user=platform_admin)
    superuser = User.objects.create_superuser("root", password=STRONG)
    for actor in (platform_admin, superuser):
        with pytest.raises(PermissionDenied) as exc:
            accounts.grant_role(UserFactory(), county, Role.AUDIT_ADMIN, acting_user=actor)
        assert exc.value.code == "audit_admin_console_only"
        assert exc.value.message == "审计管理员角色只能由运维人员在服务器控制台授予（manage.py grant_role）。"
    assert not Membership.objects.filter(role=Role.AUDIT_ADMIN).exists()


def test_regranting_changes_office_and_title_and_records_only_a_change(township, party_office, farm_station,
                                                                      office_admin, clerk):
    membership = Membership.objects.get(user=clerk)
    accounts.grant_role(clerk, township, Role.CLERK, acting_user=office_admin, office=party_office)
    assert not AuditEvent.objects.filter(target_id=str(membership.pk)).exists()
    accounts.grant_role(clerk, township, Role.CLERK, acting_user=office_admin, office=farm_station, title="站长")
    membership.refresh_from_db()
    assert (membership.office, membership.title) == (farm_station, "站长")
    assert [e.action for e in AuditEvent.objects.filter(target_id=str(membership.pk))] == ["agencies.role.changed"]


def test_an_office_of_another_agency_or_an_unknown_role_is_refused(township, other_township, office_admin):
    from agencies.tests.factories import OfficeFactory

    foreign_office = OfficeFactory(agency=other_township)
    with pytest.raises(AgencyError) as exc:
        accounts.grant_role(UserFactory(), township, Role.CLERK, acting_user=office_admin, office=foreign_office)
    assert (exc.value.field, exc.value.message) == ("office", "办所不属于该机关。")
    with pytest.raises(AgencyError) as exc:
        accounts.grant_role(UserFactory(), township, "king", acting_user=office_admin)
    assert exc.value.message == "未知的角色。"


def test_the_console_grants_the_audit_administrator_recorded_as_the_system(county, audit_admin):
    user = UserFactory(username="newauditor", full_name="新审计")
    call_command("grant_role", "newauditor", county.code, Role.AUDIT_ADMIN)
    membership = Membership.objects.get(user=user, role=Role.AUDIT_ADMIN)
    event = events("agencies.role.granted", membership)[0]
    assert event.actor is None and event.actor_name == "系统"
    assert has_perm(user, Perm.AUDIT_VIEW, county)
    call_command("revoke_role", "newauditor", county.code, Role.AUDIT_ADMIN)
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert events("agencies.role.revoked", membership)[0].actor_name == "系统"


def test_the_console_commands_say_what_is_wrong(county, office_admin):
    with pytest.raises(CommandError, match="用户名“nobody”不存在。"):
        call_command("grant_role", "nobody", county.code, Role.CLERK)
    with pytest.raises(CommandError, match="机关代码“zz”不存在。"):
        call_command("grant_role", "office", "zz", Role.CLERK)
    with pytest.raises(CommandError, match="不能同时担任审计管理员"):
        call_command("grant_role", "office", county.code, Role.AUDIT_ADMIN)


# --- 三权分立 ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("role", [Role.OFFICE_ADMIN, Role.PLATFORM_ADMIN, Role.SECURITY_ADMIN])
def test_an_account_or_security_administrator_cannot_become_audit_administrator(county, township, role):
    user = person(township if role == Role.OFFICE_ADMIN else county, role, "manager", full_name="管理者")
    with pytest.raises(AgencyError) as exc:
        accounts.grant_role(user, county, Role.AUDIT_ADMIN, acting_user=None)
    assert exc.value.code == "separation_of_duties" and exc.value.status == 409
    assert exc.value.message == (f"“管理者”担任{Role(role).label}，不能同时担任审计管理员"
                                 "（三权分立：管理账号或安全的人员不能查看审计记录）。")
    assert not Membership.objects.filter(role=Role.AUDIT_ADMIN).exists()


@pytest.mark.parametrize("role", [Role.OFFICE_ADMIN, Role.PLATFORM_ADMIN, Role.SECURITY_ADMIN])
def test_the_audit_administrator_cannot_be_given_an_account_or_security_role(county, township, platform_admin,
                                                                             audit_admin, role):
    agency = township if role == Role.OFFICE_ADMIN else county
    with pytest.raises(AgencyError) as exc:
        accounts.grant_role(audit_admin, agency, role, acting_user=platform_admin)
    assert exc.value.code == "separation_of_duties"
    assert exc.value.message == (f"“郑审计”是审计管理员，不能同时担任“{Role(role).label}”"
                                 "（三权分立：查看审计记录的人员不能管理账号或安全）。")
    assert set(audit_admin.memberships.values_list("role", flat=True)) == {Role.AUDIT_ADMIN}


def test_a_superuser_cannot_become_audit_administrator_but_an_auditor_may_be_a_clerk(county, township,
                                                                                    platform_admin, audit_admin):
    superuser = User.objects.create_superuser("root", password=STRONG)
    with pytest.raises(AgencyError, match="“root”担任超级管理员，不能同时担任审计管理员"):
        accounts.grant_role(superuser, county, Role.AUDIT_ADMIN, acting_user=None)
    accounts.grant_role(audit_admin, township, Role.CLERK, acting_user=platform_admin)


def test_a_superusers_roles_are_managed_only_by_a_superuser(township, office_admin, platform_admin):
    superuser = User.objects.create_superuser("root", password=STRONG)
    for actor in (office_admin, platform_admin):
        with pytest.raises(PermissionDenied) as exc:
            accounts.grant_role(superuser, township, Role.CLERK, acting_user=actor)
        assert (exc.value.code, exc.value.message) == ("superuser_only", "只有超级管理员可以管理超级管理员的账号。")
    other = User.objects.create_superuser("root2", password=STRONG)
    membership = accounts.grant_role(superuser, township, Role.CLERK, acting_user=other)
    with pytest.raises(PermissionDenied, match="只有超级管理员"):
        accounts.revoke_role(membership, acting_user=office_admin)


# --- revoking roles ----------------------------------------------------------------------------------------------

def test_an_office_admin_revokes_a_clerk_but_not_a_leader(township, office_admin, clerk, deputy):
    clerk_role = Membership.objects.get(user=clerk)
    accounts.revoke_role(Membership.objects.get(pk=clerk_role.pk), acting_user=office_admin)
    assert not Membership.objects.filter(pk=clerk_role.pk).exists()
    event = events("agencies.role.revoked", clerk_role)[0]
    assert event.actor == office_admin and event.data == {"user": "clerk", "role": "clerk"}
    deputy_role = Membership.objects.get(user=deputy)
    with pytest.raises(PermissionDenied) as exc:
        accounts.revoke_role(deputy_role, acting_user=office_admin)
    assert exc.value.message.startswith("您不能撤销“分管领导”角色：该角色的权限（")
    assert Membership.objects.filter(pk=deputy_role.pk).exists()


def test_nobody_revokes_their_own_account_managing_role(township, county, office_admin, platform_admin):
    for actor, label in [(office_admin, "信息公开办"), (platform_admin, "平台管理员")]:
        own = Membership.objects.get(user=actor)
        with pytest.raises(AgencyError) as exc:
            accounts.revoke_role(own, acting_user=actor)
        assert (exc.value.code, exc.value.message) == ("revoke_own_admin", f"不能撤销本人的{label}角色，请由其他管理员操作。")
        assert Membership.objects.filter(pk=own.pk).exists()
    own_clerk = accounts.grant_role(office_admin, township, Role.CLERK, acting_user=platform_admin)
    accounts.revoke_role(own_clerk, acting_user=office_admin)  # a role that does not manage accounts: allowed


def test_the_audit_administrator_role_is_revoked_from_the_console_only(county, platform_admin, audit_admin):
    membership = Membership.objects.get(user=audit_admin)
    with pytest.raises(PermissionDenied) as exc:
        accounts.revoke_role(membership, acting_user=platform_admin)
    assert exc.value.message == "审计管理员角色只能由运维人员在服务器控制台撤销（manage.py revoke_role）。"
    accounts.revoke_role(membership, acting_user=None)
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_the_audit_administrators_account_is_administered_from_the_console_only(county, platform_admin,
                                                                                 security_admin, audit_admin):
    # Whoever could reset the auditor's password or second factor could log in as the auditor (三权分立).
    TOTPDevice.objects.create(user=audit_admin, name="手机", confirmed=True)
    with pytest.raises(PermissionDenied):
        accounts.reset_password(audit_admin, acting_user=platform_admin)
    with pytest.raises(PermissionDenied):
        accounts.deactivate_user(audit_admin, acting_user=platform_admin)
    with pytest.raises(PermissionDenied):
        accounts.reset_account_mfa(audit_admin, acting_user=security_admin, reason="手机遗失")
    audit_admin.refresh_from_db()
    assert audit_admin.is_active and TOTPDevice.objects.filter(user=audit_admin).exists()
    assert accounts.reset_account_mfa(audit_admin, acting_user=None, reason="手机遗失") == 1


def test_a_role_in_another_agency_cannot_be_revoked(other_township, office_admin, outsider):
    membership = Membership.objects.get(user=outsider)
    with pytest.raises(PermissionDenied, match="先锋镇人民政府"):
        accounts.revoke_role(membership, acting_user=office_admin)


# --- deactivating and re-activating ------------------------------------------------------------------------------

def test_deactivating_stops_logins_ends_sessions_and_is_audited(township, office_admin, clerk, deputy):
    clerk_session, deputy_session = Client(), Client()
    clerk_session.force_login(clerk)
    deputy_session.force_login(deputy)
    ended = accounts.deactivate_user(clerk, acting_user=office_admin, reason="调离")
    clerk.refresh_from_db()
    assert ended == 1 and not clerk.is_active and not has_perm(clerk, Perm.CATALOG_VIEW, township)
    assert Session.objects.count() == 1  # the deputy's
    assert not logs_in("clerk", "correct-horse-battery")
    event = events("agencies.user.deactivated", clerk)[0]
    assert (event.actor, event.from_state, event.to_state, event.comment) == (office_admin, "active", "inactive", "调离")
    assert clerk_session.get("/manage/").status_code == 302
    with pytest.raises(InvalidTransition) as exc:
        accounts.deactivate_user(clerk, acting_user=office_admin)
    assert (exc.value.status, exc.value.message) == (409, "该账号已停用。")


def test_reactivating_lets_the_person_log_in_again_with_their_roles(township, office_admin, clerk):
    accounts.deactivate_user(clerk, acting_user=office_admin)
    accounts.reactivate_user(clerk, acting_user=office_admin)
    clerk.refresh_from_db()
    assert clerk.is_active and has_perm(clerk, Perm.CATALOG_DRAFT, township)
    assert logs_in("clerk", "correct-horse-battery")
    assert events("agencies.user.reactivated", clerk)[0].to_state == "active"
    with pytest.raises(InvalidTransition, match="该账号已是启用状态。"):
        accounts.reactivate_user(clerk, acting_user=office_admin)


def test_nobody_deactivates_themselves(office_admin, platform_admin):
    for actor in (office_admin, platform_admin):
        with pytest.raises(AgencyError) as exc:
            accounts.deactivate_user(actor, acting_user=actor)
        assert (exc.value.code, exc.value.message) == ("deactivate_self", "不能停用本人的账号，请由其他管理员操作。")
        actor.refresh_from_db()
        assert actor.is_active


def test_a_whole_account_is_managed_only_by_who_manages_every_agency_of_it(township, other_township, office_admin,
                                                                          outsider, supervisor, platform_admin, clerk):
    accounts.grant_role(clerk, other_township, Role.CLERK, acting_user=outsider)
    for actor, target in [(office_admin, clerk), (outsider, clerk), (office_admin, supervisor),
                          (supervisor, clerk)]:
        with pytest.raises(PermissionDenied) as exc:
            accounts.deactivate_user(target, acting_user=actor)
        assert exc.value.message == (f"您没有停用“{target.display_name}”账号的权限：须在其担任角色的每个机关都有"
                                     "管理工作人员账号的权限。")
    accounts.deactivate_user(clerk, acting_user=platform_admin)
    clerk.refresh_from_db()
    assert not clerk.is_active


def test_a_superuser_is_deactivated_only_by_a_superuser(township, office_admin, platform_admin):
    superuser = User.objects.create_superuser("root", password=STRONG)
    for actor in (office_admin, platform_admin):
        with pytest.raises(PermissionDenied, match="只有超级管理员可以管理超级管理员的账号。"):
            accounts.deactivate_user(superuser, acting_user=actor)
    accounts.deactivate_user(superuser, acting_user=User.objects.create_superuser("root2", password=STRONG))


# --- resetting the password and the second factor ----------------------------------------------------------------

def test_a_password_reset_gives_a_new_initial_password_and_ends_sessions(township, office_admin, clerk):
    session = Client()
    session.force_login(clerk)
    password = accounts.reset_password(clerk, acting_user=office_admin)
    clerk.refresh_from_db()
    assert clerk.check_password(password) and clerk.password_change_required
    assert session.get("/manage/").status_code == 302  # the old session's password hash no longer matches
    event = events("agencies.user.password_reset", clerk)[0]
    assert event.actor == office_admin and password not in str(event.data)


def test_a_password_reset_is_refused_for_oneself_a_weak_password_or_an_unmanaged_account(township, office_admin,
                                                                                          outsider, clerk):
    with pytest.raises(AgencyError, match="不能重置本人的密码，请登录后自行修改密码。"):
        accounts.reset_password(office_admin, acting_user=office_admin)
    with pytest.raises(AgencyError) as exc:
        accounts.reset_password(clerk, acting_user=office_admin, password="1234567890")
    assert exc.value.field == "password"
    with pytest.raises(PermissionDenied, match="您没有重置“王乐”的密码的权限"):
        accounts.reset_password(clerk, acting_user=outsider)
    clerk.refresh_from_db()
    assert clerk.check_password("correct-horse-battery") and not clerk.password_change_required


def test_an_mfa_reset_needs_a_reason_removes_the_devices_and_is_audited(township, office_admin, clerk):
    TOTPDevice.objects.create(user=clerk, name="手机", confirmed=True)
    with pytest.raises(AgencyError) as exc:
        accounts.reset_account_mfa(clerk, acting_user=office_admin, reason="  ")
    assert (exc.value.field, exc.value.message) == ("reason", "请填写重置多因素认证的原因（例如：手机遗失）。")
    assert TOTPDevice.objects.filter(user=clerk).exists()
    assert accounts.reset_account_mfa(clerk, acting_user=office_admin, reason="手机遗失") == 1
    assert not TOTPDevice.objects.filter(user=clerk).exists()
    event = events("security.mfa.reset", clerk)[0]
    assert (event.actor, event.comment) == (office_admin, "手机遗失")


def test_an_mfa_reset_is_refused_for_oneself_and_for_an_unmanaged_account(township, office_admin, outsider, clerk):
    TOTPDevice.objects.create(user=clerk, name="手机", confirmed=True)
    with pytest.raises(PermissionDenied, match="不能重置本人的多因素认证"):
        accounts.reset_account_mfa(office_admin, acting_user=office_admin, reason="丢了")
    with pytest.raises(PermissionDenied, match="您没有重置“王乐”多因素认证的权限"):
        accounts.reset_account_mfa(clerk, acting_user=outsider, reason="丢了")
    assert TOTPDevice.objects.filter(user=clerk).exists()

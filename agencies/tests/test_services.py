import pytest

from agencies import services
from agencies.access import Perm, has_perm
from agencies.errors import AgencyError
from agencies.models import Agency, Role
from agencies.sequences import next_number
from agencies.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_codes_are_validated(township, office_admin):
    with pytest.raises(AgencyError) as exc:
        services.update_agency_profile(township, acting_user=office_admin, uscc="112312210111000156")
    assert exc.value.field == "uscc"
    township.refresh_from_db()
    assert township.uscc != "112312210111000156"


def test_the_org_code_comes_from_the_credit_code(county, platform_admin):
    agency = services.create_agency(acting_user=platform_admin, code="dept", name="望奎县教育局",
                                    kind=Agency.Kind.DEPARTMENT, parent=county, uscc="91350100M000100Y43")
    assert agency.org_code == "M000100Y4" and agency.catalogue_code == "M000100Y4"
    assert agency.path == f"{county.path}{agency.pk}/"


def test_supervisor_and_admin_cascade_to_new_agencies(county, supervisor, platform_admin):
    agency = services.create_agency(acting_user=platform_admin, code="newtown", name="新镇人民政府",
                                    kind=Agency.Kind.TOWNSHIP, parent=county)
    assert has_perm(platform_admin, Perm.CATALOG_MANAGE, agency)
    assert has_perm(supervisor, Perm.REPORTS_SUPERVISE, agency)
    assert not has_perm(supervisor, Perm.CATALOG_DRAFT, agency)


def test_office_admin_grants_roles_in_their_agency_only(township, other_township, office_admin):
    user = UserFactory()
    services.grant_role(user, township, Role.CLERK, acting_user=office_admin)
    assert has_perm(user, Perm.CATALOG_DRAFT, township)
    from gongkai.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.grant_role(user, other_township, Role.CLERK, acting_user=office_admin)
    with pytest.raises(PermissionDenied):
        services.grant_role(user, township, Role.COUNTY_SUPERVISOR, acting_user=office_admin)


def test_sequences_count_per_agency_key_and_year(township, other_township):
    assert [next_number(township, "k", 2026) for _ in range(3)] == [1, 2, 3]
    assert next_number(township, "k", 2027) == 1
    assert next_number(other_township, "k", 2026) == 1


def test_unchanged_site_settings_write_no_audit_event(platform_admin):
    from audit.models import AuditEvent

    values = {"host_org": "望奎县人民政府", "site_code": "2312210001", "icp_no": "黑ICP备13005961号-1"}
    services.update_site_settings(acting_user=platform_admin, **values)
    services.update_site_settings(acting_user=platform_admin, **values)
    events = AuditEvent.objects.filter(action="agencies.site.updated")
    assert events.count() == 1 and events.get().data["changed"]["site_code"] == ["", "2312210001"]


@pytest.mark.parametrize("field, value", [("site_code", "231221001"), ("icp_no", "ICP备13005961号"),
                                          ("psb_no", "黑公网安备 2312210200010")])
def test_site_settings_formats_are_checked(platform_admin, field, value):
    with pytest.raises(AgencyError) as exc:
        services.update_site_settings(acting_user=platform_admin, **{field: value})
    assert exc.value.field == field


def test_a_new_account_needs_a_password_the_validators_accept(township, office_admin):
    with pytest.raises(AgencyError) as exc:
        services.add_member(township, acting_user=office_admin, username="newclerk", role=Role.CLERK,
                            full_name="新信息员", password="12345678901")
    assert exc.value.field == "password"
    from agencies.models import User

    assert not User.objects.filter(username="newclerk").exists()
    membership = services.add_member(township, acting_user=office_admin, username="newclerk", role=Role.CLERK,
                                     full_name="新信息员", password="Gongkai-strong-pass")
    assert membership.user.check_password("Gongkai-strong-pass") and has_perm(membership.user, Perm.CATALOG_DRAFT,
                                                                              township)


def test_an_office_admin_cannot_revoke_their_own_admin_role(township, office_admin):
    from agencies.models import Membership

    membership = Membership.objects.get(user=office_admin, role=Role.OFFICE_ADMIN)
    with pytest.raises(AgencyError) as exc:
        services.revoke_role(membership, acting_user=office_admin)
    assert exc.value.code == "revoke_own_admin" and Membership.objects.filter(pk=membership.pk).exists()


def test_registry_lines_are_length_checked(township, office_admin):
    with pytest.raises(AgencyError) as exc:
        services.save_registry_entry(township, acting_user=office_admin, name="王乐", position="秘" * 51)
    assert exc.value.field == "position"


def test_registry_phones_are_shown_to_who_keeps_or_collects_the_register(township, office_admin, clerk, supervisor):
    from agencies.selectors import registry_rows

    services.save_registry_entry(township, acting_user=office_admin, name="李天涛", position="乡长",
                                 contact="18746567000")
    assert [r.contact for r in registry_rows(office_admin, township)] == ["18746567000"]
    assert [r.contact for r in registry_rows(supervisor, township)] == ["18746567000"]
    assert [r.contact for r in registry_rows(clerk, township)] == ["187****7000"]

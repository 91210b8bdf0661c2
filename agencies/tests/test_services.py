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

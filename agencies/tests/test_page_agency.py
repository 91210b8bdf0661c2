"""`agency_for_page` and `visible_agencies`: which agency a page is about, and which agencies its picker lists."""

import pytest

from agencies.access import (
    Perm,
    agency_for_page,
    has_perm_anywhere,
    require_anywhere,
    visible_agencies,
)
from agencies.models import Membership, Role
from gongkai.errors import NotFound, PermissionDenied

pytestmark = pytest.mark.django_db


def test_visible_agencies_are_those_where_the_person_holds_the_permission_in_tree_order(
        county, township, other_township, supervisor, office_admin):
    assert list(visible_agencies(supervisor, Perm.REPORTS_VIEW)) == [county, township, other_township]
    assert list(visible_agencies(office_admin, Perm.REPORTS_VIEW)) == [township]
    assert list(visible_agencies(supervisor, Perm.CATALOG_DRAFT)) == []


def test_visible_agencies_of_nobody_is_empty(county):
    assert list(visible_agencies(None, Perm.CATALOG_VIEW)) == []


def test_a_named_agency_the_person_may_see_is_the_page_agency(county, township, other_township, supervisor):
    assert agency_for_page(supervisor, Perm.REPORTS_VIEW, other_township.code) == other_township


def test_a_named_agency_the_person_may_not_see_is_not_found_like_an_unknown_one(township, other_township,
                                                                                office_admin):
    with pytest.raises(NotFound) as hidden:
        agency_for_page(office_admin, Perm.REPORTS_VIEW, other_township.code)
    with pytest.raises(NotFound) as unknown:
        agency_for_page(office_admin, Perm.REPORTS_VIEW, "nowhere")
    assert hidden.value.status == unknown.value.status == 404
    assert "不属于您可以访问的机关" in hidden.value.message
    assert "“nowhere”" in unknown.value.message


def test_without_a_code_the_page_is_about_the_agency_where_the_person_works(county, township, office_admin):
    assert agency_for_page(office_admin, Perm.CATALOG_VIEW, None) == township
    assert agency_for_page(office_admin, Perm.CATALOG_VIEW, "") == township


def test_a_county_role_does_not_make_the_county_the_persons_own_agency(county, township, supervisor):
    # The supervisor also works in the township: pages open on the township, not on the county they oversee.
    Membership.objects.create(user=supervisor, agency=township, role=Role.OFFICE_ADMIN)
    assert agency_for_page(supervisor, Perm.REPORTS_VIEW, None) == township


def test_someone_who_only_supervises_opens_on_the_first_agency_in_tree_order(county, township, supervisor):
    assert agency_for_page(supervisor, Perm.REPORTS_VIEW, None) == county


def test_no_agency_at_all_is_forbidden_with_the_pages_sentence(township, clerk):
    with pytest.raises(PermissionDenied) as default:
        agency_for_page(clerk, Perm.REPORTS_VIEW, None)
    with pytest.raises(PermissionDenied) as specific:
        agency_for_page(clerk, Perm.REPORTS_VIEW, township.code, denied="您没有访问统计与年报的权限。")
    assert default.value.status == 403 and default.value.message == "您没有访问该功能的权限。"
    assert specific.value.message == "您没有访问统计与年报的权限。"


def test_has_perm_anywhere_and_require_anywhere(township, clerk, office_admin):
    assert has_perm_anywhere(office_admin, Perm.APPLICATIONS_HANDLE)
    assert not has_perm_anywhere(clerk, Perm.APPLICATIONS_HANDLE)
    assert not has_perm_anywhere(None, Perm.CATALOG_VIEW)
    require_anywhere(office_admin, Perm.APPLICATIONS_HANDLE)
    with pytest.raises(PermissionDenied) as exc:
        require_anywhere(clerk, Perm.APPLICATIONS_HANDLE, "您没有办理依申请公开的权限。")
    assert exc.value.message == "您没有办理依申请公开的权限。"

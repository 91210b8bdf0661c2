"""What a draft may contain and how categories change, as the 信息员 and the 信息公开办 meet these rules."""

from datetime import date

import pytest
import time_machine

from audit.selectors import events_for
from catalog import selectors, services
from catalog.errors import CatalogError, WrongState
from catalog.models import Category, Item, Revision, StatutoryColumn

pytestmark = pytest.mark.django_db


def draft(clerk, township, category, party_office, **extra):
    values = {"title": "关于2026年秸秆禁烧工作的通告", "formed_on": date(2026, 3, 2), "summary": "禁烧范围和要求。",
              "body_html": "<p>各村：严禁露天焚烧秸秆。</p>", **extra}
    return services.create_draft(township, acting_user=clerk, category=category, office=party_office, **values)


@pytest.mark.parametrize("field, limit", [("issuer", 100), ("topic", 50), ("withhold_reason", 200)])
def test_an_over_long_field_is_a_message_naming_it(township, category, party_office, clerk, field, limit):
    with pytest.raises(CatalogError) as exc:
        draft(clerk, township, category, party_office, **{field: "长" * (limit + 1)})
    assert exc.value.field == field and f"不能超过{limit}个字" in exc.value.message
    assert not Item.objects.exists()


def test_a_formation_date_before_1949_is_a_typing_error(township, category, party_office, clerk):
    with pytest.raises(CatalogError) as exc:
        draft(clerk, township, category, party_office, formed_on=date(1026, 3, 2))
    assert exc.value.field == "formed_on"


def test_withholding_keeps_needing_its_reason_when_only_the_reason_is_edited(township, category, party_office,
                                                                              clerk):
    revision = draft(clerk, township, category, party_office, disclosure_mode="withheld",
                     withhold_reason="涉及个人隐私")
    with pytest.raises(CatalogError) as exc:
        services.update_draft(revision, acting_user=clerk, withhold_reason="")
    assert exc.value.field == "withhold_reason"
    assert Revision.objects.get(pk=revision.pk).withhold_reason == "涉及个人隐私"


def test_over_long_reasons_are_refused_not_cut(township, category, party_office, clerk, reviewer, deputy, principal,
                                               office_admin):
    revision = draft(clerk, township, category, party_office)
    services.submit_for_review(revision, acting_user=clerk)
    services.approve_step(revision, acting_user=reviewer, secrecy_result="disclose")
    services.approve_step(revision, acting_user=deputy)
    services.approve_step(revision, acting_user=principal)
    item = Item.objects.get(pk=revision.item_id)
    with pytest.raises(CatalogError) as exc:
        services.withdraw_item(item, acting_user=office_admin, reason="理" * 201)
    assert exc.value.field == "reason"
    with pytest.raises(CatalogError) as exc:
        services.start_revision(item, acting_user=clerk, change_note="改" * 201)
    assert exc.value.field == "change_note"
    assert Item.objects.get(pk=item.pk).status == Item.Status.PUBLISHED and item.revisions.count() == 1


@time_machine.travel("2026-03-03 10:00 +0800", tick=False)
def test_a_shorter_category_limit_moves_the_due_date_of_open_drafts_and_says_so(township, category, party_office,
                                                                                clerk, office_admin):
    revision = draft(clerk, township, category, party_office)
    assert revision.publish_due == date(2026, 3, 30)
    services.update_category(category, acting_user=office_admin, name=category.name, column=category.column,
                             statutory_items=category.statutory_items, publish_limit_days=7)
    revision.refresh_from_db()
    assert revision.publish_due == date(2026, 3, 11)
    last = list(events_for(revision.item))[-1]
    assert last.action == "catalog.revision.due_recomputed" and "公开时限调整" in last.comment
    assert (last.data["from"], last.data["to"]) == ("2026-03-30", "2026-03-11")


def test_a_category_is_renamed_or_stopped_but_never_given_a_taken_name(township, category, office_admin, clerk,
                                                                       party_office):
    other = services.create_category(township, acting_user=office_admin, name="工作动态")
    with pytest.raises(CatalogError) as exc:
        services.update_category(other, acting_user=office_admin, name=category.name, column=other.column,
                                 statutory_items=[])
    assert exc.value.code == "duplicate_category"
    services.update_category(other, acting_user=office_admin, name="工作动态", column=other.column,
                             statutory_items=[], is_active=False)
    with pytest.raises(CatalogError) as exc:
        draft(clerk, township, Category.objects.get(pk=other.pk), party_office)
    assert "已停用" in exc.value.message
    assert [e.action for e in events_for(other)][-1] == "catalog.category.changed"


def test_only_the_agency_administrator_changes_a_category(township, category, clerk, outsider):
    from gongkai.errors import PermissionDenied

    for person in (clerk, outsider):
        with pytest.raises(PermissionDenied):
            services.update_category(category, acting_user=person, name="改名", column=category.column,
                                     statutory_items=[])
    assert Category.objects.get(pk=category.pk).name == "公告公示"


def test_the_guide_is_not_a_category_column(township, office_admin):
    with pytest.raises(CatalogError) as exc:
        services.create_category(township, acting_user=office_admin, name="指南", column=StatutoryColumn.GUIDE)
    assert exc.value.field == "column"


def test_a_finding_is_acknowledged_once(township, category, party_office, clerk, reviewer, platform_admin):
    revision = draft(clerk, township, category, party_office, body_html="<p>联系电话13812345678</p>")
    services.submit_for_review(revision, acting_user=clerk)
    finding = revision.findings.get()
    services.acknowledge_finding(finding, acting_user=reviewer, note="已删除")
    with pytest.raises(WrongState) as exc:
        services.acknowledge_finding(finding, acting_user=platform_admin, note="再次确认")
    assert exc.value.code == "finding_already_acknowledged"
    finding.refresh_from_db()
    assert (finding.acknowledged_by, finding.note) == (reviewer, "已删除")


def test_partial_disclosure_without_a_changed_body_is_not_recorded_as_redacted(township, category, party_office,
                                                                              clerk, reviewer):
    revision = draft(clerk, township, category, party_office)
    services.submit_for_review(revision, acting_user=clerk)
    services.approve_step(revision, acting_user=reviewer, secrecy_result="partial", removed_content="删除附件名单",
                          revised_body_html=revision.body_html)
    event = [e for e in events_for(revision.item) if e.action == "catalog.revision.approved"][0]
    assert "body_redacted" not in event.data and event.data["secrecy_result"] == "partial"


def test_the_clerk_of_the_office_may_start_a_new_version_the_manager_may_withdraw(township, category, party_office,
                                                                                  farm_station, clerk, reviewer,
                                                                                  deputy, principal, office_admin):
    from agencies.models import Role
    from agencies.tests.factories import person

    revision = draft(clerk, township, category, party_office)
    services.submit_for_review(revision, acting_user=clerk)
    for person_ in (reviewer, deputy, principal):
        services.approve_step(revision, acting_user=person_, secrecy_result="disclose" if person_ is reviewer else "")
    revision.refresh_from_db()
    other_clerk = person(township, Role.CLERK, "farmclerk", office=farm_station)
    can = selectors.can_act_on(clerk, revision)
    assert can["new_version"] and not can["withdraw"]
    assert not selectors.can_act_on(other_clerk, revision)["new_version"]
    admin_can = selectors.can_act_on(office_admin, revision)
    assert admin_can["new_version"] and admin_can["withdraw"] and admin_can["validity"]

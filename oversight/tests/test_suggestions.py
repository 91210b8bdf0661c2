"""人大代表建议 and 政协提案: assignment with a three-month period, the reply and its result class, and the reply made
public through the catalogue's review chain — never with the proposer's contact details."""

from datetime import date

import pytest
import time_machine

from audit.selectors import events_for
from casework.errors import WrongState
from catalog.models import Category, Decision, Item, Revision
from catalog.services import approve_step
from gongkai import clock
from gongkai.errors import PermissionDenied
from oversight import selectors
from oversight.errors import OversightError
from oversight.models import DisclosureForm, Suggestion, SuggestionStatus
from oversight.services import suggestions as services

pytestmark = pytest.mark.django_db

REPLY = ("张代表：您提出的关于加强秸秆禁烧宣传的建议收悉。我乡已将秸秆禁烧纳入村规民约，"
         "在各村设立宣传栏，组织巡查队伍，秋收期间实行网格化管理。感谢您对我乡工作的关心和支持。")


def register(agency, user, **extra):
    values = {"kind": "npc", "session_year": 2026, "proposal_no": "第5号", "proposer": "张国强",
              "title": "关于加强秸秆禁烧宣传的建议", "assigned_on": date(2026, 3, 2), "topics": "秸秆焚烧、环境整治",
              "proposer_contact": "13945561234", **extra}
    return services.register_suggestion(agency, acting_user=user, **values)


def reply(suggestion, user, **extra):
    values = {"reply_text": REPLY, "replied_on": date(2026, 4, 10), "result_class": "A", **extra}
    return services.reply_to_suggestion(suggestion, acting_user=user, **values)


@time_machine.travel("2026-03-05 10:00 +0800", tick=False)
def test_a_suggestion_is_assigned_with_a_three_month_period(township, office_admin, party_office, farm_station):
    s = register(township, office_admin, office=party_office, co_offices=[farm_station, party_office])
    assert (s.status, s.number, s.due_on, s.reply_due_on) == (SuggestionStatus.HANDLING, "JY2026-0001",
                                                              date(2026, 6, 2), date(2026, 6, 2))
    assert s.due_explanation == "交办 2026年3月2日，次日起算；办理期限3个月，截止2026年6月2日"
    assert [t.name for t in s.topics.all()] == ["秸秆焚烧", "环境整治"]
    assert list(s.co_offices.all()) == [farm_station]  # the lead office is not its own co-handler


@time_machine.travel("2026-03-05 10:00 +0800", tick=False)
def test_the_same_proposal_number_is_registered_once_per_year_and_kind(township, office_admin):
    register(township, office_admin)
    with pytest.raises(OversightError) as excinfo:
        register(township, office_admin)
    assert excinfo.value.message == "2026年度的人大代表建议第5号已经登记过。"
    register(township, office_admin, kind="cppcc")  # a 政协提案 with the same number is another record


@time_machine.travel("2026-03-05 10:00 +0800", tick=False)
def test_only_the_agency_office_and_the_county_register_suggestions(township, office_admin, outsider, deputy,
                                                                    supervisor):
    for person in (outsider, deputy):
        with pytest.raises(PermissionDenied):
            register(township, person)
    register(township, supervisor)


@time_machine.travel("2026-04-10 10:00 +0800", tick=False)
def test_the_reply_starts_the_twenty_working_day_disclosure_clock(township, office_admin):
    s = register(township, office_admin)
    with pytest.raises(OversightError) as excinfo:
        reply(s, office_admin, result_class="")
    assert excinfo.value.code == "result_class_required"
    with pytest.raises(OversightError):
        reply(s, office_admin, replied_on=date(2026, 3, 1))  # before the assignment
    reply(s, office_admin)
    assert (s.status, s.result_class, s.replied_on) == (SuggestionStatus.REPLIED, "A", date(2026, 4, 10))
    assert s.disclosure_due_on == s.due_on == date(2026, 5, 12)  # 劳动节 5月1日–5日 off, 调休 5月9日 on
    assert not s.replied_late


@time_machine.travel("2026-04-10 10:00 +0800", tick=False)
def test_the_reply_is_made_public_through_the_review_chain(township, office_admin, reviewer, deputy, principal,
                                                           django_capture_on_commit_callbacks):
    s = reply(register(township, office_admin), office_admin)
    services.submit_suggestion_disclosure(s, acting_user=office_admin)
    assert s.status == SuggestionStatus.DISCLOSING
    category = Category.objects.get(agency=township, name="建议提案办理")
    item = Item.objects.get(pk=s.item_id)
    assert (item.category, item.status, item.formed_on) == (category, Item.Status.UNPUBLISHED, date(2026, 4, 10))
    assert item.title == "对2026年度第5号建议“关于加强秸秆禁烧宣传的建议”的答复"
    revision = item.revisions.get()
    assert revision.status == Revision.Status.IN_REVIEW  # the normal chain: 保密审查 → 分管领导 → 主要领导
    assert "13945561234" not in revision.body_html and "139" not in revision.body_html
    assert "网格化管理" in revision.body_html

    with time_machine.travel("2026-04-15 10:00 +0800", tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        approve_step(revision, acting_user=reviewer, secrecy_result=Decision.SecrecyResult.DISCLOSE)
        approve_step(revision, acting_user=deputy)
        approve_step(revision, acting_user=principal)
    s.refresh_from_db()
    assert (s.status, s.made_public_on, s.made_public_late) == (SuggestionStatus.PUBLIC, date(2026, 4, 15), False)
    event = events_for(s).last()
    assert (event.action, event.actor_name) == ("oversight.suggestion.made_public", "系统")


@time_machine.travel("2026-04-10 10:00 +0800", tick=False)
@pytest.mark.parametrize(("extra_text", "shown"), [
    ("如有疑问请联系经办人，电话13945561234。", "手机号码139****1234"),
    ("经办人身份证号码11010519491231002X。", "居民身份证号码110105********002X"),
])
def test_a_reply_with_personal_data_is_refused_and_nothing_is_published(township, office_admin, extra_text, shown):
    s = reply(register(township, office_admin), office_admin, reply_text=REPLY + extra_text)
    with pytest.raises(OversightError) as excinfo:
        services.submit_suggestion_disclosure(s, acting_user=office_admin)
    assert excinfo.value.code == "personal_data_in_reply"
    assert excinfo.value.status == 400
    assert shown in excinfo.value.message
    assert "不得包含代表委员的联系方式" in excinfo.value.message
    s.refresh_from_db()
    assert s.status == SuggestionStatus.REPLIED and s.item_id is None
    assert not Item.objects.filter(agency=township).exists()
    assert not Category.objects.filter(agency=township, name="建议提案办理").exists()


@time_machine.travel("2026-04-10 10:00 +0800", tick=False)
def test_a_refused_reply_is_corrected_then_made_public(township, office_admin, deputy):
    s = reply(register(township, office_admin), office_admin, reply_text=REPLY + "经办人电话13945561234。")
    with pytest.raises(OversightError, match="修改办理复文"):
        services.submit_suggestion_disclosure(s, acting_user=office_admin)
    with pytest.raises(PermissionDenied):  # a leader may look, not correct
        services.revise_suggestion_reply(s, acting_user=deputy, reply_text=REPLY)
    with pytest.raises(OversightError):
        services.revise_suggestion_reply(s, acting_user=office_admin, reply_text=REPLY, disclosure_form="none")
    services.revise_suggestion_reply(s, acting_user=office_admin, reply_text=REPLY)
    assert (s.status, s.reply_text, s.replied_on, s.disclosure_due_on) == (
        SuggestionStatus.REPLIED, REPLY, date(2026, 4, 10), date(2026, 5, 12))
    assert events_for(s).last().data == {"fields": ["reply_text"]}
    services.submit_suggestion_disclosure(s, acting_user=office_admin)
    assert s.status == SuggestionStatus.DISCLOSING
    with pytest.raises(WrongState):  # once submitted, the catalogue's review chain has the text
        services.revise_suggestion_reply(s, acting_user=office_admin, reply_text=REPLY + "补充。")


@time_machine.travel("2026-04-10 10:00 +0800", tick=False)
def test_a_calendar_change_moves_the_disclosure_period_with_its_clock(township, office_admin, platform_admin):
    from workdays.models import CalendarDay
    from workdays.services import set_calendar_day

    s = reply(register(township, office_admin), office_admin)
    assert s.disclosure_due_on == date(2026, 5, 12)
    set_calendar_day(date(2026, 4, 20), CalendarDay.Kind.HOLIDAY, name="临时放假", acting_user=platform_admin)
    s.refresh_from_db()
    assert s.due_on == s.disclosure_due_on == date(2026, 5, 13)
    assert s.reply_due_on == date(2026, 6, 2)  # the handling period that ended with the reply stays as it was


@time_machine.travel("2026-04-10 10:00 +0800", tick=False)
def test_the_proposers_registered_landline_is_caught_too(township, office_admin):
    s = reply(register(township, office_admin, proposer_contact="0455-6712345"), office_admin,
              reply_text=REPLY + "联系电话0455-6712345。")
    with pytest.raises(OversightError, match="代表（委员）的联系方式"):
        services.submit_suggestion_disclosure(s, acting_user=office_admin)


@time_machine.travel("2026-04-10 10:00 +0800", tick=False)
def test_a_summary_is_published_instead_of_the_full_reply_when_chosen(township, office_admin):
    s = reply(register(township, office_admin), office_admin, disclosure_form=DisclosureForm.SUMMARY)
    with pytest.raises(OversightError, match="摘要"):
        services.submit_suggestion_disclosure(s, acting_user=office_admin)
    s = Suggestion.objects.get(pk=s.pk)
    s.disclosure_summary = "已将秸秆禁烧纳入村规民约并实行网格化管理。"
    s.save(update_fields=["disclosure_summary"])
    services.submit_suggestion_disclosure(s, acting_user=office_admin)
    body = Item.objects.get(pk=s.item_id).revisions.get().body_html
    assert "以下为答复摘要" in body and "村规民约" in body and "感谢您" not in body


@time_machine.travel("2026-04-10 10:00 +0800", tick=False)
def test_a_reply_not_to_be_published_is_closed_with_its_reason(township, office_admin):
    s = reply(register(township, office_admin), office_admin)
    with pytest.raises(OversightError):
        services.withhold_suggestion_disclosure(s, acting_user=office_admin, reason="")
    services.withhold_suggestion_disclosure(s, acting_user=office_admin, reason="答复内容涉及个人隐私。")
    assert (s.status, s.not_public_reason, s.is_open) == (SuggestionStatus.NOT_PUBLIC, "答复内容涉及个人隐私。", False)


@time_machine.travel("2026-04-10 10:00 +0800", tick=False)
def test_a_disclosure_withheld_by_the_secrecy_review_returns_to_be_decided_again(township, office_admin, reviewer):
    s = reply(register(township, office_admin), office_admin)
    services.submit_suggestion_disclosure(s, acting_user=office_admin)
    revision = Item.objects.get(pk=s.item_id).revisions.get()
    approve_step(revision, acting_user=reviewer, secrecy_result=Decision.SecrecyResult.WITHHOLD,
                 legal_ground="state_secret")
    services.refresh_disclosure(s, acting_user=office_admin)
    assert (s.status, s.item_id) == (SuggestionStatus.REPLIED, None)


@time_machine.travel("2026-03-05 10:00 +0800", tick=False)
def test_topics_are_parsed_and_limited(township, office_admin):
    assert services.parse_topics("环境整治、 秸秆焚烧，便民服务;民生民意 环境整治") == [
        "环境整治", "秸秆焚烧", "便民服务", "民生民意"]
    with pytest.raises(OversightError):
        services.parse_topics(["主题"] + [f"主题{n}" for n in range(10)])


# --- section 六 -----------------------------------------------------------------------------------------------------

TOPICS_2017 = ["环境整治", "秸秆焚烧", "便民服务", "民生民意"]


def thirteen_suggestions_of_2017(township, office_admin):
    """The seed: 2017年代表共提建议13条（环境整治、秸秆焚烧、便民服务、民生民意）, all replied in 2017."""
    for n in range(1, 14):
        assigned = date(2017, 3, 10 + n)
        with clock.frozen_at(clock.at_local(assigned)):
            s = register(township, office_admin, session_year=2017, proposal_no=f"第{n}号", proposer=f"代表{n}",
                         title=f"关于第{n}项民生事项的建议", assigned_on=assigned, topics=[TOPICS_2017[n % 4]],
                         proposer_contact="")
        replied = date(2017, 5, 2 + n)
        with clock.frozen_at(clock.at_local(replied)):
            reply(s, office_admin, replied_on=replied, result_class="ABC"[n % 3])


def test_the_thirteen_suggestions_of_2017_are_counted_for_section_six(township, other_township, office_admin,
                                                                      django_assert_num_queries):
    thirteen_suggestions_of_2017(township, office_admin)
    with django_assert_num_queries(3):
        counts = selectors.suggestion_counts(date(2017, 1, 1), date(2017, 12, 31), [township.pk, other_township.pk])
    d = counts[township.pk]
    assert (d["npc"], d["cppcc"], d["total"], d["replied"], d["replied_on_time"]) == (13, 0, 13, 13, 13)
    assert d["by_result"] == {"A": 4, "B": 5, "C": 4}
    assert d["by_topic"] == {"秸秆焚烧": 4, "便民服务": 3, "民生民意": 3, "环境整治": 3}
    assert set(d["topics"]) == set(TOPICS_2017) and d["topics"][0] == "秸秆焚烧"
    assert d["made_public"] == 0
    assert counts[other_township.pk]["total"] == 0
    assert selectors.suggestion_counts(date(2018, 1, 1), date(2018, 12, 31), [township.pk])[township.pk]["total"] == 0

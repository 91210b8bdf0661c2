"""民生服务平台 subscriptions: double opt-in with a signed link, one-click unsubscribe, a tampered link refused, and
each new publication pushed after commit through the catalogue's hook and the Celery task."""

import re
from datetime import date

import pytest
import time_machine
from django.core import mail
from django.db import connection

from catalog.models import Decision, Item
from catalog.services import approve_step, create_draft, submit_for_review
from catalog.tests.factories import CategoryFactory
from oversight import sms
from oversight.errors import OversightError, SubscriptionLinkInvalid
from oversight.models import PushLog, Subscription, SubscriptionStatus
from oversight.services import subscriptions as services

pytestmark = pytest.mark.django_db


def link_in(body: str, name: str) -> str:
    return re.search(rf"/{name}/([^/\s]+)/", body).group(1)


def subscribe(township, category, captured, address="citizen@example.com", channel="email"):
    with captured(execute=True):
        return services.subscribe(township, channel=channel, address=address, category_ids=[category.pk])


def publish(township, category, clerk, reviewer, deputy, principal, party_office, captured, title="关于秸秆禁烧的通告"):
    revision = create_draft(township, acting_user=clerk, category=category, office=party_office, title=title,
                            formed_on=date(2026, 3, 2), summary="秸秆禁烧。", body_html="<p>严禁露天焚烧秸秆。</p>")
    submit_for_review(revision, acting_user=clerk)
    with captured(execute=True):
        approve_step(revision, acting_user=reviewer, secrecy_result=Decision.SecrecyResult.DISCLOSE)
        approve_step(revision, acting_user=deputy)
        approve_step(revision, acting_user=principal)
    return Item.objects.get(pk=revision.item_id)


def test_subscribing_sends_a_confirmation_link_and_nothing_else(township, category,
                                                                 django_capture_on_commit_callbacks):
    subscription = subscribe(township, category, django_capture_on_commit_callbacks)
    assert subscription.status == SubscriptionStatus.PENDING
    [message] = mail.outbox
    assert message.to == ["citizen@example.com"] and "请在3天内点击以下链接确认订阅" in message.body
    assert "/subscriptions/confirm/" in message.body
    with connection.cursor() as cursor:
        cursor.execute("SELECT address FROM oversight_subscription WHERE id = %s", [subscription.pk])
        assert cursor.fetchone()[0].startswith("enc1:")
    assert subscription.address_masked == "c***@example.com"


@time_machine.travel("2026-03-10 10:00 +0800", tick=False)
def test_only_confirmed_subscribers_are_pushed_new_publications_after_commit(
        township, category, clerk, reviewer, deputy, principal, party_office, django_capture_on_commit_callbacks):
    pending = subscribe(township, category, django_capture_on_commit_callbacks, "late@example.com")
    confirmed = subscribe(township, category, django_capture_on_commit_callbacks)
    services.confirm_subscription(link_in(mail.outbox[-1].body, "confirm"))
    confirmed.refresh_from_db()
    assert confirmed.status == SubscriptionStatus.ACTIVE and list(confirmed.categories.all()) == [category]
    mail.outbox.clear()

    item = publish(township, category, clerk, reviewer, deputy, principal, party_office,
                   django_capture_on_commit_callbacks)

    [message] = mail.outbox
    assert message.to == ["citizen@example.com"]
    assert message.subject == "【东升乡·公告公示】关于秸秆禁烧的通告"
    assert item.index_no in message.body and "/unsubscribe/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert PushLog.objects.filter(item=item).count() == 1
    assert pending.status == SubscriptionStatus.PENDING
    assert services.push_publication(item.pk) == 0  # a retried task sends nothing twice


@time_machine.travel("2026-03-10 10:00 +0800", tick=False)
def test_subscribers_get_only_the_categories_they_chose(township, category, clerk, reviewer, deputy, principal,
                                                        party_office, django_capture_on_commit_callbacks):
    other = CategoryFactory(agency=township, name="工作动态")
    subscribe(township, other, django_capture_on_commit_callbacks)
    services.confirm_subscription(link_in(mail.outbox[-1].body, "confirm"))
    mail.outbox.clear()
    publish(township, category, clerk, reviewer, deputy, principal, party_office, django_capture_on_commit_callbacks)
    assert mail.outbox == []


@time_machine.travel("2026-03-10 10:00 +0800", tick=False)
def test_sms_subscribers_go_through_the_pluggable_gateway(township, category, clerk, reviewer, deputy, principal,
                                                          party_office, django_capture_on_commit_callbacks):
    subscribe(township, category, django_capture_on_commit_callbacks, "139-4556-1234", channel="sms")
    [confirmation] = sms.outbox
    assert confirmation.to == "13945561234" and "确认订阅" in confirmation.body
    services.confirm_subscription(link_in(confirmation.body, "confirm"))
    publish(township, category, clerk, reviewer, deputy, principal, party_office, django_capture_on_commit_callbacks)
    assert sms.outbox[-1].to == "13945561234" and "关于秸秆禁烧的通告" in sms.outbox[-1].body


def test_the_file_sms_backend_writes_under_var_dir(tmp_path, settings):
    settings.VAR_DIR = tmp_path
    assert sms.FileSmsBackend().send_messages([sms.SmsMessage("13945561234", "测试短信")]) == 1
    [path] = (tmp_path / "sms").iterdir()
    assert '"to": "13945561234"' in path.read_text(encoding="utf-8")


def test_unsubscribing_with_the_link_stops_pushes_and_erases_the_address(township, category,
                                                                          django_capture_on_commit_callbacks):
    subscription = subscribe(township, category, django_capture_on_commit_callbacks)
    services.confirm_subscription(link_in(mail.outbox[-1].body, "confirm"))
    token = services.unsubscribe_token(subscription)
    assert services.unsubscription_target(token) == subscription
    services.unsubscribe(token)
    subscription.refresh_from_db()
    assert (subscription.status, subscription.address, subscription.address_index) == ("unsubscribed", "", "")
    assert services.unsubscribe(token) is None  # following it again changes nothing


@pytest.mark.parametrize("change", [lambda t: t[:-2] + ("AA" if t[-2:] != "AA" else "BB"), lambda t: "x" + t,
                                    lambda t: t.replace(":", ".", 1), lambda t: ""])
def test_a_tampered_unsubscribe_link_is_refused_with_a_clear_message(township, category, change,
                                                                     django_capture_on_commit_callbacks):
    subscription = subscribe(township, category, django_capture_on_commit_callbacks)
    with pytest.raises(SubscriptionLinkInvalid) as excinfo:
        services.unsubscribe(change(services.unsubscribe_token(subscription)))
    assert excinfo.value.status == 400 and excinfo.value.code == "link_tampered"
    assert excinfo.value.message == "退订链接无效或已被修改，请从邮件或短信中完整复制链接后重试。"
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.PENDING and subscription.address


def test_an_unsubscribe_link_signed_for_another_purpose_is_refused(township, category,
                                                                    django_capture_on_commit_callbacks):
    subscribe(township, category, django_capture_on_commit_callbacks)
    confirm = link_in(mail.outbox[-1].body, "confirm")
    with pytest.raises(SubscriptionLinkInvalid):
        services.unsubscribe(confirm)


def test_a_confirmation_link_expires_and_is_replaced_by_a_newer_one(township, category,
                                                                     django_capture_on_commit_callbacks):
    with time_machine.travel("2026-03-01 10:00 +0800", tick=False):
        subscribe(township, category, django_capture_on_commit_callbacks)
        first = link_in(mail.outbox[-1].body, "confirm")
    with time_machine.travel("2026-03-05 10:00 +0800", tick=False):
        with pytest.raises(SubscriptionLinkInvalid, match="已过期"):
            services.confirm_subscription(first)
        subscribe(township, category, django_capture_on_commit_callbacks)
        second = link_in(mail.outbox[-1].body, "confirm")
        with time_machine.travel("2026-03-01 10:00 +0800", tick=False), \
                pytest.raises(SubscriptionLinkInvalid, match="已失效"):
            services.confirm_subscription(first)  # not expired at that time, but superseded
        services.confirm_subscription(second)
        with pytest.raises(SubscriptionLinkInvalid, match="已失效"):
            services.confirm_subscription(second)  # a link works once
    assert Subscription.objects.count() == 1


@pytest.mark.parametrize(("channel", "address"), [("email", "not-an-address"), ("sms", "12345"),
                                                   ("fax", "0455-6711168")])
def test_bad_addresses_are_refused(township, category, channel, address):
    with pytest.raises(OversightError):
        services.subscribe(township, channel=channel, address=address, category_ids=[category.pk])


def test_categories_of_another_agency_are_refused(township, other_township):
    foreign = CategoryFactory(agency=other_township, name="公告公示")
    with pytest.raises(OversightError) as excinfo:
        services.subscribe(township, channel="email", address="a@example.com", category_ids=[foreign.pk])
    assert excinfo.value.code == "invalid_categories"


def test_addresses_never_confirmed_are_erased_after_thirty_days(township, category,
                                                                django_capture_on_commit_callbacks):
    from io import StringIO

    from django.core.management import call_command

    with time_machine.travel("2026-03-01 10:00 +0800", tick=False):
        stale = subscribe(township, category, django_capture_on_commit_callbacks, "old@example.com")
    with time_machine.travel("2026-03-25 10:00 +0800", tick=False):
        fresh = subscribe(township, category, django_capture_on_commit_callbacks, "new@example.com")
    with time_machine.travel("2026-04-05 10:00 +0800", tick=False):
        out = StringIO()
        call_command("purge_unconfirmed_subscriptions", stdout=out)
    assert "已删除1个" in out.getvalue()
    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert (stale.address, stale.status) == ("", "unsubscribed") and fresh.address == "new@example.com"


def test_the_deploy_check_warns_about_a_development_sms_backend(settings):
    from oversight.checks import sms_backend_check

    settings.SMS_BACKEND = "oversight.sms.FileSmsBackend"
    assert [w.id for w in sms_backend_check(None)] == ["oversight.W001"]
    settings.SMS_BACKEND = "example.gateway.AliyunSmsBackend"
    assert sms_backend_check(None) == []

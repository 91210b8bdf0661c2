"""The public pages: complaint form and tracking, 找错 from the footer, subscriptions with signed links, ratings,
reading points in the guide — and spam floods limited per address and per form without losing what was typed."""

import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from catalog.tests.factories import ItemFactory
from oversight.models import Complaint, Rating, SiteErrorReport, Subscription
from oversight.services import reading

pytestmark = pytest.mark.django_db

TEXT = "东升乡2026年耕地地力保护补贴发放情况没有按规定公示，请督促公开。"


def post_complaint(client, township, remote_addr="127.0.0.1", **extra):
    return client.post(reverse("portal:complaint"), {"agency": township.code, "subject": "not_proactive",
                                                     "summary": TEXT, "name": "张三", "contact": "13945561234",
                                                     **extra}, REMOTE_ADDR=remote_addr)


@time_machine.travel("2026-03-02 10:00 +0800", tick=False)
def test_a_complaint_is_submitted_and_followed_with_its_code(client, township):
    page = client.get(reverse("portal:complaint"), {"agency": township.code})
    assert page.status_code == 200
    assert f'<option value="{township.code}" selected>' in page.content.decode()
    response = post_complaint(client, township)
    assert response.status_code == 302 and response.url == reverse("portal:complaint_done")
    done = client.get(response.url).content.decode()
    number = re.search(r'class="receipt-number">([^<]+)<', done).group(1)
    code = re.search(r'class="receipt-code">([^<]+)<', done).group(1)
    assert number == "TS2026-0001" and len(code) == 10
    assert client.get(reverse("portal:complaint_done")).status_code == 302  # the code is shown once only
    status = client.post(reverse("portal:complaint_track"), {"number": number, "code": code})
    assert status.status_code == 200
    body = status.content.decode()
    assert "已受理" in body and "2026年3月23日" in body and "13945561234" not in body and "张三" not in body
    wrong = client.post(reverse("portal:complaint_track"), {"number": number, "code": "AAAAAAAAAA"})
    assert wrong.status_code == 404 and "未找到该投诉举报" in wrong.content.decode()


@time_machine.travel("2026-03-02 10:00 +0800", tick=False)
def test_a_bad_complaint_is_shown_again_with_the_message_and_the_text_kept(client, township):
    response = post_complaint(client, township, summary="差")
    assert response.status_code == 400
    body = response.content.decode()
    assert "请具体说明投诉举报的事项（至少5个字）。" in body
    assert "张三" in body  # what was typed is kept
    assert Complaint.objects.count() == 0


@time_machine.travel("2026-03-02 10:00 +0800", tick=False)
def test_a_flood_from_one_address_is_limited_per_form_and_nothing_typed_is_lost(client, township):
    for _ in range(5):
        assert post_complaint(client, township).status_code == 302
    limited = post_complaint(client, township, summary="第六次提交的投诉内容，应当保留在表单中。")
    assert limited.status_code == 429
    body = limited.content.decode()
    assert "提交过于频繁" in body and "第六次提交的投诉内容，应当保留在表单中。" in body
    assert Complaint.objects.count() == 5
    # another form has its own limit; another address is not limited
    assert client.post(reverse("portal:site_error_report"),
                       {"page_url": "/", "kind": "typo", "description": "首页有错别字。"}).status_code == 302
    assert post_complaint(client, township, remote_addr="198.51.100.7").status_code == 302


@time_machine.travel("2026-03-02 10:00 +0800", tick=False)
def test_a_bot_filling_the_hidden_field_is_refused(client, township):
    assert post_complaint(client, township, website="http://spam.example").status_code == 400
    assert Complaint.objects.count() == 0


@time_machine.travel("2026-03-06 10:00 +0800", tick=False)
def test_the_footer_link_opens_the_form_with_the_page_prefilled(client, township):
    footer = client.get(reverse("portal:complaint")).content.decode()
    assert "我为政府网站找错" in footer and reverse("portal:site_error_report") + "?page=" in footer
    page = f"http://testserver/gk/{township.code}/guide/"
    form = client.get(reverse("portal:site_error_report"), {"page": page}).content.decode()
    assert f'value="{page}"' in form
    assert 'value="javascript' not in client.get(reverse("portal:site_error_report"),
                                                 {"page": "javascript:alert(1)"}).content.decode()
    response = client.post(reverse("portal:site_error_report"), {"page_url": page, "kind": "typo",
                                                                  "description": "指南中的电话号码有误。"})
    assert response.status_code == 302
    done = client.get(response.url).content.decode()
    assert "ZC2026-0001" in done and "2026-03-11" in done
    assert SiteErrorReport.objects.get().agency == township


@time_machine.travel("2026-03-06 10:00 +0800", tick=False)
def test_subscribing_and_confirming_through_the_pages(client, township, category,
                                                      django_capture_on_commit_callbacks):
    assert client.get(reverse("portal:subscribe")).status_code == 200  # pick an agency first
    form = client.get(reverse("portal:subscribe"), {"agency": township.code}).content.decode()
    assert category.name in form
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portal:subscribe"), {"agency": township.code, "channel": "email",
                                                              "address": "Citizen@Example.com",
                                                              "categories": [str(category.pk)]})
    assert response.status_code == 302
    assert "邮箱发送了一封邮件" in client.get(response.url).content.decode()
    link = re.search(r"http://\S+/hd/subscriptions/confirm/\S+/", mail.outbox[0].body).group(0)
    path = link.split("8000", 1)[-1] if "8000" in link else link.split("testserver", 1)[-1]
    page = client.get(path)
    assert page.status_code == 200 and "c***@example.com" in page.content.decode()
    assert Subscription.objects.get().status == "pending"  # a GET (a mail scanner) confirms nothing
    assert client.post(path).status_code == 200
    assert Subscription.objects.get().status == "active"


@time_machine.travel("2026-03-06 10:00 +0800", tick=False)
def test_one_address_is_not_flooded_with_confirmation_messages(client, township,
                                                               django_capture_on_commit_callbacks):
    def ask(address, remote_addr):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("portal:subscribe"), {"agency": township.code, "channel": "email",
                                                             "address": address}, REMOTE_ADDR=remote_addr)

    for n in range(3):  # from three different network addresses
        assert ask("victim@example.com", f"198.51.100.{n}").status_code == 302
    limited = ask("Victim@Example.com ", "198.51.100.9")
    assert limited.status_code == 429 and "提交过于频繁" in limited.content.decode()
    assert len(mail.outbox) == 3
    assert ask("someone.else@example.com", "198.51.100.9").status_code == 302


def test_a_tampered_unsubscribe_link_gets_a_clear_400_page(client, township, category,
                                                             django_capture_on_commit_callbacks):
    from oversight.services import subscriptions

    with django_capture_on_commit_callbacks(execute=True):
        subscription = subscriptions.subscribe(township, channel="email", address="a@example.com")
    token = subscriptions.unsubscribe_token(subscription)
    bad = token[:-3] + ("xyz" if not token.endswith("xyz") else "abc")
    for method in (client.get, client.post):
        response = method(reverse("portal:unsubscribe", args=[bad]))
        assert response.status_code == 400
        assert "退订链接无效或已被修改" in response.content.decode()
    assert client.get(reverse("portal:unsubscribe", args=[token])).status_code == 200
    # RFC 8058 one-click from a mail client: a POST without CSRF token
    from django.test import Client

    assert Client(enforce_csrf_checks=True).post(reverse("portal:unsubscribe", args=[token]),
                                                 {"List-Unsubscribe": "One-Click"}).status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == "unsubscribed"


@time_machine.travel("2026-03-10 10:00 +0800", tick=False)
def test_rating_an_item_once_a_day(client, township):
    item = ItemFactory(agency=township)
    data = {"item": item.index_no, "value": "satisfied", "comment": "很及时", "next": "/gk/"}
    response = client.post(reverse("portal:rate"), data)
    assert response.status_code == 302 and response.url == "/gk/"
    again = client.post(reverse("portal:rate"), {**data, "comment": "再评一次"})
    assert again.status_code == 429 and "您今天已经评价过了" in again.content.decode()
    assert "再评一次" in again.content.decode()
    assert client.post(reverse("portal:rate"), {**data, "next": "https://evil.example/"}).status_code == 429
    assert Rating.objects.count() == 1
    assert client.get(reverse("portal:rate"), {"agency": township.code}).status_code == 200
    assert client.get(reverse("portal:rate"), {"item": "nope"}).status_code == 404


def test_the_item_rating_and_guide_reading_point_fragments(rf, township, office_admin):
    from django.template.loader import render_to_string

    item = ItemFactory(agency=township)
    request = rf.get("/item/x/")
    html = render_to_string("portal/oversight/_item_rating.html", {"item": item}, request=request)
    # the item page is published as a file: a link to the rating form, no form (no CSRF token) on it
    assert f'/hd/rate/?item={item.index_no}' in html.replace("%2F", "/") and "csrfmiddlewaretoken" not in html
    reading.save_reading_point(township, acting_user=office_admin, name="东升乡政府信息公开查阅点",
                               place="乡政府党政办公室（乡档案室）", address="东升乡政府院内", hours="工作日")
    html = render_to_string("portal/oversight/_guide_reading_points.html", {"agency": township}, request=request)
    assert "东升乡政府信息公开查阅点" in html and "乡政府党政办公室（乡档案室）" in html


def test_the_reading_points_page(client, township, office_admin):
    reading.save_reading_point(township, acting_user=office_admin, name="东升乡政府信息公开查阅点",
                               place="乡档案室", address="东升乡政府院内", hours="工作日")
    body = client.get(reverse("portal:reading_points")).content.decode()
    assert "东升乡人民政府" in body and "乡档案室" in body
